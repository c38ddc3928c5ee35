import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../errors';
import { startFakeServer, type FakeHandler, type FakeServer } from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { WriteBackRequest, WriteBackTarget } from '../types';
import {
  createEscalationQueueWriteBack,
  escalationQueueConfigSchema,
  escalationQueueSecretsSchema,
  signEscalation,
  verifyEscalationSignature,
} from './index';

const SECRET = 'whsec_3b1f0c9e7a5d4c2b8e6f1a0d9c7b5e3f';
const NOW = new Date('2026-11-20T12:00:00Z');
const NOW_SECONDS = String(NOW.getTime() / 1000);
const KEY = 'wb-esc-1';
const PAYLOAD = { caseRef: 'ZD-35436', reasons: ['customer-impacting'], severity: 'sev1' };

let server: FakeServer;
let respond: FakeHandler;
/** What the receiver filed, deduped by Idempotency-Key as receivers must. */
let filed: Map<string, unknown>;

beforeAll(async () => {
  server = await startFakeServer((req) => respond(req));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  filed = new Map();
  respond = (req) => {
    const key = String(req.headers['idempotency-key']);
    const ok = verifyEscalationSignature(
      SECRET,
      req.headers['x-triage-timestamp'] as string | undefined,
      req.body,
      req.headers['x-triage-signature'] as string | undefined,
      NOW,
    );
    if (!ok) return { status: 401, body: { error: 'bad signature' } };
    if (!filed.has(key)) filed.set(key, JSON.parse(req.body));
    return { status: 202, body: { id: `esc-${filed.size}` } };
  };
});

function target(): WriteBackTarget {
  return createEscalationQueueWriteBack({
    id: 'escalations',
    config: escalationQueueConfigSchema.parse({ url: `${server.baseUrl}/hooks/triage` }),
    secrets: escalationQueueSecretsSchema.parse({ signingSecret: SECRET }),
    context: testConnectorContext({}, NOW),
  });
}

function request(
  action: WriteBackRequest['action'] = 'escalation',
  payload: Record<string, unknown> = PAYLOAD,
) {
  return { ref: 'ZD-35436', action, payload, idempotencyKey: KEY, signal: neverAborted() };
}

describe('escalation-queue write-back', () => {
  it('POSTs the signed delivery with Idempotency-Key, timestamp and signature headers', async () => {
    const result = await target().write(request());

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/hooks/triage');
    expect(req?.headers['idempotency-key']).toBe(KEY);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['x-triage-timestamp']).toBe(NOW_SECONDS);
    expect(req?.headers['x-triage-signature']).toBe(signEscalation(SECRET, NOW_SECONDS, req?.body ?? ''));
    expect(JSON.parse(req?.body ?? '')).toEqual({
      id: KEY,
      type: 'escalation',
      ref: 'ZD-35436',
      payload: PAYLOAD,
      sentAt: NOW.toISOString(),
    });
    expect(result).toEqual({ externalId: 'esc-1', url: null });
  });

  it('has no marker to read, so a retry relies on the receiver deduping by Idempotency-Key', async () => {
    const t = target();
    const find = { ref: 'ZD-35436', idempotencyKey: KEY, signal: neverAborted() };
    expect(await t.findMarker(find)).toBeNull();
    await t.write(request());
    await t.write(request());
    expect(await t.findMarker(find)).toBeNull();
    expect(server.requests).toHaveLength(2);
    expect(filed.size).toBe(1);
  });

  it('takes a 2xx without a body as success', async () => {
    respond = () => ({ status: 204 });
    expect(await target().write(request())).toEqual({ externalId: null, url: null });
  });

  it('refuses other actions, bad keys and invalid payloads before sending', async () => {
    const t = target();
    await expect(t.write(request('internal-note'))).rejects.toMatchObject({ code: 'config' });
    await expect(t.write(request('escalation', { reasons: [] }))).rejects.toMatchObject({ code: 'config' });
    await expect(t.write({ ...request(), idempotencyKey: 'a b\r\nX: y' })).rejects.toMatchObject({
      code: 'config',
    });
    expect(server.requests).toHaveLength(0);
  });

  const cases = [
    { status: 401, code: 'auth' },
    { status: 403, code: 'forbidden' },
    { status: 404, code: 'not_found' },
    { status: 409, code: 'bad_response' },
    { status: 500, code: 'unavailable' },
  ] as const;
  for (const { status, code } of cases) {
    it(`maps ${status} to ${code} without echoing the body or the secret`, async () => {
      respond = () => ({ status, body: { error: `receiver says ${SECRET}` } });
      const error = await target()
        .write(request())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code, status });
      expect((error as Error).message).not.toContain('receiver says');
      expect((error as Error).message).not.toContain(SECRET);
    });
  }

  it('maps 429 to rate_limited with Retry-After', async () => {
    respond = () => ({ status: 429, headers: { 'Retry-After': '12' }, body: {} });
    await expect(target().write(request())).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 12_000,
    });
  });

  it('rejects promptly when the signal is aborted while the receiver hangs', async () => {
    const controller = new AbortController();
    respond = () => {
      controller.abort();
      return { hang: true };
    };
    await expect(target().write({ ...request(), signal: controller.signal })).rejects.toMatchObject({
      code: 'timeout',
    });
  });

  it('validates the config and secrets', () => {
    expect(escalationQueueConfigSchema.safeParse({ url: 'ftp://x.example/a' }).success).toBe(false);
    expect(escalationQueueConfigSchema.safeParse({ url: 'https://u:p@x.example/a' }).success).toBe(false);
    expect(escalationQueueSecretsSchema.safeParse({ signingSecret: 'short' }).success).toBe(false);
  });
});

describe('verifyEscalationSignature', () => {
  const body = '{"id":"wb-1","type":"escalation"}';
  const header = signEscalation(SECRET, NOW_SECONDS, body);

  it('accepts a fresh delivery signed with the secret, as a string or bytes', () => {
    expect(verifyEscalationSignature(SECRET, NOW_SECONDS, body, header, NOW)).toBe(true);
    expect(verifyEscalationSignature(SECRET, NOW_SECONDS, Buffer.from(body), header, NOW.getTime())).toBe(
      true,
    );
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('rejects another secret, a changed body, a changed timestamp and malformed headers', () => {
    expect(verifyEscalationSignature(`${SECRET}x`, NOW_SECONDS, body, header, NOW)).toBe(false);
    expect(verifyEscalationSignature(SECRET, NOW_SECONDS, `${body} `, header, NOW)).toBe(false);
    expect(verifyEscalationSignature(SECRET, String(Number(NOW_SECONDS) - 1), body, header, NOW)).toBe(false);
    expect(verifyEscalationSignature(SECRET, NOW_SECONDS, body, header.slice(0, -2), NOW)).toBe(false);
    expect(
      verifyEscalationSignature(SECRET, NOW_SECONDS, body, header.replace('sha256=', 'sha1='), NOW),
    ).toBe(false);
    expect(verifyEscalationSignature(SECRET, undefined, body, header, NOW)).toBe(false);
    expect(verifyEscalationSignature(SECRET, NOW_SECONDS, body, undefined, NOW)).toBe(false);
    expect(verifyEscalationSignature(SECRET, '1e9', body, header, NOW)).toBe(false);
  });

  it('enforces the tolerance both ways', () => {
    const at = (offsetSeconds: number) => new Date(NOW.getTime() + offsetSeconds * 1000);
    expect(verifyEscalationSignature(SECRET, NOW_SECONDS, body, header, at(300), 300)).toBe(true);
    expect(verifyEscalationSignature(SECRET, NOW_SECONDS, body, header, at(301), 300)).toBe(false);
    expect(verifyEscalationSignature(SECRET, NOW_SECONDS, body, header, at(-301), 300)).toBe(false);
  });

  it('detects any single-character change of the body', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (text, i, c) => {
          const at = i % text.length;
          const changed = text.slice(0, at) + c + text.slice(at + 1);
          fc.pre(changed !== text);
          const sig = signEscalation(SECRET, NOW_SECONDS, text);
          expect(verifyEscalationSignature(SECRET, NOW_SECONDS, text, sig, NOW)).toBe(true);
          expect(verifyEscalationSignature(SECRET, NOW_SECONDS, changed, sig, NOW)).toBe(false);
        },
      ),
    );
  });
});
