import type { CaseRecord, Evidence } from '@triage/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LogFacts } from '../../domain/triage/evidence-attributes';
import { ConnectorError } from '../errors';
import { startFakeServer, type FakeHandler, type FakeServer } from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { EvidenceQuery } from '../types';
import {
  canaryStreams,
  errorBodies,
  happyStreams,
  labelsBody,
  ns,
  pageOfLines,
  queryRangeBody,
  type LokiStream,
} from './fixtures';
import {
  escapeLogqlString,
  lokiConfigSchema,
  lokiConnector,
  lokiSecretsSchema,
  logTemplate,
  renderSelector,
  signatureOf,
} from './index';

const WINDOW = { from: new Date('2026-11-13T12:00:00Z'), to: new Date('2026-11-20T12:00:00Z') };
const DEFAULT_QUERY = '{app=~".+", account_id="acct_42"} |~ "(?i)(error|warn|exception|fail)"';

const baseRecord: CaseRecord = {
  id: '48213',
  subject: 'Checkout fails for all our customers',
  description: 'Since this morning every card payment fails. Example: req_8f2k1a9',
  requester: { id: 'u-7', email: 'buyer@acme.example', name: 'Dana Buyer' },
  organization: { id: 'org_7', name: 'Acme' },
  custom_fields: { account_id: 'acct_42' },
  created_at: '2026-11-20T10:30:00Z',
};

let server: FakeServer;
let respond: FakeHandler = () => ({ body: queryRangeBody([]) });

beforeAll(async () => {
  server = await startFakeServer((req) => respond(req));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

function source(config: Record<string, unknown> = {}, secrets: Record<string, string> = {}) {
  return lokiConnector.create({
    id: 'loki-prod',
    config: lokiConfigSchema.parse({ baseUrl: server.baseUrl, ...config }),
    secrets: lokiSecretsSchema.parse(secrets),
    context: testConnectorContext(),
  });
}

function query(record: CaseRecord = baseRecord, signal: AbortSignal = neverAborted()): EvidenceQuery {
  return { tenant: 't1', record, window: WINDOW, now: new Date('2026-11-20T12:00:00Z'), signal };
}

function streams(result: LokiStream[]): FakeHandler {
  return () => ({ body: queryRangeBody(result) });
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const e: unknown = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ConnectorError);
  return e as ConnectorError;
}

const basic = `Basic ${Buffer.from('912345:glc_token_value').toString('base64')}`;

describe('loki connector: happy path', () => {
  it('groups lines into templates, most frequent first, with counts, spans, signatures and request ids', async () => {
    respond = streams(happyStreams());
    const evidence = await source().fetch(query());

    expect(evidence.map((e) => [e.attributes.service, e.attributes.level, e.attributes.count])).toEqual([
      ['api', 'error', 12],
      ['billing-worker', 'warn', 5],
      ['gateway', 'error', 3],
      ['api', 'error', 2],
    ]);
    for (const e of evidence) {
      expect(e.kind).toBe('log');
      expect(e.source).toBe('loki-prod');
      expect(e.id).toMatch(/^loki-prod:log:[a-z-]+:[0-9a-f]{16}$/);
      expect(e.url).toBeNull();
      // The engine reads these; evidence whose facts do not parse is ignored.
      expect(LogFacts.safeParse(e.attributes).success).toBe(true);
    }
    const [charges, retries, timeouts, refunds] = evidence as [Evidence, Evidence, Evidence, Evidence];
    expect(charges.title).toBe(
      'level=error ts=2026-11-20T11:00:00.000Z caller=payments.go:212 msg="charge failed" request_id=req_6y0a0 err="StripeCardError: card_declined" account_id=acct_42 duration=120ms',
    );
    expect(charges.observedAt).toBe('2026-11-20T11:00:00.000Z');
    expect(charges.attributes).toMatchObject({
      signature: 'StripeCardError',
      firstAt: '2026-11-20T09:43:00.000Z',
      lastAt: '2026-11-20T11:00:00.000Z',
      requestIds: ['req_6y0a0', 'req_6y1a1', 'req_6y2a2'],
    });
    expect(charges.attributes.template).toBe(
      'level=error ts=<ts> caller=payments.go:<n> msg="charge failed" request_id=<id> err="StripeCardError: card_declined" account_id=<id> duration=<n>',
    );
    expect(charges.excerpt).toBe(
      '12 error line(s) from api between 2026-11-20T09:43:00.000Z and 2026-11-20T11:00:00.000Z; request ids req_6y0a0, req_6y1a1, req_6y2a2',
    );
    expect(retries.attributes).toMatchObject({ signature: 'ETIMEDOUT', level: 'warn' });
    expect(retries.observedAt).toBe('2026-11-20T10:57:00.000Z');
    // Level from the JSON line itself, since the gateway stream has no level label.
    expect(timeouts.attributes).toMatchObject({ level: 'error', service: 'gateway', signature: null });
    expect(timeouts.attributes.requestIds).toEqual(['req_gw0t7q', 'req_gw1t7q', 'req_gw2t7q']);
    expect(refunds.attributes).toMatchObject({ signature: 'RefundError', count: 2 });
    // Ids are stable across builds, so the same fact is de-duplicated.
    const again = await source().fetch(query());
    expect(again.map((e) => e.id)).toEqual(evidence.map((e) => e.id));
  });

  it('sends the documented query_range request with Basic auth and the tenant header', async () => {
    respond = streams(happyStreams());
    await source({ orgId: 'tenant-a' }, { username: '912345', password: 'glc_token_value' }).fetch(query());

    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe('/loki/api/v1/query_range');
    expect(Object.fromEntries(req?.query ?? [])).toEqual({
      query: DEFAULT_QUERY,
      start: ns('2026-11-13T12:00:00Z'),
      end: ns('2026-11-20T12:00:00Z'),
      limit: '500',
      direction: 'backward',
    });
    expect(req?.headers.authorization).toBe(basic);
    expect(req?.headers['x-scope-orgid']).toBe('tenant-a');
  });

  it('sends a Bearer token when one is configured, and no tenant header without orgId', async () => {
    respond = streams([]);
    await source({}, { token: 'glsa_abcdefghijklmnop' }).fetch(query());
    expect(server.requests[0]?.headers.authorization).toBe('Bearer glsa_abcdefghijklmnop');
    expect(server.requests[0]?.headers['x-scope-orgid']).toBeUndefined();
  });

  it('links each template to Grafana Explore when Grafana is configured', async () => {
    respond = streams(happyStreams());
    const [charges] = await source({
      grafanaUrl: 'https://acme.grafana.net/',
      grafanaDatasourceUid: 'grafanacloud-logs',
      grafanaOrgId: 3,
    }).fetch(query());

    const url = new URL(charges?.url ?? 'about:blank');
    expect(`${url.origin}${url.pathname}`).toBe('https://acme.grafana.net/explore');
    expect(url.searchParams.get('schemaVersion')).toBe('1');
    expect(url.searchParams.get('orgId')).toBe('3');
    const panes = JSON.parse(url.searchParams.get('panes') ?? '{}') as Record<
      string,
      {
        datasource: string;
        queries: { expr: string; datasource: { type: string; uid: string } }[];
        range: { from: string; to: string };
      }
    >;
    const pane = Object.values(panes)[0];
    expect(pane?.datasource).toBe('grafanacloud-logs');
    expect(pane?.queries[0]?.datasource).toEqual({ type: 'loki', uid: 'grafanacloud-logs' });
    // The case query, narrowed to this template by its longest literal part.
    expect(pane?.queries[0]?.expr).toBe(
      `${DEFAULT_QUERY} |= "err=\\"StripeCardError: card_declined\\" account_id="`,
    );
    expect(pane?.range).toEqual({
      from: String(Date.parse('2026-11-20T09:42:00Z')),
      to: String(Date.parse('2026-11-20T11:01:00Z')),
    });
  });

  it('returns [] without calling Loki when the case names no account', async () => {
    const evidence = await source().fetch(query({ ...baseRecord, custom_fields: {} }));
    expect(evidence).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('returns [] when Loki finds nothing', async () => {
    respond = streams([]);
    expect(await source().fetch(query())).toEqual([]);
  });

  it('testConnection makes one authenticated labels call', async () => {
    respond = () => ({ body: labelsBody });
    await source({ orgId: 'tenant-a' }, { token: 'glsa_abcdefghijklmnop' }).testConnection(neverAborted());
    expect(server.requests.map((r) => r.path)).toEqual(['/loki/api/v1/labels']);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer glsa_abcdefghijklmnop');
    expect(server.requests[0]?.headers['x-scope-orgid']).toBe('tenant-a');
  });
});

describe('loki connector: LogQL built from case data', () => {
  it('escapes backslashes and quotes in label values, so case data cannot inject LogQL', async () => {
    respond = streams([]);
    const hostile = 'acct_42"} |= "x" or {app=~".+\\';
    await source().fetch(query({ ...baseRecord, custom_fields: { account_id: hostile } }));
    expect(server.requests[0]?.query.get('query')).toBe(
      '{app=~".+", account_id="acct_42\\"} |= \\"x\\" or {app=~\\".+\\\\"} |~ "(?i)(error|warn|exception|fail)"',
    );
  });

  it('fills {request_id} under =~ with every request id in the case, as a literal alternation', async () => {
    respond = streams([]);
    const record: CaseRecord = {
      ...baseRecord,
      comments: [
        {
          author_role: 'customer',
          body: 'Again just now: request 3f2b8c1e-9d4a-4e7b-8a1c-2b3c4d5e6f70',
        },
      ],
    };
    await source({ selector: '{app="api", request_id=~"{request_id}"}', lineFilter: '' }).fetch(
      query(record),
    );
    expect(server.requests[0]?.query.get('query')).toBe(
      '{app="api", request_id=~"3f2b8c1e-9d4a-4e7b-8a1c-2b3c4d5e6f70|req_8f2k1a9"}',
    );
  });

  it('escapes regex metacharacters and LogQL quoting in renderSelector', () => {
    expect(renderSelector('{a=~"{account_id}"}', { account_id: ['x.y|"z'] })).toBe('{a=~"x\\\\.y\\\\|\\"z"}');
    expect(renderSelector('{a="{account_id}"}', { account_id: [] })).toBeNull();
    expect(escapeLogqlString('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it('validates the selector template and the credentials at configuration time', () => {
    const base = { baseUrl: 'https://logs-prod-006.grafana.net' };
    expect(lokiConfigSchema.parse(base)).toMatchObject({
      selector: '{app=~".+", account_id="{account_id}"}',
      lineFilter: '|~ "(?i)(error|warn|exception|fail)"',
      limit: 500,
      maxPages: 3,
    });
    expect(lokiConfigSchema.safeParse({ ...base, selector: '{app="{tenant}"}' }).success).toBe(false);
    expect(lokiConfigSchema.safeParse({ ...base, selector: '{app={account_id}}' }).success).toBe(false);
    expect(lokiConfigSchema.safeParse({ ...base, selector: 'app="x"' }).success).toBe(false);
    expect(lokiConfigSchema.safeParse({ ...base, grafanaUrl: 'https://g.example' }).success).toBe(false);
    expect(lokiConfigSchema.safeParse({ ...base, orgId: 'a\r\nX-Evil: 1' }).success).toBe(false);
    expect(lokiSecretsSchema.safeParse({ username: '912345' }).success).toBe(false);
    expect(lokiSecretsSchema.safeParse({ username: 'u', password: 'p', token: 't' }).success).toBe(false);
    expect(lokiSecretsSchema.safeParse({}).success).toBe(true);
  });
});

describe('loki connector: pagination', () => {
  it('moves end back to the oldest line read, and stops after maxPages', async () => {
    let page = 0;
    respond = (req) => {
      page += 1;
      return { body: queryRangeBody(pageOfLines(BigInt(req.query.get('end') ?? '0'), 5, String(page))) };
    };
    const evidence = await source({ limit: 5, maxPages: 3 }).fetch(query());

    expect(server.requests).toHaveLength(3);
    const ends = server.requests.map((r) => BigInt(r.query.get('end') ?? '0'));
    const windowEnd = BigInt(ns('2026-11-20T12:00:00Z'));
    expect(ends).toEqual([windowEnd, windowEnd - 5_000_000_000n + 1n, windowEnd - 10_000_000_000n + 2n]);
    for (const r of server.requests) expect(r.query.get('start')).toBe(ns('2026-11-13T12:00:00Z'));
    expect(evidence).toHaveLength(1);
    expect(evidence[0]?.attributes.count).toBe(15);
    expect(evidence[0]?.excerpt).toContain('only the newest 15 lines were read');
  });

  it('stops at a short page and does not count the boundary line twice', async () => {
    const windowEnd = BigInt(ns('2026-11-20T12:00:00Z'));
    const first = pageOfLines(windowEnd, 5, '1');
    const boundary = first[0]?.values[4];
    respond = (req) => {
      if (req.query.get('end') === windowEnd.toString()) return { body: queryRangeBody(first) };
      const more = pageOfLines(BigInt(boundary?.[0] ?? '0'), 2, '2');
      // `end` is exclusive and set one ns past the oldest line, so Loki sends that line again.
      return {
        body: queryRangeBody([
          { stream: first[0]?.stream ?? {}, values: [boundary ?? ['0', ''], ...(more[0]?.values ?? [])] },
        ]),
      };
    };
    const evidence = await source({ limit: 5, maxPages: 3 }).fetch(query());

    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.query.get('end')).toBe((BigInt(boundary?.[0] ?? '0') + 1n).toString());
    expect(evidence[0]?.attributes.count).toBe(7);
    expect(evidence[0]?.excerpt).not.toContain('only the newest');
  });
});

describe('loki connector: faults', () => {
  it('401 is auth, and the message carries neither the body nor the credentials', async () => {
    respond = () => ({ status: 401, body: errorBodies.unauthorized });
    const e = await failure(source({}, { username: '912345', password: 'glc_token_value' }).fetch(query()));
    expect(e.code).toBe('auth');
    expect(e.message).not.toMatch(/invalid authentication|glc_token_value|912345/);
  });

  it('401 on testConnection is auth', async () => {
    respond = () => ({ status: 401, body: errorBodies.noOrgId });
    expect((await failure(source().testConnection(neverAborted()))).code).toBe('auth');
  });

  it('404 (a base URL that is not Loki) is not_found', async () => {
    respond = () => ({ status: 404, body: errorBodies.notFound });
    expect((await failure(source().fetch(query()))).code).toBe('not_found');
  });

  it('429 with Retry-After: 7 is rate_limited with retryAfterMs 7000', async () => {
    respond = () => ({ status: 429, headers: { 'Retry-After': '7' }, body: errorBodies.tooManyRequests });
    const e = await failure(source().fetch(query()));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAfterMs).toBe(7000);
  });

  it('500 is unavailable', async () => {
    respond = () => ({ status: 500, body: errorBodies.internal });
    const e = await failure(source().fetch(query()));
    expect(e.code).toBe('unavailable');
    expect(e.message).not.toContain('rpc error');
  });

  it('a body that is not the documented shape is bad_response', async () => {
    respond = () => ({ body: { status: 'success', data: { resultType: 'matrix', result: [] } } });
    expect((await failure(source().fetch(query()))).code).toBe('bad_response');
    respond = () => ({ status: 200, body: '<html>Grafana login</html>' });
    expect((await failure(source().fetch(query()))).code).toBe('bad_response');
  });

  it('a hung Loki and an aborted signal reject promptly with timeout', async () => {
    let arrived: () => void = () => undefined;
    const hungRequest = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    respond = () => {
      arrived();
      return { hang: true };
    };
    const controller = new AbortController();
    const pending = source().fetch(query(baseRecord, controller.signal));
    await hungRequest;
    controller.abort();
    expect((await failure(pending)).code).toBe('timeout');
  });
});

describe('loki connector: redaction', () => {
  it('never returns the PII canaries of a log line in evidence', async () => {
    respond = streams(canaryStreams());
    const evidence = await source().fetch(query());
    expect(evidence).toHaveLength(1);
    const text = JSON.stringify(evidence);
    for (const canary of [
      'canary.person@example.org',
      '4111 1111 1111 1111',
      '4111111111111111',
      'sk_live_canary0123456789abcd',
    ])
      expect(text).not.toContain(canary);
    expect(evidence[0]?.title).toContain('webhook rejected for [email redacted]');
    expect(evidence[0]?.redactions.map((r) => r.kind).sort()).toEqual(['card', 'email', 'secret']);
    expect(evidence[0]?.sensitive).toBe(true);
  });
});

describe('log templates', () => {
  it('replaces variable parts and keeps messages and status codes', () => {
    expect(
      logTemplate(
        'GET /v1/orders/81723 took 5012ms from 10.1.2.3:5544 trace 3f2b8c1e-9d4a-4e7b-8a1c-2b3c4d5e6f70 user "bob" HTTP/1.1 502',
      ),
    ).toBe('GET /v1/orders/<n> took <n> from <ip> trace <uuid> user <str> HTTP/<n> 502');
    expect(logTemplate("Cannot read properties of undefined (reading 'id') at 0x7ffdeadbeef1")).toBe(
      'Cannot read properties of undefined (reading <str>) at <hex>',
    );
    expect(signatureOf('java.lang.IllegalStateException: closed')).toBe('IllegalStateException');
    expect(signatureOf('ERROR upstream said no')).toBeNull();
    expect(signatureOf('connect ECONNREFUSED')).toBe('ECONNREFUSED');
  });
});
