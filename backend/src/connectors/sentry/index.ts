export { sentryConnector } from './connector';
export { configSchema as sentryConfigSchema, secretsSchema as sentrySecretsSchema } from './config';
export type { SentryConfig, SentrySecrets } from './config';
