export { restOrdersConnector } from './connector';
export {
  configSchema as restOrdersConfigSchema,
  secretsSchema as restOrdersSecretsSchema,
  paginationSchema as restOrdersPaginationSchema,
  PLACEHOLDER_PATHS as restOrdersPlaceholderPaths,
  type Pagination as RestOrdersPagination,
  type RestOrdersConfig,
  type RestOrdersSecrets,
} from './config';
export { createRestOrdersClient, type RestOrdersClient, type RestOrdersClientOptions } from './client';
