export {
  createCredentialCipher,
  KEY_BYTES,
  KEY_ID_PATTERN,
  type CredentialCipher,
  type CredentialCipherOptions,
} from './credential-cipher';
export { parseCredentialKeys } from './credential-keys';
export {
  CredentialCipherError,
  CredentialKeysError,
  type CredentialCipherErrorCode,
  type CredentialKeysIssue,
} from './errors';
export { loadOrCreateLocalKeyFile } from './local-key-file';
