export { zendeskConnector, zendeskTicketId } from './connector';
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
