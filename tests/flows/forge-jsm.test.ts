import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionDetailResponse, CaseActionsResponse, TriagePacket } from '@triage/shared';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFakeServer,
  type FakeServer,
  type RecordedRequest,
} from '../../backend/src/connectors/testing/fake-server';
import { DEFAULT_TENANT_CONFIG } from '../../backend/src/domain/default-config';
import { createTenantsRepository } from '../../backend/src/storage';
import { startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

const APP = 'ari:cloud:ecosystem::app/11111111-2222-4333-8444-555555555555';
const AGENT = '5b10a2844c20165700ede21g';
const USER_TOKEN = 'user-token-of-the-agent';
const SYSTEM_TOKEN = 'system-token-of-the-app';

let jwks: Server;
let key: CryptoKey;
let jira: FakeServer;
let rt: DemoRuntime;

/** A JSM issue as `GET /rest/api/3/issue/{key}` answers it (the fields the backend asks for). */
function issue(key: string, projectTypeKey: string) {
  return {
    id: '10042',
    key,
    fields: {
      summary: 'Invoices page shows HTTP 502 since this morning',
      description: {
        type: 'doc',
        version: 1,
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'Every invoice download fails with 502.' }] },
        ],
      },
      created: '2026-03-02T10:14:00.000+0000',
      updated: '2026-03-02T10:20:00.000+0000',
      status: { name: 'Waiting for support' },
      priority: { name: 'High' },
      issuetype: { name: 'Service Request' },
      labels: ['billing'],
      project: { key: key.replace(/-\d+$/, ''), projectTypeKey },
      comment: { comments: [] },
    },
  };
}

function jiraAnswer(req: RecordedRequest) {
  const auth = req.headers.authorization;
  if (auth !== `Bearer ${USER_TOKEN}` && auth !== `Bearer ${SYSTEM_TOKEN}`) return { status: 401, body: {} };
  if (req.path === '/rest/api/3/mypermissions') {
    const asked = (req.query.get('permissions') ?? '').split(',');
    return {
      body: {
        permissions: Object.fromEntries(asked.map((p) => [p, { havePermission: p === 'SERVICEDESK_AGENT' }])),
      },
    };
  }
  const issueKey = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)$/.exec(req.path)?.[1];
  if (req.method === 'GET' && issueKey)
    return { body: issue(issueKey, issueKey.startsWith('SW-') ? 'software' : 'service_desk') };
  if (req.method === 'POST' && /^\/rest\/servicedeskapi\/request\/[A-Z]+-\d+\/comment$/.test(req.path)) {
    return { status: 201, body: { id: '20001', public: false } };
  }
  if (req.method === 'PUT' && req.path.includes('/properties/')) return { status: 204 };
  if (req.method === 'GET' && req.path.includes('/properties/')) return { status: 404, body: {} };
  return readAnswer(req) ?? { status: 404, body: {} };
}

/** What the Jira evidence source reads: the site address, a request's comments, and open bugs. */
function readAnswer(req: RecordedRequest) {
  if (req.method === 'GET' && req.path === '/rest/api/3/serverInfo') {
    return { body: { baseUrl: 'https://acme.atlassian.net', deploymentType: 'Cloud' } };
  }
  if (req.method === 'GET' && /^\/rest\/api\/3\/issue\/[A-Z]+-\d+\/comment$/.test(req.path)) {
    const comment = {
      id: '31001',
      created: '2026-03-02T10:16:00.000+0000',
      jsdPublic: true,
      body: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'Still failing for the whole finance team.' }],
          },
        ],
      },
    };
    return { body: { startAt: 0, maxResults: 50, total: 1, comments: [comment] } };
  }
  if (req.method === 'POST' && req.path === '/rest/api/3/search/jql') {
    const bug = {
      id: '20001',
      key: 'ENG-5',
      fields: {
        summary: 'Invoice download returns HTTP 502',
        status: { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
        priority: { name: 'High' },
        issuetype: { name: 'Bug' },
        project: { key: 'ENG' },
        created: '2026-03-01T09:00:00.000+0000',
        updated: '2026-03-02T09:00:00.000+0000',
      },
    };
    return { body: { issues: [bug], isLast: true } };
  }
  return undefined;
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  key = pair.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  jwks = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jira = await startFakeServer(jiraAnswer);
  rt = await startDemoRuntime({
    env: {
      FORGE_APP_ID: APP,
      FORGE_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
      CONNECTOR_ALLOW_INSECURE_LOCAL: 'true',
    },
  });
}, 120_000);

afterAll(async () => {
  await rt.close();
  await jira.close();
  await new Promise((resolve) => jwks.close(resolve));
});

/** A FIT for a site (the demo's, cloudId `demo`, by default); `issueKey` makes it a panel call by the agent. */
function fit(issueKey?: string, cloudId = 'demo'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = {
    iss: 'forge/invocation-token',
    aud: APP,
    iat: now,
    nbf: now,
    exp: now + 60,
    jti: crypto.randomUUID(),
    app: {
      id: APP,
      installationId: 'ari:cloud:ecosystem::installation/demo-install',
      apiBaseUrl: jira.baseUrl,
      environment: { type: 'DEVELOPMENT', id: 'env-1' },
      installation: { contexts: [`ari:cloud:jira::site/${cloudId}`] },
    },
    ...(issueKey
      ? {
          principal: AGENT,
          context: {
            cloudId,
            extension: {
              type: 'jira:issueContext',
              issue: { key: issueKey },
              project: { key: issueKey.replace(/-\d+$/, '') },
            },
          },
        }
      : {}),
  };
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(key);
}

async function asAgent(issueKey: string, cloudId?: string) {
  return {
    Authorization: `Bearer ${await fit(issueKey, cloudId)}`,
    'x-forge-oauth-user': USER_TOKEN,
    'x-forge-oauth-system': SYSTEM_TOKEN,
  };
}

function event(issueKey: string, cloudId?: string) {
  return fit(undefined, cloudId).then((token) =>
    request(rt.app)
      .post('/forge/events')
      .set({ Authorization: `Bearer ${token}`, 'x-forge-oauth-system': SYSTEM_TOKEN })
      .send({ eventType: 'avi:jira:created:issue', issue: { id: '10042', key: issueKey } }),
  );
}

describe('Jira Service Management through Forge Remote', () => {
  it('builds the packet of a created service-desk request from its trigger, reading Jira with the app token', async () => {
    const res = await event('SUP-9001');
    expect(res.status).toBe(202);
    await rt.forge.syncs.idle();
    const read = jira.requests.find((r) => r.path === '/rest/api/3/issue/SUP-9001');
    expect(read?.headers.authorization).toBe(`Bearer ${SYSTEM_TOKEN}`);
    const packet = await request(rt.app)
      .get('/v1/cases/SUP-9001/packet')
      .set(await asAgent('SUP-9001'));
    expect(packet.status).toBe(200);
    const data = TriagePacket.parse((packet.body as { data: unknown }).data);
    expect(data).toMatchObject({
      tenant: 'demo',
      caseRef: 'SUP-9001',
      subject: 'Invoices page shows HTTP 502 since this morning',
    });
  });

  it('gives a site without a Jira connector its Jira evidence, read with the app token and linked to the site', async () => {
    // A second site whose admin set the workspace up (default configuration) and configured no connector.
    await createTenantsRepository(rt.db).upsert({
      id: 'acme-site',
      name: 'Acme',
      config: { ...DEFAULT_TENANT_CONFIG },
    });
    expect((await event('SUP-77', 'acme-site')).status).toBe(202);
    await rt.forge.syncs.idle();
    const packet = await request(rt.app)
      .get('/v1/cases/SUP-77/packet')
      .set(await asAgent('SUP-77', 'acme-site'));
    expect(packet.status, JSON.stringify(packet.body)).toBe(200);
    const data = TriagePacket.parse((packet.body as { data: unknown }).data);
    expect(data.tenant).toBe('acme-site');
    const jiraItems = data.evidence.filter((e) => e.source === 'jira');
    const ticket = jiraItems.find((e) => e.kind === 'ticket');
    expect(ticket?.url).toBe('https://acme.atlassian.net/browse/SUP-77');
    expect(ticket?.excerpt).toContain('Still failing for the whole finance team.');
    // The request, its comments, the site address and the open-bug search, all as the app.
    const reads = jira.requests.filter((r) =>
      ['/rest/api/3/serverInfo', '/rest/api/3/issue/SUP-77/comment', '/rest/api/3/search/jql'].includes(
        r.path,
      ),
    );
    expect(new Set(reads.map((r) => r.path)).size).toBe(3);
    expect(new Set(reads.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${SYSTEM_TOKEN}`]));
    // The demo workspace's Jira is its dataset: Forge adds no source there.
    const demo = await request(rt.app)
      .get('/v1/cases/SUP-9001/packet')
      .set(await asAgent('SUP-9001'));
    const demoPacket = TriagePacket.parse((demo.body as { data: unknown }).data);
    expect(demoPacket.evidence.some((e) => e.source === 'jira')).toBe(false);
  });

  it('ignores events of projects that are not service desks', async () => {
    expect((await event('SW-7')).status).toBe(202);
    await rt.forge.syncs.idle();
    const packet = await request(rt.app)
      .get('/v1/cases/SW-7/packet')
      .set(await asAgent('SW-7'));
    expect(packet.status).toBe(404);
  });

  it('syncs on demand only the issue the panel is open on', async () => {
    const other = await request(rt.app)
      .post('/v1/forge/issues/SUP-9002/sync')
      .set(await asAgent('SUP-9001'));
    expect(other.status).toBe(403);
    const own = await request(rt.app)
      .post('/v1/forge/issues/SUP-9002/sync')
      .set(await asAgent('SUP-9002'));
    expect(own.status).toBe(200);
    const read = jira.requests.filter((r) => r.path === '/rest/api/3/issue/SUP-9002');
    expect(read.map((r) => r.headers.authorization)).toEqual([`Bearer ${USER_TOKEN}`]);
  });

  it('edit → approve → an internal note through the JSM endpoint as the approving agent, audited to jsm:<principal>', async () => {
    await request(rt.app)
      .get('/v1/cases/SUP-842/packet')
      .set(await asAgent('SUP-842'))
      .expect(200);
    const list = CaseActionsResponse.parse(
      (
        (
          await request(rt.app)
            .get('/v1/cases/SUP-842/actions')
            .set(await asAgent('SUP-842'))
        ).body as {
          data: unknown;
        }
      ).data,
    );
    const note = list.actions.find((a) => a.kind === 'internal-note' && a.state === 'proposed');
    if (!note)
      throw new Error(
        `no proposed internal note: ${list.actions.map((a) => `${a.kind}/${a.state}`).join(', ')}`,
      );

    const edited = await request(rt.app)
      .post(`/v1/actions/${note.id}/edit`)
      .set(await asAgent('SUP-842'))
      .send({
        payloadHash: note.payloadHash,
        body: 'Checked the gateway logs: 502s from the invoice renderer since 08:10.',
      });
    expect(edited.status).toBe(201);
    const draft = (edited.body as { data: { id: string; payloadHash: string; requester: { id: string } } })
      .data;
    expect(draft.requester.id).toBe(`jsm:${AGENT}`);

    const approved = await request(rt.app)
      .post(`/v1/actions/${draft.id}/approve`)
      .set(await asAgent('SUP-842'))
      .send({ payloadHash: draft.payloadHash });
    expect(approved.status).toBe(200);

    const runs = await rt.drainWriteBacks();
    expect(runs.map((r) => r.outcome.kind)).toContain('executed');
    const comments = jira.requests.filter((r) => r.path === '/rest/servicedeskapi/request/SUP-842/comment');
    expect(comments).toHaveLength(1);
    expect(comments[0]?.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect(JSON.parse(comments[0]?.body ?? '{}')).toMatchObject({
      public: false,
      body: expect.stringContaining('502s from the invoice renderer') as unknown,
    });

    const detail = ActionDetailResponse.parse(
      (
        (
          await request(rt.app)
            .get(`/v1/actions/${draft.id}`)
            .set(await asAgent('SUP-842'))
        ).body as { data: unknown }
      ).data,
    );
    expect(detail.action.state).toBe('done');
    expect(detail.audit.find((e) => e.action === 'approval.granted')?.actor).toMatchObject({
      kind: 'person',
      id: `jsm:${AGENT}`,
    });
  });

  it('refuses an event without a valid FIT', async () => {
    const res = await request(rt.app)
      .post('/forge/events')
      .set({ Authorization: 'Bearer not.a.token' })
      .send({ issue: { key: 'SUP-1' } });
    expect(res.status).toBe(401);
  });
});
