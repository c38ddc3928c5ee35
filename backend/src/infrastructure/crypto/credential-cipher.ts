import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { CredentialCipherError } from './errors';

/** Key ids appear inside tokens, which use `.` as separator; keep them short and unambiguous. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** AES-256 key length in bytes. */
export const KEY_BYTES = 32;

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
// 96-bit IVs are GCM's native size; random per seal. With random IVs NIST SP 800-38D caps a key at
// 2^32 seals, far beyond credential volumes, and rotation resets the count.
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Options for {@link createCredentialCipher}: every key this process may open with, and the one it seals with. */
export interface CredentialCipherOptions {
  keys: Readonly<Record<string, Uint8Array>>;
  activeKid: string;
}

/**
 * Envelope encryption for connector credentials at rest (AES-256-GCM), bound to a tenant.
 *
 * Tokens read `v1.<kid>.<iv>.<ciphertext>.<tag>` (base64url parts). The additional authenticated data
 * is `v1.<kid>.<tenantId>`, so a token only opens for the tenant it was sealed for, and its version
 * and key id cannot be swapped.
 */
export interface CredentialCipher {
  /** The key id new tokens are sealed with. */
  readonly activeKid: string;
  /**
   * Encrypts `plaintext` for `tenantId` with the active key and a fresh random IV.
   * @throws CredentialCipherError `invalid_aad` when the tenant id is empty.
   */
  seal(plaintext: string, tenantId: string): string;
  /**
   * Decrypts a token sealed for `tenantId`, with whichever held key the token names.
   * @throws CredentialCipherError `malformed_token`, `unknown_key`, `invalid_aad`, or `decrypt_failed`
   * (wrong tenant, tampering, or wrong key).
   */
  open(token: string, tenantId: string): string;
  /**
   * True when the token was sealed with a key other than the active one (also when that key is no
   * longer held: it still needs re-sealing, which then fails with `unknown_key`).
   * @throws CredentialCipherError `malformed_token`.
   */
  needsRotation(token: string): boolean;
  /**
   * Opens a token and seals its plaintext again with the active key.
   * @throws CredentialCipherError as {@link CredentialCipher.open}.
   */
  reseal(token: string, tenantId: string): string;
}

/**
 * Creates the credential cipher. Key bytes are copied into `KeyObject`s, so later changes to the
 * caller's buffers do not affect it and the keys never show up when an object is inspected or logged.
 *
 * @throws CredentialCipherError `invalid_key` when a key id is malformed, a key is not 32 bytes, or
 * `activeKid` is not among the keys.
 * @example
 * const cipher = createCredentialCipher(parseCredentialKeys(process.env));
 * const token = cipher.seal(apiToken, tenantId); // store this
 * const apiTokenAgain = cipher.open(token, tenantId);
 */
export function createCredentialCipher(options: CredentialCipherOptions): CredentialCipher {
  const keys = new Map<string, KeyObject>();
  for (const [kid, bytes] of Object.entries(options.keys)) {
    if (!KEY_ID_PATTERN.test(kid)) {
      throw new CredentialCipherError('invalid_key', 'a key id must be 1-32 letters, digits, - or _');
    }
    if (bytes.length !== KEY_BYTES) {
      throw new CredentialCipherError('invalid_key', `key ${kid} must be ${KEY_BYTES} bytes`);
    }
    keys.set(kid, createSecretKey(Buffer.from(bytes)));
  }
  const activeKid = options.activeKid;
  const activeKey: KeyObject | undefined = keys.get(activeKid);
  if (activeKey === undefined) {
    throw new CredentialCipherError('invalid_key', 'the active key id is not among the keys');
  }
  // Bound once, so the closures below see a definite key (narrowing does not reach hoisted functions).
  const sealKey: KeyObject = activeKey;

  function seal(plaintext: string, tenantId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, sealKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(activeKid, tenantId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, activeKid, b64(iv), b64(ciphertext), b64(cipher.getAuthTag())].join('.');
  }

  function open(token: string, tenantId: string): string {
    const parsed = parseToken(token);
    const key = keys.get(parsed.kid);
    if (!key)
      throw new CredentialCipherError('unknown_key', `no credential key with id ${parsed.kid} is configured`);
    const additional = aad(parsed.kid, tenantId);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, parsed.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additional);
      decipher.setAuthTag(parsed.tag);
      return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // OpenSSL's message says nothing useful and the cause is always "not authentic".
      throw new CredentialCipherError('decrypt_failed', 'credential could not be decrypted for this tenant');
    }
  }

  return {
    activeKid,
    seal,
    open,
    needsRotation: (token) => parseToken(token).kid !== activeKid,
    reseal: (token, tenantId) => seal(open(token, tenantId), tenantId),
  };
}

interface ParsedToken {
  kid: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function parseToken(token: string): ParsedToken {
  const parts = token.split('.');
  const [version, kid, iv, ciphertext, tag] = parts;
  if (parts.length !== 5 || version !== VERSION || kid === undefined || !KEY_ID_PATTERN.test(kid)) {
    throw new CredentialCipherError('malformed_token', 'not a v1 credential token');
  }
  const ivBytes = unb64(iv);
  const ciphertextBytes = unb64(ciphertext);
  const tagBytes = unb64(tag);
  if (ivBytes?.length !== IV_BYTES || ciphertextBytes === undefined || tagBytes?.length !== TAG_BYTES) {
    throw new CredentialCipherError('malformed_token', 'not a v1 credential token');
  }
  return { kid, iv: ivBytes, ciphertext: ciphertextBytes, tag: tagBytes };
}

function aad(kid: string, tenantId: string): Buffer {
  if (tenantId.length === 0) throw new CredentialCipherError('invalid_aad', 'a tenant id is required');
  // kid cannot contain '.', and the tenant id comes last, so the encoding is unambiguous.
  return Buffer.from(`${VERSION}.${kid}.${tenantId}`, 'utf8');
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** Strict base64url: Node's decoder skips invalid characters, so re-encode and compare. */
function unb64(text: string | undefined): Buffer | undefined {
  if (text === undefined || !/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
