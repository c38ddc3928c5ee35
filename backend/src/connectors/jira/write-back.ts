import { parseApprovedPayload } from '../approved-payload';
import type { ActionKind } from '@triage/shared';
import { z } from 'zod';
import { sha256Hex } from '../../common/hashing';
import { toAdf, toJsmWikiText } from '../../domain/drafting';
import type { GuardedClient } from '../../infrastructure/http';
import type { ConnectorContext } from '../definition';
import { ConnectorError, isConnectorError } from '../errors';
import { requestJson } from '../http-json';
import type { WriteBackRequest, WriteBackResult, WriteBackTarget } from '../types';
import { authorizationHeader, type JiraConfig, type JiraSecrets } from './config';

const SYSTEM = 'Jira';

/** The actions the JSM target takes. `set-fields` adds request participants (the only field it writes). */
export const JIRA_WRITE_ACTIONS: readonly ActionKind[] = [
  'internal-note',
  'public-reply',
  'set-tags',
  'set-fields',
  'engineering-issue',
];

// Keys travel in an entity property key, a label and a URL path: a narrow alphabet needs no escaping.
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/);
const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-[1-9]\d*$/;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,19}$/;
// Jira labels may not contain spaces.
const Label = z.string().regex(/^\S{1,255}$/);

const CommentPayload = z.object({ body: z.string().trim().min(1).max(32_000) });
const SetTagsPayload = z.object({ tags: z.array(Label).min(1).max(50) });
const ParticipantsPayload = z.object({
  participants: z
    .array(z.string().regex(/^[A-Za-z0-9:_-]{1,128}$/))
    .min(1)
    .max(50),
});
const EngineeringIssuePayload = z.object({
  project: z.string().regex(PROJECT_KEY),
  summary: z.string().trim().min(1).max(255),
  issueType: z.string().trim().min(1).max(60).default('Bug'),
  signatures: z.array(z.string().max(500)).max(20).default([]),
  evidenceIds: z.array(z.string().max(300)).max(20).default([]),
  linkBack: z.string().regex(ISSUE_KEY),
});

const CommentResponse = z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) });
const CreatedIssue = z.looseObject({ id: z.string(), key: z.string().regex(ISSUE_KEY) });
const SearchResponse = z.looseObject({ issues: z.array(z.looseObject({ key: z.string() })) });
const AnyJson = z.unknown();
/**
 * What the marker property holds: ids and a digest only, since anyone who can edit the issue can read
 * and change it. `pending` is a comment's intent (see {@link createJiraWriteBack}); a marker without
 * `state` was written before intents existed and means done.
 */
const MarkerValue = z.looseObject({
  writeBack: z.string(),
  action: z.string(),
  externalId: z.string().nullable(),
  state: z.enum(['pending', 'done']).default('done'),
  /** SHA-256 of the comment body as sent (line endings normalised, trimmed). */
  bodySha256: z.string().optional(),
  public: z.boolean().optional(),
});
type MarkerValue = z.output<typeof MarkerValue>;
const PropertyResponse = z.looseObject({ key: z.string(), value: MarkerValue });
const PropertyKeysResponse = z.looseObject({ keys: z.array(z.looseObject({ key: z.string() })) });
/** `GET /rest/servicedeskapi/request/{key}/comment`: oldest first, offset pages. */
const RequestCommentsPage = z.looseObject({
  isLastPage: z.boolean(),
  values: z.array(
    z.looseObject({
      id: z.union([z.string(), z.number()]).transform(String),
      body: z.string(),
      public: z.boolean(),
    }),
  ),
});
const COMMENT_PAGE_SIZE = 100;
/** A request with more comments than this is not scanned for a lost comment: the marker check fails. */
const MAX_COMMENT_PAGES = 50;
const MARKER_PREFIX = 'triage-writeback-';

/** The issue entity property that marks a finished write-back: `triage-writeback-<key>`. */
export function jiraMarkerProperty(idempotencyKey: string): string {
  return `${MARKER_PREFIX}${idempotencyKey}`;
}

/** The digest a comment intent carries: Jira may hand a body back with CRLF line ends. */
function commentDigest(body: string): string {
  return sha256Hex(body.replace(/\r\n?/g, '\n').trim());
}

/**
 * The label an engineering issue is created with (`triage-wb-` + 24 hex digits of the key's SHA-256).
 * It is set in the create call itself, so an issue whose creation succeeded but whose answer was lost
 * can be found again by JQL, and a retry links that issue instead of creating a second one.
 */
export function jiraMarkerLabel(idempotencyKey: string): string {
  return `triage-wb-${sha256Hex(idempotencyKey).slice(0, 24)}`;
}

function checkKey(key: string): void {
  if (!IdempotencyKey.safeParse(key).success)
    throw new ConnectorError('config', `${SYSTEM}: the idempotency key has an unsupported format`);
}

function issueKeyOf(ref: string): string {
  const key = ref.trim().toUpperCase();
  if (!ISSUE_KEY.test(key))
    throw new ConnectorError('config', `${SYSTEM}: the write-back ref is not an issue key`);
  return key;
}

/**
 * A call whose success answer has no body (204, or 201 with nothing in it: issue edit, link, entity
 * property). {@link requestJson} reports an empty 2xx body as "not JSON"; here that is success.
 */
async function send(
  http: GuardedClient,
  req: {
    method: 'PUT' | 'POST';
    url: URL;
    headers: Record<string, string>;
    json: unknown;
    signal: AbortSignal;
  },
): Promise<void> {
  try {
    await requestJson(http, { ...req, schema: AnyJson, system: SYSTEM });
  } catch (e) {
    const empty =
      isConnectorError(e) &&
      e.code === 'bad_response' &&
      e.status !== undefined &&
      e.status >= 200 &&
      e.status < 300 &&
      e.cause instanceof SyntaxError;
    if (!empty) throw e;
  }
}

/** Options for {@link createJiraWriteBack}; the same parts a connector definition's `create` gets. */
export interface JiraWriteBackOptions {
  id: string;
  config: JiraConfig;
  secrets: JiraSecrets;
  context: Pick<ConnectorContext, 'http'>;
}

/**
 * The Jira Service Management write-back target (PLATFORMS §2.6, §3.5):
 *
 * - `internal-note` / `public-reply` (`{ body }`): `POST /rest/servicedeskapi/request/{key}/comment`
 *   `{"body","public"}`, the approved plain-text body escaped by
 *   the drafting sink `toJsmWikiText` (ADF via `toAdf` for the issue description).
 * - `set-tags` (`{ tags }`): `PUT /rest/api/3/issue/{key}` `{"update":{"labels":[{"add":…}]}}`.
 * - `set-fields` (`{ participants: accountIds }`): `POST /rest/servicedeskapi/request/{key}/participant`.
 * - `engineering-issue` (`{ project, summary, issueType?, signatures, evidenceIds, linkBack }`, ref = the
 *   project key): `POST /rest/api/3/issue` with an ADF description and the {@link jiraMarkerLabel}, then
 *   `POST /rest/api/3/issueLink` (Relates) to `linkBack`. A retry first searches for the labelled issue,
 *   so the issue is created once even when the create answer was lost.
 *
 * After each write, `PUT /rest/api/3/issue/{key}/properties/triage-writeback-<key>` records the marker
 * (on the ticket, or on the created engineering issue). The marker is a second call, so a crash between
 * the write and the marker leaves the write done but unmarked. Labels, participants and the engineering
 * issue are safe to repeat. A comment is not (JSM has no idempotent comment create), so comments follow
 * an intent protocol that makes them exactly-once:
 *
 * 1. `PUT` the marker as an intent, `{state: 'pending', bodySha256, public}`, before the comment;
 * 2. `POST` the comment;
 * 3. `PUT` the marker as done, with the comment id.
 *
 * {@link WriteBackTarget.findMarker} then reads the three crash windows apart. No property: step 1 never
 * took effect, so neither did step 2 (it only runs after step 1 succeeded); writing is safe. Done: the
 * comment exists. Pending: step 2 may or may not have taken effect, and the comment list decides. The
 * write-back queue runs at most one write per request at a time, in order, and no write-back is finished
 * without a done marker naming its comment (a resolved intent is turned into one before `findMarker`
 * returns). So while an intent is pending, every other comment our write-backs made on the request is
 * claimed by a done marker, and the oldest unclaimed comment with the intent's digest and visibility is
 * this write-back's: found, it is marked done and reported; absent, the comment was never created and
 * the retry writes it. What the protocol cannot tell apart is a person posting the identical text, with
 * the same visibility, on the same request between an intent and its resolution.
 *
 * @throws ConnectorError: `config` for an unsupported action, ref or payload; otherwise as
 * {@link requestJson} maps statuses (429 → `rate_limited` with `retryAfterMs`).
 * @see https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/#api-rest-servicedeskapi-request-issueidorkey-comment-post
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/
 */
export function createJiraWriteBack(options: JiraWriteBackOptions): WriteBackTarget {
  const { config } = options;
  const http = options.context.http;
  const headers = { Authorization: authorizationHeader(options.secrets) };
  const url = (path: string) => new URL(`${config.baseUrl}${path}`);
  const issuePath = (key: string) => `/rest/api/3/issue/${encodeURIComponent(key)}`;
  const propertyUrl = (issue: string, idempotencyKey: string) =>
    url(`${issuePath(issue)}/properties/${encodeURIComponent(jiraMarkerProperty(idempotencyKey))}`);
  const browse = (key: string) => `${config.siteUrl}/browse/${encodeURIComponent(key)}`;

  async function putMarker(issue: string, idempotencyKey: string, value: MarkerValue, signal: AbortSignal) {
    await send(http, {
      method: 'PUT',
      url: propertyUrl(issue, idempotencyKey),
      headers,
      json: value,
      signal,
    });
  }

  async function mark(issue: string, request: WriteBackRequest, externalId: string | null) {
    await putMarker(
      issue,
      request.idempotencyKey,
      { writeBack: request.idempotencyKey, action: request.action, externalId, state: 'done' },
      request.signal,
    );
  }

  async function readProperty(issue: string, property: string, signal: AbortSignal) {
    try {
      const { data } = await requestJson(http, {
        url: url(`${issuePath(issue)}/properties/${encodeURIComponent(property)}`),
        headers,
        signal,
        schema: PropertyResponse,
        system: SYSTEM,
      });
      return data.value;
    } catch (e) {
      // No such property: the write has not finished (Jira answers 404 for a missing property).
      if (isConnectorError(e) && e.code === 'not_found') return null;
      throw e;
    }
  }

  const readMarker = (issue: string, idempotencyKey: string, signal: AbortSignal) =>
    readProperty(issue, jiraMarkerProperty(idempotencyKey), signal);

  /** The comments of a request, oldest first. */
  async function requestComments(issue: string, signal: AbortSignal) {
    const all: z.output<typeof RequestCommentsPage>['values'] = [];
    for (let page = 0; page < MAX_COMMENT_PAGES; page += 1) {
      const list = url(`/rest/servicedeskapi/request/${encodeURIComponent(issue)}/comment`);
      list.searchParams.set('start', String(page * COMMENT_PAGE_SIZE));
      list.searchParams.set('limit', String(COMMENT_PAGE_SIZE));
      const { data } = await requestJson(http, {
        url: list,
        headers,
        signal,
        schema: RequestCommentsPage,
        system: SYSTEM,
      });
      all.push(...data.values);
      if (data.isLastPage || data.values.length === 0) return all;
    }
    throw new ConnectorError('bad_response', `${SYSTEM}: too many comments to look for a lost write-back`);
  }

  /** Comment ids named by the done markers of other write-backs on this issue. */
  async function claimedComments(issue: string, idempotencyKey: string, signal: AbortSignal) {
    const { data } = await requestJson(http, {
      url: url(`${issuePath(issue)}/properties`),
      headers,
      signal,
      schema: PropertyKeysResponse,
      system: SYSTEM,
    });
    const mine = jiraMarkerProperty(idempotencyKey);
    const claimed = new Set<string>();
    for (const { key } of data.keys) {
      if (!key.startsWith(MARKER_PREFIX) || key === mine) continue;
      const other = await readProperty(issue, key, signal);
      if (other?.state === 'done' && other.externalId !== null) claimed.add(other.externalId);
    }
    return claimed;
  }

  /**
   * Settles a comment intent (see {@link createJiraWriteBack}): the oldest comment with the intent's
   * digest and visibility that no other write-back's done marker names. Found, the marker becomes done
   * first, so the next pending intent on this request will not take the same comment.
   */
  async function resolveIntent(
    issue: string,
    intent: MarkerValue,
    request: { idempotencyKey: string; signal: AbortSignal },
  ) {
    const candidates = (await requestComments(issue, request.signal)).filter(
      (c) =>
        commentDigest(c.body) === intent.bodySha256 &&
        (intent.public === undefined || c.public === intent.public),
    );
    if (candidates.length === 0) return null;
    const claimed = await claimedComments(issue, request.idempotencyKey, request.signal);
    const ours = candidates.find((c) => !claimed.has(c.id));
    if (ours === undefined) return null;
    await putMarker(
      issue,
      request.idempotencyKey,
      { ...intent, externalId: ours.id, state: 'done' },
      request.signal,
    );
    return ours.id;
  }

  async function findLabelled(project: string, idempotencyKey: string, signal: AbortSignal) {
    const { data } = await requestJson(http, {
      method: 'POST',
      url: url('/rest/api/3/search/jql'),
      headers,
      json: {
        // Both values are validated to a quote-free alphabet, so the JQL cannot be broken out of.
        jql: `project = "${project}" AND labels = "${jiraMarkerLabel(idempotencyKey)}" ORDER BY created ASC`,
        fields: ['summary'],
        maxResults: 1,
      },
      signal,
      schema: SearchResponse,
      system: SYSTEM,
    });
    return data.issues[0]?.key ?? null;
  }

  async function comment(request: WriteBackRequest, isPublic: boolean): Promise<WriteBackResult> {
    const key = issueKeyOf(request.ref);
    const payload = parseApprovedPayload(SYSTEM, CommentPayload, request.action, request.payload);
    const body = toJsmWikiText(payload.body);
    await putMarker(
      key,
      request.idempotencyKey,
      {
        writeBack: request.idempotencyKey,
        action: request.action,
        externalId: null,
        state: 'pending',
        bodySha256: commentDigest(body),
        public: isPublic,
      },
      request.signal,
    );
    const { data } = await requestJson(http, {
      method: 'POST',
      url: url(`/rest/servicedeskapi/request/${encodeURIComponent(key)}/comment`),
      headers,
      json: { body, public: isPublic },
      signal: request.signal,
      schema: CommentResponse,
      system: SYSTEM,
    });
    await mark(key, request, data.id);
    return { externalId: data.id, url: browse(key) };
  }

  async function engineeringIssue(request: WriteBackRequest): Promise<WriteBackResult> {
    const p = parseApprovedPayload(SYSTEM, EngineeringIssuePayload, request.action, request.payload);
    let created = await findLabelled(p.project, request.idempotencyKey, request.signal);
    if (created === null) {
      const description = [
        `Opened from support case ${p.linkBack} by triage.`,
        ...(p.signatures.length ? ['Error signatures:', ...p.signatures] : []),
        ...(p.evidenceIds.length ? ['Evidence:', ...p.evidenceIds] : []),
      ];
      const { data } = await requestJson(http, {
        method: 'POST',
        url: url('/rest/api/3/issue'),
        headers,
        json: {
          fields: {
            project: { key: p.project },
            summary: p.summary,
            issuetype: { name: p.issueType },
            description: toAdf(description.join('\n')),
            labels: [jiraMarkerLabel(request.idempotencyKey)],
          },
        },
        signal: request.signal,
        schema: CreatedIssue,
        system: SYSTEM,
      });
      created = data.key;
    }
    await send(http, {
      method: 'POST',
      url: url('/rest/api/3/issueLink'),
      headers,
      json: { type: { name: 'Relates' }, inwardIssue: { key: created }, outwardIssue: { key: p.linkBack } },
      signal: request.signal,
    });
    await mark(created, request, created);
    return { externalId: created, url: browse(created) };
  }

  return {
    id: options.id,
    system: 'jsm',
    actions: JIRA_WRITE_ACTIONS,

    async write(request) {
      checkKey(request.idempotencyKey);
      switch (request.action) {
        case 'internal-note':
          return comment(request, false);
        case 'public-reply':
          return comment(request, true);
        case 'set-tags': {
          const key = issueKeyOf(request.ref);
          const payload = parseApprovedPayload(SYSTEM, SetTagsPayload, request.action, request.payload);
          await send(http, {
            method: 'PUT',
            url: url(issuePath(key)),
            headers,
            json: { update: { labels: payload.tags.map((add) => ({ add })) } },
            signal: request.signal,
          });
          await mark(key, request, null);
          return { externalId: null, url: browse(key) };
        }
        case 'set-fields': {
          const key = issueKeyOf(request.ref);
          const payload = parseApprovedPayload(SYSTEM, ParticipantsPayload, request.action, request.payload);
          await requestJson(http, {
            method: 'POST',
            url: url(`/rest/servicedeskapi/request/${encodeURIComponent(key)}/participant`),
            headers,
            json: { accountIds: payload.participants },
            signal: request.signal,
            schema: AnyJson,
            system: SYSTEM,
          });
          await mark(key, request, null);
          return { externalId: null, url: browse(key) };
        }
        case 'engineering-issue':
          return engineeringIssue(request);
        default:
          throw new ConnectorError('config', `${SYSTEM} does not take ${request.action} write-backs`);
      }
    },

    /**
     * On an issue ref, `GET` the marker property (404 → null); a comment's pending intent is settled
     * against the request's comments (see {@link createJiraWriteBack}). On a project ref (an engineering issue),
     * the JQL search for the marker label finds the created issue, whose property says whether the link
     * was made too; an issue without it reads as "not done", so the retry links it. Jira's search index
     * can trail a create by a few seconds, which the queue's backoff covers.
     */
    async findMarker(request) {
      checkKey(request.idempotencyKey);
      const ref = request.ref.trim().toUpperCase();
      let issue: string | null = ref;
      if (!ISSUE_KEY.test(ref)) {
        if (!PROJECT_KEY.test(ref))
          throw new ConnectorError('config', `${SYSTEM}: the write-back ref is not an issue or project key`);
        issue = await findLabelled(ref, request.idempotencyKey, request.signal);
        if (issue === null) return null;
      }
      const marker = await readMarker(issue, request.idempotencyKey, request.signal);
      if (marker === null) return null;
      if (marker.state === 'pending') {
        const externalId = await resolveIntent(issue, marker, request);
        return externalId === null ? null : { externalId, url: browse(issue) };
      }
      return { externalId: marker.externalId, url: browse(issue) };
    },
  };
}
