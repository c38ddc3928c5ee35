import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { createFitVerifier, FitError, isAtlassianApiBase, type FitRefusal } from './verify-fit';

const APP = 'ari:cloud:ecosystem::app/11111111-2222-4333-8444-555555555555';

async function setup() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
  const verifier = createFitVerifier({
    trusts: [
      {
        name: 'atlassian',
        keys,
        appIds: [APP],
        environments: ['PRODUCTION'],
        apiBaseAllowed: isAtlassianApiBase,
      },
    ],
  });
  const now = Math.floor(Date.now() / 1000);
  const base: JWTPayload = {
    iss: 'forge/invocation-token',
    aud: APP,
    iat: now,
    nbf: now,
    exp: now + 60,
    jti: 'j1',
    app: {
      id: APP,
      installationId: 'ari:cloud:ecosystem::installation/i1',
      apiBaseUrl: 'https://api.atlassian.com/ex/jira/c0ffee',
      environment: { type: 'PRODUCTION', id: 'e1' },
      installation: { contexts: ['ari:cloud:jira::site/c0ffee'] },
    },
  };
  const sign = (p: JWTPayload) =>
    new SignJWT(p).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
  return { verifier, base, sign };
}

async function refusalOf(promise: Promise<unknown>): Promise<FitRefusal | 'accepted'> {
  try {
    await promise;
    return 'accepted';
  } catch (e) {
    if (e instanceof FitError) return e.refusal;
    throw e;
  }
}

describe('createFitVerifier', () => {
  it('takes an event token (no principal, no UI context) and finds the tenant in the installation', async () => {
    const { verifier, base, sign } = await setup();
    const invocation = await verifier.verify(await sign(base));
    expect(invocation).toMatchObject({
      tenant: 'c0ffee',
      principal: undefined,
      apiBaseUrl: 'https://api.atlassian.com/ex/jira/c0ffee',
    });
  });

  it('refuses a token whose issuer is not forge/invocation-token', async () => {
    const { verifier, base, sign } = await setup();
    expect(await refusalOf(verifier.verify(await sign({ ...base, iss: 'someone-else' })))).toBe(
      'wrong_issuer',
    );
  });

  it('refuses a token that names no tenant', async () => {
    const { verifier, base, sign } = await setup();
    const app = { ...(base.app as object), installation: { contexts: [] } };
    expect(await refusalOf(verifier.verify(await sign({ ...base, app })))).toBe('no_tenant');
  });

  it('refuses an iat in the future', async () => {
    const { verifier, base, sign } = await setup();
    const later = Math.floor(Date.now() / 1000) + 600;
    expect(await refusalOf(verifier.verify(await sign({ ...base, iat: later, exp: later + 60 })))).toBe(
      'not_yet_valid',
    );
  });
});
