import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createSessionTokens,
  deriveSessionKey,
  SESSION_AUDIENCE,
  SESSION_ISSUER,
  SessionTokenError,
  type SessionInput,
} from './session-tokens';

const root = randomBytes(32);
const t0 = new Date('2026-11-28T10:00:00Z');
const tokens = (clock = () => t0, keys: Record<string, Uint8Array> = { k1: root }, activeKid = 'k1') =>
  createSessionTokens({ keys, activeKid, clock });
const person: SessionInput = { tenant: 'acme', sub: '42', desk: 'zendesk', roles: ['agent'] };

async function refusal(token: string, verifier = tokens()): Promise<string> {
  try {
    await verifier.verify(token);
    return 'accepted';
  } catch (e) {
    return e instanceof SessionTokenError ? e.refusal : 'other';
  }
}

describe('session tokens', () => {
  it('round-trips the verified person and tenant', async () => {
    const { token, expiresAt } = await tokens().mint({ ...person, name: 'Ada' });
    const claims = await tokens().verify(token);
    expect(claims).toMatchObject({
      tenant: 'acme',
      sub: '42',
      desk: 'zendesk',
      roles: ['agent'],
      name: 'Ada',
    });
    expect(expiresAt).toBe('2026-11-28T10:15:00.000Z');
  });

  it('keeps verifying tokens of a retired key while it is still configured', async () => {
    const old = await tokens().mint(person);
    const rotated = tokens(() => t0, { k1: root, k2: randomBytes(32) }, 'k2');
    await expect(rotated.verify(old.token)).resolves.toMatchObject({ sub: '42' });
  });

  it.each([
    [
      'expired',
      async () => (await tokens().mint(person)).token,
      tokens(() => new Date(t0.getTime() + 16 * 60_000)),
    ],
    ['unknown_kid', async () => (await tokens(() => t0, { k9: root }, 'k9').mint(person)).token, tokens()],
    [
      'bad_signature',
      async () => (await tokens(() => t0, { k1: randomBytes(32) }).mint(person)).token,
      tokens(),
    ],
    [
      'bad_signature',
      async () => {
        const { token } = await tokens().mint(person);
        const [h, p, s] = token.split('.');
        const forged = Buffer.from(
          JSON.stringify({ ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), tenant: 'other' }),
        ).toString('base64url');
        return `${h}.${forged}.${s}`;
      },
      tokens(),
    ],
    [
      'malformed',
      () =>
        Promise.resolve(
          new UnsecuredJWT({ ...person }).setIssuer(SESSION_ISSUER).setAudience(SESSION_AUDIENCE).encode(),
        ),
      tokens(),
    ],
    [
      'claims',
      () =>
        new SignJWT({ tenant: 'acme', desk: 'zendesk', roles: ['agent'] })
          .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
          .setIssuer(SESSION_ISSUER)
          .setAudience('someone-else')
          .setSubject('42')
          .setJti('j')
          .setIssuedAt(Math.floor(t0.getTime() / 1000))
          .setExpirationTime(Math.floor(t0.getTime() / 1000) + 60)
          .sign(deriveSessionKey(root)),
      tokens(),
    ],
  ] as const)('refuses %s', async (expected, make, verifier) => {
    expect(await refusal(await make(), verifier)).not.toBe('accepted');
    expect(await refusal(await make(), verifier)).toBe(expected);
  });
});
