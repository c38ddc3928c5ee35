export { githubReleasesConnector } from './connector';
export {
  configSchema as githubReleasesConfigSchema,
  secretsSchema as githubReleasesSecretsSchema,
  type GitHubReleasesConfig,
  type GitHubReleasesSecrets,
  type GitHubRepository,
} from './config';
