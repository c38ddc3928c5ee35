import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import type { CaseRecord, Evidence } from '@triage/shared';
import { ConnectorError } from '../errors';
import type { ConnectorSource } from '../definition';
import {
  startFakeServer,
  type FakeHandler,
  type FakeServer,
  type RecordedRequest,
} from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { EvidenceQuery } from '../types';
import { sentryConnector } from './index';
import {
  ORG,
  sentryErrors,
  sentryIssue,
  sentryLatestEvent,
  sentryLinkHeader,
  sentryOrganization,
  sentryProjects,
} from './fixtures';

const NOW = new Date('2026-11-20T12:00:00Z');
const TOKEN = 'sntrys_test_token_value_0123456789';
const EMAIL = 'pat.lee@example.com';
const ISSUES_PATH = `/api/0/organizations/${ORG}/issues/`;

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
  handler = () => ({ status: 500, body: sentryErrors.serverError });
});

function source(config: Record<string, unknown> = {}): ConnectorSource {
  return sentryConnector.create({
    id: 'sentry-prod',
    config: sentryConnector.configSchema.parse({ baseUrl: server.baseUrl, organization: ORG, ...config }),
    secrets: sentryConnector.secretsSchema.parse({ authToken: TOKEN }),
    context: testConnectorContext({}, NOW),
  });
}

function query(
  record: Partial<CaseRecord> = {},
  window = { from: new Date('2026-11-13T12:00:00Z'), to: NOW },
  signal = neverAborted(),
): EvidenceQuery {
  return {
    tenant: 'acme-support',
    record: {
      id: 'ZD-4411',
      subject: 'Exports keep timing out',
      requester: { id: '901', email: EMAIL, name: 'Pat Lee' },
      organization: { id: '77', name: 'Globex' },
      custom_fields: { account_id: 'acct_1042' },
      ...record,
    },
    window,
    now: NOW,
    signal,
  };
}

const issueRequests = () => server.requests.filter((r) => r.path === ISSUES_PATH);

async function connectorError(p: Promise<unknown>): Promise<ConnectorError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

const webIssue = sentryIssue({
  id: '4509870001',
  shortId: 'WEB-9A',
  title: 'ChunkLoadError: Loading chunk 7 failed.',
  culprit: 'webpack/runtime/jsonp chunk loading',
  count: '42',
  userCount: 5,
  firstSeen: '2026-11-19T08:00:00Z',
  lastSeen: '2026-11-20T09:15:00Z',
  metadata: { value: 'Loading chunk 7 failed.', filename: 'webpack/runtime/jsonp' },
  permalink: `https://${ORG}.sentry.io/issues/4509870001/`,
  project: { id: '4505550002', name: 'web', slug: 'web', platform: 'javascript-react' },
});
const staleIssue = sentryIssue({
  id: '4509860000',
  shortId: 'API-1',
  title: 'KeyError: plan',
  firstSeen: '2026-10-01T08:00:00Z',
  lastSeen: '2026-11-10T08:00:00Z',
});

/** A Sentry with two projects: the email finds the API timeout and the web chunk error, the account tag finds the timeout again and a stale issue. */
const happySentry: FakeHandler = (req) => {
  if (req.path === `/api/0/organizations/${ORG}/projects/`) return { body: sentryProjects() };
  if (req.path === ISSUES_PATH) {
    const q = req.query.get('query') ?? '';
    const link = { Link: sentryLinkHeader(`https://sentry.io${ISSUES_PATH}`, null) };
    if (q.includes('user.email:')) return { headers: link, body: [webIssue, sentryIssue()] };
    return { headers: link, body: [sentryIssue(), staleIssue] };
  }
  if (req.path === `/api/0/organizations/${ORG}/issues/4509871234/events/latest/`)
    return { body: sentryLatestEvent() };
  if (req.path === `/api/0/organizations/${ORG}/issues/4509870001/events/latest/`)
    return { status: 404, body: sentryErrors.notFound };
  return { status: 404, body: sentryErrors.notFound };
};

describe('sentry connector: evidence', () => {
  it('turns the customer’s unresolved issues into error-event evidence with release, product and signature', async () => {
    handler = happySentry;
    const evidence = await source({
      projects: ['api', 'web'],
      projectProducts: { api: 'reports-api' },
      environment: 'production',
    }).fetch(query());

    expect(evidence.map((e) => e.id)).toEqual([
      'sentry-prod:error-event:4509871234',
      'sentry-prod:error-event:4509870001',
    ]);
    const [api, web] = evidence as [Evidence, Evidence];
    expect(api).toMatchObject({
      source: 'sentry-prod',
      kind: 'error-event',
      title: 'TimeoutError: upstream timed out',
      url: `https://${ORG}.sentry.io/issues/4509871234/`,
      observedAt: '2026-11-20T10:41:07.119Z',
      attributes: {
        product: 'reports-api',
        release: 'api@2026.11.3',
        count: 1287,
        signature: 'TimeoutError',
        shortId: 'API-3F2',
        project: 'api',
        userCount: 14,
        environment: 'production',
      },
    });
    expect(api.excerpt).toContain('1287 event(s), 14 user(s)');
    expect(api.excerpt).toContain('release api@2026.11.3');
    // The web issue's latest event is gone (404): still evidence, without a release; signature from the title.
    expect(web).toMatchObject({
      title: 'ChunkLoadError: Loading chunk 7 failed.',
      url: `https://${ORG}.sentry.io/issues/4509870001/`,
      observedAt: '2026-11-20T09:15:00.000Z',
      attributes: { product: 'web', release: null, count: 42, signature: 'ChunkLoadError' },
    });
  });

  it('sends the documented requests: Bearer token, issue search per identifier, project ids, period, limit', async () => {
    handler = happySentry;
    const src = source({ projects: ['api', 'web'], environment: 'production' });
    await src.fetch(query());
    await src.fetch(query());

    for (const r of server.requests) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
    // Slugs are resolved to ids once per instance, not per build.
    expect(server.requests.filter((r) => r.path.endsWith('/projects/'))).toHaveLength(1);
    const searches = issueRequests().slice(0, 2);
    expect(searches.map((r) => r.query.get('query')).sort()).toEqual([
      'is:unresolved account_id:acct_1042',
      `is:unresolved user.email:${EMAIL}`,
    ]);
    for (const r of searches) {
      expect(r.query.getAll('project')).toEqual(['4505550001', '4505550002']);
      expect(r.query.get('statsPeriod')).toBe('14d');
      expect(r.query.get('environment')).toBe('production');
      expect(r.query.get('limit')).toBe('25');
      expect(r.query.get('sort')).toBe('date');
      expect(r.query.has('cursor')).toBe(false);
    }
    const latest = server.requests.filter((r) => r.path.endsWith('/events/latest/'));
    expect(latest.map((r) => r.path)).toContain(
      `/api/0/organizations/${ORG}/issues/4509871234/events/latest/`,
    );
    expect(latest.every((r) => r.query.get('environment') === 'production')).toBe(true);
  });

  it('uses the configured account tag and quotes values that are not plain tokens', async () => {
    handler = happySentry;
    await source({ accountTag: 'customer.id', accountField: 'acct' }).fetch(
      query({ requester: { name: 'Pat' }, custom_fields: { acct: 'Globex "EU" 7' } }),
    );
    expect(issueRequests().map((r) => r.query.get('query'))).toEqual([
      'is:unresolved customer.id:"Globex \\"EU\\" 7"',
    ]);
    // No projects configured: every project the token can see.
    expect(issueRequests()[0]?.query.getAll('project')).toEqual(['-1']);
  });

  it('reads the product from the configured product tag of the latest event', async () => {
    handler = happySentry;
    const evidence = await source({ productTag: 'product', projectProducts: { api: 'reports-api' } }).fetch(
      query({ requester: { name: 'Pat' } }),
    );
    expect(evidence.map((e) => [e.id, e.attributes.product])).toEqual([
      ['sentry-prod:error-event:4509871234', 'reports'],
    ]);
  });

  it('drops issues not active in the case window and searches an old case by absolute range', async () => {
    handler = happySentry;
    const window = { from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-09-08T00:00:00Z') };
    const evidence = await source().fetch(query({ requester: { name: 'Pat' } }, window));
    expect(evidence).toEqual([]);
    const r = issueRequests()[0];
    expect(r?.query.has('statsPeriod')).toBe(false);
    expect(r?.query.get('start')).toBe('2026-09-01T00:00:00.000Z');
    expect(r?.query.get('end')).toBe('2026-09-08T00:00:00.000Z');
  });

  it('follows the Link cursor and stops after two pages', async () => {
    handler = (req) => {
      if (req.path !== ISSUES_PATH) return { status: 404, body: sentryErrors.notFound };
      const cursor = req.query.get('cursor');
      const page = cursor === null ? 1 : cursor === '1763500000000:0:0' ? 2 : 3;
      const next = page === 1 ? '1763500000000:0:0' : '1763400000000:0:0';
      return {
        headers: { Link: sentryLinkHeader(`https://sentry.io${ISSUES_PATH}`, next) },
        body: [sentryIssue({ id: `10${page}`, lastSeen: `2026-11-1${8 - page}T10:00:00Z` })],
      };
    };
    const evidence = await source({ enrichTop: 0 }).fetch(query({ custom_fields: {} }));
    expect(issueRequests().map((r) => r.query.get('cursor'))).toEqual([null, '1763500000000:0:0']);
    expect(evidence.map((e) => e.attributes.issueId)).toEqual(['101', '102']);
  });

  it('does not follow a next link whose results="false"', async () => {
    handler = (req) =>
      req.path === ISSUES_PATH
        ? { headers: { Link: sentryLinkHeader(`https://sentry.io${ISSUES_PATH}`, null) }, body: [] }
        : { status: 404, body: sentryErrors.notFound };
    expect(await source().fetch(query({ custom_fields: {} }))).toEqual([]);
    expect(issueRequests()).toHaveLength(1);
  });

  it('returns [] without calling Sentry when the case names no requester email or account', async () => {
    expect(await source().fetch(query({ requester: { name: 'Pat' }, custom_fields: {} }))).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('never lets a PII canary from a Sentry payload into evidence text', async () => {
    const canary =
      'canary.person@example.org paid with 4111 1111 1111 1111 using sk_live_canary0123456789abcd';
    handler = (req) =>
      req.path === ISSUES_PATH
        ? {
            body: [
              sentryIssue({
                title: `PaymentError: ${canary}`,
                culprit: `checkout for ${canary}`,
                metadata: { type: 'PaymentError', value: canary },
              }),
            ],
          }
        : { body: sentryLatestEvent({ release: { version: 'api@2026.11.3' } }) };
    const evidence = await source().fetch(query());
    expect(evidence).toHaveLength(1);
    for (const e of evidence) {
      for (const text of [e.title, e.excerpt, JSON.stringify(e)]) {
        expect(text).not.toContain('canary.person@example.org');
        expect(text).not.toContain('4111 1111 1111 1111');
        expect(text).not.toContain('sk_live_canary0123456789abcd');
      }
      expect(e.sensitive).toBe(true);
      expect(e.redactions.map((r) => r.kind).sort()).toEqual(['card', 'email', 'secret']);
    }
  });
});

describe('sentry connector: faults', () => {
  const failing =
    (res: ReturnType<FakeHandler>): FakeHandler =>
    (req: RecordedRequest) =>
      req.path === ISSUES_PATH ? res : { body: sentryLatestEvent() };

  it('maps 401 to auth without echoing the body, token or email', async () => {
    handler = failing({ status: 401, body: sentryErrors.unauthorized });
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('auth');
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).not.toContain(EMAIL);
    expect(e.message).not.toContain('Invalid token');
  });

  it('maps 429 with Retry-After to rate_limited with retryAfterMs', async () => {
    handler = failing({
      status: 429,
      headers: sentryErrors.rateLimitHeaders,
      body: sentryErrors.rateLimited,
    });
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(7000);
  });

  it('maps 500 to unavailable', async () => {
    handler = failing({ status: 500, body: sentryErrors.serverError });
    expect((await connectorError(source().fetch(query()))).code).toBe('unavailable');
  });

  it('maps a body that is not the documented shape to bad_response', async () => {
    handler = failing({ body: [sentryIssue({ count: 'lots', id: undefined })] });
    expect((await connectorError(source().fetch(query()))).code).toBe('bad_response');
    handler = failing({ body: '<html>maintenance</html>' });
    expect((await connectorError(source().fetch(query()))).code).toBe('bad_response');
  });

  it('maps a 404 on the latest-event enrichment to no release, but a 401 there to auth', async () => {
    handler = (req) =>
      req.path === ISSUES_PATH ? { body: [sentryIssue()] } : { status: 401, body: sentryErrors.unauthorized };
    expect((await connectorError(source().fetch(query()))).code).toBe('auth');
  });

  it('refuses a configured project slug the organization does not have', async () => {
    handler = (req) => (req.path.endsWith('/projects/') ? { body: sentryProjects() } : { body: [] });
    const e = await connectorError(source({ projects: ['billing'] }).fetch(query()));
    expect(e.code).toBe('config');
    expect(issueRequests()).toHaveLength(0);
  });

  it('rejects promptly with timeout when the packet deadline aborts a hung request', async () => {
    let arrived!: () => void;
    const hung = new Promise<void>((resolve) => (arrived = resolve));
    handler = () => {
      arrived();
      return { hang: true };
    };
    const controller = new AbortController();
    // One identifier, so exactly one request is in flight when the deadline fires.
    const pending = source().fetch(query({ custom_fields: {} }, undefined, controller.signal));
    await hung;
    controller.abort();
    expect((await connectorError(pending)).code).toBe('timeout');
  });
});

describe('sentry connector: testConnection', () => {
  it('reads the organization with the Bearer token', async () => {
    handler = (req) =>
      req.path === `/api/0/organizations/${ORG}/` ? { body: sentryOrganization() } : { status: 404 };
    await source().testConnection(neverAborted());
    expect(server.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', `/api/0/organizations/${ORG}/`, `Bearer ${TOKEN}`],
    ]);
  });

  it('maps an unknown organization (404) to not_found and a bad token (401) to auth', async () => {
    handler = () => ({ status: 404, body: sentryErrors.notFound });
    expect((await connectorError(source().testConnection(neverAborted()))).code).toBe('not_found');
    handler = () => ({ status: 401, body: sentryErrors.unauthorized });
    expect((await connectorError(source().testConnection(neverAborted()))).code).toBe('auth');
  });
});

describe('sentry connector: configuration', () => {
  it('fills the documented defaults and refuses a tag key that could change the search', () => {
    const config = sentryConnector.configSchema.parse({ organization: ORG });
    expect(config).toMatchObject({ baseUrl: 'https://sentry.io', accountTag: 'account_id', projects: [] });
    expect(
      sentryConnector.configSchema.safeParse({ organization: ORG, accountTag: 'a b OR x' }).success,
    ).toBe(false);
    expect(sentryConnector.secretsSchema.safeParse({}).success).toBe(false);
  });
});
