export { hubspotConnector } from './connector';
export {
  configSchema as hubspotConfigSchema,
  secretsSchema as hubspotSecretsSchema,
  type HubspotConfig,
  type HubspotSecrets,
} from './config';
export {
  createHubspotWriteBack,
  hubspotCompanyId,
  hubspotMarkerToken,
  HUBSPOT_WRITE_ACTIONS,
  NOTE_TO_COMPANY_ASSOCIATION,
  type HubspotWriteBackOptions,
} from './write-back';
