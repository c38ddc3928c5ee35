import type { ConnectorDefinition } from '../definition';
import { configSchema, secretsSchema } from './config';
import { hubspotConnector as hubspotSource } from './connector';
import { createHubspotWriteBack } from './write-back';

/**
 * HubSpot CRM: account evidence, and CRM notes on the company for proposals whose target system is
 * `crm` (ref = the account evidence id, whose trailing digits are the company id).
 */
export const hubspotConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  ...hubspotSource,
  writeSystems: ['crm'],
  createWriteBack: (options) => createHubspotWriteBack(options),
};
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
