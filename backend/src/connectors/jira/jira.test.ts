import type { CaseRecord, Evidence } from '@triage/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HistoryFacts, KnownIssueFacts } from '../../domain/triage/evidence-attributes';
import { createGuardedClient, isOutboundHttpError } from '../../infrastructure/http';
import type { ConnectorContext } from '../definition';
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
  adfDoc,
  BLOCKS,
  comment,
  commentPage,
  component,
  errorBody,
  issueLink,
  issueResponse,
  linkedIssue,
  myselfResponse,
  RATE_LIMIT_HEADERS,
  searchIssue,
  searchPage,
  status,
  version,
} from './fixtures';
import {
  boundToWindow,
  DEFAULT_DEFECT_JQL,
  DEFAULT_KNOWN_ISSUE_JQL,
  jiraConfigSchema,
  jiraConnector,
  jiraSecretsSchema,
  signatureOf,
} from './index';

const SITE = 'https://acme.atlassian.net';
const NOW = new Date('2026-11-20T12:00:00Z');
const BASIC = { email: 'bot@acme.example', apiToken: 'atl-token-0123456789' };
const BASIC_HEADER = `Basic ${Buffer.from('bot@acme.example:atl-token-0123456789').toString('base64')}`;
const SEARCH_FIELDS = [
  'summary',
  'status',
  'priority',
  'issuetype',
  'components',
  'fixVersions',
  'labels',
  'project',
  'created',
  'updated',
];
const CANARIES = [
  'canary.person@example.org',
  '4111 1111 1111 1111',
  '4111111111111111',
  'sk_live_canary0123456789abcd',
];

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
  handler = jiraSite();
});

interface SiteOverrides {
  issue?: (req: RecordedRequest) => ReturnType<FakeHandler>;
  comments?: (req: RecordedRequest) => ReturnType<FakeHandler>;
  search?: (req: RecordedRequest, body: { jql: string; nextPageToken?: string }) => ReturnType<FakeHandler>;
  myself?: (req: RecordedRequest) => ReturnType<FakeHandler>;
}

/** A fake Jira site: the issue SUP-123 with two links and two comments, one known issue, one defect. */
function jiraSite(o: SiteOverrides = {}, prefix = ''): FakeHandler {
  return (req) => {
    const path = req.path.startsWith(prefix) ? req.path.slice(prefix.length) : req.path;
    if (req.method === 'GET' && path === '/rest/api/3/myself')
      return o.myself ? o.myself(req) : { body: myselfResponse() };
    if (req.method === 'GET' && path === '/rest/api/3/issue/SUP-123')
      return o.issue ? o.issue(req) : { body: issueResponse() };
    if (req.method === 'GET' && path === '/rest/api/3/issue/SUP-123/comment') {
      if (o.comments) return o.comments(req);
      return {
        body: commentPage(
          [
            // After the case window's end (NOW): left out of the excerpt, still counted in `total`.
            comment('10103', 'Later follow-up', '2026-11-20T13:00:00.000+0000'),
            comment(
              '10102',
              'Customer confirms all EU cards fail since Monday',
              '2026-11-20T09:30:00.000+0000',
            ),
            comment('10101', 'Escalated to payments engineering', '2026-11-19T10:00:00.000+0000', {
              jsdPublic: false,
            }),
          ],
          0,
          50,
          3,
        ),
      };
    }
    if (req.method === 'POST' && path === '/rest/api/3/search/jql') {
      const body = JSON.parse(req.body) as { jql: string; nextPageToken?: string };
      if (o.search) return o.search(req, body);
      if (body.jql.startsWith('key in'))
        return {
          body: searchPage([
            searchIssue('ENG-77', '10050', { updated: '2026-11-19T17:20:00.000+0000' }),
            searchIssue('SUP-98', '10031', { updated: '2026-10-02T08:00:00.000+0000' }),
          ]),
        };
      if (body.jql.includes('project = KI'))
        return {
          body: searchPage([
            searchIssue('KI-12', '10200', {
              summary: 'PaymentGatewayException on EU cards after 3-D Secure change',
              status: status('Investigating'),
              components: [component('Payments')],
              fixVersions: [version('4.2.1')],
              customfield_10050: adfDoc('Ask the customer to retry with a saved card'),
              project: { key: 'KI', id: '10001', name: 'Known Issues' },
            }),
          ]),
        };
      if (body.jql.includes('issuetype = Bug'))
        return {
          body: searchPage([
            searchIssue('ENG-77', '10050', {
              summary: 'EU card payments time out with GATEWAY_TIMEOUT',
              priority: { name: 'Highest', id: '1' },
            }),
          ]),
        };
    }
    return { status: 404, body: errorBody('Not found') };
  };
}

function record(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: 'SUP-123',
    subject: 'Checkout fails',
    requester: { id: 'u1', email: 'canary.person@example.org', name: 'Pat' },
    ...overrides,
  };
}

function query(overrides: Partial<EvidenceQuery> = {}): EvidenceQuery {
  return {
    tenant: 't1',
    record: record(),
    window: { from: new Date('2026-11-13T12:00:00Z'), to: NOW },
    now: NOW,
    signal: neverAborted(),
    ...overrides,
  };
}

function source(
  config: Record<string, unknown> = {},
  secrets: Record<string, string> = BASIC,
  context: ConnectorContext = testConnectorContext({}, NOW),
) {
  return jiraConnector.create({
    id: 'jira-acme',
    config: jiraConfigSchema.parse({
      baseUrl: server.baseUrl,
      siteUrl: SITE,
      workaroundField: 'customfield_10050',
      ...config,
    }),
    secrets: jiraSecretsSchema.parse(secrets),
    context,
  });
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

function searches(): { jql: string; fields: string[]; maxResults: number; nextPageToken?: string }[] {
  return server.requests
    .filter((r) => r.path.endsWith('/rest/api/3/search/jql'))
    .map(
      (r) =>
        JSON.parse(r.body) as { jql: string; fields: string[]; maxResults: number; nextPageToken?: string },
    );
}

function byKind(evidence: Evidence[], kind: Evidence['kind']): Evidence[] {
  return evidence.filter((e) => e.kind === kind);
}

describe('jira config', () => {
  it('fills defaults and takes the site as the link base', () => {
    expect(jiraConfigSchema.parse({ baseUrl: 'https://acme.atlassian.net/' })).toEqual({
      baseUrl: 'https://acme.atlassian.net',
      siteUrl: 'https://acme.atlassian.net',
      knownIssueJql: DEFAULT_KNOWN_ISSUE_JQL,
      defectJql: DEFAULT_DEFECT_JQL,
      maxResults: 50,
      maxPages: 3,
    });
  });

  it('needs siteUrl with the api.atlassian.com gateway form', () => {
    const gateway = 'https://api.atlassian.com/ex/jira/11223344-a1b2-3b33-c444-def123456789';
    expect(jiraConfigSchema.safeParse({ baseUrl: gateway }).success).toBe(false);
    expect(jiraConfigSchema.parse({ baseUrl: gateway, siteUrl: SITE }).baseUrl).toBe(gateway);
  });

  it('rejects limits out of range and a workaround field that is not a custom field', () => {
    expect(jiraConfigSchema.safeParse({ baseUrl: SITE, maxResults: 500 }).success).toBe(false);
    expect(jiraConfigSchema.safeParse({ baseUrl: SITE, workaroundField: 'description' }).success).toBe(false);
  });

  it('takes Basic or Bearer credentials, never both', () => {
    expect(jiraSecretsSchema.safeParse(BASIC).success).toBe(true);
    expect(jiraSecretsSchema.safeParse({ accessToken: 'tok' }).success).toBe(true);
    expect(jiraSecretsSchema.safeParse({ ...BASIC, accessToken: 'tok' }).success).toBe(false);
    expect(jiraSecretsSchema.safeParse({ email: 'bot@acme.example' }).success).toBe(false);
  });
});

describe('jira connector: evidence', () => {
  it('maps the issue, its links and both searches to evidence', async () => {
    const evidence = await source().fetch(query());
    expect(evidence.map((e) => e.id)).toEqual([
      'jira-acme:ticket:SUP-123',
      'jira-acme:case-history:ENG-77',
      'jira-acme:case-history:SUP-98',
      'jira-acme:known-issue:KI-12',
      'jira-acme:defect:ENG-77',
    ]);

    const [ticket] = byKind(evidence, 'ticket');
    expect(ticket).toMatchObject({
      source: 'jira-acme',
      title: 'SUP-123: Checkout fails with PaymentGatewayException for EU customers',
      url: `${SITE}/browse/SUP-123`,
      observedAt: '2026-11-20T10:02:11.540+01:00',
      attributes: {
        issueKey: 'SUP-123',
        status: 'Waiting for support',
        statusCategory: 'indeterminate',
        priority: 'High',
        issueType: '[System] Service request',
        components: ['Payments'],
        labels: ['checkout', 'enterprise'],
        commentCount: 3,
        linkCount: 2,
        reporterAccountType: 'customer',
        createdAt: '2026-11-19T08:15:02.117+00:00',
      },
    });
    expect(ticket?.excerpt).toBe(
      [
        'Waiting for support, priority High, [System] Service request; components Payments; labels checkout, enterprise; 2 link(s), 3 comment(s), newest first:',
        '[2026-11-20, public] Customer confirms all EU cards fail since Monday',
        '[2026-11-19, internal] Escalated to payments engineering',
      ].join('\n'),
    );

    const history = byKind(evidence, 'case-history');
    expect(history.map((e) => [e.title, e.url, e.observedAt, e.excerpt])).toEqual([
      [
        'ENG-77: EU card payments time out',
        `${SITE}/browse/ENG-77`,
        '2026-11-19T17:20:00.000+00:00',
        'SUP-123 blocks ENG-77; In Progress, priority High, Bug',
      ],
      [
        'SUP-98: Earlier checkout outage',
        `${SITE}/browse/SUP-98`,
        '2026-10-02T08:00:00.000+00:00',
        'SUP-123 was escalated from SUP-98; Resolved, priority Medium, [System] Incident',
      ],
    ]);
    expect(history.map((e) => HistoryFacts.parse(e.attributes))).toEqual([
      { caseRef: 'ENG-77', status: 'In Progress', priority: 'High', escalated: false },
      { caseRef: 'SUP-98', status: 'Resolved', priority: 'Medium', escalated: true },
    ]);
    expect(history[0]?.attributes).toMatchObject({
      linkType: 'Blocks',
      relation: 'blocks',
      issueType: 'Bug',
    });

    const [known] = byKind(evidence, 'known-issue');
    expect(known).toMatchObject({
      title: 'KI-12: PaymentGatewayException on EU cards after 3-D Secure change',
      url: `${SITE}/browse/KI-12`,
      observedAt: '2026-11-18T16:45:30.000+00:00',
      excerpt:
        'Investigating, priority Medium, Bug; components Payments; signature PaymentGatewayException; fixed in 4.2.1; workaround: Ask the customer to retry with a saved card',
    });
    expect(KnownIssueFacts.parse(known?.attributes)).toEqual({
      product: 'Payments',
      component: 'Payments',
      status: 'Investigating',
      signature: 'PaymentGatewayException',
      workaround: 'Ask the customer to retry with a saved card',
      fixedIn: '4.2.1',
    });

    const [defect] = byKind(evidence, 'defect');
    expect(defect).toMatchObject({
      title: 'ENG-77: EU card payments time out with GATEWAY_TIMEOUT',
      url: `${SITE}/browse/ENG-77`,
      observedAt: '2026-11-18T16:45:30.000+00:00',
    });
    expect(KnownIssueFacts.parse(defect?.attributes)).toEqual({
      product: 'ENG',
      component: null,
      status: 'Open',
      signature: 'GATEWAY_TIMEOUT',
      workaround: null,
      fixedIn: null,
    });
    expect(defect?.attributes.priority).toBe('Highest');
  });

  it('sends the documented requests with Basic auth', async () => {
    await source().fetch(query());
    const get = (path: string) => server.requests.find((r) => r.method === 'GET' && r.path === path);
    const issue = get('/rest/api/3/issue/SUP-123');
    expect(issue?.headers.authorization).toBe(BASIC_HEADER);
    expect(issue?.query.get('fields')).toBe(
      'summary,status,priority,issuetype,labels,components,created,updated,issuelinks,reporter',
    );
    const comments = get('/rest/api/3/issue/SUP-123/comment');
    expect(Object.fromEntries(comments?.query ?? [])).toEqual({
      startAt: '0',
      maxResults: '50',
      orderBy: '-created',
    });
    for (const r of server.requests) {
      expect(r.headers.authorization).toBe(BASIC_HEADER);
      expect(r.headers.accept).toBe('application/json');
    }
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.headers['content-type'])).toEqual([
      'application/json',
      'application/json',
      'application/json',
    ]);
    expect(searches()).toEqual(
      expect.arrayContaining([
        { jql: DEFAULT_KNOWN_ISSUE_JQL, fields: [...SEARCH_FIELDS, 'customfield_10050'], maxResults: 50 },
        { jql: DEFAULT_DEFECT_JQL, fields: [...SEARCH_FIELDS, 'customfield_10050'], maxResults: 50 },
        { jql: 'key in ("ENG-77", "SUP-98")', fields: SEARCH_FIELDS, maxResults: 2 },
      ]),
    );
    expect(server.requests).toHaveLength(5);
  });

  it('sends a Bearer token through the api.atlassian.com gateway path and links to the site', async () => {
    const prefix = '/ex/jira/11223344-a1b2-3b33-c444-def123456789';
    handler = jiraSite({}, prefix);
    const evidence = await source(
      { baseUrl: `${server.baseUrl}${prefix}/`, defectJql: '' },
      { accessToken: 'oauth-access-token-abc' },
    ).fetch(query());
    expect(server.requests.every((r) => r.path.startsWith(`${prefix}/rest/api/3/`))).toBe(true);
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer oauth-access-token-abc')).toBe(
      true,
    );
    expect(evidence[0]?.url).toBe(`${SITE}/browse/SUP-123`);
    expect(byKind(evidence, 'defect')).toEqual([]);
  });

  it('bounds the searches by the case window when it ended before now', async () => {
    await source().fetch(
      query({ window: { from: new Date('2026-11-10T12:00:00Z'), to: new Date('2026-11-17T12:00:00Z') } }),
    );
    expect(searches().map((s) => s.jql)).toEqual(
      expect.arrayContaining([
        '(project = KI AND statusCategory != Done) AND created <= "-4320m" ORDER BY updated DESC',
        '(issuetype = Bug AND statusCategory != Done) AND created <= "-4320m" ORDER BY updated DESC',
      ]),
    );
    expect(boundToWindow('ORDER BY created', { from: NOW, to: new Date('2026-11-20T11:00:00Z') }, NOW)).toBe(
      'created <= "-60m" ORDER BY created',
    );
    expect(boundToWindow('project = KI', { from: NOW, to: NOW }, NOW)).toBe('project = KI');
  });

  it('does not look up a case ref that is not an issue key, and returns [] when nothing matches', async () => {
    handler = jiraSite({ search: () => ({ body: searchPage([]) }) });
    await expect(source().fetch(query({ record: record({ id: '48213' }) }))).resolves.toEqual([]);
    expect(server.requests.map((r) => r.path)).toEqual(['/rest/api/3/search/jql', '/rest/api/3/search/jql']);
  });

  it('treats a 404 for the case issue as no issue and still returns the searches', async () => {
    handler = jiraSite({
      issue: () => ({
        status: 404,
        body: errorBody('Issue does not exist or you do not have permission to see it.'),
      }),
    });
    const evidence = await source().fetch(query());
    expect(evidence.map((e) => e.kind)).toEqual(['known-issue', 'defect']);
    expect(server.requests.some((r) => r.path.endsWith('/comment'))).toBe(false);
  });

  it('dates links by when they were seen when the linked-issue lookup is refused', async () => {
    handler = jiraSite({
      search: (_req, body) =>
        body.jql.startsWith('key in')
          ? { status: 400, body: errorBody("An issue with key 'ENG-77' does not exist for field 'key'.") }
          : { body: searchPage([]) },
    });
    const history = byKind(await source().fetch(query()), 'case-history');
    expect(history.map((e) => e.observedAt)).toEqual([
      '2026-11-20T10:02:11.540+01:00',
      '2026-11-20T10:02:11.540+01:00',
    ]);
  });

  it('pulls the signature from a summary but never an issue key', () => {
    expect(signatureOf('Regression of ENG-123: NullPointerException in export')).toBe('NullPointerException');
    expect(signatureOf('Sync fails with ERR_SYNC_409 after KI-12')).toBe('ERR_SYNC_409');
    expect(signatureOf('Slow dashboard, see KI-12')).toBeNull();
  });
});

describe('jira connector: pagination', () => {
  it('follows nextPageToken and stops after maxPages', async () => {
    let page = 0;
    handler = jiraSite({
      search: () => {
        page += 1;
        const issues = Array.from({ length: 10 }, (_, i) =>
          searchIssue(`KI-${page * 100 + i}`, String(page * 100 + i)),
        );
        return { body: searchPage(issues, `token-${page}`) };
      },
    });
    const evidence = await source({ maxResults: 10, defectJql: '' }).fetch(
      query({ record: record({ id: '48213' }) }),
    );
    expect(evidence).toHaveLength(30);
    expect(searches().map((s) => [s.maxResults, s.nextPageToken])).toEqual([
      [10, undefined],
      [10, 'token-1'],
      [10, 'token-2'],
    ]);
  });

  it('caps a listing at 100 items, shrinking the last page', async () => {
    let page = 0;
    handler = jiraSite({
      search: (req, body) => {
        page += 1;
        const n = (JSON.parse(req.body) as { maxResults: number }).maxResults;
        const issues = Array.from({ length: n }, (_, i) => searchIssue(`KI-${page * 1000 + i}`, String(i)));
        return { body: searchPage(issues, `${body.jql.length}-${page}`) };
      },
    });
    const evidence = await source({ maxResults: 40, defectJql: '' }).fetch(
      query({ record: record({ id: '48213' }) }),
    );
    expect(evidence).toHaveLength(100);
    expect(searches().map((s) => s.maxResults)).toEqual([40, 40, 20]);
  });

  it('pages comments with startAt and stops after maxPages', async () => {
    handler = jiraSite({
      comments: (req) => {
        const startAt = Number(req.query.get('startAt'));
        const size = Number(req.query.get('maxResults'));
        const items = Array.from({ length: size }, (_, i) =>
          comment(String(20000 + startAt + i), `Note ${startAt + i}`, '2026-11-19T10:00:00.000+0000'),
        );
        return { body: commentPage(items, startAt, size, 40) };
      },
    });
    const evidence = await source({ maxResults: 2, knownIssueJql: '', defectJql: '' }).fetch(query());
    const pages = server.requests.filter((r) => r.path.endsWith('/comment'));
    expect(pages.map((r) => [r.query.get('startAt'), r.query.get('maxResults')])).toEqual([
      ['0', '2'],
      ['2', '2'],
      ['4', '2'],
    ]);
    expect(evidence[0]?.attributes.commentCount).toBe(40);
    expect(evidence[0]?.excerpt).toContain('Note 4');
  });
});

describe('jira connector: errors', () => {
  const unauthorized = { status: 401, body: 'Client must be authenticated to access this resource.' };

  it('maps 401 to auth without echoing credentials', async () => {
    handler = () => unauthorized;
    const e = await failure(source().fetch(query()));
    expect(e.code).toBe('auth');
    expect(e.message).not.toContain(BASIC.apiToken);
    expect(e.message).not.toContain(BASIC.email);
    expect(e.message).not.toContain('Client must be authenticated');
  });

  it('maps 429 with Retry-After to rate_limited with the wait', async () => {
    handler = jiraSite({
      search: () => ({ status: 429, headers: RATE_LIMIT_HEADERS, body: errorBody('Rate limit exceeded.') }),
    });
    const e = await failure(source().fetch(query()));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(7000);
    expect(e.retryable).toBe(true);
  });

  it('maps 500 to unavailable', async () => {
    handler = jiraSite({ comments: () => ({ status: 500, body: errorBody('Internal server error') }) });
    const e = await failure(source().fetch(query()));
    expect(e.code).toBe('unavailable');
  });

  it('maps a body of the wrong shape or not JSON to bad_response', async () => {
    handler = jiraSite({ search: () => ({ body: { issues: 'nope' } }) });
    expect((await failure(source().fetch(query()))).code).toBe('bad_response');
    handler = jiraSite({ issue: () => ({ body: '<html>Atlassian maintenance</html>' }) });
    expect((await failure(source().fetch(query()))).code).toBe('bad_response');
    handler = jiraSite({ issue: () => ({ body: issueResponse({ updated: 'yesterday' }) }) });
    expect((await failure(source().fetch(query()))).code).toBe('bad_response');
  });

  it('maps a JQL Jira refuses to config', async () => {
    handler = jiraSite({
      search: () => ({
        status: 400,
        body: errorBody("The value 'KI' does not exist for the field 'project'."),
      }),
    });
    const e = await failure(source().fetch(query({ record: record({ id: '48213' }) })));
    expect(e.code).toBe('config');
    expect(e.message).not.toContain('KI');
  });

  it('rejects with timeout as soon as the query signal aborts on a hung server', async () => {
    const controller = new AbortController();
    handler = () => {
      controller.abort();
      return { hang: true };
    };
    // A client deadline far beyond the test timeout: only the signal can end this request.
    const context: ConnectorContext = {
      ...testConnectorContext({}, NOW),
      http: createGuardedClient({
        timeoutMs: 600_000,
        maxResponseBytes: 2_000_000,
        allowInsecureLocal: true,
      }),
    };
    const e = await failure(source({}, BASIC, context).fetch(query({ signal: controller.signal })));
    expect(e.code).toBe('timeout');
    expect(isOutboundHttpError(e.cause, 'aborted')).toBe(true);
    context.http.close();
  });
});

describe('jira connector: testConnection', () => {
  it('calls /rest/api/3/myself with the credentials', async () => {
    await source().testConnection(neverAborted());
    expect(server.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/rest/api/3/myself', BASIC_HEADER],
    ]);
  });

  it('maps 401 to auth and 404 to not_found', async () => {
    handler = jiraSite({
      myself: () => ({ status: 401, body: 'Client must be authenticated to access this resource.' }),
    });
    expect((await failure(source().testConnection(neverAborted()))).code).toBe('auth');
    handler = jiraSite({ myself: () => ({ status: 404, body: errorBody('Site not found') }) });
    const e = await failure(source().testConnection(neverAborted()));
    expect(e.code).toBe('not_found');
    expect(e.message).toContain('baseUrl');
  });
});

describe('jira connector: redaction', () => {
  it('never returns PII canaries from vendor text', async () => {
    const pii = 'canary.person@example.org paid with 4111 1111 1111 1111 using sk_live_canary0123456789abcd';
    handler = jiraSite({
      issue: () => ({
        body: issueResponse({
          summary: `Refund for ${pii}`,
          issuelinks: [issueLink(BLOCKS, { outwardIssue: linkedIssue('ENG-80', '10080', `Card ${pii}`) })],
        }),
      }),
      comments: () => ({
        body: commentPage(
          [comment('10200', `Customer wrote: ${pii}`, '2026-11-19T10:00:00.000+0000')],
          0,
          50,
          1,
        ),
      }),
      search: (_req, body) => ({
        body: searchPage([
          searchIssue(body.jql.startsWith('key in') ? 'ENG-80' : 'KI-40', '10400', {
            summary: `Charge failed for ${pii}`,
            customfield_10050: adfDoc(`Refund ${pii}`),
          }),
        ]),
      }),
    });
    const evidence = await source().fetch(query());
    expect(evidence.map((e) => e.kind)).toEqual(['ticket', 'case-history', 'known-issue', 'defect']);
    for (const e of evidence) {
      const shown = JSON.stringify([e.title, e.excerpt, e.attributes]);
      for (const canary of CANARIES) expect(shown).not.toContain(canary);
      expect(shown).not.toContain('@acme.example');
      expect(e.redactions.map((r) => r.kind)).toEqual(expect.arrayContaining(['email', 'card', 'secret']));
      expect(e.sensitive).toBe(true);
    }
  });
});
