import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ErrorBody,
  ImportHistoryResponse,
  ListCasesResponse,
  TriagePacket,
  type ErrorCode,
} from '@triage/shared';
import { createApp } from '../app';
import { loadConfig } from '../infrastructure/config';
import { createLogger } from '../infrastructure/logger';
import {
  createTestApp,
  FakeTriageService,
  makeCaseRecord,
  TENANT_A,
  TENANT_B,
  TOKEN_A,
  TOKEN_B,
} from './testing';

/** Production needs credential keys; these are test keys. */
const PRODUCTION_KEYS = {
  CREDENTIAL_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  CREDENTIAL_ACTIVE_KID: 'k1',
};

/** The error envelope, exactly: nothing else may ride along. */
const ErrorEnvelope = z.strictObject({
  ok: z.literal(false),
  error: ErrorBody.extend({ requestId: z.string().min(8) }).strict(),
});

const SuccessEnvelope = <T extends z.ZodType>(data: T) => z.strictObject({ ok: z.literal(true), data });

/** Values submitted in bad requests; none may come back in a response or reach a log line. */
const CANARY = 'canary-7731';
const CANARY_EMAIL = 'canary.7731@example.com';
const CANARY_TOKEN = 'canary-token-7731-abcdefghijkl';

interface BadRequest {
  name: string;
  method: 'get' | 'post' | 'delete';
  path: string;
  /** Bearer token; `null` for none. Default tenant A's. */
  token?: string | null;
  headers?: Record<string, string>;
  contentType?: string;
  body?: string;
  status: number;
  code: ErrorCode;
  issuePaths?: string[];
}

const bigSubject = 'x'.repeat(1024 * 1024 + 10);

const BAD_REQUESTS: BadRequest[] = [
  {
    name: 'malformed JSON (packets)',
    method: 'post',
    path: '/v1/packets',
    contentType: 'application/json',
    body: `{"case": {"id": "${CANARY}", "subject": "${CANARY_EMAIL}"`,
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'malformed JSON (history import)',
    method: 'post',
    path: '/v1/history/import',
    contentType: 'application/json',
    body: `{"format": "jsonl", "content": ${CANARY}}`,
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'JSON that is not an object',
    method: 'post',
    path: '/v1/packets',
    contentType: 'application/json',
    body: `"${CANARY}"`,
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'wrong types in the body',
    method: 'post',
    path: '/v1/packets',
    contentType: 'application/json',
    body: JSON.stringify({
      case: {
        id: 7731,
        subject: CANARY_EMAIL,
        created_at: `${CANARY}-not-a-date`,
        tags: CANARY,
        comments: [{ body: 5 }],
      },
    }),
    status: 400,
    code: 'validation_failed',
    issuePaths: ['body.case.id', 'body.case.created_at', 'body.case.tags', 'body.case.comments.0.body'],
  },
  {
    name: 'a case with neither subject nor description',
    method: 'post',
    path: '/v1/packets',
    contentType: 'application/json',
    body: JSON.stringify({ case: { id: CANARY } }),
    status: 400,
    code: 'validation_failed',
    issuePaths: ['body.case.subject'],
  },
  {
    name: 'a record key that is customer text',
    method: 'post',
    path: '/v1/packets',
    contentType: 'application/json',
    body: JSON.stringify({ case: { id: 'ZD-1', subject: 's', labels: { [CANARY_EMAIL]: 5 } } }),
    status: 400,
    code: 'validation_failed',
    issuePaths: ['body.case.labels.*'],
  },
  {
    name: 'no body where one is required',
    method: 'post',
    path: '/v1/packets',
    status: 400,
    code: 'validation_failed',
    issuePaths: ['body'],
  },
  {
    name: 'bad import format and empty content',
    method: 'post',
    path: '/v1/history/import',
    contentType: 'application/json',
    body: JSON.stringify({ format: CANARY, content: '' }),
    status: 400,
    code: 'validation_failed',
    issuePaths: ['body.format', 'body.content'],
  },
  {
    name: 'bad list query',
    method: 'get',
    path: `/v1/cases?limit=${CANARY}&status=${CANARY}`,
    status: 400,
    code: 'validation_failed',
    issuePaths: ['query.limit', 'query.status'],
  },
  {
    name: 'repeated query parameter',
    method: 'get',
    path: '/v1/cases?limit=5&limit=6',
    status: 400,
    code: 'validation_failed',
    issuePaths: ['query.limit'],
  },
  {
    name: 'bad case ref',
    method: 'get',
    path: `/v1/cases/${encodeURIComponent(`<${CANARY}>`)}/packet`,
    status: 400,
    code: 'validation_failed',
    issuePaths: ['params.caseRef'],
  },
  {
    name: 'bad refresh flag',
    method: 'get',
    path: `/v1/cases/ZD-A1/packet?refresh=${CANARY}`,
    status: 400,
    code: 'validation_failed',
    issuePaths: ['query.refresh'],
  },
  {
    name: 'undecodable path parameter',
    method: 'get',
    path: '/v1/cases/%E0%A4%A/packet',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'unknown case',
    method: 'get',
    path: '/v1/cases/ZD-404/packet',
    status: 404,
    code: 'case_not_found',
  },
  {
    name: "foreign tenant reads another tenant's case",
    method: 'get',
    path: '/v1/cases/ZD-A1/packet',
    token: TOKEN_B,
    status: 404,
    code: 'case_not_found',
  },
  {
    name: "foreign tenant rebuilds another tenant's case",
    method: 'post',
    path: '/v1/cases/ZD-A1/packet',
    token: TOKEN_B,
    status: 404,
    code: 'case_not_found',
  },
  {
    name: 'foreign tenant forges the tenant in a header and the query',
    method: 'get',
    path: `/v1/cases/ZD-A1/packet?tenant=${TENANT_A}&refresh=true`,
    token: TOKEN_B,
    headers: { 'x-tenant-id': TENANT_A, 'x-zendesk-subdomain': TENANT_A },
    status: 404,
    code: 'case_not_found',
  },
  {
    name: 'missing token',
    method: 'get',
    path: '/v1/cases',
    token: null,
    status: 401,
    code: 'unauthenticated',
  },
  {
    name: 'unknown token',
    method: 'get',
    path: '/v1/cases/ZD-A1/packet',
    token: CANARY_TOKEN,
    status: 401,
    code: 'unauthenticated',
  },
  {
    name: 'wrong scheme',
    method: 'get',
    path: '/v1/cases',
    token: null,
    headers: { authorization: `Basic ${Buffer.from(`${TOKEN_A}:x`).toString('base64')}` },
    status: 401,
    code: 'unauthenticated',
  },
  {
    name: 'a valid token with a suffix',
    method: 'get',
    path: '/v1/cases',
    token: `${TOKEN_A}x`,
    status: 401,
    code: 'unauthenticated',
  },
  {
    name: 'unauthenticated write with a body is refused before the body is read',
    method: 'post',
    path: '/v1/packets',
    token: null,
    contentType: 'application/json',
    body: `{"case": ${CANARY}`,
    status: 401,
    code: 'unauthenticated',
  },
  {
    name: 'wrong content type',
    method: 'post',
    path: '/v1/packets',
    contentType: 'text/plain',
    body: JSON.stringify({ case: makeCaseRecord({ id: CANARY }) }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'form-encoded import',
    method: 'post',
    path: '/v1/history/import',
    contentType: 'application/x-www-form-urlencoded',
    body: `format=jsonl&content=${CANARY}`,
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'non-UTF-8 charset',
    method: 'post',
    path: '/v1/packets',
    contentType: 'application/json; charset=latin1',
    body: JSON.stringify({ case: makeCaseRecord({ id: CANARY }) }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'oversized body',
    method: 'post',
    path: '/v1/packets',
    contentType: 'application/json',
    body: JSON.stringify({ case: { id: CANARY, subject: bigSubject } }),
    status: 413,
    code: 'payload_too_large',
  },
  { name: 'unknown route under /v1', method: 'get', path: '/v1/nope', status: 404, code: 'not_found' },
  {
    name: 'unknown route at the root',
    method: 'get',
    path: `/${CANARY}`,
    token: null,
    status: 404,
    code: 'not_found',
  },
  {
    name: 'unknown method on a known path',
    method: 'delete',
    path: '/v1/cases',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'unknown /v1 route without a token does not reveal the API shape',
    method: 'get',
    path: '/v1/nope',
    token: null,
    status: 401,
    code: 'unauthenticated',
  },
];

function send(app: Parameters<typeof request>[0], r: BadRequest): request.Test {
  let req = request(app)[r.method](r.path);
  const token = r.token === undefined ? TOKEN_A : r.token;
  if (token !== null) req = req.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(r.headers ?? {})) req = req.set(name, value);
  if (r.contentType !== undefined) req = req.set('Content-Type', r.contentType);
  return r.body === undefined ? req : req.send(r.body);
}

describe('bad requests', () => {
  it.each(BAD_REQUESTS)('$name → $status $code', async (r) => {
    const { app, services, logLines } = createTestApp();
    services.seed(TENANT_A, makeCaseRecord({ id: 'ZD-A1', subject: 'Tenant A only' }));

    const res = await send(app, r);

    expect(res.status).toBe(r.status);
    const envelope = ErrorEnvelope.parse(res.body);
    expect(envelope.error.code).toBe(r.code);
    expect(envelope.error.requestId).toBe(res.get('x-request-id'));
    if (r.issuePaths) {
      expect(envelope.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(r.issuePaths));
    }
    if (r.status === 401) expect(res.get('www-authenticate')).toBe('Bearer');
    // Nothing submitted comes back; no personal data or credential reaches the logs (the access log
    // keeps the path, so a plain id-like canary in a URL may appear there).
    for (const canary of [CANARY, CANARY_EMAIL, CANARY_TOKEN, TOKEN_A, TOKEN_B]) {
      expect(res.text).not.toContain(canary);
    }
    for (const secret of [CANARY_EMAIL, CANARY_TOKEN, TOKEN_A, TOKEN_B]) {
      expect(logLines.join('')).not.toContain(secret);
    }
    expect(services.writes).toEqual([]);
  });

  it('rejects an import body over 25 MB with 413, and accepts one over 1 MB', async () => {
    const { app, services } = createTestApp();
    const line = JSON.stringify(makeCaseRecord({ id: 'ZD-big', description: 'y'.repeat(1_500_000) }));
    const ok = await request(app)
      .post('/v1/history/import')
      .set('Authorization', `Bearer ${TOKEN_A}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ format: 'jsonl', content: line }));
    expect(ok.status).toBe(200);

    services.writes.length = 0;
    const tooBig = await request(app)
      .post('/v1/history/import')
      .set('Authorization', `Bearer ${TOKEN_A}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ format: 'jsonl', content: 'z'.repeat(25 * 1024 * 1024) }));
    expect(tooBig.status).toBe(413);
    expect(ErrorEnvelope.parse(tooBig.body).error.code).toBe('payload_too_large');
    expect(services.writes).toEqual([]);
  });

  it('answers an unexpected failure with a generic 500 and logs it with its cause', async () => {
    const { app, services, logLines } = createTestApp();
    services.failWith(
      new Error(`database exploded near ${CANARY_EMAIL}`, { cause: new Error('connection reset') }),
    );

    const res = await request(app).get('/v1/cases').set('Authorization', `Bearer ${TOKEN_A}`);

    expect(res.status).toBe(500);
    const { error } = ErrorEnvelope.parse(res.body);
    expect(error.code).toBe('internal');
    expect(error.message).not.toMatch(/database|exploded/);
    expect(res.text).not.toContain(CANARY_EMAIL);
    const failure = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.level === 'error');
    expect(failure).toMatchObject({
      code: 'internal',
      requestId: error.requestId,
      err: { message: 'database exploded near [email]', cause: { message: 'connection reset' } },
    });
    expect(logLines.join('')).not.toContain(CANARY_EMAIL);
  });
});

describe('happy paths', () => {
  const auth = { Authorization: `Bearer ${TOKEN_A}` };

  it('GET /healthz answers 200 with API security headers', async () => {
    const { app } = createTestApp();
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, data: { status: 'up' } });
    expect(res.get('x-content-type-options')).toBe('nosniff');
    expect(res.get('cache-control')).toBe('no-store');
    expect(res.get('x-powered-by')).toBeUndefined();
    expect(res.get('x-frame-options')).toBeUndefined();
  });

  it('GET /readyz answers 200 when ready and 503 unavailable when not', async () => {
    expect((await request(createTestApp().app).get('/readyz')).body).toEqual({
      ok: true,
      data: { status: 'ready' },
    });

    const { app, logLines } = createTestApp({
      ready: () => Promise.reject(new Error('database not migrated')),
    });
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(ErrorEnvelope.parse(res.body).error.code).toBe('unavailable');
    expect(logLines.join('')).toContain('database not migrated');
  });

  it('GET /v1/cases lists only the caller tenant cases, with paging and status filter', async () => {
    const { app, services } = createTestApp();
    services.seed(TENANT_A, makeCaseRecord({ id: 'ZD-1' }));
    services.seed(TENANT_A, makeCaseRecord({ id: 'ZD-2', status: 'solved' }), { withPacket: true });
    services.seed(TENANT_A, makeCaseRecord({ id: 'ZD-3' }));
    services.seed(TENANT_B, makeCaseRecord({ id: 'ZD-B' }));

    const page1 = await request(app).get('/v1/cases?limit=2').set(auth);
    expect(page1.status).toBe(200);
    expect(page1.get('cache-control')).toBe('no-store');
    const data1 = SuccessEnvelope(ListCasesResponse).parse(page1.body).data;
    expect(data1.cases.map((c) => c.caseRef)).toEqual(['ZD-1', 'ZD-2']);
    expect(data1.nextCursor).not.toBeNull();

    const page2 = await request(app)
      .get(`/v1/cases?limit=2&cursor=${data1.nextCursor ?? ''}`)
      .set(auth);
    expect(
      SuccessEnvelope(ListCasesResponse)
        .parse(page2.body)
        .data.cases.map((c) => c.caseRef),
    ).toEqual(['ZD-3']);

    const solved = await request(app).get('/v1/cases?status=solved').set(auth);
    expect(SuccessEnvelope(ListCasesResponse).parse(solved.body).data.cases).toMatchObject([
      { caseRef: 'ZD-2', hasPacket: true },
    ]);
    expect(services.calls.every((c) => c.tenant === TENANT_A)).toBe(true);
    expect(services.writes).toEqual([]);
  });

  it('GET /v1/cases/:caseRef/packet builds on demand, then serves the cached packet, and rebuilds on refresh=true', async () => {
    const { app, services } = createTestApp();
    services.seed(TENANT_A, makeCaseRecord({ id: 'ZD-A1' }));

    const first = await request(app).get('/v1/cases/ZD-A1/packet').set(auth);
    expect(first.status).toBe(200);
    expect(first.get('cache-control')).toBe('no-store');
    const packet = SuccessEnvelope(TriagePacket).parse(first.body).data;
    expect(packet).toMatchObject({ tenant: TENANT_A, caseRef: 'ZD-A1' });
    expect(services.writes).toHaveLength(1);

    await request(app).get('/v1/cases/ZD-A1/packet?refresh=false').set(auth).expect(200);
    expect(services.writes).toHaveLength(1);

    await request(app).get('/v1/cases/ZD-A1/packet?refresh=true').set(auth).expect(200);
    expect(services.writes).toHaveLength(2);
  });

  it('POST /v1/cases/:caseRef/packet rebuilds the packet', async () => {
    const { app, services } = createTestApp();
    services.seed(TENANT_A, makeCaseRecord({ id: 'ZD-A1' }), { withPacket: true });
    const res = await request(app).post('/v1/cases/ZD-A1/packet').set(auth);
    expect(res.status).toBe(200);
    expect(SuccessEnvelope(TriagePacket).parse(res.body).data.caseRef).toBe('ZD-A1');
    expect(services.writes).toEqual([{ op: 'buildPacket', tenant: TENANT_A, caseRef: 'ZD-A1' }]);
  });

  it('POST /v1/packets stores the case under the token tenant, whatever the request claims', async () => {
    const { app, services } = createTestApp();
    const res = await request(app)
      .post(`/v1/packets?tenant=${TENANT_A}`)
      .set('Authorization', `Bearer ${TOKEN_B}`)
      .set('x-tenant-id', TENANT_A)
      .send({ tenant: TENANT_A, case: makeCaseRecord({ id: 'ZD-NEW' }) });
    expect(res.status).toBe(201);
    expect(SuccessEnvelope(TriagePacket).parse(res.body).data).toMatchObject({
      tenant: TENANT_B,
      caseRef: 'ZD-NEW',
    });
    expect(services.writes.every((w) => w.tenant === TENANT_B)).toBe(true);
    expect(services.writes).toHaveLength(2);
  });

  it('POST /v1/history/import imports into the caller tenant', async () => {
    const { app, services } = createTestApp();
    const content = [
      JSON.stringify(makeCaseRecord({ id: 'ZD-1' })),
      '{not json',
      JSON.stringify(makeCaseRecord({ id: 'ZD-2' })),
    ].join('\n');
    const res = await request(app).post('/v1/history/import').set(auth).send({ format: 'jsonl', content });
    expect(res.status).toBe(200);
    expect(SuccessEnvelope(ImportHistoryResponse).parse(res.body).data).toEqual({
      imported: 2,
      updated: 0,
      rejected: [{ line: 2, message: 'not JSON' }],
    });
    expect(services.writes.map((w) => w.tenant)).toEqual([TENANT_A, TENANT_A]);
  });
});

describe('x-request-id', () => {
  it('echoes a sane incoming id and binds it into the logs', async () => {
    const { app, logLines } = createTestApp();
    const res = await request(app).get('/healthz').set('x-request-id', 'zd-req.2026_03-02');
    expect(res.get('x-request-id')).toBe('zd-req.2026_03-02');
    expect(logLines.some((l) => l.includes('"requestId":"zd-req.2026_03-02"'))).toBe(true);
  });

  it.each([
    ['too short', 'abc'],
    ['too long', 'a'.repeat(65)],
    ['with spaces', 'abcd efgh ijkl'],
    ['with markup', '<script>alert(1)</script>'],
  ])('replaces an id that is %s with a UUID', async (_name, incoming) => {
    const { app } = createTestApp();
    const res = await request(app).get('/healthz').set('x-request-id', incoming);
    expect(res.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('generates one when none is sent, and reports it in error bodies', async () => {
    const { app } = createTestApp();
    const res = await request(app).get('/v1/cases');
    expect(ErrorEnvelope.parse(res.body).error.requestId).toBe(res.get('x-request-id'));
  });
});

describe('production', () => {
  const logger = createLogger({ level: 'silent' });
  const deps = { logger, services: new FakeTriageService(), ready: () => Promise.resolve() };

  it('loadConfig refuses DEV_TOKENS', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_TOKENS: `${TOKEN_A}=${TENANT_A}` })).toThrow(
      /DEV_TOKENS/,
    );
  });

  it('createApp refuses a hand-built production config with dev tokens', () => {
    const config = {
      ...loadConfig({ NODE_ENV: 'production', ...PRODUCTION_KEYS }),
      devTokens: new Map([[TOKEN_A, TENANT_A]]),
    };
    expect(() => createApp({ ...deps, config })).toThrow(/DEV_TOKENS/);
  });

  it('without an authenticator, every /v1 request is refused, and HSTS is set', async () => {
    const app = createApp({ ...deps, config: loadConfig({ NODE_ENV: 'production', ...PRODUCTION_KEYS }) });
    const res = await request(app).get('/v1/cases').set('Authorization', `Bearer ${TOKEN_A}`);
    expect(res.status).toBe(401);
    expect(res.get('strict-transport-security')).toMatch(/max-age=31536000/);
  });
});
