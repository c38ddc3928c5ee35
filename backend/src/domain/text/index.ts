export { normaliseText } from './normalise';
export { tokenize, wordNgrams, charNgrams } from './tokenize';
export { extractErrorSignatures, signatureTokens } from './error-signatures';
export type { ErrorSignature, SignatureKind } from './error-signatures';
