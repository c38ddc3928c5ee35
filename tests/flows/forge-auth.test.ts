import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type JWK,
  type JWTPayload,
  type CryptoKey,
} from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

const APP = 'ari:cloud:ecosystem::app/11111111-2222-4333-8444-555555555555';
const OTHER_APP = 'ari:cloud:ecosystem::app/99999999-2222-4333-8444-555555555555';
const ENV = {
  type: 'PRODUCTION',
  id: 'ari:cloud:ecosystem::environment/11111111-2222-4333-8444-555555555555/e1',
};
const KID = 'forge-test-key';

let jwks: Server;
let jwksFetches = 0;
let signing: CryptoKey;
let publicPem: string;
let stranger: CryptoKey;
let rt: DemoRuntime;
const logLines: string[] = [];

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signing = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
  stranger = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  jwks = createServer((req, res) => {
    jwksFetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const port = (jwks.address() as AddressInfo).port;
  rt = await startDemoRuntime({
    env: {
      FORGE_APP_ID: APP,
      FORGE_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      FORGE_ENVIRONMENTS: 'PRODUCTION',
    },
    logDestination: { write: (line) => void logLines.push(line) },
  });
}, 120_000);

afterAll(async () => {
  await rt.close();
  await new Promise((resolve) => jwks.close(resolve));
});

/** A FIT as Forge sends it from the issue panel, with per-case overrides. */
function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'forge/invocation-token',
    aud: APP,
    iat: now,
    nbf: now,
    exp: now + 60,
    jti: crypto.randomUUID(),
    app: {
      id: APP,
      installationId: 'ari:cloud:ecosystem::installation/abc',
      apiBaseUrl: 'https://api.atlassian.com/ex/jira/demo',
      environment: ENV,
      module: { type: 'jira:issueContext', key: 'triage-packet' },
    },
    context: {
      cloudId: 'demo',
      moduleKey: 'triage-packet',
      extension: { type: 'jira:issueContext', issue: { key: 'SUP-842' }, project: { key: 'SUP' } },
    },
    principal: '5b10a2844c20165700ede21g',
    ...overrides,
  };
}

function sign(payload: JWTPayload, key: CryptoKey = signing, header: Record<string, unknown> = {}) {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: KID, ...header }).sign(key);
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');

/**
 * Log lines of refusals since `from`: the reason codes the backend recorded. A JWT not issued by
 * `forge/invocation-token` is not a FIT, so the session authenticator refuses it (`session:` prefix).
 */
function refusalsSince(from: number): string[] {
  return logLines
    .slice(from)
    .map((l) => JSON.parse(l) as { refusal?: string; msg?: string })
    .filter((l) => l.msg === 'forge invocation token refused' || l.msg === 'session token refused')
    .map((l) => (l.msg === 'session token refused' ? `session:${l.refusal ?? ''}` : (l.refusal ?? '')));
}

const PACKET = '/v1/cases/SUP-842/packet';

describe('Forge Invocation Token verification on /v1', () => {
  it('accepts a valid token: tenant from cloudId, the person from principal', async () => {
    const res = await request(rt.app)
      .get(PACKET)
      .set('Authorization', `Bearer ${await sign(claims())}`);
    expect(res.status).toBe(200);
    expect((res.body as { data: { tenant: string; caseRef: string } }).data).toMatchObject({
      tenant: 'demo',
      caseRef: 'SUP-842',
    });
  });

  const hostile: [name: string, reason: string, token: () => Promise<string>, route?: 'approve'][] = [
    [
      'alg none',
      'alg_not_allowed',
      () =>
        Promise.resolve(`${b64('{"alg":"none","kid":"forge-test-key"}')}.${b64(JSON.stringify(claims()))}.`),
    ],
    [
      'HS256 signed with the RSA public key (confusion)',
      'alg_not_allowed',
      () =>
        new SignJWT(claims())
          .setProtectedHeader({ alg: 'HS256', kid: KID })
          .sign(new TextEncoder().encode(publicPem)),
    ],
    [
      'wrong issuer (not a FIT, so never trusted as one)',
      'session:malformed',
      () => sign(claims({ iss: 'forge/other-token' })),
    ],
    ['wrong audience', 'wrong_audience', () => sign(claims({ aud: OTHER_APP }))],
    [
      'another app claims our audience',
      'app_mismatch',
      async () => {
        const c = claims();
        return sign({ ...c, app: { ...(c.app as object), id: OTHER_APP } });
      },
    ],
    [
      'expired',
      'expired',
      () => {
        const now = Math.floor(Date.now() / 1000);
        return sign(claims({ iat: now - 600, nbf: now - 600, exp: now - 300 }));
      },
    ],
    [
      'not yet valid (future nbf)',
      'not_yet_valid',
      () => sign(claims({ nbf: Math.floor(Date.now() / 1000) + 600 })),
    ],
    [
      'no nbf claim',
      'missing_claims',
      () => {
        const { nbf: _nbf, ...rest } = claims();
        return sign(rest);
      },
    ],
    ['unknown kid (another signer)', 'unknown_kid', () => sign(claims(), stranger, { kid: 'not-ours' })],
    [
      'jku pointing at a foreign key set is ignored',
      'unknown_kid',
      () => sign(claims(), stranger, { kid: 'attacker', jku: 'https://attacker.example/jwks.json' }),
    ],
    [
      'tampered payload',
      'bad_signature',
      async () => {
        const [h, , s] = (await sign(claims())).split('.');
        return `${h ?? ''}.${b64(JSON.stringify(claims({ principal: 'someone-else' })))}.${s ?? ''}`;
      },
    ],
    ['known kid, signed by another key', 'bad_signature', () => sign(claims(), stranger)],
    [
      'wrong environment',
      'wrong_environment',
      async () => {
        const c = claims();
        return sign({ ...c, app: { ...(c.app as object), environment: { type: 'DEVELOPMENT', id: 'x' } } });
      },
    ],
    [
      'apiBaseUrl outside the Atlassian gateway',
      'bad_api_base',
      async () => {
        const c = claims();
        return sign({ ...c, app: { ...(c.app as object), apiBaseUrl: 'https://evil.example/ex/jira/demo' } });
      },
    ],
    [
      'no installation',
      'missing_claims',
      async () => {
        const c = claims();
        const { installationId: _i, ...app } = c.app as Record<string, unknown>;
        return sign({ ...c, app });
      },
    ],
    [
      'no principal on an approval route',
      'no_principal',
      () => sign(claims({ principal: undefined })),
      'approve',
    ],
  ];

  it.each(hostile)('refuses %s with a bare 401 and logs %s', async (_name, reason, token, route) => {
    const from = logLines.length;
    const bearer = await token();
    const res =
      route === 'approve'
        ? await request(rt.app)
            .post('/v1/actions/pkt~p1/approve')
            .set('Authorization', `Bearer ${bearer}`)
            .send({ payloadHash: 'a'.repeat(64) })
        : await request(rt.app).get(PACKET).set('Authorization', `Bearer ${bearer}`);
    expect(res.status).toBe(401);
    expect((res.body as { error: { code: string } }).error.code).toBe('unauthenticated');
    expect(refusalsSince(from)).toEqual([reason]);
    // Never the token itself.
    expect(logLines.slice(from).join('\n')).not.toContain(bearer.split('.')[2] || bearer);
  });

  it('refuses a replayed token on a write route', async () => {
    const token = await sign(claims());
    const first = await request(rt.app)
      .post('/v1/actions/pkt~p1/approve')
      .set('Authorization', `Bearer ${token}`)
      .send({ payloadHash: 'a'.repeat(64) });
    expect(first.status).not.toBe(401);
    const from = logLines.length;
    const again = await request(rt.app)
      .post('/v1/actions/pkt~p1/approve')
      .set('Authorization', `Bearer ${token}`)
      .send({ payloadHash: 'a'.repeat(64) });
    expect(again.status).toBe(401);
    expect(refusalsSince(from)).toEqual(['replayed']);
  });

  it('refetches the key set for an unknown kid at most once per cooldown', async () => {
    const before = jwksFetches;
    for (let i = 0; i < 5; i++) {
      await request(rt.app)
        .get(PACKET)
        .set('Authorization', `Bearer ${await sign(claims(), stranger, { kid: `rotating-${i}` })}`)
        .expect(401);
    }
    expect(jwksFetches - before).toBeLessThanOrEqual(1);
  });

  it('keeps session and development tokens working beside FITs', async () => {
    await request(rt.app).get(PACKET).set('Authorization', 'Bearer demo-token-0123456789abcdef').expect(200);
  });

  it('never logs forwarded Atlassian tokens', async () => {
    const from = logLines.length;
    await request(rt.app)
      .get(PACKET)
      .set('Authorization', `Bearer ${await sign(claims())}`)
      .set('x-forge-oauth-system', 'system-token-canary-123')
      .expect(200);
    expect(logLines.slice(from).join('\n')).not.toContain('system-token-canary-123');
  });
});
