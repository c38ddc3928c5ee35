import { TriagePacket } from '@triage/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  companySearch,
  CANARY as HUBSPOT_CANARY,
  companyObject,
} from '../../backend/src/connectors/hubspot/fixtures';
import { startFakeServer, type FakeServer } from '../../backend/src/connectors/testing/fake-server';
import { DEMO_TOKEN, startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

const CANARIES = [
  HUBSPOT_CANARY.email,
  '4111 1111 1111 1111',
  '4111111111111111',
  HUBSPOT_CANARY.token,
  'canary-jira-token-0123456789',
];
const logs: string[] = [];
let rt: DemoRuntime;
let vendor: FakeServer;
let mode: 'healthy' | 'faulty' = 'healthy';

beforeAll(async () => {
  // One fake host plays every vendor, answering on each vendor's documented paths.
  vendor = await startFakeServer((req) => {
    if (req.path.startsWith('/crm/v3/objects/companies/search')) {
      if (mode === 'faulty')
        return {
          status: 429,
          headers: { 'Retry-After': '7' },
          body: { status: 'error', category: 'RATE_LIMITS' },
        };
      return {
        body: companySearch([
          companyObject({
            properties: { name: `Orbital ${HUBSPOT_CANARY.email}`, tier: 'enterprise', arr: '480000' },
          }),
        ]),
      };
    }
    if (req.path.startsWith('/crm/')) return { body: { results: [] } };
    if (req.path.startsWith('/api/0/organizations/acme/issues')) {
      if (mode === 'faulty') return { hang: true };
      return { body: [] };
    }
    if (req.path === '/api/0/organizations/acme/') return { body: { id: '1', slug: 'acme', name: 'Acme' } };
    if (req.path.startsWith('/api/0/organizations/acme/projects')) return { body: [] };
    if (req.path.startsWith('/rest/api/3/search/jql')) {
      if (mode === 'faulty') return { status: 500, body: { errorMessages: ['boom'] } };
      return { body: { issues: [], isLast: true } };
    }
    if (req.path === '/rest/api/3/myself') {
      const auth = req.headers.authorization ?? '';
      return auth.includes(Buffer.from('ops@acme.test:canary-jira-token-0123456789').toString('base64'))
        ? {
            body: {
              accountId: '5b10a2844c20165700ede21g',
              accountType: 'atlassian',
              active: true,
              displayName: 'Ops',
            },
          }
        : { status: 401, body: { errorMessages: ['Client must be authenticated'] } };
    }
    if (req.path.startsWith('/repos/acme/checkout/releases')) {
      return {
        body: [
          {
            id: 1,
            tag_name: 'v5.14.0',
            name: '5.14.0',
            draft: false,
            prerelease: false,
            created_at: new Date(Date.now() - 86_400_000).toISOString(),
            published_at: new Date(Date.now() - 86_400_000).toISOString(),
            html_url: 'https://github.com/acme/checkout/releases/tag/v5.14.0',
            body: `Connection pool changes for checkout-api. Contact ${HUBSPOT_CANARY.email}, test card ${HUBSPOT_CANARY.card}, key ${HUBSPOT_CANARY.token}`,
            author: { login: 'release-bot' },
          },
        ],
      };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
  rt = await startDemoRuntime({
    deadlineMs: 700,
    env: { CONNECTOR_ALLOW_INSECURE_LOCAL: 'true' },
    logDestination: { write: (line: string) => void logs.push(line) },
  });
}, 120_000);

afterAll(async () => {
  await rt.close();
  await vendor.close();
});

const auth = { Authorization: `Bearer ${DEMO_TOKEN}` };

async function configure(id: string, body: Record<string, unknown>) {
  return request(rt.app).put(`/v1/admin/connectors/${id}`).set(auth).send(body);
}

describe('connector administration', () => {
  it('lists the connector types with their configuration schemas', async () => {
    const res = await request(rt.app).get('/v1/admin/connector-types').set(auth);
    expect(res.status).toBe(200);
    const types = (res.body as { data: { types: { type: string; config: unknown }[] } }).data.types.map(
      (t) => t.type,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'zendesk',
        'jira',
        'hubspot',
        'sentry',
        'statuspage',
        'github-releases',
        'changelog-feed',
        'loki',
      ]),
    );
  });

  it('stores credentials write-only and sealed, and tests the connection', async () => {
    const put = await configure('jira', {
      type: 'jira',
      config: { baseUrl: vendor.baseUrl, knownIssueJql: 'project = KI', defectJql: '' },
      secrets: { email: 'ops@acme.test', apiToken: 'canary-jira-token-0123456789' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ok: true, data: { id: 'jira', type: 'jira', hasSecrets: true } });
    const list = await request(rt.app).get('/v1/admin/connectors').set(auth);
    expect(JSON.stringify(list.body)).not.toContain('canary-jira-token');
    const [row] = await rt.db.query<{ sealed_secrets: string }>(
      "select sealed_secrets from connectors where tenant_id = 'demo' and id = 'jira'",
    );
    expect(row?.sealed_secrets).toMatch(/^v1\./);
    expect(row?.sealed_secrets).not.toContain('canary-jira-token');

    const ok = await request(rt.app).post('/v1/admin/connectors/jira/test').set(auth);
    expect(ok.body).toMatchObject({ ok: true, data: { ok: true, status: 'ok' } });
    // An update without secrets keeps them; new wrong secrets are caught by the test.
    await configure('jira', {
      type: 'jira',
      config: { baseUrl: vendor.baseUrl, knownIssueJql: 'project = KI', defectJql: '' },
    });
    expect((await request(rt.app).post('/v1/admin/connectors/jira/test').set(auth)).body).toMatchObject({
      data: { ok: true },
    });
    await configure('jira', {
      type: 'jira',
      config: { baseUrl: vendor.baseUrl, knownIssueJql: 'project = KI', defectJql: '' },
      secrets: { email: 'ops@acme.test', apiToken: 'wrong-token-000000000000' },
    });
    const bad = await request(rt.app).post('/v1/admin/connectors/jira/test').set(auth);
    expect(bad.body).toMatchObject({
      data: { ok: false, status: 'failed', message: expect.stringContaining('credentials') as string },
    });
    await configure('jira', {
      type: 'jira',
      config: { baseUrl: vendor.baseUrl, knownIssueJql: 'project = KI', defectJql: '' },
      secrets: { email: 'ops@acme.test', apiToken: 'canary-jira-token-0123456789' },
    });
  });

  it('refuses unknown types, invalid configuration and private or metadata addresses, storing nothing', async () => {
    const before = await request(rt.app).get('/v1/admin/connectors').set(auth);
    const cases = [
      { type: 'nope', config: {} },
      { type: 'hubspot', config: { portalId: 'not-digits' }, secrets: { accessToken: 'x' } },
      {
        type: 'sentry',
        config: { baseUrl: 'http://169.254.169.254', organization: 'acme' },
        secrets: { authToken: 't' },
      },
      {
        type: 'sentry',
        config: { baseUrl: 'https://10.0.0.5', organization: 'acme' },
        secrets: { authToken: 't' },
      },
    ];
    for (const body of cases) {
      const res = await configure('bad', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
    const after = await request(rt.app).get('/v1/admin/connectors').set(auth);
    expect(after.body).toEqual(before.body);
  });
});

describe('a packet through real connectors', () => {
  beforeAll(async () => {
    for (const [id, body] of Object.entries({
      crm: {
        type: 'hubspot',
        config: { baseUrl: vendor.baseUrl, portalId: '20481234', ownerLookup: false },
        secrets: { accessToken: 'pat-na1-canary' },
      },
      errors: {
        type: 'sentry',
        config: { baseUrl: vendor.baseUrl, organization: 'acme' },
        secrets: { authToken: 'sntrys_canary' },
      },
      'gh-releases': {
        type: 'github-releases',
        config: {
          baseUrl: vendor.baseUrl,
          repositories: [{ owner: 'acme', repo: 'checkout', product: 'payments' }],
        },
        secrets: {},
      },
    })) {
      expect((await configure(id, body)).status).toBe(200);
    }
  });

  it('marks a hung, a failing and a rate-limited source in the packet, within the deadline, keeping the rest', async () => {
    mode = 'faulty';
    const res = await request(rt.app).get('/v1/cases/ZD-10675/packet?refresh=true').set(auth);
    mode = 'healthy';
    expect(res.status).toBe(200);
    const p = TriagePacket.parse((res.body as { data: unknown }).data);
    const status = Object.fromEntries(p.completeness.sources.map((s) => [s.source, s]));
    expect(status.errors).toMatchObject({ status: 'failed', reason: 'no answer within 700 ms' });
    expect(status.jira).toMatchObject({ status: 'failed', reason: 'the source is unavailable (HTTP 500)' });
    expect(status.crm).toMatchObject({
      status: 'failed',
      reason: 'rate limited by the source (retry after 7 s)',
    });
    expect(status['gh-releases']?.status).toBe('ok');
    expect(status.billing?.status).toBe('ok');
    expect(p.completeness.score).toBeLessThan(1);
    expect(p.evidence.some((e) => e.source === 'gh-releases')).toBe(true);
  });

  it('lets no PII canary from any source reach stored evidence, packets, logs or error responses', async () => {
    const res = await request(rt.app).get('/v1/cases/ZD-10675/packet?refresh=true').set(auth);
    expect(res.status).toBe(200);
    const p = TriagePacket.parse((res.body as { data: unknown }).data);
    expect(p.evidence.some((e) => e.source === 'crm' && e.redactions.some((r) => r.kind === 'email'))).toBe(
      true,
    );
    const release = p.evidence.find((e) => e.source === 'gh-releases');
    expect(release?.redactions.map((r) => r.kind).sort()).toEqual(['card', 'email', 'secret']);
    // It held a secret: marked sensitive, its text withheld until someone approves revealing it.
    expect(release).toMatchObject({ sensitive: true, excerpt: '' });
    const stored = await rt.db.query<{ item: unknown }>("select item from evidence where tenant_id = 'demo'");
    const packets = await rt.db.query<{ packet: unknown }>(
      "select packet from packets where tenant_id = 'demo'",
    );
    const errors = [
      await request(rt.app)
        .put('/v1/admin/connectors/x')
        .set(auth)
        .send({
          type: 'hubspot',
          config: { portalId: HUBSPOT_CANARY.email },
          secrets: { accessToken: HUBSPOT_CANARY.token },
        }),
      await request(rt.app)
        .post('/v1/packets')
        .set(auth)
        .send({ case: { id: 42, subject: HUBSPOT_CANARY.email } }),
    ].map((r) => JSON.stringify(r.body));
    const haystacks = {
      evidence: JSON.stringify(stored),
      packets: JSON.stringify(packets),
      logs: logs.join('\n'),
      errors: errors.join('\n'),
    };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const canary of CANARIES) expect(text.includes(canary), `${canary} in ${where}`).toBe(false);
    }
    expect(logs.length).toBeGreaterThan(0);
  });
});
