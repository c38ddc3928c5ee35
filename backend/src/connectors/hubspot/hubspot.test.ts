import { describe, it, expect, beforeAll, afterAll, beforeEach, vi } from 'vitest';
import { Evidence, type CaseRecord } from '@triage/shared';
import { AccountFacts } from '../../domain/triage/evidence-attributes';
import { createGuardedClient } from '../../infrastructure/http';
import type { ConnectorSource } from '../definition';
import { ConnectorError } from '../errors';
import {
  startFakeServer,
  type FakeHandler,
  type FakeServer,
  type RecordedRequest,
} from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { EvidenceQuery } from '../types';
import {
  ACCESS_TOKEN,
  CANARY,
  COMPANY_ID,
  DEALS,
  INTERNAL_ERROR,
  NOT_FOUND,
  OWNER_ID,
  OWNER_NOT_FOUND,
  PORTAL_ID,
  RATE_LIMITED,
  RATE_LIMIT_HEADERS,
  UNAUTHORIZED,
  companyList,
  companyObject,
  companySearch,
  dealAssociations,
  dealBatch,
  dealObject,
  ownerObject,
} from './fixtures';
import { hubspotConnector, hubspotConfigSchema, hubspotSecretsSchema } from './index';

const SOURCE_ID = 'hubspot-main';
const SEARCH = '/crm/v3/objects/companies/search';
const ASSOCIATIONS = `/crm/v4/objects/companies/${COMPANY_ID}/associations/deals`;
const BATCH = '/crm/v3/objects/deals/batch/read';
const OWNER = `/crm/v3/owners/${OWNER_ID}`;

let server: FakeServer;
let handler: FakeHandler;

/** The documented happy path: a domain hit, four associated deals on one page, the owner found. */
const happy: FakeHandler = (req) => {
  if (req.method === 'POST' && req.path === SEARCH) return { body: companySearch() };
  if (req.method === 'GET' && req.path === ASSOCIATIONS)
    return { body: dealAssociations([18001, 18002, 18003, 18004]) };
  if (req.method === 'POST' && req.path === BATCH) return { body: dealBatch() };
  if (req.method === 'GET' && req.path === OWNER) return { body: ownerObject() };
  if (req.method === 'GET' && req.path === '/crm/v3/objects/companies') return { body: companyList() };
  return { status: 404, body: NOT_FOUND };
};

/** Overrides one route of the happy path. */
function route(path: string, method: string, answer: FakeHandler): FakeHandler {
  return (req) => (req.path === path && req.method === method ? answer(req) : happy(req));
}

beforeAll(async () => {
  server = await startFakeServer((req) => handler(req));
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  handler = happy;
  server.requests.length = 0;
});

function source(config: Record<string, unknown> = {}): ConnectorSource {
  return hubspotConnector.create({
    id: SOURCE_ID,
    config: hubspotConfigSchema.parse({ baseUrl: server.baseUrl, portalId: PORTAL_ID, ...config }),
    secrets: hubspotSecretsSchema.parse({ accessToken: ACCESS_TOKEN }),
    context: testConnectorContext(),
  });
}

function query(record: Partial<CaseRecord> = {}, signal: AbortSignal = neverAborted()): EvidenceQuery {
  return {
    tenant: 'acme-support',
    record: {
      id: '48213',
      subject: 'Robot arm calibration fails after update',
      requester: { id: '9001', email: 'jane.doe@acme-robotics.com', name: 'Jane Doe' },
      organization: { id: '361', name: 'Acme Robotics' },
      created_at: '2026-11-20T11:40:00Z',
      ...record,
    },
    window: { from: new Date('2026-11-13T11:40:00Z'), to: new Date('2026-11-20T12:00:00Z') },
    now: new Date('2026-11-20T12:00:00Z'),
    signal,
  };
}

function sent(path: string, method = 'GET'): RecordedRequest[] {
  return server.requests.filter((r) => r.path === path && r.method === method);
}

function bodyOf(req: RecordedRequest | undefined): unknown {
  if (!req) throw new Error('request not sent');
  return JSON.parse(req.body) as unknown;
}

async function connectorError(promise: Promise<unknown>): Promise<ConnectorError> {
  const e = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

describe('hubspot connector: evidence', () => {
  it('turns the matched company and its deals into one account item the engine can read', async () => {
    const evidence = await source().fetch(query());

    expect(evidence).toHaveLength(1);
    const item = evidence[0];
    expect(Evidence.parse(item)).toEqual(item);
    expect(item).toMatchObject({
      id: `${SOURCE_ID}:account:${COMPANY_ID}`,
      source: SOURCE_ID,
      kind: 'account',
      title: 'Acme Robotics (enterprise)',
      url: `https://app.hubspot.com/contacts/${PORTAL_ID}/company/${COMPANY_ID}`,
      observedAt: '2026-11-18T09:30:12.345Z',
      sensitive: false,
      redactions: [],
    });
    expect(item?.attributes).toEqual({
      accountId: COMPANY_ID,
      name: 'Acme Robotics',
      tier: 'enterprise',
      arr: 185000,
      owner: 'Dana Whitfield',
      renewalDate: '2027-03-31',
      // The soonest-closing open deal; the won deal and the custom-pipeline lost deal do not count.
      openOpportunity:
        'Acme expansion 2027 (stage contractsent, amount 42,000, closes 2026-12-15); +1 more open',
      openDeals: 2,
      openDealId: '18001',
      domain: 'acme-robotics.com',
      matchedBy: 'domain',
      matchingCompanies: 1,
    });
    expect(item?.excerpt).toBe(
      'ARR 185,000; owner Dana Whitfield; renews 2027-03-31; open opportunity: Acme expansion 2027 (stage contractsent, amount 42,000, closes 2026-12-15); +1 more open; matched by email domain acme-robotics.com',
    );
    expect(AccountFacts.parse(item?.attributes)).toEqual({
      accountId: COMPANY_ID,
      name: 'Acme Robotics',
      tier: 'enterprise',
      arr: 185000,
      owner: 'Dana Whitfield',
    });
  });

  it('sends the documented requests with a bearer token', async () => {
    await source().fetch(query());

    for (const r of server.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(r.headers.accept).toBe('application/json');
    }
    const [search] = sent(SEARCH, 'POST');
    expect(search?.headers['content-type']).toBe('application/json');
    expect(bodyOf(search)).toEqual({
      filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'EQ', value: 'acme-robotics.com' }] }],
      properties: [
        'name',
        'domain',
        'hubspot_owner_id',
        'hs_lastmodifieddate',
        'tier',
        'arr',
        'renewal_date',
      ],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
      limit: 1,
    });

    const [assoc] = sent(ASSOCIATIONS);
    expect(assoc?.query.get('limit')).toBe('100');
    expect(assoc?.query.has('after')).toBe(false);

    expect(bodyOf(sent(BATCH, 'POST')[0])).toEqual({
      properties: ['dealname', 'dealstage', 'amount', 'closedate', 'pipeline', 'hs_is_closed'],
      propertiesWithHistory: [],
      inputs: [{ id: '18001' }, { id: '18002' }, { id: '18003' }, { id: '18004' }],
    });

    const [owner] = sent(OWNER);
    expect(owner?.query.get('idProperty')).toBe('id');
    expect(owner?.query.get('archived')).toBe('false');
    expect(server.requests).toHaveLength(4);
  });

  it('reads the configured property names and builds links on the configured app host', async () => {
    handler = route(SEARCH, 'POST', () => ({
      body: companySearch([
        companyObject({
          properties: { support_level: 'tier_1', contract_arr: '99000.5', renewal_on: '1806451200000' },
        }),
      ]),
    }));
    const [item] = await source({
      tierProperty: 'support_level',
      arrProperty: 'contract_arr',
      renewalProperty: 'renewal_on',
      tierMap: { TIER_1: 'Enterprise' },
      appUrl: 'https://app-eu1.hubspot.com',
    }).fetch(query());

    const body = bodyOf(sent(SEARCH, 'POST')[0]) as { properties: string[] };
    expect(body.properties).toEqual(expect.arrayContaining(['support_level', 'contract_arr', 'renewal_on']));
    expect(item?.url).toBe(`https://app-eu1.hubspot.com/contacts/${PORTAL_ID}/company/${COMPANY_ID}`);
    // Mapped, then lower-cased; an epoch-millisecond date property becomes a calendar date.
    expect(item?.attributes).toMatchObject({ tier: 'enterprise', arr: 99000.5, renewalDate: '2027-03-31' });
  });

  it('leaves tier out rather than inventing one, and nulls what is not set', async () => {
    handler = route(SEARCH, 'POST', () => ({
      body: companySearch([
        companyObject({ properties: { tier: null, arr: '', renewal_date: null, hubspot_owner_id: null } }),
      ]),
    }));
    const [item] = await source().fetch(query());

    expect(item?.attributes).not.toHaveProperty('tier');
    expect(item?.attributes).toMatchObject({ arr: null, owner: null, renewalDate: null });
    expect(item?.title).toBe('Acme Robotics');
    expect(AccountFacts.safeParse(item?.attributes).success).toBe(false);
    expect(sent(OWNER)).toHaveLength(0);
  });

  it('falls back to the organization name when the domain matches nothing', async () => {
    handler = route(SEARCH, 'POST', (req) => {
      const { filterGroups } = JSON.parse(req.body) as {
        filterGroups: { filters: { propertyName: string }[] }[];
      };
      return filterGroups[0]?.filters[0]?.propertyName === 'name'
        ? { body: companySearch() }
        : { body: companySearch([]) };
    });
    const [item] = await source().fetch(query());

    const searches = sent(SEARCH, 'POST').map(bodyOf);
    expect(searches).toHaveLength(2);
    expect(searches[1]).toMatchObject({
      filterGroups: [{ filters: [{ propertyName: 'name', operator: 'EQ', value: 'Acme Robotics' }] }],
    });
    expect(item?.attributes).toMatchObject({ accountId: COMPANY_ID, matchedBy: 'name' });
    expect(item?.excerpt).toContain('matched by organization name');
  });

  it('does not search by a free-mail domain', async () => {
    await source().fetch(query({ requester: { email: 'jane.doe@gmail.com' } }));

    const searches = sent(SEARCH, 'POST').map(bodyOf);
    expect(searches).toEqual([
      expect.objectContaining({
        filterGroups: [{ filters: [{ propertyName: 'name', operator: 'EQ', value: 'Acme Robotics' }] }],
      }),
    ]);
  });

  it('returns [] when no company matches, and asks nothing when there is nothing to ask by', async () => {
    handler = route(SEARCH, 'POST', () => ({ body: companySearch([]) }));
    expect(await source().fetch(query())).toEqual([]);
    expect(sent(SEARCH, 'POST')).toHaveLength(2);
    expect(sent(ASSOCIATIONS)).toHaveLength(0);

    server.requests.length = 0;
    const record: Partial<CaseRecord> = { requester: { name: 'Jane Doe' } };
    const nothing = query(record);
    delete nothing.record.organization;
    expect(await source().fetch(nothing)).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('reports no open deals and skips the batch read when the company has no deals', async () => {
    handler = route(ASSOCIATIONS, 'GET', () => ({ body: dealAssociations([]) }));
    const [item] = await source().fetch(query());

    expect(item?.attributes).toMatchObject({ openOpportunity: null, openDeals: 0, openDealId: null });
    expect(item?.excerpt).toContain('no open deals');
    expect(sent(BATCH, 'POST')).toHaveLength(0);
  });

  it('treats a 207 batch read (some deals gone) as the deals that were found', async () => {
    handler = route(BATCH, 'POST', () => ({
      status: 207,
      body: {
        ...dealBatch([DEALS[3] ?? dealObject('18004')]),
        numErrors: 1,
        errors: [
          {
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: 'Could not get some DEAL objects, they may be deleted or not exist.',
            context: { ids: ['18001'] },
          },
        ],
      },
    }));
    const [item] = await source().fetch(query());
    expect(item?.attributes).toMatchObject({ openDeals: 1, openDealId: '18004' });
  });
});

describe('hubspot connector: owners', () => {
  it('does not call the owners API when ownerLookup is off', async () => {
    const [item] = await source({ ownerLookup: false }).fetch(query());
    expect(sent(OWNER)).toHaveLength(0);
    expect(item?.attributes).toMatchObject({ owner: null });
  });

  it('keeps the account when the owner no longer exists (404)', async () => {
    handler = route(OWNER, 'GET', () => ({ status: 404, body: OWNER_NOT_FOUND }));
    const [item] = await source().fetch(query());
    expect(item?.attributes).toMatchObject({ accountId: COMPANY_ID, owner: null });
  });

  it('never shows the owner e-mail', async () => {
    const [item] = await source().fetch(query());
    expect(JSON.stringify(item)).not.toContain('vendor-sales.example');
  });
});

describe('hubspot connector: pagination', () => {
  it('follows the association cursor and stops after maxPages', async () => {
    let page = 0;
    handler = route(ASSOCIATIONS, 'GET', () => {
      page += 1;
      // HubSpot may return short pages; a cursor that always continues must still end.
      return { body: dealAssociations([18000 + page], `cursor-${page}`) };
    });
    await source().fetch(query());

    const pages = sent(ASSOCIATIONS);
    expect(pages).toHaveLength(3);
    expect(pages.map((p) => p.query.get('after'))).toEqual([null, 'cursor-1', 'cursor-2']);
    expect(bodyOf(sent(BATCH, 'POST')[0])).toMatchObject({
      inputs: [{ id: '18001' }, { id: '18002' }, { id: '18003' }],
    });
  });

  it('stops at maxDeals and never asks for more than it will read', async () => {
    handler = route(ASSOCIATIONS, 'GET', () => ({
      body: dealAssociations([18001, 18002, 18003, 18004, 18005], 'more'),
    }));
    await source({ maxDeals: 2 }).fetch(query());

    const pages = sent(ASSOCIATIONS);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.query.get('limit')).toBe('2');
    expect(bodyOf(sent(BATCH, 'POST')[0])).toMatchObject({ inputs: [{ id: '18001' }, { id: '18002' }] });
  });

  it('stops when the cursor does not move', async () => {
    handler = route(ASSOCIATIONS, 'GET', () => ({ body: dealAssociations([18001], 'same') }));
    await source().fetch(query());
    expect(sent(ASSOCIATIONS)).toHaveLength(2);
  });
});

describe('hubspot connector: faults', () => {
  it('maps 401 to auth, without the token or body in the message', async () => {
    handler = () => ({ status: 401, body: UNAUTHORIZED });
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('auth');
    expect(e.message).not.toContain(ACCESS_TOKEN);
    expect(e.message).not.toContain('credentials not found');

    const t = await connectorError(source().testConnection(neverAborted()));
    expect(t.code).toBe('auth');
  });

  it('maps 404 on the connection test to not_found (wrong base URL)', async () => {
    handler = () => ({ status: 404, body: NOT_FOUND });
    const e = await connectorError(source().testConnection(neverAborted()));
    expect(e.code).toBe('not_found');
  });

  it('maps 429 with Retry-After to rate_limited with the wait', async () => {
    handler = route(ASSOCIATIONS, 'GET', () => ({
      status: 429,
      headers: { ...RATE_LIMIT_HEADERS, 'Retry-After': '7' },
      body: RATE_LIMITED,
    }));
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(7000);
    expect(e.retryable).toBe(true);
  });

  it('leaves retryAfterMs unset when HubSpot sends only its own rate-limit headers', async () => {
    handler = route(SEARCH, 'POST', () => ({ status: 429, headers: RATE_LIMIT_HEADERS, body: RATE_LIMITED }));
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterMs).toBeUndefined();
  });

  it('maps 500 to unavailable', async () => {
    handler = route(BATCH, 'POST', () => ({ status: 500, body: INTERNAL_ERROR }));
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('unavailable');
  });

  it('propagates owner faults other than 404', async () => {
    handler = route(OWNER, 'GET', () => ({ status: 503, body: INTERNAL_ERROR }));
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('unavailable');
  });

  it('maps a body of the wrong shape to bad_response', async () => {
    handler = route(SEARCH, 'POST', () => ({
      body: { total: 1, results: [{ id: 9876543210, properties: { name: 'Acme Robotics' } }] },
    }));
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('bad_response');
    expect(e.message).not.toContain('Acme');
  });

  it('maps a body that is not JSON to bad_response', async () => {
    handler = route(ASSOCIATIONS, 'GET', () => ({ body: '<html>Bad gateway</html>' }));
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('bad_response');
  });

  it.each([
    [SEARCH, 'POST'],
    [ASSOCIATIONS, 'GET'],
    [BATCH, 'POST'],
    [OWNER, 'GET'],
  ])('rejects promptly with timeout when aborted while %s hangs', async (path, method) => {
    handler = route(path, method, () => ({ hang: true }));
    // A client deadline far beyond the test's own: only the query's signal can end this in time.
    const context = {
      ...testConnectorContext(),
      http: createGuardedClient({
        timeoutMs: 600_000,
        maxResponseBytes: 2_000_000,
        allowInsecureLocal: true,
      }),
    };
    const slow = hubspotConnector.create({
      id: SOURCE_ID,
      config: hubspotConfigSchema.parse({ baseUrl: server.baseUrl, portalId: PORTAL_ID }),
      secrets: hubspotSecretsSchema.parse({ accessToken: ACCESS_TOKEN }),
      context,
    });
    const controller = new AbortController();
    const pending = slow.fetch(query({}, controller.signal));
    await vi.waitFor(() => {
      expect(sent(path, method)).toHaveLength(1);
    });
    controller.abort();
    const e = await connectorError(pending);
    expect(e.code).toBe('timeout');
    context.http.close();
  });
});

describe('hubspot connector: redaction', () => {
  it('never lets a PII canary from HubSpot into evidence', async () => {
    handler = (req) => {
      if (req.path === SEARCH)
        return {
          body: companySearch([
            companyObject({ properties: { name: `Acme Robotics (billing ${CANARY.email})` } }),
          ]),
        };
      if (req.path === BATCH)
        return {
          body: dealBatch([
            dealObject('18001', {
              dealname: `Renewal card ${CANARY.card} key ${CANARY.token}`,
              closedate: '2026-12-15T00:00:00Z',
            }),
          ]),
        };
      if (req.path === OWNER) return { body: ownerObject({ lastName: `Whitfield ${CANARY.email}` }) };
      return happy(req);
    };
    const evidence = await source().fetch(query());

    expect(evidence).toHaveLength(1);
    for (const item of evidence) {
      for (const text of [item.title, item.excerpt, JSON.stringify(item.attributes)]) {
        expect(text).not.toContain(CANARY.email);
        expect(text).not.toContain(CANARY.card);
        expect(text).not.toContain(CANARY.token);
      }
      expect(item.redactions.map((r) => r.kind).sort()).toEqual(['card', 'email', 'secret']);
      expect(item.sensitive).toBe(true);
    }
  });
});

describe('hubspot connector: connection test and configuration', () => {
  it('tests the connection with one cheap authenticated read', async () => {
    await source().testConnection(neverAborted());
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'GET', path: '/crm/v3/objects/companies' });
    expect(req?.query.get('limit')).toBe('1');
    expect(req?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  it('fills documented defaults and refuses what cannot be a HubSpot property', () => {
    expect(hubspotConfigSchema.parse({ portalId: 20481234 })).toEqual({
      baseUrl: 'https://api.hubapi.com',
      appUrl: 'https://app.hubspot.com',
      portalId: '20481234',
      tierProperty: 'tier',
      arrProperty: 'arr',
      renewalProperty: 'renewal_date',
      ownerLookup: true,
      tierMap: {},
      maxPages: 3,
      maxDeals: 100,
    });
    expect(hubspotConfigSchema.safeParse({ portalId: '1', tierProperty: 'Tier Level' }).success).toBe(false);
    expect(hubspotConfigSchema.safeParse({ portalId: 'abc' }).success).toBe(false);
    expect(hubspotConfigSchema.safeParse({ portalId: '1', maxDeals: 500 }).success).toBe(false);
    expect(hubspotSecretsSchema.safeParse({ accessToken: '' }).success).toBe(false);
  });
});
