import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import type { Evidence } from '@triage/shared';
import { ConnectorError } from '../errors';
import type { ConnectorSource } from '../definition';
import { startFakeServer, type FakeHandler, type FakeServer } from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { EvidenceQuery } from '../types';
import { statuspageConnector } from './index';
import {
  PAGE_ID,
  spComponent,
  spErrors,
  spIncident,
  spIncidentUpdate,
  spIncidents,
  spManageIncident,
  spManagePage,
  spSummary,
} from './fixtures';

const NOW = new Date('2026-11-20T12:00:00Z');
const API_KEY = 'sp_test_key_4f8a1b2c3d4e5f60';
const MANAGE = `/v1/pages/${PAGE_ID}`;

let server: FakeServer;
let handler: FakeHandler;

beforeAll(async () => {
  server = await startFakeServer((req) => handler(req));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  handler = () => ({ status: 500, body: spErrors.serverError });
});

function publicSource(config: Record<string, unknown> = {}): ConnectorSource {
  return statuspageConnector.create({
    id: 'status',
    config: statuspageConnector.configSchema.parse({
      mode: 'public',
      baseUrl: server.baseUrl,
      componentProducts: { b13yz5g2cw10: 'platform-api', Exports: 'reports' },
      ...config,
    }),
    secrets: statuspageConnector.secretsSchema.parse({}),
    context: testConnectorContext({}, NOW),
  });
}

function manageSource(
  config: Record<string, unknown> = {},
  secrets: Record<string, unknown> = { apiKey: API_KEY },
) {
  return statuspageConnector.create({
    id: 'status-manage',
    config: statuspageConnector.configSchema.parse({
      mode: 'manage',
      baseUrl: server.baseUrl,
      pageId: PAGE_ID,
      pageUrl: 'https://status.acme.example',
      componentProducts: { b13yz5g2cw10: 'platform-api', Exports: 'reports' },
      ...config,
    }),
    secrets: statuspageConnector.secretsSchema.parse(secrets),
    context: testConnectorContext({}, NOW),
  });
}

function query(signal = neverAborted()): EvidenceQuery {
  return {
    tenant: 'acme-support',
    record: {
      id: 'ZD-4411',
      subject: 'Exports keep timing out',
      requester: { id: '901', email: 'pat.lee@example.com', name: 'Pat Lee' },
      custom_fields: { account_id: 'acct_1042' },
    },
    window: { from: new Date('2026-11-13T12:00:00Z'), to: NOW },
    now: NOW,
    signal,
  };
}

async function connectorError(p: Promise<unknown>): Promise<ConnectorError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

const openIncident = spIncident();
const resolvedInWindow = spIncident({
  id: 'r3s0lv3d0001',
  name: 'Login failures for some workspaces',
  status: 'resolved',
  impact: 'minor',
  created_at: '2026-11-15T07:00:00.000Z',
  started_at: '2026-11-15T06:55:00.000Z',
  resolved_at: '2026-11-15T08:10:00.000Z',
  updated_at: '2026-11-15T08:10:00.000Z',
  shortlink: null,
  // Older incidents may list no components; the updates still name them.
  components: [],
  incident_updates: [
    spIncidentUpdate({
      id: 'u1',
      status: 'investigating',
      body: 'Investigating login failures.',
      created_at: '2026-11-15T07:00:00.000Z',
      display_at: '2026-11-15T07:00:00.000Z',
      affected_components: [
        { code: 'b13yz5g2cw10', name: 'API', old_status: 'operational', new_status: 'major_outage' },
      ],
    }),
    spIncidentUpdate({
      id: 'u2',
      status: 'resolved',
      body: 'Logins work again; a bad certificate rotation was rolled back.',
      created_at: '2026-11-15T08:10:00.000Z',
      display_at: '2026-11-15T08:10:00.000Z',
      affected_components: [
        { code: 'b13yz5g2cw10', name: 'API', old_status: 'major_outage', new_status: 'operational' },
      ],
    }),
  ],
});
const resolvedBefore = spIncident({
  id: 'old000000001',
  name: 'Webhook delays',
  status: 'postmortem',
  created_at: '2026-11-01T07:00:00.000Z',
  started_at: '2026-11-01T07:00:00.000Z',
  resolved_at: '2026-11-01T09:00:00.000Z',
  updated_at: '2026-11-03T09:00:00.000Z',
});
const components = [
  spComponent({
    id: 'b13yz5g2cw10',
    name: 'API',
    status: 'partial_outage',
    updated_at: '2026-11-20T08:02:11.340Z',
  }),
  spComponent({
    id: 'x7k2m9p4q1rt',
    name: 'Exports',
    status: 'degraded_performance',
    updated_at: '2026-11-20T03:05:00-05:00',
    group_id: 'grp000core01',
  }),
  spComponent({ id: 'n4w8v2c6b0aa', name: 'Web app', status: 'operational' }),
  spComponent({ id: 'grp000core01', name: 'Core', status: 'partial_outage', group: true }),
];

const happyPublic: FakeHandler = (req) => {
  if (req.path === '/api/v2/summary.json')
    return { body: spSummary(server.baseUrl, components, [openIncident]) };
  if (req.path === '/api/v2/incidents.json')
    return { body: spIncidents(server.baseUrl, [openIncident, resolvedInWindow, resolvedBefore]) };
  return { status: 404, body: 'Not Found' };
};

describe('statuspage connector: public page', () => {
  it('reports open and in-window incidents and every non-operational component', async () => {
    handler = happyPublic;
    const evidence = await publicSource().fetch(query());

    expect(evidence.map((e) => e.id)).toEqual([
      'status:incident:cp306tmzcl0y',
      'status:incident:r3s0lv3d0001',
      'status:status-component:b13yz5g2cw10',
      'status:status-component:x7k2m9p4q1rt',
    ]);
    const [open, resolved, api, exportsComponent] = evidence as [Evidence, Evidence, Evidence, Evidence];
    expect(open).toMatchObject({
      source: 'status',
      kind: 'incident',
      title: 'Elevated export latency',
      excerpt:
        'The export queue is backed up after a database failover; exports are delayed by up to 40 minutes.',
      url: 'https://stspg.io/5kz9q8m4t1',
      observedAt: '2026-11-20T08:04:51.482Z',
      attributes: {
        product: 'reports',
        components: ['Web app', 'Exports'],
        status: 'identified',
        impact: 'major',
        startedAt: '2026-11-20T08:04:51.482Z',
        resolvedAt: null,
      },
    });
    expect(resolved).toMatchObject({
      kind: 'incident',
      title: 'Login failures for some workspaces',
      excerpt: 'Logins work again; a bad certificate rotation was rolled back.',
      url: `${server.baseUrl}/incidents/r3s0lv3d0001`,
      observedAt: '2026-11-15T06:55:00.000Z',
      attributes: {
        product: 'platform-api',
        components: ['API'],
        status: 'resolved',
        impact: 'minor',
        startedAt: '2026-11-15T06:55:00.000Z',
        resolvedAt: '2026-11-15T08:10:00.000Z',
      },
    });
    expect(api).toMatchObject({
      kind: 'status-component',
      title: 'API',
      excerpt: 'API: partial outage',
      url: server.baseUrl,
      observedAt: '2026-11-20T08:02:11.340Z',
      attributes: { product: 'platform-api', status: 'partial_outage' },
    });
    expect(exportsComponent).toMatchObject({
      observedAt: '2026-11-20T08:05:00.000Z',
      attributes: { product: 'reports', status: 'degraded_performance', groupId: 'grp000core01' },
    });
  });

  it('calls summary.json and incidents.json without credentials', async () => {
    handler = happyPublic;
    await publicSource().fetch(query());
    expect(server.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/v2/incidents.json',
      'GET /api/v2/summary.json',
    ]);
    for (const r of server.requests) expect(r.headers.authorization).toBeUndefined();
  });

  it('reports the product unknown for an incident on components the tenant did not map', async () => {
    handler = happyPublic;
    const evidence = await publicSource({ componentProducts: {} }).fetch(query());
    expect(evidence.map((e) => e.attributes.product)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('returns [] when everything is operational and nothing happened in the window', async () => {
    handler = (req) =>
      req.path === '/api/v2/summary.json'
        ? { body: spSummary(server.baseUrl, [spComponent()], []) }
        : { body: spIncidents(server.baseUrl, [resolvedBefore]) };
    expect(await publicSource().fetch(query())).toEqual([]);
  });

  it('never lets a PII canary from a Statuspage payload into evidence text', async () => {
    const canary =
      'canary.person@example.org paid with 4111 1111 1111 1111 using sk_live_canary0123456789abcd';
    handler = (req) =>
      req.path === '/api/v2/summary.json'
        ? {
            body: spSummary(
              server.baseUrl,
              [spComponent({ name: `Billing for ${canary}`, status: 'major_outage' })],
              [],
            ),
          }
        : {
            body: spIncidents(server.baseUrl, [
              spIncident({
                name: `Charges failing for ${canary}`,
                incident_updates: [spIncidentUpdate({ body: `Customer ${canary} reported it.` })],
              }),
            ]),
          };
    const evidence = await publicSource().fetch(query());
    expect(evidence.map((e) => e.kind)).toEqual(['incident', 'status-component']);
    for (const e of evidence) {
      for (const text of [e.title, e.excerpt]) {
        expect(text).not.toContain('canary.person@example.org');
        expect(text).not.toContain('4111 1111 1111 1111');
        expect(text).not.toContain('sk_live_canary0123456789abcd');
      }
      expect(e.sensitive).toBe(true);
    }
  });

  it('tests the connection with summary.json', async () => {
    handler = happyPublic;
    await publicSource().testConnection(neverAborted());
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v2/summary.json']);
  });
});

describe('statuspage connector: manage API', () => {
  const manageHandler =
    (pages: Record<string, unknown[]>): FakeHandler =>
    (req) => {
      if (req.path === `${MANAGE}/incidents/unresolved`) return { body: [spManageIncident()] };
      if (req.path === `${MANAGE}/incidents`) return { body: pages[req.query.get('page') ?? ''] ?? [] };
      if (req.path === `${MANAGE}/components`)
        return {
          body:
            { '1': components.slice(0, 2), '2': components.slice(2, 3) }[req.query.get('page') ?? ''] ?? [],
        };
      if (req.path === MANAGE) return { body: spManagePage() };
      return { status: 404, body: spErrors.notFound };
    };

  it('sends the documented requests with the OAuth key and follows pages, at most three', async () => {
    const inWindow = (n: number) =>
      spManageIncident({
        id: `inc${n}`,
        status: 'resolved',
        resolved_at: '2026-11-18T10:00:00Z',
        shortlink: null,
      });
    handler = manageHandler({
      '1': [spManageIncident(), inWindow(1)],
      '2': [inWindow(2), inWindow(3)],
      '3': [inWindow(4), inWindow(5)],
      '4': [inWindow(6), inWindow(7)],
    });
    const evidence = await manageSource({ pageSize: 2 }).fetch(query());

    for (const r of server.requests) expect(r.headers.authorization).toBe(`OAuth ${API_KEY}`);
    const incidentPages = server.requests.filter((r) => r.path === `${MANAGE}/incidents`);
    expect(incidentPages.map((r) => [r.query.get('page'), r.query.get('limit')])).toEqual([
      ['1', '2'],
      ['2', '2'],
      ['3', '2'],
    ]);
    const unresolved = server.requests.filter((r) => r.path === `${MANAGE}/incidents/unresolved`);
    expect(unresolved.map((r) => r.query.get('per_page'))).toEqual(['2']);
    const componentPages = server.requests.filter((r) => r.path === `${MANAGE}/components`);
    expect(componentPages.map((r) => [r.query.get('page'), r.query.get('per_page')])).toEqual([
      ['1', '2'],
      ['2', '2'],
    ]);
    const incidents = evidence.filter((e) => e.kind === 'incident');
    expect(incidents.map((e) => e.id)).toEqual([
      'status-manage:incident:cp306tmzcl0y',
      ...[1, 2, 3, 4, 5].map((n) => `status-manage:incident:inc${n}`),
    ]);
    // Without a shortlink the incident links to the configured public page.
    expect(incidents[1]?.url).toBe('https://status.acme.example/incidents/inc1');
    expect(evidence.filter((e) => e.kind === 'status-component').map((e) => e.url)).toEqual([
      'https://status.acme.example',
      'https://status.acme.example',
    ]);
  });

  it('stops paging once a page lies wholly before the case window', async () => {
    handler = manageHandler({ '1': [resolvedBefore, resolvedBefore], '2': [spManageIncident()] });
    await manageSource({ pageSize: 2 }).fetch(query());
    expect(server.requests.filter((r) => r.path === `${MANAGE}/incidents`)).toHaveLength(1);
  });

  it('leaves out maintenances that have not started', async () => {
    handler = manageHandler({
      '1': [
        spManageIncident({
          id: 'mnt1',
          status: 'scheduled',
          impact: 'maintenance',
          scheduled_for: '2026-11-25T00:00:00Z',
        }),
      ],
    });
    const evidence = await manageSource().fetch(query());
    expect(evidence.filter((e) => e.kind === 'incident').map((e) => e.id)).toEqual([
      'status-manage:incident:cp306tmzcl0y',
    ]);
  });

  it('tests the connection with GET /v1/pages/{page_id}', async () => {
    handler = manageHandler({});
    await manageSource().testConnection(neverAborted());
    expect(server.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      [MANAGE, `OAuth ${API_KEY}`],
    ]);
  });

  it('refuses to run without an API key, before any request', async () => {
    handler = manageHandler({});
    expect((await connectorError(manageSource({}, {}).fetch(query()))).code).toBe('config');
    expect((await connectorError(manageSource({}, {}).testConnection(neverAborted()))).code).toBe('config');
    expect(server.requests).toHaveLength(0);
  });

  it('maps 401 to auth without echoing the key or the body', async () => {
    handler = () => ({ status: 401, body: spErrors.unauthorized });
    const e = await connectorError(manageSource().fetch(query()));
    expect(e.code).toBe('auth');
    expect(e.message).not.toContain(API_KEY);
    expect(e.message).not.toContain('Could not authenticate');
  });

  it('maps an unknown page (404) to not_found', async () => {
    handler = () => ({ status: 404, body: spErrors.notFound });
    expect((await connectorError(manageSource().testConnection(neverAborted()))).code).toBe('not_found');
  });

  it('maps 420 and 429 with Retry-After to rate_limited with retryAfterMs', async () => {
    for (const status of [420, 429]) {
      handler = () => ({ status, headers: { 'Retry-After': '7' }, body: spErrors.rateLimited });
      const e = await connectorError(manageSource().fetch(query()));
      expect([status, e.code, e.retryAfterMs]).toEqual([status, 'rate_limited', 7000]);
    }
  });
});

describe('statuspage connector: faults on the public page', () => {
  it('maps 404 to not_found', async () => {
    handler = () => ({ status: 404, body: 'Not Found' });
    expect((await connectorError(publicSource().testConnection(neverAborted()))).code).toBe('not_found');
  });

  it('maps 429 with Retry-After: 7 to rate_limited with retryAfterMs 7000', async () => {
    handler = () => ({ status: 429, headers: { 'Retry-After': '7' }, body: spErrors.rateLimited });
    const e = await connectorError(publicSource().fetch(query()));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(7000);
  });

  it('maps 500 to unavailable', async () => {
    handler = () => ({ status: 500, body: spErrors.serverError });
    expect((await connectorError(publicSource().fetch(query()))).code).toBe('unavailable');
  });

  it('maps a body that is not the documented shape to bad_response', async () => {
    handler = (req) =>
      req.path === '/api/v2/summary.json'
        ? {
            body: {
              page: { id: PAGE_ID, name: 'Acme' },
              components: [{ id: 'x', status: 'operational' }],
              incidents: [],
            },
          }
        : { body: spIncidents(server.baseUrl, []) };
    expect((await connectorError(publicSource().fetch(query()))).code).toBe('bad_response');
    handler = () => ({ body: '<!doctype html><title>Status</title>' });
    expect((await connectorError(publicSource().fetch(query()))).code).toBe('bad_response');
  });

  it('rejects promptly with timeout when the packet deadline aborts hung requests', async () => {
    let seen = 0;
    let allArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (allArrived = resolve));
    handler = () => {
      // Both parallel calls must have reached the server before the abort, so none lands in a later test.
      if (++seen === 2) allArrived();
      return { hang: true };
    };
    const controller = new AbortController();
    const pending = publicSource().fetch(query(controller.signal));
    await arrived;
    controller.abort();
    expect((await connectorError(pending)).code).toBe('timeout');
  });
});

describe('statuspage connector: configuration', () => {
  it('needs a mode, fills the manage API origin and requires a page id there', () => {
    const schema = statuspageConnector.configSchema;
    expect(schema.safeParse({ baseUrl: 'https://acme.statuspage.io' }).success).toBe(false);
    expect(schema.parse({ mode: 'manage', pageId: PAGE_ID })).toMatchObject({
      baseUrl: 'https://api.statuspage.io',
      componentProducts: {},
    });
    expect(schema.safeParse({ mode: 'manage' }).success).toBe(false);
    expect(schema.parse({ mode: 'public', baseUrl: 'https://acme.statuspage.io/' })).toMatchObject({
      baseUrl: 'https://acme.statuspage.io',
    });
  });
});
