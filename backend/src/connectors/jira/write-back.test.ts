import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toJsmWikiText } from '../../domain/drafting';
import { ConnectorError } from '../errors';
import {
  startFakeServer,
  type FakeHandler,
  type FakeServer,
  type RecordedRequest,
} from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import type { WriteBackRequest, WriteBackTarget } from '../types';
import { errorBody, RATE_LIMIT_HEADERS } from './fixtures';
import { jiraConfigSchema, jiraSecretsSchema } from './index';
import { sha256Hex } from '../../common/hashing';
import { createJiraWriteBack, jiraMarkerLabel, jiraMarkerProperty } from './write-back';

const EMAIL = 'bot@acme.example';
const API_TOKEN = 'ATATT3xFfGF0-secret-token';
const BASIC = `Basic ${Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64')}`;
const CASE = 'SUP-123';
const KEY = 'wb-41d0';
const PROPERTY_PATH = `/rest/api/3/issue/${CASE}/properties/${jiraMarkerProperty(KEY)}`;

/** A JSM site that keeps what it was sent: comments, labels, participants, issues, links, properties. */
interface Site {
  comments: { id: string; body: string; public: boolean }[];
  labels: Map<string, string[]>;
  participants: string[];
  issues: { key: string; labels: string[] }[];
  links: unknown[];
  properties: Map<string, unknown>;
}

let server: FakeServer;
let site: Site;
let respond: FakeHandler;

function jsm(): FakeHandler {
  return (req) => {
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
    if (req.method === 'GET' && req.path === `/rest/api/3/issue/${CASE}/properties`) {
      const keys = [...site.properties.keys()]
        .filter((id) => id.startsWith(`${CASE}/`))
        .map((id) => ({ self: `x/${id}`, key: id.slice(CASE.length + 1) }));
      return { body: { keys } };
    }
    if (req.method === 'GET' && req.path === `/rest/servicedeskapi/request/${CASE}/comment`) {
      const start = Number(req.query.get('start') ?? '0');
      const limit = Number(req.query.get('limit') ?? '50');
      const values = site.comments.slice(start, start + limit);
      return {
        body: {
          size: values.length,
          start,
          limit,
          isLastPage: start + limit >= site.comments.length,
          values,
        },
      };
    }
    const property = /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/.exec(req.path);
    if (property) {
      const id = `${property[1] ?? ''}/${decodeURIComponent(property[2] ?? '')}`;
      if (req.method === 'PUT') {
        const existed = site.properties.has(id);
        site.properties.set(id, body);
        return { status: existed ? 200 : 201 };
      }
      const value = site.properties.get(id);
      return value === undefined
        ? { status: 404, body: errorBody('The property was not found.') }
        : { body: { key: property[2], value } };
    }
    if (req.method === 'POST' && req.path === `/rest/servicedeskapi/request/${CASE}/comment`) {
      const c = {
        id: String(site.comments.length + 30001),
        body: String(body.body),
        public: body.public === true,
      };
      site.comments.push(c);
      return { status: 201, body: { ...c, author: { accountId: 'bot' }, created: { epochMillis: 1 } } };
    }
    if (req.method === 'PUT' && req.path === `/rest/api/3/issue/${CASE}`) {
      const update = body.update as { labels: { add: string }[] };
      const labels = site.labels.get(CASE) ?? [];
      for (const l of update.labels) if (!labels.includes(l.add)) labels.push(l.add);
      site.labels.set(CASE, labels);
      return { status: 204 };
    }
    if (req.method === 'POST' && req.path === `/rest/servicedeskapi/request/${CASE}/participant`) {
      for (const a of body.accountIds as string[])
        if (!site.participants.includes(a)) site.participants.push(a);
      return {
        body: { size: site.participants.length, start: 0, limit: 50, isLastPage: true, values: [] },
      };
    }
    if (req.method === 'POST' && req.path === '/rest/api/3/issue') {
      const fields = body.fields as { labels: string[] };
      const key = `ENG-${site.issues.length + 7}`;
      site.issues.push({ key, labels: fields.labels });
      return { status: 201, body: { id: String(10_000 + site.issues.length), key, self: `x/${key}` } };
    }
    if (req.method === 'POST' && req.path === '/rest/api/3/issueLink') {
      site.links.push(body);
      return { status: 201 };
    }
    if (req.method === 'POST' && req.path === '/rest/api/3/search/jql') {
      const label = /labels = "([^"]+)"/.exec(String(body.jql))?.[1];
      const issues = site.issues.filter((i) => label !== undefined && i.labels.includes(label));
      return { body: { issues: issues.map((i) => ({ id: '1', key: i.key, fields: {} })), isLast: true } };
    }
    return { status: 404, body: errorBody('Issue does not exist or you do not have permission to see it.') };
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
  site = { comments: [], labels: new Map(), participants: [], issues: [], links: [], properties: new Map() };
  respond = jsm();
});

function target(): WriteBackTarget {
  return createJiraWriteBack({
    id: 'jsm-main',
    config: jiraConfigSchema.parse({ baseUrl: server.baseUrl, siteUrl: 'https://acme.atlassian.net' }),
    secrets: jiraSecretsSchema.parse({ email: EMAIL, apiToken: API_TOKEN }),
    context: testConnectorContext(),
  });
}

function request(action: WriteBackRequest['action'], payload: Record<string, unknown>, ref = CASE) {
  return { ref, action, payload, idempotencyKey: KEY, signal: neverAborted() };
}

function sent(index: number) {
  const req = server.requests[index];
  if (!req) throw new Error(`no request #${index}`);
  return {
    method: req.method,
    path: req.path,
    json: req.body ? (JSON.parse(req.body) as unknown) : undefined,
  };
}

const find = (ref = CASE) => ({ ref, idempotencyKey: KEY, signal: neverAborted() });

describe('JSM write-back: comments', () => {
  it('records the intent, posts an internal comment with the wiki-escaped body, then marks it done', async () => {
    const result = await target().write(
      request('internal-note', { body: 'See [evil|http://x] *now* {code}', public: false }),
    );

    const body = toJsmWikiText('See [evil|http://x] *now* {code}');
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((r) => r.headers.authorization === BASIC)).toBe(true);
    expect(sent(0)).toEqual({
      method: 'PUT',
      path: PROPERTY_PATH,
      json: {
        writeBack: KEY,
        action: 'internal-note',
        externalId: null,
        state: 'pending',
        bodySha256: sha256Hex(body),
        public: false,
      },
    });
    expect(sent(1)).toEqual({
      method: 'POST',
      path: `/rest/servicedeskapi/request/${CASE}/comment`,
      json: { body, public: false },
    });
    expect(sent(2)).toEqual({
      method: 'PUT',
      path: PROPERTY_PATH,
      json: { writeBack: KEY, action: 'internal-note', externalId: '30001', state: 'done' },
    });
    expect(result).toEqual({ externalId: '30001', url: `https://acme.atlassian.net/browse/${CASE}` });
  });

  it('posts a public reply with public: true', async () => {
    await target().write(request('public-reply', { body: 'Hello Dana', public: true, locale: 'en' }));
    expect(sent(1).json).toEqual({ body: 'Hello Dana', public: true });
  });

  it('finds no marker before the write and the comment id after it', async () => {
    const t = target();
    expect(await t.findMarker(find())).toBeNull();
    await t.write(request('internal-note', { body: 'Summary' }));
    expect(await t.findMarker(find())).toEqual({
      externalId: '30001',
      url: `https://acme.atlassian.net/browse/${CASE}`,
    });
  });

  it('sends hostile customer text only escaped', async () => {
    await target().write(
      request('public-reply', { body: '[~accountid:123] [x|javascript:1] {html}<b>{html} !http://x/a.png!' }),
    );
    const body = (sent(1).json as { body: string }).body;
    // Every markup character is preceded by a backslash; nothing is left to form a mention, link, macro or image.
    expect(body.replace(/\\./g, '')).not.toMatch(/[[\]{}|!~]/);
    expect(body).toContain('\\[\\~accountid');
  });
});

describe('JSM write-back: a comment survives a crash at any point exactly once', () => {
  const note = (body: string, key = KEY) => ({ ...request('internal-note', { body }), idempotencyKey: key });
  const lookup = (key = KEY) => ({ ...find(), idempotencyKey: key });
  /** Answers the first request matching `what` with `status`, applying it first when `applied`. */
  function failOnce(what: (req: RecordedRequest) => boolean, status: number, applied: boolean) {
    let armed = true;
    respond = (req) => {
      if (armed && what(req)) {
        armed = false;
        // The handler is synchronous; only its effect on the site matters here.
        if (applied) void jsm()(req);
        return { status, headers: { 'Retry-After': '0' }, body: errorBody('unavailable') };
      }
      return jsm()(req);
    };
  }
  const isCommentPost = (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith('/comment');
  const isDoneMarkerPut = (r: RecordedRequest) =>
    r.method === 'PUT' &&
    r.path.includes('/properties/') &&
    (JSON.parse(r.body) as { state?: string }).state === 'done';

  it('finds the comment a crash left unmarked (created, done marker never written) instead of posting it again', async () => {
    const t = target();
    // From Jira's side a process that dies here and a done-marker PUT that never lands look the same.
    failOnce(isDoneMarkerPut, 503, false);
    await expect(t.write(note('Checked the logs.'))).rejects.toMatchObject({ code: 'unavailable' });
    expect(site.properties.get(`${CASE}/${jiraMarkerProperty(KEY)}`)).toMatchObject({ state: 'pending' });

    expect(await t.findMarker(lookup())).toEqual({
      externalId: '30001',
      url: `https://acme.atlassian.net/browse/${CASE}`,
    });
    expect(site.comments).toHaveLength(1);
    // Settled once: the marker is done now and is read without scanning the comments again.
    expect(site.properties.get(`${CASE}/${jiraMarkerProperty(KEY)}`)).toMatchObject({
      state: 'done',
      externalId: '30001',
    });
    server.requests.length = 0;
    expect(await t.findMarker(lookup())).toMatchObject({ externalId: '30001' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${PROPERTY_PATH}`]);
  });

  it('reports not done when the comment answer was 503 but nothing was created, and the retry posts once', async () => {
    const t = target();
    failOnce(isCommentPost, 503, false);
    await expect(t.write(note('Checked the logs.'))).rejects.toMatchObject({ code: 'unavailable' });
    expect(await t.findMarker(lookup())).toBeNull();
    await t.write(note('Checked the logs.'));
    expect(site.comments).toHaveLength(1);
  });

  it('confirms a comment whose 503 came after it was created', async () => {
    const t = target();
    failOnce(isCommentPost, 503, true);
    await expect(t.write(note('Checked the logs.'))).rejects.toMatchObject({ code: 'unavailable' });
    expect(await t.findMarker(lookup())).toMatchObject({ externalId: '30001' });
    expect(site.comments).toHaveLength(1);
  });

  it('never takes the identical comment of an earlier write-back for its own', async () => {
    const t = target();
    await t.write(note('Same words.', 'wb-first'));
    // The second write-back's intent is recorded, then the comment create is rate-limited.
    failOnce(isCommentPost, 429, false);
    await expect(t.write(note('Same words.', 'wb-second'))).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await t.findMarker(lookup('wb-second'))).toBeNull();

    // Created but unmarked this time: the second comment is the one found, not the first.
    failOnce(isDoneMarkerPut, 503, false);
    await expect(t.write(note('Same words.', 'wb-second'))).rejects.toMatchObject({ code: 'unavailable' });
    expect(await t.findMarker(lookup('wb-second'))).toMatchObject({ externalId: '30002' });
    expect(await t.findMarker(lookup('wb-first'))).toMatchObject({ externalId: '30001' });
    expect(site.comments).toHaveLength(2);
  });
});

describe('JSM write-back: labels, participants, engineering issue', () => {
  it('adds labels through the issue edit (204) and marks the issue', async () => {
    const t = target();
    await t.write(request('set-tags', { tags: ['triage-billing', 'triage-sev2'] }));
    expect(sent(0)).toEqual({
      method: 'PUT',
      path: `/rest/api/3/issue/${CASE}`,
      json: { update: { labels: [{ add: 'triage-billing' }, { add: 'triage-sev2' }] } },
    });
    expect(site.labels.get(CASE)).toEqual(['triage-billing', 'triage-sev2']);
    expect(await t.findMarker(find())).toEqual({
      externalId: null,
      url: `https://acme.atlassian.net/browse/${CASE}`,
    });
  });

  it('adds participants by account id', async () => {
    await target().write(request('set-fields', { participants: ['5b10ac8d82e05b22cc7d4ef5'] }));
    expect(sent(0)).toEqual({
      method: 'POST',
      path: `/rest/servicedeskapi/request/${CASE}/participant`,
      json: { accountIds: ['5b10ac8d82e05b22cc7d4ef5'] },
    });
    expect(site.participants).toEqual(['5b10ac8d82e05b22cc7d4ef5']);
  });

  const engineering = {
    project: 'ENG',
    summary: '[billing] Invoice export fails',
    signatures: ['TypeError at export.ts:41'],
    evidenceIds: ['loki:log:abc'],
    linkBack: CASE,
  };

  it('creates the engineering issue with the marker label, links it (Relates) and marks it', async () => {
    const t = target();
    expect(await t.findMarker(find('ENG'))).toBeNull();
    server.requests.length = 0;

    const result = await t.write(request('engineering-issue', engineering, 'ENG'));

    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/api/3/search/jql',
      'POST /rest/api/3/issue',
      'POST /rest/api/3/issueLink',
      `PUT /rest/api/3/issue/ENG-7/properties/${jiraMarkerProperty(KEY)}`,
    ]);
    expect(sent(1).json).toMatchObject({
      fields: {
        project: { key: 'ENG' },
        summary: '[billing] Invoice export fails',
        issuetype: { name: 'Bug' },
        labels: [jiraMarkerLabel(KEY)],
        description: { type: 'doc', version: 1 },
      },
    });
    expect(JSON.stringify(sent(1).json)).toContain('"text":"TypeError at export.ts:41"');
    expect(sent(2).json).toEqual({
      type: { name: 'Relates' },
      inwardIssue: { key: 'ENG-7' },
      outwardIssue: { key: CASE },
    });
    expect(result).toEqual({ externalId: 'ENG-7', url: 'https://acme.atlassian.net/browse/ENG-7' });
    expect(await t.findMarker(find('ENG'))).toEqual(result);
  });

  it('links the issue a lost create answer left behind instead of creating a second one', async () => {
    const t = target();
    let failLink = true;
    respond = (req) => {
      if (req.path === '/rest/api/3/issueLink' && failLink) {
        failLink = false;
        return { status: 503, body: errorBody('unavailable') };
      }
      return jsm()(req);
    };
    await expect(t.write(request('engineering-issue', engineering, 'ENG'))).rejects.toMatchObject({
      code: 'unavailable',
    });
    // Created but not linked: not done yet.
    expect(await t.findMarker(find('ENG'))).toBeNull();

    const result = await t.write(request('engineering-issue', engineering, 'ENG'));
    expect(site.issues).toHaveLength(1);
    expect(site.links).toHaveLength(1);
    expect(result.externalId).toBe('ENG-7');
  });

  it('refuses unknown actions, bad refs and invalid payloads before sending anything', async () => {
    const t = target();
    await expect(t.write(request('crm-note', { note: 'x' }))).rejects.toMatchObject({ code: 'config' });
    await expect(t.write(request('internal-note', { body: 'x' }, 'not a key'))).rejects.toMatchObject({
      code: 'config',
    });
    await expect(t.write(request('set-tags', { tags: ['two words'] }))).rejects.toMatchObject({
      code: 'config',
    });
    await expect(
      t.write(request('engineering-issue', { ...engineering, project: 'eng" OR 1=1' }, 'ENG')),
    ).rejects.toMatchObject({ code: 'config' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('JSM write-back: failures', () => {
  const cases = [
    { status: 401, code: 'auth' },
    { status: 403, code: 'forbidden' },
    { status: 404, code: 'not_found' },
    { status: 409, code: 'bad_response' },
    { status: 500, code: 'unavailable' },
  ] as const;

  for (const { status, code } of cases) {
    it(`maps ${status} to ${code} without echoing the body or the credentials`, async () => {
      respond = () => ({ status, body: errorBody(`secret body ${API_TOKEN}`) });
      const error = await target()
        .write(request('internal-note', { body: 'Summary' }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect(error).toMatchObject({ code, status });
      expect((error as Error).message).not.toContain('secret body');
      expect((error as Error).message).not.toContain(API_TOKEN);
    });
  }

  it('maps 429 to rate_limited with Retry-After, on writes and on marker reads', async () => {
    respond = () => ({ status: 429, headers: RATE_LIMIT_HEADERS, body: errorBody('Rate limit exceeded.') });
    await expect(target().write(request('set-tags', { tags: ['a'] }))).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 7000,
    });
    await expect(target().findMarker(find())).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 7000,
    });
  });

  it('rejects promptly when the signal is aborted while Jira hangs', async () => {
    const controller = new AbortController();
    respond = () => {
      controller.abort();
      return { hang: true };
    };
    await expect(
      target().write({ ...request('internal-note', { body: 'x' }), signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'timeout' });
  });
});
