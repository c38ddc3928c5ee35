export { changelogFeedConnector } from './connector';
export {
  configSchema as changelogFeedConfigSchema,
  secretsSchema as changelogFeedSecretsSchema,
  type ChangelogFeedConfig,
  type ChangelogFeedSecrets,
} from './config';
