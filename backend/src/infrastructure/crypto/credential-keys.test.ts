import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCredentialCipher, CredentialKeysError, parseCredentialKeys } from './index';

const A = randomBytes(32);
const B = randomBytes(32);

function issuesOf(env: Record<string, string | undefined>): { variable: string; message: string }[] {
  try {
    parseCredentialKeys(env);
  } catch (error) {
    expect(error).toBeInstanceOf(CredentialKeysError);
    return [...(error as CredentialKeysError).issues];
  }
  throw new Error('expected parseCredentialKeys to fail');
}

describe('parseCredentialKeys', () => {
  it('reads several keys, standard and URL-safe base64, and the active id', () => {
    const options = parseCredentialKeys({
      CREDENTIAL_KEYS: ` k2024:${A.toString('base64')} , k2025:${B.toString('base64url')} `,
      CREDENTIAL_ACTIVE_KID: 'k2025',
    });
    expect(options.activeKid).toBe('k2025');
    expect(Object.keys(options.keys)).toEqual(['k2024', 'k2025']);
    expect(Buffer.from(options.keys.k2024 ?? []).equals(A)).toBe(true);
    expect(Buffer.from(options.keys.k2025 ?? []).equals(B)).toBe(true);
    const cipher = createCredentialCipher(options);
    expect(cipher.open(cipher.seal('x', 'acme'), 'acme')).toBe('x');
  });

  it('requires both variables', () => {
    expect(issuesOf({})).toEqual([
      { variable: 'CREDENTIAL_KEYS', message: 'is required' },
      { variable: 'CREDENTIAL_ACTIVE_KID', message: 'is required' },
    ]);
    expect(issuesOf({ CREDENTIAL_KEYS: ' ', CREDENTIAL_ACTIVE_KID: 'k1' })).toEqual([
      { variable: 'CREDENTIAL_KEYS', message: 'is required' },
    ]);
  });

  it('names every bad entry by position, never by value', () => {
    const short = randomBytes(16).toString('base64');
    const long = randomBytes(33).toString('base64');
    const env = {
      CREDENTIAL_KEYS: [
        `k1:${short}`,
        `k2:${long}`,
        'k3',
        `bad.id:${A.toString('base64')}`,
        `k4:not base64!`,
        `k5:${A.toString('base64')}`,
        `k5:${B.toString('base64')}`,
      ].join(','),
      CREDENTIAL_ACTIVE_KID: 'k5',
    };
    const issues = issuesOf(env);
    expect(issues.map((i) => i.message)).toEqual([
      'entry 1 (k1): the key must be 32 bytes in base64',
      'entry 2 (k2): the key must be 32 bytes in base64',
      'entry 3 is not kid:base64key',
      'entry 4: a key id is 1-32 letters, digits, - or _',
      'entry 5 (k4): the key must be 32 bytes in base64',
      'entry 7 repeats the key id k5',
    ]);
    const text = JSON.stringify(issues) + String(new CredentialKeysError(issues));
    for (const secret of [short, long, A.toString('base64'), B.toString('base64'), 'not base64']) {
      expect(text).not.toContain(secret);
    }
  });

  it('refuses an active id that names no key, or is malformed', () => {
    const keys = `k1:${A.toString('base64')}`;
    expect(issuesOf({ CREDENTIAL_KEYS: keys, CREDENTIAL_ACTIVE_KID: 'k2' })).toEqual([
      { variable: 'CREDENTIAL_ACTIVE_KID', message: 'names no key in CREDENTIAL_KEYS' },
    ]);
    expect(issuesOf({ CREDENTIAL_KEYS: keys, CREDENTIAL_ACTIVE_KID: 'k 1' })).toEqual([
      { variable: 'CREDENTIAL_ACTIVE_KID', message: 'must be a key id (1-32 letters, digits, - or _)' },
    ]);
  });
});
