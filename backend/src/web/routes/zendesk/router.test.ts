import { createMemoryReplayGuard } from '../../../infrastructure/replay/replay-guard';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express, { type Express } from 'express';
import { SignJWT, exportSPKI, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../../infrastructure/logger';
import { createSessionTokens, type SessionTokens } from '../../../infrastructure/session/session-tokens';
import {
  createSidebarPage,
  createZafTokenVerifier,
  createZendeskPublicKeys,
  createZendeskSignIn,
  type ZendeskPerson,
} from '../../../platform/zendesk';
import { errorHandler, requestId } from '../../middleware';
import { zendeskRouter } from './router';

const NOW = new Date('2026-05-04T10:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const APP_ID = '987654';

let appKey: { privateKey: CryptoKey; publicKey: CryptoKey };
let attackerKey: { privateKey: CryptoKey; publicKey: CryptoKey };
let appPem = '';
let appDir = '';

/** The claims Zendesk puts in a signed ticket_sidebar token (PLATFORMS.md §1.2). */
function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  return {
    iss: 'acme.zendesk.com',
    aud: 'https://acme.zendesk.com/api/v2/apps/installations/4242.json',
    sub: '1001',
    iat: NOW_S - 5,
    exp: NOW_S + 295,
    context: { product: 'support', location: 'ticket_sidebar' },
    ...overrides,
  };
}

function drop(payload: JWTPayload, key: string): JWTPayload {
  return Object.fromEntries(Object.entries(payload).filter(([k]) => k !== key));
}

function sign(
  payload: JWTPayload,
  key = appKey.privateKey,
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...header }).sign(key);
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

interface Harness {
  app: Express;
  logLines: string[];
  fetched: string[];
  sessions: SessionTokens;
}

function harness(people: Record<string, ZendeskPerson> = {}, clock: () => Date = () => NOW): Harness {
  const logLines: string[] = [];
  const fetched: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => logLines.push(l) } });
  const sessions = createSessionTokens({ keys: { k1: new Uint8Array(32).fill(7) }, activeKid: 'k1', clock });
  const publicKeys = createZendeskPublicKeys({
    appId: APP_ID,
    clock,
    fetchText: (url) => {
      fetched.push(url);
      if (url.startsWith('https://gone.zendesk.com/')) return Promise.resolve({ status: 404, body: '' });
      return Promise.resolve({ status: 200, body: appPem });
    },
  });
  const verifier = createZafTokenVerifier({ publicKeys, replay: createMemoryReplayGuard({ clock }), clock });
  const signIn = createZendeskSignIn({
    verifier,
    sessions,
    clock,
    people: { lookup: (_tenant, userId) => Promise.resolve(people[userId] ?? null) },
  });
  const app = express();
  app.use(requestId({ logger }));
  app.use(
    zendeskRouter({
      signIn,
      page: createSidebarPage({ appDir }),
      sdkUrl: 'https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js',
      logger,
    }),
  );
  app.use(errorHandler({ logger }));
  return { app, logLines, fetched, sessions };
}

beforeAll(async () => {
  appKey = await generateKeyPair('RS256');
  attackerKey = await generateKeyPair('RS256');
  appPem = await exportSPKI(appKey.publicKey);
  appDir = await mkdtemp(path.join(tmpdir(), 'zendesk-app-'));
  await mkdir(path.join(appDir, 'sidebar', 'assets'), { recursive: true });
  await writeFile(
    path.join(appDir, 'sidebar', 'index.html'),
    '<!doctype html><html lang="en"><head><!-- triage:host --><script type="module" src="./assets/index.js"></script></head><body><div id="root"></div></body></html>',
  );
  await writeFile(path.join(appDir, 'sidebar', 'assets', 'index.js'), 'export {};');
});

const post = (h: Harness, token: string) =>
  request(h.app).post('/zendesk/sidebar').type('form').send({ token });

/** Each hostile or broken token, and the reason code the log must name (PLATFORMS.md §3.1, target S2). */
const refusals: { name: string; reason: string; token: () => Promise<string> }[] = [
  {
    name: 'signed with another key (forged)',
    reason: 'bad_signature',
    token: () => sign(claims(), attackerKey.privateKey),
  },
  {
    name: 'payload changed after signing',
    reason: 'bad_signature',
    token: async () => {
      const [h, , s] = (await sign(claims())).split('.');
      return `${h}.${b64(claims({ sub: 1 }))}.${s}`;
    },
  },
  {
    name: 'alg none',
    reason: 'algorithm',
    token: () => Promise.resolve(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`),
  },
  {
    name: 'HS256 keyed with the app public key (alg confusion)',
    reason: 'algorithm',
    token: () =>
      new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(new TextEncoder().encode(appPem)),
  },
  {
    name: 'RS256 with a jku naming the attacker key',
    reason: 'bad_signature',
    token: () => sign(claims(), attackerKey.privateKey, { jku: 'https://evil.example/jwks.json' }),
  },
  { name: 'expired', reason: 'expired', token: () => sign(claims({ iat: NOW_S - 400, exp: NOW_S - 100 })) },
  {
    name: 'not valid before a future nbf',
    reason: 'not_yet_valid',
    token: () => sign(claims({ nbf: NOW_S + 600 })),
  },
  {
    name: 'issued in the future',
    reason: 'not_yet_valid',
    token: () => sign(claims({ iat: NOW_S + 600, exp: NOW_S + 900 })),
  },
  {
    name: 'issued too long ago',
    reason: 'too_old',
    token: () => sign(claims({ iat: NOW_S - 3600, exp: NOW_S + 60 })),
  },
  {
    name: 'issuer outside zendesk.com',
    reason: 'issuer',
    token: () => sign(claims({ iss: 'acme.zendesk.com.evil.io' })),
  },
  { name: 'no issuer', reason: 'issuer', token: () => sign(drop(claims(), 'iss')) },
  {
    name: 'audience is not an installation URL',
    reason: 'audience',
    token: () => sign(claims({ aud: 'https://acme.zendesk.com/api/v2/apps/4242.json' })),
  },
  {
    name: 'audience names another account than the issuer',
    reason: 'tenant_mismatch',
    token: () => sign(claims({ aud: 'https://globex.zendesk.com/api/v2/apps/installations/4242.json' })),
  },
  {
    name: 'another location (new ticket sidebar)',
    reason: 'context',
    token: () => sign(claims({ context: { product: 'support', location: 'new_ticket_sidebar' } })),
  },
  {
    name: 'another product',
    reason: 'context',
    token: () => sign(claims({ context: { product: 'chat', location: 'ticket_sidebar' } })),
  },
  { name: 'no context', reason: 'context', token: () => sign(drop(claims(), 'context')) },
  { name: 'no sub', reason: 'no_subject', token: () => sign(drop(claims(), 'sub')) },
  { name: 'no exp', reason: 'malformed', token: () => sign(drop(claims(), 'exp')) },
  {
    name: 'malformed subdomain (path characters)',
    reason: 'bad_subdomain',
    token: () => sign(claims({ iss: 'evil.com/x?.zendesk.com' })),
  },
  {
    name: 'malformed subdomain (nested label)',
    reason: 'bad_subdomain',
    token: () => sign(claims({ iss: 'a.b.zendesk.com' })),
  },
  {
    name: 'malformed subdomain (upper case)',
    reason: 'bad_subdomain',
    token: () => sign(claims({ iss: 'ACME.zendesk.com' })),
  },
  {
    name: 'account without the app (key not found)',
    reason: 'key_unavailable',
    token: () => sign(claims({ iss: 'gone.zendesk.com' })),
  },
  { name: 'not a JWT', reason: 'malformed', token: () => Promise.resolve('not-a-token') },
];

describe('POST /zendesk/sidebar: the signed ticket_sidebar sign-in', () => {
  it.each(refusals)('refuses a token $name: 401, reason $reason logged, token never logged', async (c) => {
    const h = harness();
    const token = await c.token();
    const res = await post(h, token);
    expect(res.status).toBe(401);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('could not be verified');
    expect(res.text).not.toContain('triage-session');
    const refusalsLogged = h.logLines.map((l) => JSON.parse(l) as { refusal?: string }).map((l) => l.refusal);
    expect(refusalsLogged).toContain(c.reason);
    const logs = h.logLines.join('\n');
    expect(logs).not.toContain(token);
    // Neither half of the token's signed part appears either (the log redactor is not what saves us here).
    for (const part of token.split('.').filter((p) => p.length > 8)) expect(logs).not.toContain(part);
    // Keys come only from the account's own Zendesk URL, never from a header of the token.
    expect(
      h.fetched.every((u) =>
        /^https:\/\/[a-z0-9-]+\.zendesk\.com\/api\/v2\/apps\/987654\/public_key\.pem$/.test(u),
      ),
    ).toBe(true);
    if (
      c.reason === 'bad_subdomain' ||
      c.reason === 'algorithm' ||
      c.reason === 'issuer' ||
      c.reason === 'malformed'
    ) {
      if (c.name !== 'no exp') expect(h.fetched).toEqual([]);
    }
  });

  it('refuses the same valid token the second time (replay)', async () => {
    const h = harness();
    const token = await sign(claims());
    expect((await post(h, token)).status).toBe(200);
    const again = await post(h, token);
    expect(again.status).toBe(401);
    expect(h.logLines.some((l) => (JSON.parse(l) as { refusal?: string }).refusal === 'replayed')).toBe(true);
  });

  it('refuses a request without a token', async () => {
    const res = await request(harness().app).post('/zendesk/sidebar').type('form').send({});
    expect(res.status).toBe(401);
  });

  it('answers a valid token with the app page: session embedded, CSP nonce, framed only by that account', async () => {
    const h = harness({ '1001': { role: 'admin', name: 'Ada Admin' } });
    const res = await post(h, await sign(claims()));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain('frame-ancestors https://acme.zendesk.com');
    expect(csp).not.toContain('*');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(res.text).toContain(`<script nonce="${nonce}" type="module" src="./assets/index.js">`);
    expect(res.text).toContain(
      `src="https://static.zdassets.com/zendesk_app_framework_sdk/2.0/zaf_sdk.min.js"`,
    );
    const json = /<script nonce="[^"]+" id="triage-session" type="application\/json">(.*?)<\/script>/.exec(
      res.text,
    )?.[1];
    const session = JSON.parse(json ?? 'null') as {
      token: string;
      tenant: string;
      user: { id: string; role: string };
    };
    expect(session.tenant).toBe('acme');
    expect(session.user).toEqual({ id: '1001', role: 'admin', name: 'Ada Admin' });
    const verified = await h.sessions.verify(session.token);
    expect(verified).toMatchObject({
      tenant: 'acme',
      sub: '1001',
      desk: 'zendesk',
      roles: ['admin'],
      inst: '4242',
    });
    // A second sign-in has a fresh nonce.
    const second = await post(h, await sign(claims({ iat: NOW_S - 4 })));
    expect(second.headers['content-security-policy']).not.toBe(csp);
  });

  it('gives the lowest role when Zendesk says nothing, and no sidebar to an end-user', async () => {
    const h = harness({ '7': { role: 'end-user' } });
    const agent = await post(h, await sign(claims({ sub: '55' })));
    expect(agent.status).toBe(200);
    expect(agent.text).toContain('"role":"agent"');
    const endUser = await post(h, await sign(claims({ sub: '7' })));
    expect(endUser.status).toBe(403);
  });

  it('serves the built assets beside the page', async () => {
    const res = await request(harness().app).get('/zendesk/assets/index.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });
});

describe('POST /zendesk/session/renew', () => {
  const SessionJson = z.object({
    token: z.string(),
    expiresAt: z.string(),
    tenant: z.string(),
    user: z.object({ id: z.string(), role: z.string() }),
    installationId: z.string().optional(),
  });
  const Refusal = z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), reason: z.string() }),
  });

  /** Signs in through the signed URL at the harness clock's time and returns the embedded session token. */
  async function signedInToken(h: Harness, iat: number): Promise<string> {
    const res = await post(h, await sign(claims({ iat, exp: iat + 300 })));
    expect(res.status).toBe(200);
    const json = /id="triage-session" type="application\/json">(.*?)<\/script>/.exec(res.text)?.[1];
    return SessionJson.parse(JSON.parse(json ?? 'null')).token;
  }
  const renew = (h: Harness, token?: string) => {
    const req = request(h.app).post('/zendesk/session/renew');
    return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
  };

  it('renews a live session, reading the role again from Zendesk and keeping the sign-in time', async () => {
    let now = NOW;
    const people: Record<string, ZendeskPerson> = { '1001': { role: 'admin', name: 'Ada Admin' } };
    const h = harness(people, () => now);
    const first = await signedInToken(h, NOW_S - 5);
    now = new Date(NOW.getTime() + 14 * 60_000);
    const res = await renew(h, first);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const session = SessionJson.parse((res.body as { data: unknown }).data);
    expect(session).toMatchObject({
      tenant: 'acme',
      user: { id: '1001', role: 'admin' },
      installationId: '4242',
    });
    expect(session.token).not.toBe(first);
    expect(session.expiresAt).toBe(new Date(now.getTime() + 15 * 60_000).toISOString());
    expect(await h.sessions.verify(session.token)).toMatchObject({ auth_time: NOW_S, inst: '4242' });

    people['1001'] = { role: 'agent' };
    const demoted = await renew(h, session.token);
    expect(SessionJson.parse((demoted.body as { data: unknown }).data).user.role).toBe('agent');

    people['1001'] = { role: 'end-user' };
    const refused = await renew(h, session.token);
    expect(refused.status).toBe(403);
    expect(Refusal.parse(refused.body).error).toEqual({ code: 'forbidden', reason: 'not_an_agent' });
  });

  it('refuses a missing, forged or ended session with a 401 that says to sign in again', async () => {
    let now = NOW;
    const h = harness({}, () => now);
    const token = await signedInToken(h, NOW_S - 5);
    expect((await renew(h)).status).toBe(401);
    const [head, body] = token.split('.');
    expect((await renew(h, `${head}.${body}.${'A'.repeat(43)}`)).status).toBe(401);
    now = new Date(NOW.getTime() + 16 * 60_000);
    const ended = await renew(h, token);
    expect(ended.status).toBe(401);
    expect(Refusal.parse(ended.body).error).toMatchObject({
      code: 'unauthenticated',
      reason: 'session_refused',
    });
    expect(h.logLines.join('\n')).not.toContain(token);
  });

  it('stops renewing ten hours after Zendesk signed the person in', async () => {
    let now = NOW;
    const h = harness({}, () => now);
    let token = await signedInToken(h, NOW_S - 5);
    let renewals = 0;
    let refusal: unknown;
    while (refusal === undefined && renewals < 60) {
      now = new Date(now.getTime() + 14 * 60_000);
      const res = await renew(h, token);
      if (res.status === 200) {
        token = SessionJson.parse((res.body as { data: unknown }).data).token;
        renewals += 1;
      } else {
        expect(res.status).toBe(401);
        refusal = Refusal.parse(res.body).error.reason;
      }
    }
    expect(refusal).toBe('sign_in_too_old');
    // 14-minute steps: the 42nd renewal is at 9 h 48 min, the 43rd would be at 10 h 2 min.
    expect(renewals).toBe(42);
  });

  it('never renews a session the signed URL did not start, nor one of another desk', async () => {
    const h = harness();
    const development = await h.sessions.mint({
      tenant: 'acme',
      sub: '1',
      desk: 'zendesk',
      roles: ['admin'],
    });
    const jsm = await h.sessions.mint({ tenant: 'acme', sub: '1', desk: 'jsm', roles: ['agent'], inst: 'x' });
    for (const { token } of [development, jsm]) {
      const res = await renew(h, token);
      expect(res.status).toBe(401);
      expect(Refusal.parse(res.body).error.reason).toBe('not_renewable');
    }
  });
});
