export { stripeConnector } from './connector';
export {
  configSchema as stripeConfigSchema,
  secretsSchema as stripeSecretsSchema,
  type StripeConfig,
  type StripeSecrets,
} from './config';
export { createStripeClient, type StripeClient, type StripeClientOptions } from './client';
