import type { CaseRecord, Evidence } from '@triage/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogFacts } from '../../domain/triage/evidence-attributes';
import type { ConnectorContext, ConnectorSource } from '../definition';
import { ConnectorError } from '../errors';
import {
  startFakeServer,
  type FakeHandler,
  type FakeResponse,
  type FakeServer,
  type RecordedRequest,
} from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { EvidenceQuery } from '../types';
import {
  cursorPage,
  errorBodies,
  organizationResponse,
  rateLimitHeaders,
  ticketResponse,
  userResponse,
  zendeskAttachment,
  zendeskComment,
} from './fixtures';
import { zendeskConfigSchema, zendeskConnector, zendeskSecretsSchema } from './index';

const EMAIL = 'agent@acme.example';
const API_TOKEN = 'wvYq8LvH2mJxQpN3rT6sU9aB4cD7eF0g';
const SECRETS = { email: EMAIL, apiToken: API_TOKEN };
const NOW = new Date('2026-11-20T12:00:00Z');
const TICKET = 35436;
const REQUESTER = 20978392;
const ORG = 509974;
const basic = `Basic ${Buffer.from(`${EMAIL}/token:${API_TOKEN}`).toString('base64')}`;

/** 10 lines: 7 routine, 3 failures of one template with a NullPointerException. */
const APP_LOG = [
  '2026-11-20T09:00:00Z INFO export worker started',
  '2026-11-20T09:00:01Z INFO export job EXP-86 queued',
  '2026-11-20T09:00:02Z ERROR InvoiceExporter failed to render invoice 1001: NullPointerException at InvoiceExporter.java:88',
  '2026-11-20T09:00:03Z INFO retrying export job EXP-86',
  '2026-11-20T09:00:04Z ERROR InvoiceExporter failed to render invoice 1002: NullPointerException at InvoiceExporter.java:88',
  '2026-11-20T09:00:05Z INFO export job EXP-87 queued',
  '2026-11-20T09:00:06Z INFO retrying export job EXP-87',
  '2026-11-20T09:00:07Z ERROR InvoiceExporter failed to render invoice 1003: NullPointerException at InvoiceExporter.java:88',
  '2026-11-20T09:00:08Z INFO export worker idle',
  '2026-11-20T09:00:09Z INFO export worker stopped',
].join('\n');

function harEntry(startedDateTime: string, method: string, url: string, status: number, statusText: string) {
  return {
    startedDateTime,
    time: 812.4,
    request: { method, url, httpVersion: 'HTTP/2', cookies: [], headers: [], queryString: [], bodySize: 0 },
    response: {
      status,
      statusText,
      httpVersion: 'HTTP/2',
      cookies: [],
      headers: [{ name: 'x-request-id', value: `req_${status}_${startedDateTime.slice(17, 19)}` }],
      content: { size: 0, mimeType: 'text/html' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0.1, wait: 800.2, receive: 1.1 },
  };
}

/** A browser capture with one 200 and one 502 on the export call. */
const CHECKOUT_HAR = JSON.stringify({
  log: {
    version: '1.2',
    creator: { name: 'WebInspector', version: '537.36' },
    pages: [],
    entries: [
      harEntry('2026-11-20T09:10:00.000Z', 'GET', 'https://app.acme.example/api/invoices', 200, 'OK'),
      harEntry(
        '2026-11-20T09:10:05.000Z',
        'POST',
        'https://app.acme.example/api/exports',
        502,
        'Bad Gateway',
      ),
    ],
  },
});

let server: FakeServer;
let respond: FakeHandler;

beforeAll(async () => {
  server = await startFakeServer((req) => respond(req));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  respond = account([]);
});

/** The path of an attachment's token URL, as {@link zendeskAttachment} builds it. */
const tokenPath = (id: number) => `/attachments/token/6bk3gql82em5nmf${id}/`;

/** The fake account: the case's ticket with the given thread, and the files it serves. */
function account(comments: unknown[], files: Record<string, FakeResponse> = {}): FakeHandler {
  return (req) => {
    const site = server.baseUrl;
    const file = files[req.path];
    if (file) return file;
    switch (req.path) {
      case `/api/v2/tickets/${TICKET}.json`:
        return { body: ticketResponse(site) };
      case `/api/v2/tickets/${TICKET}/comments.json`:
        return { body: cursorPage('comments', comments) };
      case `/api/v2/users/${REQUESTER}.json`:
        return { body: userResponse(site) };
      case `/api/v2/organizations/${ORG}.json`:
        return { body: organizationResponse(site) };
      case `/api/v2/users/${REQUESTER}/tickets/requested.json`:
      case `/api/v2/organizations/${ORG}/tickets.json`:
        return { body: cursorPage('tickets', []) };
      default:
        return { status: 404, body: errorBodies[404] };
    }
  };
}

const comment = (id: number, createdAt: string, attachments: unknown[]) =>
  zendeskComment({ id, author_id: REQUESTER, created_at: createdAt, attachments });

const attachment = (id: number, fileName: string, extra: Record<string, unknown> = {}) =>
  zendeskAttachment(server.baseUrl, { id, file_name: fileName, ...extra });

function source(context: ConnectorContext = testConnectorContext(SECRETS, NOW)): ConnectorSource {
  return zendeskConnector.create({
    id: 'zendesk-main',
    config: zendeskConfigSchema.parse({ baseUrl: server.baseUrl }),
    secrets: zendeskSecretsSchema.parse(SECRETS),
    context,
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

const attachmentsOf = (evidence: Evidence[]) => evidence.filter((e) => e.kind === 'attachment');
const downloads = (): RecordedRequest[] => server.requests.filter((r) => !r.path.startsWith('/api/'));

describe('zendesk attachments', () => {
  it('turns a .log and a .har attachment into attachment evidence with counts', async () => {
    respond = account(
      [
        comment(1, '2026-11-20T09:20:00Z', [
          attachment(9001, 'app.log', { content_type: 'application/octet-stream' }),
        ]),
        comment(2, '2026-11-20T09:30:00Z', [
          attachment(9002, 'checkout.har', { content_type: 'application/json' }),
        ]),
      ],
      { [tokenPath(9001)]: { body: APP_LOG }, [tokenPath(9002)]: { body: CHECKOUT_HAR } },
    );

    const evidence = await source().fetch(query());
    const ticketUrl = `${server.baseUrl}/agent/tickets/${TICKET}`;

    expect(evidence[0]?.kind).toBe('ticket');
    const files = attachmentsOf(evidence);
    // The newest comment's file first.
    expect(files.map((e) => [e.id, e.url, e.observedAt])).toEqual([
      ['zendesk-main:attachment:9002:1', ticketUrl, '2026-11-20T09:10:05.000Z'],
      ['zendesk-main:attachment:9001:1', ticketUrl, '2026-11-20T09:00:07.000Z'],
    ]);
    const [har, log] = files as [Evidence, Evidence];
    expect(har.title).toBe('POST app.acme.example/api/exports → 502 Bad Gateway');
    expect(har.attributes).toMatchObject({
      findingKind: 'http-failure',
      format: 'har',
      filename: 'checkout.har',
      count: 1,
      signature: 'HTTP 502',
    });
    expect(log.attributes).toMatchObject({
      findingKind: 'log-template',
      format: 'log',
      filename: 'app.log',
      level: 'error',
      count: 3,
      signature: 'NullPointerException',
      firstAt: '2026-11-20T09:00:02.000Z',
      lastAt: '2026-11-20T09:00:07.000Z',
    });
    expect(log.excerpt).toContain('3 log line(s) in app.log');
    for (const e of files) expect(LogFacts.safeParse(e.attributes).success).toBe(true);
    // Links point at the ticket, never at the token URL that opens the file.
    expect(JSON.stringify(evidence)).not.toContain('/attachments/token/');

    // Same host as the API: the connector's credentials, a plain GET.
    expect(downloads().map((r) => [r.method, r.path, r.headers.authorization])).toEqual(
      expect.arrayContaining([
        ['GET', tokenPath(9001), basic],
        ['GET', tokenPath(9002), basic],
      ]),
    );
    expect(downloads()).toHaveLength(2);
  });

  it('follows one redirect to another path without the Authorization header', async () => {
    respond = account([comment(1, '2026-11-20T09:20:00Z', [attachment(9001, 'app.log')])], {
      [tokenPath(9001)]: {
        status: 302,
        headers: { Location: '/cdn/attachment/app.log?signature=sig123&expires=1763640000' },
        body: '',
      },
      '/cdn/attachment/app.log': { body: APP_LOG },
    });

    const evidence = await source().fetch(query());

    expect(attachmentsOf(evidence).map((e) => [e.id, e.attributes.count])).toEqual([
      ['zendesk-main:attachment:9001:1', 3],
    ]);
    const [first, second, ...more] = downloads();
    expect(more).toHaveLength(0);
    expect(first?.path).toBe(tokenPath(9001));
    expect(first?.headers.authorization).toBe(basic);
    expect(second?.path).toBe('/cdn/attachment/app.log');
    expect(second?.query.get('signature')).toBe('sig123');
    expect(second?.headers.authorization).toBeUndefined();
    expect(second?.headers.cookie).toBeUndefined();
  });

  it('follows no second redirect', async () => {
    respond = account([comment(1, '2026-11-20T09:20:00Z', [attachment(9001, 'app.log')])], {
      [tokenPath(9001)]: { status: 302, headers: { Location: '/cdn/one' }, body: '' },
      '/cdn/one': { status: 302, headers: { Location: '/cdn/two' }, body: '' },
      '/cdn/two': { body: APP_LOG },
    });

    const evidence = await source().fetch(query());

    expect(attachmentsOf(evidence)).toEqual([]);
    expect(downloads().map((r) => r.path)).toEqual([tokenPath(9001), '/cdn/one']);
  });

  it('reads a redirected attachment through the real guarded client, beside a direct one', async () => {
    respond = account(
      [
        comment(1, '2026-11-20T09:20:00Z', [
          attachment(9001, 'app.log'),
          attachment(9002, 'checkout.har', { content_type: 'application/json' }),
        ]),
      ],
      {
        [tokenPath(9001)]: { status: 302, headers: { Location: '/cdn/attachment/app.log' }, body: '' },
        '/cdn/attachment/app.log': { body: APP_LOG },
        [tokenPath(9002)]: { body: CHECKOUT_HAR },
      },
    );

    // The context's client (maxRedirects 0) hands the redirect back; the connector fetches the CDN hop.
    const evidence = await source().fetch(query());

    expect(
      attachmentsOf(evidence)
        .map((e) => e.id)
        .sort(),
    ).toEqual(['zendesk-main:attachment:9001:1', 'zendesk-main:attachment:9002:1']);
    expect(downloads().map((r) => r.path)).toContain('/cdn/attachment/app.log');
  });

  it('sends no credentials to a content_url on another host', async () => {
    const other = await startFakeServer(() => ({ body: APP_LOG }));
    try {
      respond = account([
        comment(1, '2026-11-20T09:20:00Z', [
          zendeskAttachment(other.baseUrl, { id: 9001, file_name: 'app.log' }),
        ]),
      ]);
      const evidence = await source().fetch(query());

      expect(attachmentsOf(evidence)).toHaveLength(1);
      expect(other.requests).toHaveLength(1);
      expect(other.requests[0]?.headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('downloads no images, archives, PDFs, oversized, redacted or malware-flagged files', async () => {
    respond = account(
      [
        comment(1, '2026-11-20T09:20:00Z', [
          attachment(9101, 'screenshot.png', { content_type: 'image/png' }),
          attachment(9102, 'logs.zip', { content_type: 'application/zip' }),
          attachment(9103, 'invoice.pdf', { content_type: 'application/pdf' }),
          // An image, whatever its name claims.
          attachment(9104, 'photo.log', { content_type: 'image/jpeg' }),
          attachment(9105, 'huge.log', { size: 5_000_001 }),
          attachment(9106, 'redacted.txt', { deleted: true }),
          attachment(9107, 'infected.log', { malware_scan_result: 'malware_found' }),
          attachment(9108, 'archive.log.gz', { content_type: 'application/octet-stream' }),
          attachment(9109, 'notes.docx', { content_type: 'application/octet-stream' }),
        ]),
      ],
      {},
    );

    const evidence = await source().fetch(query());

    expect(evidence[0]?.kind).toBe('ticket');
    expect(attachmentsOf(evidence)).toEqual([]);
    expect(downloads()).toEqual([]);
  });

  it('reads at most 5 attachments per packet, the newest first, none after the case window', async () => {
    const files: Record<string, FakeResponse> = {};
    const comments: unknown[] = [];
    for (let i = 1; i <= 7; i++) {
      const at = `2026-11-20T0${i}:00:00Z`;
      comments.push(comment(i, at, [attachment(9200 + i, `run-${i}.log`)]));
      files[tokenPath(9200 + i)] = { body: `${at} ERROR export run ${i} failed: ETIMEDOUT` };
    }
    // After the window's end: a replayed case never sees it.
    comments.push(comment(8, '2026-11-21T08:00:00Z', [attachment(9208, 'later.log')]));

    respond = account(comments, files);
    const evidence = await source().fetch(query());

    const read = [7, 6, 5, 4, 3].map((i) => tokenPath(9200 + i));
    expect(
      downloads()
        .map((r) => r.path)
        .sort(),
    ).toEqual([...read].sort());
    expect(attachmentsOf(evidence).map((e) => e.id)).toEqual(
      [7, 6, 5, 4, 3].map((i) => `zendesk-main:attachment:${9200 + i}:1`),
    );
  });

  it('skips files that fail to download or parse without failing the source', async () => {
    respond = account(
      [
        comment(1, '2026-11-20T09:20:00Z', [
          attachment(9301, 'gone.log'),
          attachment(9302, 'limited.log'),
          attachment(9303, 'binary.log', { content_type: 'application/octet-stream' }),
          attachment(9304, 'broken.har'),
          attachment(9305, 'app.log'),
        ]),
      ],
      {
        [tokenPath(9301)]: { status: 500, body: errorBodies[500] },
        [tokenPath(9302)]: { status: 429, headers: rateLimitHeaders(7), body: errorBodies[429] },
        [tokenPath(9303)]: { body: '\u0000\u0001\u0002PK\u0003\u0004binary' },
        [tokenPath(9304)]: { body: '{"log": {"entries": "not a list"' },
        [tokenPath(9305)]: { body: APP_LOG },
      },
    );

    const evidence = await source().fetch(query());

    expect(downloads()).toHaveLength(5);
    expect(attachmentsOf(evidence).map((e) => e.id)).toEqual(['zendesk-main:attachment:9305:1']);
  });

  it('still fails the source on an auth error of the ticket calls', async () => {
    respond = () => ({ status: 401, body: errorBodies[401] });
    const e: unknown = await source()
      .fetch(query())
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ConnectorError);
    expect((e as ConnectorError).code).toBe('auth');
  });

  it('stops with timeout when the query is aborted while a download hangs', async () => {
    respond = account([comment(1, '2026-11-20T09:20:00Z', [attachment(9001, 'app.log')])], {
      [tokenPath(9001)]: { hang: true },
    });
    const controller = new AbortController();
    const work = source().fetch(query({}, controller.signal));
    // Abort once the download is on the wire.
    while (downloads().length === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    const e: unknown = await work.catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ConnectorError);
    expect((e as ConnectorError).code).toBe('timeout');
  });

  it('never lets PII or secrets from an attached log reach the evidence', async () => {
    const canaries = [
      'canary.person@example.org',
      '4111 1111 1111 1111',
      '4111111111111111',
      'sk_live_canary0123456789abcd',
    ];
    const dirty = [
      '2026-11-20T09:00:00Z ERROR charge failed for canary.person@example.org card 4111 1111 1111 1111 key sk_live_canary0123456789abcd',
      '2026-11-20T09:00:05Z ERROR charge failed for canary.person@example.org card 4111 1111 1111 1111 key sk_live_canary0123456789abcd',
    ].join('\n');
    respond = account(
      [
        comment(1, '2026-11-20T09:20:00Z', [
          attachment(9401, 'canary.person@example.org.log'),
          attachment(9402, 'dump.json', { content_type: 'application/json' }),
        ]),
      ],
      {
        [tokenPath(9401)]: { body: dirty },
        [tokenPath(9402)]: {
          body: JSON.stringify({
            timestamp: '2026-11-20T09:01:00Z',
            user: { email: 'canary.person@example.org' },
            error: {
              name: 'CardError',
              message: 'declined 4111 1111 1111 1111 for sk_live_canary0123456789abcd',
            },
          }),
        },
      },
    );

    const evidence = await source().fetch(query());

    expect(attachmentsOf(evidence).map((e) => e.id)).toEqual([
      'zendesk-main:attachment:9401:1',
      'zendesk-main:attachment:9402:1',
    ]);
    const everything = JSON.stringify(evidence);
    for (const canary of canaries) expect(everything).not.toContain(canary);
    for (const e of attachmentsOf(evidence)) expect(e.sensitive).toBe(true);
  });
});
