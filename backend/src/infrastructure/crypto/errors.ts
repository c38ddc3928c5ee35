/** Stable codes for credential encryption failures. */
export type CredentialCipherErrorCode =
  /** Keys or options given to the cipher are unusable (a programming or configuration error). */
  | 'invalid_key'
  /** The tenant id (AAD) is empty. */
  | 'invalid_aad'
  /** The token is not a `v1.<kid>.<iv>.<ciphertext>.<tag>` string. */
  | 'malformed_token'
  /** The token names a key id this process does not hold. */
  | 'unknown_key'
  /**
   * Authentication failed: a wrong tenant id, a tampered IV, ciphertext or tag, or a different key under
   * the same id. Deliberately one code: telling them apart would help an attacker.
   */
  | 'decrypt_failed';

/**
 * Thrown by the credential cipher. Messages never contain plaintext, key bytes, or the token.
 */
export class CredentialCipherError extends Error {
  readonly code: CredentialCipherErrorCode;

  constructor(code: CredentialCipherErrorCode, message: string) {
    super(message);
    this.name = 'CredentialCipherError';
    this.code = code;
  }
}

/** One bad environment variable: its name and what is wrong, never its value (it is a key). */
export interface CredentialKeysIssue {
  variable: string;
  message: string;
}

/**
 * Thrown by `parseCredentialKeys` when the key configuration is unusable; lists every problem. The
 * issues have the same shape as the process configuration's, so start-up can report them together.
 */
export class CredentialKeysError extends Error {
  readonly issues: readonly CredentialKeysIssue[];

  constructor(issues: readonly CredentialKeysIssue[]) {
    super(`Invalid credential keys:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'CredentialKeysError';
    this.issues = issues;
  }
}
