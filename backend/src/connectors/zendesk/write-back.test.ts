import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toZendeskHtml } from '../../domain/drafting';
import { ConnectorError } from '../errors';
import { startFakeServer, type FakeHandler, type FakeServer } from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { WriteBackRequest, WriteBackTarget } from '../types';
import { errorBodies, rateLimitHeaders, zendeskComment, zendeskTicket } from './fixtures';
import { zendeskConfigSchema, zendeskSecretsSchema } from './index';
import { createZendeskWriteBack, zendeskMarkerTag, zendeskReferenceToken } from './write-back';

const EMAIL = 'agent@acme.example';
const API_TOKEN = 'wvYq8LvH2mJxQpN3rT6sU9aB4cD7eF0g';
const TICKET = 35436;
const KEY = 'wb-7f3c2a10';
const STAMP = '2026-11-20T09:30:41Z';
const BASIC = `Basic ${Buffer.from(`${EMAIL}/token:${API_TOKEN}`).toString('base64')}`;

/** A Zendesk account with one ticket that applies updates the way the API documents them. */
interface Account {
  tags: string[];
  comments: Record<string, unknown>[];
  nextId: number;
}

let server: FakeServer;
let account: Account;
let respond: FakeHandler;

function zendesk(): FakeHandler {
  return (req) => {
    const site = server.baseUrl;
    if (req.path === `/api/v2/tickets/${TICKET}.json` && req.method === 'PUT') {
      const { ticket } = JSON.parse(req.body) as {
        ticket: { comment?: { html_body: string; public: boolean }; additional_tags?: string[] };
      };
      const events: Record<string, unknown>[] = [];
      if (ticket.comment) {
        const id = account.nextId++;
        const text = ticket.comment.html_body.replace(/<br>/g, '\n');
        account.comments.unshift(
          zendeskComment({ id, body: text, plain_body: text, public: ticket.comment.public }),
        );
        events.push({ id, type: 'Comment', public: ticket.comment.public });
      }
      for (const t of ticket.additional_tags ?? []) if (!account.tags.includes(t)) account.tags.push(t);
      return {
        body: {
          ticket: zendeskTicket(site, { id: TICKET, tags: account.tags }),
          audit: { id: 9001, ticket_id: TICKET, events },
        },
      };
    }
    if (req.path === `/api/v2/tickets/${TICKET}.json` && req.method === 'GET')
      return { body: { ticket: zendeskTicket(site, { id: TICKET, tags: account.tags }) } };
    if (req.path === `/api/v2/tickets/${TICKET}/tags.json` && req.method === 'PUT') {
      const { tags } = JSON.parse(req.body) as { tags: string[] };
      for (const t of tags) if (!account.tags.includes(t)) account.tags.push(t);
      return { body: { tags: account.tags } };
    }
    if (req.path === `/api/v2/tickets/${TICKET}/comments.json` && req.method === 'GET')
      return { body: { comments: account.comments, next_page: null, previous_page: null, count: 1 } };
    return { status: 404, body: errorBodies[404] };
  };
}

beforeAll(async () => {
  server = await startFakeServer((req) => respond(req));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  account = { tags: ['billing'], comments: [zendeskComment({ id: 1274 })], nextId: 5001 };
  respond = zendesk();
});

function target(): WriteBackTarget {
  return createZendeskWriteBack({
    id: 'zendesk-main',
    config: zendeskConfigSchema.parse({ subdomain: 'acme', baseUrl: server.baseUrl }),
    secrets: zendeskSecretsSchema.parse({ email: EMAIL, apiToken: API_TOKEN }),
    context: testConnectorContext(),
  });
}

function request(action: WriteBackRequest['action'], payload: Record<string, unknown>, key = KEY) {
  return { ref: `ZD-${TICKET}`, action, payload, idempotencyKey: key, signal: neverAborted() };
}

function sentJson(index = 0): unknown {
  const req = server.requests[index];
  if (!req) throw new Error(`no request #${index}`);
  return JSON.parse(req.body);
}

describe('Zendesk write-back: comments', () => {
  it('posts an internal note as escaped html_body with the reference line and the marker tag', async () => {
    const result = await target().write(
      request('internal-note', { body: 'Summary <b>x</b> & "y"\nline 2', public: false }),
    );

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req?.method).toBe('PUT');
    expect(req?.path).toBe(`/api/v2/tickets/${TICKET}.json`);
    expect(req?.headers.authorization).toBe(BASIC);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(sentJson()).toEqual({
      ticket: {
        comment: {
          html_body: `${toZendeskHtml('Summary <b>x</b> & "y"\nline 2')}<br><br>Ref: triage-${KEY}`,
          public: false,
        },
        additional_tags: [zendeskMarkerTag(KEY)],
      },
    });
    expect(result).toEqual({ externalId: '5001', url: `https://acme.zendesk.com/agent/tickets/${TICKET}` });
  });

  it('sends a public reply with safe_update and updated_stamp, and no visible reference line', async () => {
    await target().write(
      request('public-reply', { body: 'Hello Dana', public: true, locale: 'en', updatedStamp: STAMP }),
    );

    expect(sentJson()).toEqual({
      ticket: {
        comment: { html_body: 'Hello Dana', public: true },
        additional_tags: [zendeskMarkerTag(KEY)],
        safe_update: true,
        updated_stamp: STAMP,
      },
    });
  });

  it('finds no marker before a write and the note (with its id) after it', async () => {
    const t = target();
    const find = { ref: String(TICKET), idempotencyKey: KEY, signal: neverAborted() };
    expect(await t.findMarker(find)).toBeNull();

    server.requests.length = 0;
    await t.write(request('internal-note', { body: 'Triage summary' }));
    const found = await t.findMarker(find);

    expect(found).toEqual({ externalId: '5001', url: `https://acme.zendesk.com/agent/tickets/${TICKET}` });
    const list = server.requests.find((r) => r.path.endsWith('/comments.json'));
    expect(list?.query.get('sort_order')).toBe('desc');
    expect(list?.query.get('per_page')).toBe('100');
  });

  it('finds a public reply through the marker tag', async () => {
    const t = target();
    const find = { ref: String(TICKET), idempotencyKey: KEY, signal: neverAborted() };
    expect(await t.findMarker(find)).toBeNull();
    await t.write(request('public-reply', { body: 'Hello Dana' }));

    expect(await t.findMarker(find)).toEqual({
      externalId: null,
      url: `https://acme.zendesk.com/agent/tickets/${TICKET}`,
    });
    // The customer never sees the key.
    expect(JSON.stringify(account.comments[0])).not.toContain(KEY);
  });

  it('does not take one key for another that starts the same way', async () => {
    const t = target();
    await t.write(request('internal-note', { body: 'Triage summary' }, 'wb-10'));
    expect(
      await t.findMarker({ ref: String(TICKET), idempotencyKey: 'wb-1', signal: neverAborted() }),
    ).toBeNull();
  });

  it('sends hostile customer text only escaped', async () => {
    const hostile = [
      '<img src=x onerror=alert(1)>',
      '"><script>alert(1)</script>',
      '[click](javascript:alert(1)) {{ticket.requester.email}}',
      'a\u202Eevil\u200B',
    ];
    const t = target();
    for (const body of hostile) await t.write(request('public-reply', { body }));
    for (let i = 0; i < hostile.length; i++) {
      const sent = sentJson(i) as { ticket: { comment: { html_body: string } } };
      const html = sent.ticket.comment.html_body;
      expect(html.replace(/<br>/g, '')).not.toMatch(/[<>"'\u202E\u200B]|\{\{/);
    }
  });
});

describe('Zendesk write-back: tags and fields', () => {
  it('adds tags through the tags endpoint, which is idempotent by itself', async () => {
    const t = target();
    await t.write(request('set-tags', { tags: ['triage_sev2', 'triage_billing'] }));
    await t.write(request('set-tags', { tags: ['triage_sev2', 'triage_billing'] }));

    expect(server.requests[0]?.method).toBe('PUT');
    expect(server.requests[0]?.path).toBe(`/api/v2/tickets/${TICKET}/tags.json`);
    expect(sentJson()).toEqual({ tags: ['triage_sev2', 'triage_billing'] });
    expect(account.tags).toEqual(['billing', 'triage_sev2', 'triage_billing']);
  });

  it('updates custom fields and priority with safe_update and the marker tag', async () => {
    const t = target();
    await t.write(
      request('set-fields', {
        fields: [{ id: 27642, value: 'eu-west' }],
        priority: 'urgent',
        updatedStamp: STAMP,
      }),
    );

    expect(sentJson()).toEqual({
      ticket: {
        custom_fields: [{ id: 27642, value: 'eu-west' }],
        priority: 'urgent',
        additional_tags: [zendeskMarkerTag(KEY)],
        safe_update: true,
        updated_stamp: STAMP,
      },
    });
    expect(
      await t.findMarker({ ref: String(TICKET), idempotencyKey: KEY, signal: neverAborted() }),
    ).not.toBeNull();
  });

  it('refuses unknown actions and invalid payloads before sending anything', async () => {
    const t = target();
    await expect(t.write(request('crm-note', { note: 'x' }))).rejects.toMatchObject({ code: 'config' });
    await expect(t.write(request('set-tags', { tags: ['has space'] }))).rejects.toMatchObject({
      code: 'config',
    });
    await expect(t.write(request('set-fields', {}))).rejects.toMatchObject({ code: 'config' });
    await expect(
      t.write({ ...request('internal-note', { body: 'x' }), ref: 'no-digits' }),
    ).rejects.toMatchObject({ code: 'config' });
    await expect(t.write(request('internal-note', { body: 'x' }, 'bad key'))).rejects.toMatchObject({
      code: 'config',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('Zendesk write-back: failures', () => {
  const cases = [
    { status: 401, code: 'auth' },
    { status: 403, code: 'forbidden' },
    { status: 404, code: 'not_found' },
    { status: 409, code: 'bad_response' },
    { status: 500, code: 'unavailable' },
  ] as const;

  for (const { status, code } of cases) {
    it(`maps ${status} to ${code} without echoing the body or the credentials`, async () => {
      respond = () => ({
        status,
        body: { error: 'RecordInvalid', description: `secret body ${API_TOKEN}` },
      });
      const error = await target()
        .write(request('internal-note', { body: 'Summary', updatedStamp: STAMP }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code, status });
      const message = (error as Error).message;
      expect(message).not.toContain('secret body');
      expect(message).not.toContain(API_TOKEN);
      if (status === 409) {
        expect(message).toContain('changed since approval');
        expect((error as ConnectorError).retryable).toBe(false);
      }
    });
  }

  it('maps 429 to rate_limited with Retry-After', async () => {
    respond = () => ({ status: 429, headers: rateLimitHeaders(37), body: errorBodies[429] });
    await expect(target().write(request('set-tags', { tags: ['a'] }))).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 37_000,
    });
    await expect(
      target().findMarker({ ref: String(TICKET), idempotencyKey: KEY, signal: neverAborted() }),
    ).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 37_000 });
  });

  it('rejects promptly when the signal is aborted while Zendesk hangs', async () => {
    const controller = new AbortController();
    respond = () => {
      controller.abort();
      return { hang: true };
    };
    await expect(
      target().write({ ...request('internal-note', { body: 'x' }), signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'timeout' });
  });

  it('exposes the reference token agents can search for', () => {
    expect(zendeskReferenceToken(KEY)).toBe(`triage-${KEY}`);
    expect(zendeskMarkerTag(KEY)).toMatch(/^triage_wb_[0-9a-f]{24}$/);
  });
});
