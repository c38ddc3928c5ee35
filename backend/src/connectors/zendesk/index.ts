import type { ConnectorDefinition } from '../definition';
import { configSchema, secretsSchema } from './config';
import { zendeskConnector as zendeskSource } from './connector';
import { createZendeskWriteBack } from './write-back';

export { zendeskTicketId } from './connector';

/**
 * Zendesk Support: ticket evidence, and write-backs (notes, replies, tags, fields) to the case's ticket
 * for proposals whose target system is `zendesk`.
 */
export const zendeskConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  ...zendeskSource,
  writeSystems: ['zendesk'],
  createWriteBack: (options) => createZendeskWriteBack(options),
};
export {
  configSchema as zendeskConfigSchema,
  secretsSchema as zendeskSecretsSchema,
  authorizationHeader as zendeskAuthorizationHeader,
  type ZendeskConfig,
  type ZendeskSecrets,
} from './config';
export {
  createZendeskClient,
  type ListBounds as ZendeskListBounds,
  type ZendeskClient,
  type ZendeskClientOptions,
  type ZendeskComment,
  type ZendeskOrganization,
  type ZendeskTicket,
  type ZendeskUser,
} from './client';
export {
  createZendeskWriteBack,
  zendeskMarkerTag,
  zendeskReferenceToken,
  MARKER_SCAN_COMMENTS as ZENDESK_MARKER_SCAN_COMMENTS,
  ZENDESK_WRITE_ACTIONS,
  type ZendeskWriteBackOptions,
} from './write-back';
