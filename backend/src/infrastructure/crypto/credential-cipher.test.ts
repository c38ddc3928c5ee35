import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCredentialCipher, type CredentialCipherErrorCode, CredentialCipherError } from './index';

const K1 = randomBytes(32);
const K2 = randomBytes(32);
const SECRET = 'zendesk-api-token-canary-7f3a';

function codeOf(fn: () => unknown): CredentialCipherErrorCode | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialCipherError);
    const text = `${String(error)}\n${inspect(error, { depth: 5 })}`;
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(K1.toString('base64'));
    expect(text).not.toContain(K2.toString('base64'));
    return (error as CredentialCipherError).code;
  }
}

/** Replaces one base64url part of a token with a flipped-bit copy. */
function tamper(token: string, part: 2 | 3 | 4): string {
  const parts = token.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('createCredentialCipher', () => {
  const cipher = createCredentialCipher({ keys: { k1: K1 }, activeKid: 'k1' });

  it('round-trips, including empty and non-ASCII plaintext', () => {
    for (const plaintext of [SECRET, '', 'pässwörd 🔑', 'x'.repeat(10_000)]) {
      expect(cipher.open(cipher.seal(plaintext, 'acme'), 'acme')).toBe(plaintext);
    }
  });

  it('writes a versioned, self-describing token that does not contain the plaintext', () => {
    const token = cipher.seal(SECRET, 'acme');
    expect(token).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(token).not.toContain(SECRET);
    expect(token).not.toContain(Buffer.from(SECRET).toString('base64url'));
  });

  it('uses a fresh IV for every seal (1000 seals, 1000 IVs)', () => {
    const ivs = new Set<string>();
    const tokens = new Set<string>();
    for (let i = 0; i < 1000; i += 1) {
      const token = cipher.seal(SECRET, 'acme');
      tokens.add(token);
      ivs.add(token.split('.')[2] ?? '');
    }
    expect(ivs.size).toBe(1000);
    expect(tokens.size).toBe(1000);
  });

  it('binds the token to the tenant: sealed for A, refused as B', () => {
    const token = cipher.seal(SECRET, 'tenant-a');
    expect(codeOf(() => cipher.open(token, 'tenant-b'))).toBe('decrypt_failed');
    expect(codeOf(() => cipher.open(token, 'tenant-a '))).toBe('decrypt_failed');
    expect(codeOf(() => cipher.open(token, ''))).toBe('invalid_aad');
    expect(codeOf(() => cipher.seal(SECRET, ''))).toBe('invalid_aad');
  });

  it.each([
    ['iv', 2],
    ['ciphertext', 3],
    ['tag', 4],
  ] as const)('refuses a tampered %s (part %i)', (_name, part) => {
    const token = cipher.seal(SECRET, 'acme');
    expect(codeOf(() => cipher.open(tamper(token, part), 'acme'))).toBe('decrypt_failed');
  });

  it('refuses a token whose key id was swapped to another held key', () => {
    const both = createCredentialCipher({ keys: { k1: K1, k2: K2 }, activeKid: 'k1' });
    const swapped = both.seal(SECRET, 'acme').replace(/^v1\.k1\./, 'v1.k2.');
    expect(codeOf(() => both.open(swapped, 'acme'))).toBe('decrypt_failed');
  });

  it('refuses a token under the same key id but a different key', () => {
    const other = createCredentialCipher({ keys: { k1: K2 }, activeKid: 'k1' });
    expect(codeOf(() => other.open(cipher.seal(SECRET, 'acme'), 'acme'))).toBe('decrypt_failed');
  });

  it('refuses an unknown key id', () => {
    const other = createCredentialCipher({ keys: { k9: K2 }, activeKid: 'k9' });
    expect(codeOf(() => other.open(cipher.seal(SECRET, 'acme'), 'acme'))).toBe('unknown_key');
  });

  it.each([
    '',
    'garbage',
    'v2.k1.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.k1.AAAAAAAAAAAAAAAA.AA',
    'v1.k1.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA.extra',
    'v1.k.1.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.k1.AAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.k1.AAAAAAAAAAAAAAAA.AA.AAAA',
    'v1.k1.AAAAAAAAAAAAAAA+.AA.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.k1.AAAAAAAAAAAAAAAA.A.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.k1.AAAAAAAAAAAAAAAA.A=.AAAAAAAAAAAAAAAAAAAAAA',
    'v1.k!.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA',
  ])('refuses the malformed token %j', (token) => {
    expect(codeOf(() => cipher.open(token, 'acme'))).toBe('malformed_token');
  });

  it('rotates: seal with k1, activate k2, old tokens open, need rotation, and reseal to k2', () => {
    const before = createCredentialCipher({ keys: { k1: K1 }, activeKid: 'k1' });
    const old = before.seal(SECRET, 'acme');
    expect(before.needsRotation(old)).toBe(false);

    const after = createCredentialCipher({ keys: { k1: K1, k2: K2 }, activeKid: 'k2' });
    expect(after.activeKid).toBe('k2');
    expect(after.open(old, 'acme')).toBe(SECRET);
    expect(after.needsRotation(old)).toBe(true);

    const fresh = after.reseal(old, 'acme');
    expect(fresh.startsWith('v1.k2.')).toBe(true);
    expect(after.needsRotation(fresh)).toBe(false);
    expect(after.open(fresh, 'acme')).toBe(SECRET);
    // Once k1 is retired, only the re-sealed token still opens.
    const retired = createCredentialCipher({ keys: { k2: K2 }, activeKid: 'k2' });
    expect(retired.open(fresh, 'acme')).toBe(SECRET);
    expect(codeOf(() => retired.open(old, 'acme'))).toBe('unknown_key');
    expect(retired.needsRotation(old)).toBe(true);
  });

  it('does not re-seal for another tenant', () => {
    const token = cipher.seal(SECRET, 'tenant-a');
    expect(codeOf(() => cipher.reseal(token, 'tenant-b'))).toBe('decrypt_failed');
  });

  it('copies the keys and never shows them when inspected', () => {
    const key = Buffer.from(K1);
    const own = createCredentialCipher({ keys: { k1: key }, activeKid: 'k1' });
    const token = own.seal(SECRET, 'acme');
    key.fill(0);
    expect(own.open(token, 'acme')).toBe(SECRET);
    const shown = inspect(own, { depth: 10, showHidden: true });
    expect(shown).not.toContain(K1.toString('hex').slice(0, 16));
    expect(shown).not.toContain(K1.toString('base64').slice(0, 16));
  });

  it.each([
    [{ keys: { k1: randomBytes(16) }, activeKid: 'k1' }],
    [{ keys: { k1: K1 }, activeKid: 'k2' }],
    [{ keys: { 'bad.kid': K1 }, activeKid: 'bad.kid' }],
    [{ keys: {}, activeKid: 'k1' }],
  ])('refuses unusable options %#', (options) => {
    expect(codeOf(() => createCredentialCipher(options))).toBe('invalid_key');
  });
});
