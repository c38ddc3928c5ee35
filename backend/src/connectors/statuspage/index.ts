export { statuspageConnector } from './connector';
export { configSchema as statuspageConfigSchema, secretsSchema as statuspageSecretsSchema } from './config';
export type { StatuspageConfig, StatuspageSecrets } from './config';
