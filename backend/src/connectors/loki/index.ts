export { lokiConnector } from './connector';
export {
  configSchema as lokiConfigSchema,
  secretsSchema as lokiSecretsSchema,
  SELECTOR_PLACEHOLDERS,
  type LokiConfig,
  type LokiSecrets,
  type SelectorPlaceholder,
} from './config';
export { createLokiClient, type LokiClient, type LokiEntry, type LokiPage } from './client';
export { escapeLogqlString, escapeRegex, renderSelector, caseRequestIds } from './logql';
export {
  groupLogLines,
  levelOf,
  logTemplate,
  normaliseLevel,
  requestIdsIn,
  signatureOf,
  SIGNATURE_RE,
  type LogGroup,
  type LogLevel,
  type LogLine,
} from './log-templates';
