export { escalationQueueConnector } from './connector';
export {
  configSchema as escalationQueueConfigSchema,
  secretsSchema as escalationQueueSecretsSchema,
  type EscalationQueueConfig,
  type EscalationQueueSecrets,
} from './config';
export {
  DEFAULT_TOLERANCE_SECONDS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signEscalation,
  verifyEscalationSignature,
} from './signature';
export {
  ESCALATION_QUEUE_ACTIONS,
  ESCALATION_QUEUE_TYPE,
  createEscalationQueueWriteBack,
  type EscalationDelivery,
  type EscalationQueueWriteBackOptions,
} from './write-back';
