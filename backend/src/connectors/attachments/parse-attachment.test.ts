import { describe, expect, it } from 'vitest';
import { LogFacts } from '../../domain/triage/evidence-attributes';
import { AttachmentParseError, attachmentEvidence, parseAttachment, type ParsedAttachment } from './index';

const ATTACHMENT = {
  ref: 'zd-att-9001',
  filename: 'app.log',
  url: 'https://acme.zendesk.com/attachments/token/abc/?name=app.log',
  attachedAt: '2026-11-20T11:30:00Z',
};

function at(i: number): string {
  return new Date(Date.parse('2026-11-20T08:00:00Z') + i * 1000).toISOString();
}

/** 10,000 lines: 6,000 info lines and four problem templates with known counts, interleaved. */
function generatedLog(): string {
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const ts = at(i);
    if (i % 100 === 99)
      lines.push(`${ts} ERROR OrderService NullPointerException at OrderService.java:${200 + (i % 7)}`);
    else if (i % 25 === 3) lines.push(`${ts} ERROR db connection to 10.0.${i % 9}.5:5432 lost after ${i}ms`);
    else if (i % 10 === 5)
      lines.push(`${ts} WARN retrying job ${40_000 + i} after ETIMEDOUT (attempt ${i % 5}/5)`);
    else if (i % 4 === 0)
      lines.push(
        `${ts} ERROR payment failed for order ${10_000 + i}: StripeCardError card_declined request_id=req_${i.toString(36)}x`,
      );
    else lines.push(`${ts} INFO request completed in ${i % 300}ms path=/api/orders/${i}`);
  }
  return lines.join('\n');
}

function expectedCounts(): Record<string, number> {
  const c = { npe: 0, db: 0, retry: 0, payment: 0 };
  for (let i = 0; i < 10_000; i++) {
    if (i % 100 === 99) c.npe += 1;
    else if (i % 25 === 3) c.db += 1;
    else if (i % 10 === 5) c.retry += 1;
    else if (i % 4 === 0) c.payment += 1;
  }
  return c;
}

const CANARIES = ['canary.person@example.org', '4111 1111 1111 1111', 'sk_live_canary0123456789abcd'];

describe('parseAttachment: plain-text logs', () => {
  it('turns a 10,000-line log into at most 10 findings with exact counts', () => {
    const parsed = parseAttachment({ filename: 'app.log', contentType: 'text/plain', text: generatedLog() });
    const want = expectedCounts();

    expect(parsed.format).toBe('log');
    expect(parsed.findings.length).toBeLessThanOrEqual(10);
    expect(parsed.findings.map((f) => [f.level, f.count, f.signatures])).toEqual([
      ['error', want.payment, ['StripeCardError']],
      ['warn', want.retry, ['ETIMEDOUT']],
      ['error', want.db, []],
      ['error', want.npe, ['NullPointerException']],
    ]);
    const [payment] = parsed.findings;
    expect(payment?.kind).toBe('log-template');
    expect(payment?.firstAt).toBe(at(0));
    expect(payment?.lastAt).toBe(at(9996));
    expect(payment?.title).toBe(
      `${at(9996)} ERROR payment failed for order 19996: StripeCardError card_declined request_id=req_${(9996).toString(36)}x`,
    );
    expect(payment?.requestIds).toEqual(['req_0x', 'req_4x', 'req_8x']);
    expect(parsed.timeWindow).toEqual({ from: at(0), to: at(9999) });
    expect(parsed.truncated).toBe(false);
  });

  it('reads CRLF logs like LF logs, with comma fractions and stack traces folded into their entry', () => {
    const lines = [
      '2026-11-20 10:00:01,123 ERROR [main] Unhandled exception in worker pool-1',
      'java.lang.IllegalStateException: pool closed',
      '\tat com.acme.Pool.get(Pool.java:42)',
      '\tat com.acme.Worker.run(Worker.java:7)',
      '2026-11-20 10:00:02,500 INFO [main] restarting worker',
      '2026-11-20 10:05:09,001 ERROR [main] Unhandled exception in worker pool-2',
      '2026-11-20 10:05:09,002 WARN [main] queue depth 1200 above 1000',
    ];
    const crlf = parseAttachment({ filename: 'server.log', text: lines.join('\r\n') + '\r\n' });
    const lf = parseAttachment({ filename: 'server.log', text: lines.join('\n') });

    expect(crlf).toEqual(lf);
    expect(crlf.findings.map((f) => [f.level, f.count, f.signatures])).toEqual([
      ['error', 2, ['IllegalStateException']],
      ['warn', 1, []],
    ]);
    expect(crlf.findings[0]?.firstAt).toBe('2026-11-20T10:00:01.123Z');
    expect(crlf.findings[0]?.title).toBe(
      '2026-11-20 10:05:09,001 ERROR [main] Unhandled exception in worker pool-2',
    );
    expect(JSON.stringify(crlf)).not.toContain('\r');
  });

  it('reads common log format timestamps and JSON lines', () => {
    const parsed = parseAttachment({
      filename: 'mixed.log',
      text: [
        '10.1.2.3 - - [20/Nov/2026:10:00:00 +0100] "GET /health HTTP/1.1" 200 2',
        '{"time":"2026-11-20T09:30:00Z","level":"error","msg":"upstream timeout","request_id":"req_json01","version":"4.2.1"}',
        '{"time":"2026-11-20T09:31:00Z","level":"error","msg":"upstream timeout","request_id":"req_json02"}',
      ].join('\n'),
    });
    expect(parsed.timeWindow).toEqual({ from: '2026-11-20T09:00:00.000Z', to: '2026-11-20T09:31:00.000Z' });
    expect(parsed.findings).toHaveLength(1);
    expect(parsed.findings[0]).toMatchObject({
      title: 'upstream timeout',
      count: 2,
      level: 'error',
      requestIds: ['req_json01', 'req_json02'],
    });
    expect(parsed.versions).toEqual(['4.2.1']);
  });

  it('keeps the newest 50,000 lines of a longer log and says so', () => {
    const lines: string[] = [];
    for (let i = 0; i < 60_000; i++) lines.push(`${at(i)} ERROR sync failed for shard ${i % 16}`);
    const parsed = parseAttachment({ filename: 'big.log', text: lines.join('\n') });
    expect(parsed.truncated).toBe(true);
    expect(parsed.notes.join(' ')).toContain('only the last 50,000 were read');
    expect(parsed.findings[0]?.count).toBe(50_000);
    expect(parsed.timeWindow).toEqual({ from: at(10_000), to: at(59_999) });
  });

  it('refuses content that is not text', () => {
    const png = '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR\u0000\u0000\u0001';
    const refuse = (input: Parameters<typeof parseAttachment>[0]) => {
      try {
        parseAttachment(input);
      } catch (e) {
        expect(e).toBeInstanceOf(AttachmentParseError);
        return (e as AttachmentParseError).code;
      }
      return 'accepted';
    };
    expect(refuse({ filename: 'app.log', contentType: 'application/octet-stream', text: png })).toBe(
      'binary',
    );
    expect(refuse({ filename: 'shot.png', contentType: 'image/png', text: 'IHDR' })).toBe('binary');
    expect(refuse({ filename: 'x.log', text: '\ufffd\ufffd\ufffd\u0003\u0004 abc' })).toBe('binary');
    expect(refuse({ filename: 'capture.har', text: '{"not":"a har"}' })).toBe('malformed');
  });
});

describe('parseAttachment: HAR captures', () => {
  const secret = 'Bearer sk_live_canary0123456789abcd';
  const entry = (
    startedDateTime: string,
    method: string,
    url: string,
    status: number,
    statusText: string,
    extra: { error?: string; requestId?: string; time?: number; wait?: number } = {},
  ) => ({
    pageref: 'page_1',
    startedDateTime,
    time: extra.time ?? 120.5,
    request: {
      method,
      url,
      httpVersion: 'HTTP/2',
      cookies: [{ name: 'session', value: 'sess-canary-cookie-value' }],
      headers: [
        { name: 'Authorization', value: secret },
        { name: 'Cookie', value: 'session=sess-canary-cookie-value' },
      ],
      queryString: [{ name: 'token', value: 'qs-canary-token' }],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText,
      httpVersion: 'HTTP/2',
      cookies: [],
      headers: [
        { name: 'content-type', value: 'application/json' },
        ...(extra.requestId ? [{ name: 'X-Request-Id', value: extra.requestId }] : []),
        { name: 'x-app-version', value: '4.2.1' },
      ],
      content: { size: 42, mimeType: 'application/json', text: '{"email":"canary.person@example.org"}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 42,
      ...(extra.error ? { _error: extra.error } : {}),
    },
    cache: {},
    timings: {
      blocked: 1.2,
      dns: -1,
      ssl: -1,
      connect: -1,
      send: 0.1,
      wait: extra.wait ?? 110.3,
      receive: 0.9,
    },
  });
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      pages: [
        { startedDateTime: '2026-11-20T10:00:00.000Z', id: 'page_1', title: 'Checkout', pageTimings: {} },
      ],
      entries: [
        entry(
          '2026-11-20T10:00:00.100Z',
          'GET',
          'https://api.acme.example/v1/cart?token=qs-canary-token',
          200,
          'OK',
        ),
        entry(
          '2026-11-20T10:00:01.000Z',
          'POST',
          'https://api.acme.example/v1/orders/81723/pay?token=qs-canary-token',
          502,
          'Bad Gateway',
          { requestId: 'req_har01', time: 30_050.2, wait: 30_001.7 },
        ),
        entry(
          '2026-11-20T10:00:09.000Z',
          'POST',
          'https://api.acme.example/v1/orders/81724/pay',
          502,
          'Bad Gateway',
          {
            requestId: 'req_har02',
          },
        ),
        entry('2026-11-20T10:00:12.000Z', 'GET', 'https://cdn.acme.example/app.js', 0, '', {
          error: 'net::ERR_CONNECTION_RESET',
        }),
      ],
    },
  };

  it('finds failed requests by method, host and path, with status, timings and request ids', () => {
    const parsed = parseAttachment({
      filename: 'checkout.har',
      contentType: 'application/json',
      text: JSON.stringify(har),
    });
    expect(parsed.format).toBe('har');
    expect(parsed.findings).toEqual([
      {
        kind: 'http-failure',
        title: 'POST api.acme.example/v1/orders/<n>/pay → 502 Bad Gateway',
        count: 2,
        firstAt: '2026-11-20T10:00:01.000Z',
        lastAt: '2026-11-20T10:00:09.000Z',
        signatures: ['HTTP 502'],
        versions: ['4.2.1'],
        requestIds: ['req_har01', 'req_har02'],
        level: 'error',
        detail: 'slowest 30050 ms, server wait up to 30002 ms',
      },
      expect.objectContaining({
        title: 'GET cdn.acme.example/app.js → net::ERR_CONNECTION_RESET',
        count: 1,
        signatures: ['net::ERR_CONNECTION_RESET'],
      }),
    ]);
    expect(parsed.timeWindow).toEqual({ from: '2026-11-20T10:00:00.100Z', to: '2026-11-20T10:00:12.000Z' });
    expect(parsed.notes).toContain('4 requests, 3 failed');
  });

  it('never surfaces the Authorization header, cookies, query strings or bodies', () => {
    const parsed = parseAttachment({ filename: 'checkout.har', text: JSON.stringify(har) });
    const evidence = attachmentEvidence('attachments', { ...ATTACHMENT, filename: 'checkout.har' }, parsed);
    for (const text of [JSON.stringify(parsed), JSON.stringify(evidence)])
      for (const leak of [secret, 'sk_live', 'sess-canary-cookie-value', 'qs-canary-token', 'canary.person'])
        expect(text).not.toContain(leak);
    // The path only: no query string in any title.
    for (const e of evidence) expect(e.title).not.toContain('?');
  });
});

describe('parseAttachment: JSON error dumps', () => {
  const dump = {
    timestamp: '2026-11-20T10:15:00.000Z',
    version: '4.2.1',
    requestId: 'req_dump01',
    user: { id: 'u-1', email: 'canary.person@example.org' },
    error: {
      name: 'TypeError',
      message: "Cannot read properties of undefined (reading 'id')",
      code: 'ERR_RENDER_ORDER',
      stack:
        "TypeError: Cannot read properties of undefined (reading 'id')\n    at renderOrder (/Users/jdoe/app/src/order.js:42:13)\n    at main (/Users/jdoe/app/src/index.js:7:3)",
    },
  };

  it('reads the error, its stack signature, version and request id', () => {
    const parsed = parseAttachment({
      filename: 'crash.json',
      contentType: 'application/json',
      text: JSON.stringify(dump),
    });
    expect(parsed.format).toBe('json');
    expect(parsed.findings).toEqual([
      {
        kind: 'error',
        title: "TypeError: Cannot read properties of undefined (reading 'id')",
        count: 1,
        firstAt: '2026-11-20T10:15:00.000Z',
        lastAt: '2026-11-20T10:15:00.000Z',
        signatures: ['TypeError', 'ERR_RENDER_ORDER'],
        versions: ['4.2.1'],
        requestIds: ['req_dump01'],
        level: 'error',
        detail: null,
      },
    ]);
    expect(parsed.versions).toEqual(['4.2.1']);
    expect(parsed.requestIds).toEqual(['req_dump01']);
    expect(parsed.timeWindow).toEqual({ from: '2026-11-20T10:15:00.000Z', to: '2026-11-20T10:15:00.000Z' });
    // Stack frames carry local paths and user names: only the exception name is kept.
    expect(JSON.stringify(parsed)).not.toContain('/Users/jdoe');
  });

  it('groups an array of errors and takes the name from the stack when none is given', () => {
    const parsed = parseAttachment({
      filename: 'errors.json',
      text: JSON.stringify([
        {
          at: '2026-11-20T10:00:00Z',
          error: {
            message: 'Request failed with status code 502',
            stack: 'AxiosError: Request failed with status code 502\n  at x',
          },
        },
        {
          at: '2026-11-20T10:02:00Z',
          error: {
            message: 'Request failed with status code 502',
            stack: 'AxiosError: Request failed with status code 502\n  at y',
          },
        },
        { at: '2026-11-20T10:03:00Z', error: 'invalid_grant', error_description: 'Refresh token expired' },
      ]),
    });
    expect(parsed.findings.map((f) => [f.title, f.count, f.signatures, f.firstAt, f.lastAt])).toEqual([
      [
        'AxiosError: Request failed with status code 502',
        2,
        ['AxiosError'],
        '2026-11-20T10:00:00.000Z',
        '2026-11-20T10:02:00.000Z',
      ],
      [
        'Error invalid_grant: Refresh token expired',
        1,
        ['invalid_grant'],
        '2026-11-20T10:03:00.000Z',
        '2026-11-20T10:03:00.000Z',
      ],
    ]);
  });
});

describe('attachmentEvidence', () => {
  it('builds redacted attachment evidence whose attributes parse as log facts', () => {
    const text = [
      '2026-11-20T10:00:00Z ERROR webhook rejected for canary.person@example.org card 4111 1111 1111 1111 key sk_live_canary0123456789abcd request_id=req_cnry1',
      '2026-11-20T10:01:00Z ERROR webhook rejected for canary.person@example.org card 4111 1111 1111 1111 key sk_live_canary0123456789abcd request_id=req_cnry2',
    ].join('\n');
    const parsed: ParsedAttachment = parseAttachment({ filename: 'app.log', text });
    const evidence = attachmentEvidence('attachments', ATTACHMENT, parsed);

    expect(evidence).toHaveLength(1);
    const [e] = evidence;
    expect(e?.id).toBe('attachments:attachment:zd-att-9001:1');
    expect(e?.kind).toBe('attachment');
    expect(e?.url).toBe(ATTACHMENT.url);
    expect(e?.observedAt).toBe('2026-11-20T10:01:00.000Z');
    expect(e?.excerpt).toBe(
      '2 log line(s) in app.log between 2026-11-20T10:00:00.000Z and 2026-11-20T10:01:00.000Z; request ids req_cnry1, req_cnry2.',
    );
    expect(e?.attributes).toMatchObject({
      findingKind: 'log-template',
      level: 'error',
      count: 2,
      signature: null,
    });
    expect(LogFacts.safeParse(e?.attributes).success).toBe(true);
    const all = JSON.stringify(evidence);
    for (const canary of [...CANARIES, '4111111111111111']) expect(all).not.toContain(canary);
    expect(e?.sensitive).toBe(true);
  });
});
