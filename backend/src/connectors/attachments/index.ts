export {
  parseAttachment,
  AttachmentParseError,
  ATTACHMENT_LIMITS,
  type AttachmentErrorCode,
  type AttachmentFinding,
  type AttachmentInput,
  type FindingKind,
  type ParsedAttachment,
} from './parse-attachment';
export { attachmentEvidence, type AttachmentRef } from './attachment-evidence';
