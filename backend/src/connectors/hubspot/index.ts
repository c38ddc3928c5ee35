export { hubspotConnector } from './connector';
export {
  configSchema as hubspotConfigSchema,
  secretsSchema as hubspotSecretsSchema,
  type HubspotConfig,
  type HubspotSecrets,
} from './config';
