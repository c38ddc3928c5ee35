import type { CaseRecord, Evidence } from '@triage/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HistoryFacts } from '../../domain/triage/evidence-attributes';
import { createGuardedClient } from '../../infrastructure/http';
import type { ConnectorContext, ConnectorSource } from '../definition';
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
  anonymousUserResponse,
  cursorPage,
  errorBodies,
  organizationResponse,
  rateLimitHeaders,
  ticketResponse,
  userResponse,
  zendeskComment,
  zendeskTicket,
} from './fixtures';
import {
  zendeskAuthorizationHeader,
  zendeskConfigSchema,
  zendeskConnector,
  zendeskSecretsSchema,
  zendeskTicketId,
} from './index';

const EMAIL = 'agent@acme.example';
const API_TOKEN = 'wvYq8LvH2mJxQpN3rT6sU9aB4cD7eF0g';
const NOW = new Date('2026-11-20T12:00:00Z');
const TICKET = 35436;
const REQUESTER = 20978392;
const ORG = 509974;

let server: FakeServer;
let respond: FakeHandler = () => ({ status: 404, body: errorBodies[404] });

beforeAll(async () => {
  server = await startFakeServer((req) => respond(req));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  respond = happyPath();
});

/** The account the fake server plays: one ticket, its thread, requester, organization and their other tickets. */
function happyPath(overrides: { ticket?: Record<string, unknown> } = {}): FakeHandler {
  return (req) => {
    const site = server.baseUrl;
    switch (req.path) {
      case `/api/v2/tickets/${TICKET}.json`:
        return { body: ticketResponse(site, overrides.ticket) };
      case `/api/v2/tickets/${TICKET}/comments.json`:
        return req.query.get('page[after]') === 'c2'
          ? {
              body: cursorPage('comments', [
                zendeskComment({
                  id: 3,
                  author_id: REQUESTER,
                  body: 'Still failing after the retry, export id EXP-88.',
                  created_at: '2026-11-20T09:30:41Z',
                }),
              ]),
            }
          : {
              body: cursorPage(
                'comments',
                [
                  zendeskComment({
                    id: 1,
                    author_id: REQUESTER,
                    body: 'Since this morning every invoice export ends with HTTP 500.',
                    created_at: '2026-11-19T08:14:03Z',
                  }),
                  zendeskComment({
                    id: 2,
                    author_id: 235323,
                    public: false,
                    body: 'Internal: looks like the export worker, checking logs.',
                    created_at: '2026-11-19T09:02:11Z',
                  }),
                ],
                {
                  nextUrl: `${site}/api/v2/tickets/${TICKET}/comments.json?page%5Bsize%5D=100&page%5Bafter%5D=c2`,
                },
              ),
            };
      case `/api/v2/users/${REQUESTER}.json`:
        return { body: userResponse(site) };
      case `/api/v2/organizations/${ORG}.json`:
        return { body: organizationResponse(site) };
      case `/api/v2/users/${REQUESTER}/tickets/requested.json`:
        return {
          body: cursorPage('tickets', [
            zendeskTicket(site, { id: TICKET }),
            zendeskTicket(site, {
              id: 35120,
              subject: 'Export stuck at 90%',
              status: 'solved',
              priority: 'normal',
              tags: ['export', 'escalated_l2'],
              created_at: '2026-10-02T10:00:00Z',
              updated_at: '2026-10-05T16:00:00Z',
            }),
            zendeskTicket(site, {
              id: 34001,
              subject: 'Cannot log in',
              status: 'closed',
              priority: 'urgent',
              tags: ['login'],
              via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
              created_at: '2026-06-01T07:00:00Z',
              updated_at: '2026-06-04T07:00:00Z',
            }),
          ]),
        };
      case `/api/v2/organizations/${ORG}/tickets.json`:
        return {
          body: cursorPage('tickets', [
            zendeskTicket(site, {
              id: 35120,
              subject: 'Export stuck at 90%',
              status: 'solved',
              priority: 'normal',
              tags: ['export', 'escalated_l2'],
              created_at: '2026-10-02T10:00:00Z',
              updated_at: '2026-10-05T16:00:00Z',
            }),
            zendeskTicket(site, {
              id: 34877,
              subject: 'Question about seats',
              status: 'pending',
              priority: null,
              tags: [],
              requester_id: 555,
              created_at: '2026-09-15T11:00:00Z',
              updated_at: '2026-09-16T11:00:00Z',
            }),
            // Created after the case window: a replayed case must not see it.
            zendeskTicket(site, {
              id: 36001,
              subject: 'Later ticket',
              created_at: '2026-11-21T08:00:00Z',
              updated_at: '2026-11-21T08:00:00Z',
            }),
          ]),
        };
      default:
        return { status: 404, body: errorBodies[404] };
    }
  };
}

function source(
  options: {
    config?: Record<string, unknown>;
    secrets?: Record<string, string>;
    context?: ConnectorContext;
  } = {},
): ConnectorSource {
  const secrets = options.secrets ?? { email: EMAIL, apiToken: API_TOKEN };
  return zendeskConnector.create({
    id: 'zendesk-main',
    config: zendeskConfigSchema.parse(options.config ?? { baseUrl: server.baseUrl }),
    secrets: zendeskSecretsSchema.parse(secrets),
    context: options.context ?? testConnectorContext(secrets, NOW),
  });
}

function query(overrides: Partial<CaseRecord> = {}, signal = neverAborted()): EvidenceQuery {
  return {
    tenant: 'acme',
    record: { id: `ZD-${TICKET}`, subject: 'Invoice export fails', ...overrides },
    window: { from: new Date('2026-11-13T12:00:00Z'), to: NOW },
    now: NOW,
    signal,
  };
}

async function connectorError(work: Promise<unknown>): Promise<ConnectorError> {
  const e: unknown = await work.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

const requestsTo = (path: string): RecordedRequest[] => server.requests.filter((r) => r.path === path);

const basic = `Basic ${Buffer.from(`${EMAIL}/token:${API_TOKEN}`).toString('base64')}`;

describe('zendesk config', () => {
  it('derives the API and agent URLs from the subdomain and defaults maxHistory to 20', () => {
    expect(zendeskConfigSchema.parse({ subdomain: 'Acme' })).toEqual({
      subdomain: 'acme',
      baseUrl: 'https://acme.zendesk.com',
      agentUrl: 'https://acme.zendesk.com',
      maxHistory: 20,
    });
  });

  it('normalises a pasted API URL to the account root', () => {
    expect(
      zendeskConfigSchema.parse({ baseUrl: 'https://acme.zendesk.com/api/v2/', maxHistory: 5 }),
    ).toMatchObject({
      baseUrl: 'https://acme.zendesk.com',
      agentUrl: 'https://acme.zendesk.com',
      maxHistory: 5,
    });
  });

  it('refuses a config with neither subdomain nor baseUrl, or a subdomain that is a host name', () => {
    expect(zendeskConfigSchema.safeParse({}).success).toBe(false);
    expect(zendeskConfigSchema.safeParse({ subdomain: 'acme.zendesk.com' }).success).toBe(false);
    expect(zendeskConfigSchema.safeParse({ subdomain: 'acme', maxHistory: 0 }).success).toBe(false);
  });

  it('takes an API token or an OAuth token, not both and not neither, without echoing values', () => {
    expect(
      zendeskAuthorizationHeader(zendeskSecretsSchema.parse({ email: EMAIL, apiToken: API_TOKEN })),
    ).toBe(basic);
    expect(zendeskAuthorizationHeader(zendeskSecretsSchema.parse({ oauthToken: 'oauth-abc' }))).toBe(
      'Bearer oauth-abc',
    );
    const both = zendeskSecretsSchema.safeParse({
      email: EMAIL,
      apiToken: API_TOKEN,
      oauthToken: 'oauth-abc',
    });
    expect(both.success).toBe(false);
    expect(JSON.stringify(both.error?.issues)).not.toContain(API_TOKEN);
    expect(zendeskSecretsSchema.safeParse({}).success).toBe(false);
    expect(zendeskSecretsSchema.safeParse({ apiToken: API_TOKEN }).success).toBe(false);
  });
});

describe('zendeskTicketId', () => {
  it.each([
    ['123', 123],
    ['ZD-123', 123],
    ['#123', 123],
    [' zd-0042 ', 42],
  ])('reads %j as ticket %i', (ref, id) => {
    expect(zendeskTicketId(ref)).toBe(id);
  });

  it.each(['ZD-', 'abc', '0', '1234567890123456789'])('finds no ticket in %j', (ref) => {
    expect(zendeskTicketId(ref)).toBeUndefined();
  });
});

describe('zendesk connector', () => {
  it('describes itself as a case-history and attachments connector of type zendesk', () => {
    expect(zendeskConnector.type).toBe('zendesk');
    expect(zendeskConnector.capabilities).toEqual(['case-history', 'attachments']);
    const s = source();
    expect(s.id).toBe('zendesk-main');
    expect(s.capabilities).toEqual(['case-history', 'attachments']);
  });

  it('returns the ticket and the requester and organization history as evidence', async () => {
    const evidence = await source().fetch(query());
    const site = server.baseUrl;

    expect(evidence.map((e) => [e.id, e.kind, e.url, e.observedAt])).toEqual([
      ['zendesk-main:ticket:35436', 'ticket', `${site}/agent/tickets/35436`, '2026-11-20T09:30:41Z'],
      [
        'zendesk-main:case-history:35120',
        'case-history',
        `${site}/agent/tickets/35120`,
        '2026-10-02T10:00:00Z',
      ],
      [
        'zendesk-main:case-history:34877',
        'case-history',
        `${site}/agent/tickets/34877`,
        '2026-09-15T11:00:00Z',
      ],
      [
        'zendesk-main:case-history:34001',
        'case-history',
        `${site}/agent/tickets/34001`,
        '2026-06-01T07:00:00Z',
      ],
    ]);

    const [ticket, ...history] = evidence as [Evidence, ...Evidence[]];
    expect(ticket.source).toBe('zendesk-main');
    expect(ticket.title).toBe('#35436: Invoice export fails with HTTP 500');
    expect(ticket.attributes).toEqual({
      ticketId: '35436',
      status: 'open',
      priority: 'high',
      type: 'incident',
      channel: 'email',
      tags: ['billing', 'export', 'vip'],
      escalated: false,
      assigneeId: '235323',
      groupId: '98738',
      requesterId: String(REQUESTER),
      requesterRole: 'end-user',
      requesterTags: ['billing_contact'],
      requesterSince: '2024-03-11T10:00:00Z',
      organizationId: String(ORG),
      organizationName: 'Acme Logistics',
      organizationTags: ['enterprise', 'emea'],
      commentCount: 3,
      publicCommentCount: 2,
      requesterCommentCount: 2,
      lastCommentAt: '2026-11-20T09:30:41Z',
      otherTicketCount: 3,
      createdAt: '2026-11-19T08:14:03Z',
      updatedAt: '2026-11-20T09:30:41Z',
    });
    expect(ticket.excerpt).toContain('open, priority high, via email');
    expect(ticket.excerpt).toContain('organization Acme Logistics');
    expect(ticket.excerpt).toContain('latest public comment: Still failing after the retry');
    // The private note is not quoted.
    expect(ticket.excerpt).not.toContain('Internal:');

    expect(history.map((h) => h.attributes)).toEqual([
      {
        caseRef: '35120',
        status: 'solved',
        priority: 'normal',
        escalated: true,
        channel: 'email',
        tags: ['export', 'escalated_l2'],
        sameRequester: true,
        sameOrganization: true,
        createdAt: '2026-10-02T10:00:00Z',
        updatedAt: '2026-10-05T16:00:00Z',
      },
      {
        caseRef: '34877',
        status: 'pending',
        priority: null,
        escalated: false,
        channel: 'email',
        tags: [],
        sameRequester: false,
        sameOrganization: true,
        createdAt: '2026-09-15T11:00:00Z',
        updatedAt: '2026-09-16T11:00:00Z',
      },
      {
        caseRef: '34001',
        status: 'closed',
        priority: 'urgent',
        escalated: true,
        channel: 'web',
        tags: ['login'],
        sameRequester: true,
        sameOrganization: false,
        createdAt: '2026-06-01T07:00:00Z',
        updatedAt: '2026-06-04T07:00:00Z',
      },
    ]);
    expect(history[0]?.title).toBe('#35120: Export stuck at 90%');
    // What the engine reads: every history item's facts parse.
    for (const h of history) expect(HistoryFacts.safeParse(h.attributes).success).toBe(true);
  });

  it('sends the documented requests with Basic {email}/token:{apiToken} auth', async () => {
    await source().fetch(query());

    for (const r of server.requests) {
      expect(r.method).toBe('GET');
      expect(r.headers.authorization).toBe(basic);
      expect(r.headers.accept).toBe('application/json');
    }
    expect(requestsTo(`/api/v2/tickets/${TICKET}.json`)).toHaveLength(1);
    expect(requestsTo(`/api/v2/users/${REQUESTER}.json`)).toHaveLength(1);
    expect(requestsTo(`/api/v2/organizations/${ORG}.json`)).toHaveLength(1);

    const comments = requestsTo(`/api/v2/tickets/${TICKET}/comments.json`);
    expect(comments.map((r) => Object.fromEntries(r.query))).toEqual([
      { 'page[size]': '100' },
      { 'page[size]': '100', 'page[after]': 'c2' },
    ]);

    for (const path of [
      `/api/v2/users/${REQUESTER}/tickets/requested.json`,
      `/api/v2/organizations/${ORG}/tickets.json`,
    ]) {
      const [list, ...more] = requestsTo(path);
      expect(more).toHaveLength(0);
      // maxHistory 20, plus one for the case's own ticket.
      expect(Object.fromEntries(list?.query ?? [])).toEqual({ 'page[size]': '21', sort: '-updated_at' });
    }
    expect(server.requests).toHaveLength(7);
  });

  it('uses a Bearer token with OAuth and links to {subdomain}.zendesk.com when the API goes elsewhere', async () => {
    const evidence = await source({
      config: { subdomain: 'acme', baseUrl: server.baseUrl },
      secrets: { oauthToken: 'oauth-access-token-123' },
    }).fetch(query());

    expect(new Set(server.requests.map((r) => r.headers.authorization))).toEqual(
      new Set(['Bearer oauth-access-token-123']),
    );
    expect(evidence[0]?.url).toBe('https://acme.zendesk.com/agent/tickets/35436');
    expect(evidence[1]?.url).toBe('https://acme.zendesk.com/agent/tickets/35120');
  });

  it('follows comment pages but stops after three', async () => {
    const endless = happyPath();
    let n = 0;
    respond = (req) => {
      if (req.path !== `/api/v2/tickets/${TICKET}/comments.json`) return endless(req);
      n += 1;
      return {
        body: cursorPage('comments', [zendeskComment({ id: n, created_at: `2026-11-19T0${n}:00:00Z` })], {
          nextUrl: `${server.baseUrl}/api/v2/tickets/${TICKET}/comments.json?page[size]=100&page[after]=p${n}`,
        }),
      };
    };

    const [ticket] = await source().fetch(query());

    const pages = requestsTo(`/api/v2/tickets/${TICKET}/comments.json`);
    expect(pages.map((r) => r.query.get('page[after]'))).toEqual([null, 'p1', 'p2']);
    expect(ticket?.attributes.commentCount).toBe(3);
  });

  it('never follows a next link off the configured account: it applies the cursor itself', async () => {
    const base = happyPath();
    respond = (req) => {
      if (req.path !== `/api/v2/tickets/${TICKET}/comments.json`) return base(req);
      return req.query.has('page[after]')
        ? { body: cursorPage('comments', [zendeskComment({ id: 9 })]) }
        : {
            body: cursorPage('comments', [zendeskComment({ id: 8 })], {
              nextUrl: 'https://evil.example/api/v2/tickets/35436/comments.json?page[after]=stolen',
              afterCursor: 'cursor-b',
            }),
          };
    };

    const [ticket] = await source().fetch(query());

    const pages = requestsTo(`/api/v2/tickets/${TICKET}/comments.json`);
    expect(pages.map((r) => Object.fromEntries(r.query))).toEqual([
      { 'page[size]': '100' },
      { 'page[size]': '100', 'page[after]': 'cursor-b' },
    ]);
    expect(ticket?.attributes.commentCount).toBe(2);
  });

  it('keeps history within maxHistory and bounds the list walk', async () => {
    const base = happyPath();
    let n = 0;
    respond = (req) => {
      if (
        !req.path.endsWith('/tickets/requested.json') &&
        !req.path.endsWith(`/organizations/${ORG}/tickets.json`)
      )
        return base(req);
      n += 1;
      const items = [0, 1, 2].map((i) =>
        zendeskTicket(server.baseUrl, {
          id: 10_000 + n * 10 + i,
          created_at: `2026-0${n}-1${i}T00:00:00Z`,
          updated_at: `2026-0${n}-1${i}T00:00:00Z`,
        }),
      );
      return {
        body: cursorPage('tickets', items, {
          nextUrl: `${server.baseUrl}${req.path}?page[size]=3&page[after]=x${n}`,
        }),
      };
    };

    const evidence = await source({ config: { baseUrl: server.baseUrl, maxHistory: 2 } }).fetch(query());

    expect(evidence.filter((e) => e.kind === 'case-history')).toHaveLength(2);
    for (const path of [
      `/api/v2/users/${REQUESTER}/tickets/requested.json`,
      `/api/v2/organizations/${ORG}/tickets.json`,
    ]) {
      // maxHistory + 1 items fit in one page of 3: the walk stops there.
      expect(requestsTo(path).map((r) => r.query.get('page[size]'))).toEqual(['3']);
    }
  });

  it("takes the requester's organization when the ticket carries none", async () => {
    respond = happyPath({ ticket: { organization_id: null } });

    const [ticket] = await source().fetch(query());

    expect(requestsTo(`/api/v2/organizations/${ORG}.json`)).toHaveLength(1);
    expect(ticket?.attributes.organizationId).toBe(String(ORG));
    expect(ticket?.attributes.organizationName).toBe('Acme Logistics');
  });

  it('returns [] without calling Zendesk when the case ref is not a ticket id', async () => {
    expect(await source().fetch(query({ id: 'no-digits-here' }))).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('keeps the ticket evidence when the organization was deleted (404)', async () => {
    const base = happyPath();
    respond = (req) =>
      req.path.startsWith(`/api/v2/organizations/${ORG}`)
        ? { status: 404, body: errorBodies[404] }
        : base(req);

    const evidence = await source().fetch(query());

    expect(evidence[0]?.attributes).toMatchObject({
      organizationId: String(ORG),
      organizationName: null,
      organizationTags: [],
    });
    expect(evidence.filter((e) => e.kind === 'case-history').map((e) => e.attributes.caseRef)).toEqual([
      '35120',
      '34001',
    ]);
  });

  it('throws not_found when the ticket does not exist', async () => {
    respond = () => ({ status: 404, body: errorBodies[404] });
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('not_found');
    expect(e.status).toBe(404);
  });

  it('throws auth on 401, without the credentials in the message', async () => {
    respond = () => ({ status: 401, body: errorBodies[401] });
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('auth');
    expect(e.message).not.toContain(API_TOKEN);
    expect(e.message).not.toContain(EMAIL);
    expect(e.message).not.toContain("Couldn't authenticate");
  });

  it('throws forbidden on 403', async () => {
    respond = () => ({ status: 403, body: errorBodies[403] });
    expect((await connectorError(source().fetch(query()))).code).toBe('forbidden');
  });

  it('throws rate_limited with Retry-After on 429, from any call', async () => {
    const base = happyPath();
    respond = (req) =>
      req.path.endsWith('/tickets/requested.json')
        ? { status: 429, headers: rateLimitHeaders(7), body: errorBodies[429] }
        : base(req);
    const e = await connectorError(source().fetch(query()));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(7000);
    expect(e.retryable).toBe(true);
  });

  it('throws unavailable on 500', async () => {
    respond = () => ({ status: 500, body: errorBodies[500] });
    expect((await connectorError(source().fetch(query()))).code).toBe('unavailable');
  });

  it.each([
    ['a ticket with the wrong shape', { ticket: { id: 'abc', status: 'open' } }],
    ['a ticket without timestamps', { ticket: { id: TICKET, status: 'open', tags: [] } }],
    ['a body that is not JSON', '<html>Maintenance</html>'],
  ])('throws bad_response for %s', async (_what, body) => {
    respond = () => ({ body });
    expect((await connectorError(source().fetch(query()))).code).toBe('bad_response');
  });

  it('throws bad_response when a comments page lacks its pagination meta', async () => {
    const base = happyPath();
    respond = (req) =>
      req.path.endsWith('/comments.json') ? { body: { comments: [zendeskComment()] } } : base(req);
    expect((await connectorError(source().fetch(query()))).code).toBe('bad_response');
  });

  it('stops with timeout when the query is aborted while Zendesk hangs', async () => {
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => (received = resolve));
    respond = () => {
      received();
      return { hang: true };
    };
    // A client timeout far beyond the test's: only the abort can end this call.
    const context: ConnectorContext = {
      ...testConnectorContext({}, NOW),
      http: createGuardedClient({
        timeoutMs: 600_000,
        maxResponseBytes: 2_000_000,
        allowInsecureLocal: true,
      }),
    };
    const controller = new AbortController();
    const pending = source({ context }).fetch(query({}, controller.signal));
    await arrived;
    controller.abort();
    const e = await connectorError(pending);
    expect(e.code).toBe('timeout');
    context.http.close();
  });

  it('never lets PII or secrets from Zendesk reach the evidence', async () => {
    const canaries = [
      'canary.person@example.org',
      '4111 1111 1111 1111',
      '4111111111111111',
      'sk_live_canary0123456789abcd',
    ];
    const dirty = `Card 4111 1111 1111 1111, mail canary.person@example.org, key sk_live_canary0123456789abcd`;
    const base = happyPath({
      ticket: { subject: `Refund for canary.person@example.org 4111 1111 1111 1111` },
    });
    respond = (req) => {
      const site = server.baseUrl;
      if (req.path.endsWith('/comments.json'))
        return { body: cursorPage('comments', [zendeskComment({ body: dirty, author_id: REQUESTER })]) };
      if (req.path === `/api/v2/users/${REQUESTER}.json`)
        return { body: userResponse(site, { email: 'canary.person@example.org', name: 'Canary Person' }) };
      if (req.path.endsWith('/tickets/requested.json'))
        return {
          body: cursorPage('tickets', [
            zendeskTicket(site, {
              id: 35000,
              subject: `Old key sk_live_canary0123456789abcd leaked`,
              created_at: '2026-10-01T00:00:00Z',
            }),
          ]),
        };
      return base(req);
    };

    const evidence = await source().fetch(query());

    expect(evidence.map((e) => e.id)).toContain('zendesk-main:case-history:35000');
    const everything = JSON.stringify(evidence);
    for (const canary of canaries) expect(everything).not.toContain(canary);
    const ticket = evidence[0];
    expect(ticket?.redactions.map((r) => r.kind).sort()).toEqual(['card', 'email', 'secret']);
    expect(ticket?.sensitive).toBe(true);
  });

  describe('testConnection', () => {
    it('reads the current user with the configured credentials', async () => {
      respond = (req) =>
        req.path === '/api/v2/users/me.json'
          ? { body: userResponse(server.baseUrl, { id: 235323, role: 'agent', email: EMAIL }) }
          : { status: 404, body: errorBodies[404] };

      await expect(source().testConnection(neverAborted())).resolves.toBeUndefined();
      expect(server.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
        ['/api/v2/users/me.json', basic],
      ]);
    });

    it('reports auth when Zendesk answers as the anonymous user, and on 401', async () => {
      respond = () => ({ body: anonymousUserResponse() });
      expect((await connectorError(source().testConnection(neverAborted()))).code).toBe('auth');
      respond = () => ({ status: 401, body: errorBodies[401] });
      expect((await connectorError(source().testConnection(neverAborted()))).code).toBe('auth');
    });

    it('reports forbidden for end-user credentials', async () => {
      respond = () => ({ body: userResponse(server.baseUrl, { role: 'end-user' }) });
      expect((await connectorError(source().testConnection(neverAborted()))).code).toBe('forbidden');
    });
  });
});
