import { z } from 'zod';
import { errorBody } from '../jira/fixtures';
import { createFaultPlan, type FaultCounts, type FaultOptions } from './faults';
import { jsonBody, startFakeServer, type FakeResponse, type RecordedRequest } from './fake-server';

/** A comment the fake JSM created, in the order created. */
export interface JsmCommentEffect {
  issueKey: string;
  commentId: string;
  body: string;
  public: boolean;
}

/** A stateful fake Jira Service Management site; see {@link startFakeJsm}. */
export interface FakeJsm {
  baseUrl: string;
  /** Every comment created, across requests, in order. */
  effects: JsmCommentEffect[];
  /** An issue entity property's current value, or undefined. */
  property(issueKey: string, propertyKey: string): unknown;
  faults: FaultCounts;
  close(): Promise<void>;
}

interface StoredComment {
  id: string;
  body: string;
  public: boolean;
  epochMillis: number;
}

interface Issue {
  key: string;
  id: string;
  comments: StoredComment[];
  properties: Map<string, unknown>;
}

// What the servicedeskapi accepts for a comment; anything else is a 400, so a drifting shape fails the test.
const CommentBody = z.strictObject({ body: z.string().min(1), public: z.boolean() });
/** Jira refuses property values over 32 KB. */
const MAX_PROPERTY_BYTES = 32_768;

const REQUEST_COMMENTS = /^\/rest\/servicedeskapi\/request\/([^/]+)\/comment$/;
const PROPERTIES = /^\/rest\/api\/3\/issue\/([^/]+)\/properties$/;
const PROPERTY = /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/;
const NO_ISSUE = 'Issue does not exist or you do not have permission to see it.';
const BOT = { accountId: '5b10a2844c20165700ede21g', displayName: 'Triage', active: true, timeZone: 'UTC' };

/** A 429 as Jira's burst limiter sends it, with a zero wait so the run stays short. */
const THROTTLED_HEADERS = {
  'Retry-After': '0',
  'X-RateLimit-Limit': '100',
  'X-RateLimit-Remaining': '0',
  'RateLimit-Reason': 'jira-burst-based',
};

/**
 * A stateful fake of the Jira Service Management and Jira platform REST APIs, limited to what the JSM
 * write-back target calls for comments (PLATFORMS.md §2.6):
 *
 * - `POST /rest/servicedeskapi/request/{key}/comment` `{body, public}` → 201 with the comment;
 * - `GET /rest/servicedeskapi/request/{key}/comment` (`start`, `limit`): oldest first, offset pages;
 * - `PUT` / `GET /rest/api/3/issue/{key}/properties/{propertyKey}` (201 created, 200 replaced, 404 when
 *   missing, 400 over 32 KB) and `GET /rest/api/3/issue/{key}/properties` (the keys).
 *
 * Comment ids grow with time, as Jira's do. Like JSM, comment creation is not idempotent: the same body
 * sent twice is two comments. A seeded share of requests is answered 429 before anything is applied, or
 * applied and then answered 503. State lives in this process, so a client process can be killed at any
 * point and the site still shows what took effect.
 */
export async function startFakeJsm(options: FaultOptions & { issues: readonly string[] }): Promise<FakeJsm> {
  const faults = createFaultPlan(options);
  const issues = new Map<string, Issue>(
    options.issues.map((key, i) => [
      key,
      { key, id: String(10_001 + i), comments: [], properties: new Map<string, unknown>() },
    ]),
  );
  const effects: JsmCommentEffect[] = [];
  const state = { nextCommentId: 40_001, clock: Date.UTC(2030, 0, 1) };
  let site = '';

  const commentJson = (issue: Issue, c: StoredComment) => ({
    id: c.id,
    body: c.body,
    public: c.public,
    author: BOT,
    created: {
      iso8601: new Date(c.epochMillis).toISOString().replace('Z', '+0000'),
      jira: new Date(c.epochMillis).toISOString().replace('Z', '+0000'),
      friendly: 'Today',
      epochMillis: c.epochMillis,
    },
    _links: { self: `${site}/rest/servicedeskapi/request/${issue.id}/comment/${c.id}` },
  });

  function createComment(issue: Issue, req: RecordedRequest): FakeResponse {
    const parsed = CommentBody.safeParse(jsonBody(req));
    if (!parsed.success) return { status: 400, body: errorBody('The comment body is invalid.') };
    const comment: StoredComment = {
      id: String(state.nextCommentId++),
      body: parsed.data.body,
      public: parsed.data.public,
      epochMillis: (state.clock += 1000),
    };
    issue.comments.push(comment);
    effects.push({ issueKey: issue.key, commentId: comment.id, body: comment.body, public: comment.public });
    return { status: 201, body: commentJson(issue, comment) };
  }

  function listComments(issue: Issue, req: RecordedRequest): FakeResponse {
    const start = Math.max(0, Number(req.query.get('start') ?? '0') || 0);
    const limit = Math.min(Math.max(1, Number(req.query.get('limit') ?? '50') || 50), 100);
    const page = issue.comments.slice(start, start + limit);
    return {
      body: {
        size: page.length,
        start,
        limit,
        isLastPage: start + limit >= issue.comments.length,
        values: page.map((c) => commentJson(issue, c)),
        _links: { base: site, context: '', self: `${site}${req.path}` },
      },
    };
  }

  function putProperty(issue: Issue, propertyKey: string, req: RecordedRequest): FakeResponse {
    const value = jsonBody(req);
    if (value === undefined) return { status: 400, body: errorBody('The property value is not valid JSON.') };
    if (Buffer.byteLength(req.body) > MAX_PROPERTY_BYTES)
      return { status: 400, body: errorBody('The property value is too long.') };
    const existed = issue.properties.has(propertyKey);
    issue.properties.set(propertyKey, value);
    return { status: existed ? 200 : 201 };
  }

  function handle(req: RecordedRequest): FakeResponse {
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Basic ') && !auth?.startsWith('Bearer '))
      return { status: 401, body: errorBody() };
    const comments = REQUEST_COMMENTS.exec(req.path);
    const list = PROPERTIES.exec(req.path);
    const one = PROPERTY.exec(req.path);
    const key = decodeURIComponent(comments?.[1] ?? list?.[1] ?? one?.[1] ?? '');
    const issue = issues.get(key);
    if (issue === undefined) return { status: 404, body: errorBody(NO_ISSUE) };
    const fault = faults.next();
    if (fault === 'throttle')
      return { status: 429, headers: THROTTLED_HEADERS, body: errorBody('Rate limit exceeded.') };
    const write = req.method === 'POST' || req.method === 'PUT';
    if (fault === 'lost-answer' && !write) return { status: 503, body: errorBody('Service unavailable.') };
    let res: FakeResponse;
    if (comments && req.method === 'POST') res = createComment(issue, req);
    else if (comments && req.method === 'GET') res = listComments(issue, req);
    else if (list && req.method === 'GET')
      res = {
        body: {
          keys: [...issue.properties.keys()].map((k) => ({
            self: `${site}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(k)}`,
            key: k,
          })),
        },
      };
    else if (one && req.method === 'PUT') res = putProperty(issue, decodeURIComponent(one[2] ?? ''), req);
    else if (one && req.method === 'GET') {
      const propertyKey = decodeURIComponent(one[2] ?? '');
      const value = issue.properties.get(propertyKey);
      res =
        value === undefined
          ? { status: 404, body: errorBody(`The property with key '${propertyKey}' does not exist.`) }
          : { body: { key: propertyKey, value } };
    } else return { status: 404, body: errorBody(NO_ISSUE) };
    return fault === 'lost-answer' ? { status: 503, body: errorBody('Service unavailable.') } : res;
  }

  const server = await startFakeServer(handle);
  site = server.baseUrl;
  return {
    baseUrl: server.baseUrl,
    effects,
    property: (issueKey, propertyKey) => issues.get(issueKey)?.properties.get(propertyKey),
    faults: faults.counts,
    close: () => server.close(),
  };
}
