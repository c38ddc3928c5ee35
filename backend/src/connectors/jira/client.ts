import { z } from 'zod';
import type { GuardedClient } from '../../infrastructure/http';
import { jiraApiTimestamp } from '../../importers';
import { ConnectorError, isConnectorError } from '../errors';
import { requestJson } from '../http-json';

const SYSTEM = 'Jira';

/** Upper bound on items read from one paged listing, whatever the page size and page count. */
export const MAX_ITEMS = 100;

// Jira writes `2026-11-19T08:15:02.117+0000` (offset without a colon); evidence wants ISO 8601.
const JiraTimestamp = z
  .string()
  .transform(jiraApiTimestamp)
  .pipe(z.iso.datetime({ offset: true }));

const Named = z.looseObject({ name: z.string() });
const Status = z.looseObject({
  name: z.string(),
  statusCategory: z.looseObject({ key: z.string() }).optional(),
});

/** A linked issue as embedded in `fields.issuelinks`: Jira sends only these four fields, no dates. */
const LinkedIssue = z.looseObject({
  id: z.string(),
  key: z.string(),
  fields: z
    .looseObject({
      summary: z.string().optional(),
      status: Status.optional(),
      // `null` when the site has priorities switched off for that project.
      priority: Named.nullish(),
      issuetype: Named.optional(),
    })
    .default({}),
});

const IssueLink = z.looseObject({
  id: z.string(),
  type: z.looseObject({ name: z.string(), inward: z.string(), outward: z.string() }),
  inwardIssue: LinkedIssue.optional(),
  outwardIssue: LinkedIssue.optional(),
});

/**
 * `GET /rest/api/3/issue/{issueIdOrKey}` with the fields we ask for.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get
 */
export const JiraIssue = z.looseObject({
  id: z.string(),
  key: z.string(),
  fields: z.looseObject({
    summary: z.string(),
    status: Status,
    priority: Named.nullish(),
    issuetype: Named,
    labels: z.array(z.string()).default([]),
    components: z.array(Named).default([]),
    created: JiraTimestamp,
    updated: JiraTimestamp,
    issuelinks: z.array(IssueLink).default([]),
    // Only the account type is read (`customer` is a JSM portal customer); names and emails are not.
    reporter: z.looseObject({ accountType: z.string().optional() }).nullish(),
  }),
});
export type JiraIssue = z.output<typeof JiraIssue>;
export type JiraIssueLink = z.output<typeof IssueLink>;
export type JiraLinkedIssue = z.output<typeof LinkedIssue>;

const Comment = z.looseObject({
  id: z.string(),
  // ADF in REST v3; converted to text by the connector, never trusted to have a given shape.
  body: z.unknown(),
  created: JiraTimestamp,
  // Present on Jira Service Management issues: false for internal notes.
  jsdPublic: z.boolean().optional(),
  // Present when a comment is restricted to a role or group.
  visibility: z.looseObject({ type: z.string(), value: z.string() }).optional(),
});
export type JiraComment = z.output<typeof Comment>;

/**
 * `GET /rest/api/3/issue/{issueIdOrKey}/comment`: offset pagination (`startAt`, `maxResults`, `total`).
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-get
 */
const CommentPage = z.looseObject({
  startAt: z.number().int().nonnegative(),
  maxResults: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  comments: z.array(Comment),
});

/** An issue in a search result, with the fields {@link SEARCH_FIELDS} asks for (plus any custom field). */
export const JiraSearchIssue = z.looseObject({
  id: z.string(),
  key: z.string(),
  fields: z.looseObject({
    summary: z.string(),
    status: Status,
    priority: Named.nullish(),
    issuetype: Named.optional(),
    components: z.array(Named).default([]),
    fixVersions: z.array(Named).default([]),
    labels: z.array(z.string()).default([]),
    project: z.looseObject({ key: z.string() }).optional(),
    created: JiraTimestamp,
    updated: JiraTimestamp,
  }),
});
export type JiraSearchIssue = z.output<typeof JiraSearchIssue>;

/**
 * `POST /rest/api/3/search/jql` (enhanced search): token pagination, `nextPageToken` absent or null
 * on the last page, `isLast` where Jira sends it.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
 */
const SearchPage = z.looseObject({
  issues: z.array(JiraSearchIssue),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

/** `GET /rest/api/3/myself`: only proves who we are; the account id is all we read. */
const Myself = z.looseObject({ accountId: z.string() });

/** Fields every search asks for: what the evidence shows and what KnownIssueFacts needs. */
export const SEARCH_FIELDS = [
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
] as const;

const ISSUE_FIELDS =
  'summary,status,priority,issuetype,labels,components,created,updated,issuelinks,reporter';

/** Bounds of one paged listing. */
export interface PageLimits {
  pageSize: number;
  maxPages: number;
}

/** The Jira Cloud REST v3 calls this connector makes, all through the SSRF-guarded client. */
export interface JiraClient {
  /** The issue, or `null` when Jira says it does not exist or is not visible to these credentials. */
  getIssue(key: string, signal: AbortSignal): Promise<JiraIssue | null>;
  /** The newest comments first, at most `maxPages` pages / {@link MAX_ITEMS}; `total` as Jira counts. */
  listComments(
    key: string,
    limits: PageLimits,
    signal: AbortSignal,
  ): Promise<{ comments: JiraComment[]; total: number }>;
  /** A JQL search, at most `maxPages` pages / {@link MAX_ITEMS} issues, in Jira's order. */
  search(
    jql: string,
    fields: readonly string[],
    limits: PageLimits,
    signal: AbortSignal,
  ): Promise<JiraSearchIssue[]>;
  myself(signal: AbortSignal): Promise<void>;
}

/**
 * Creates the Jira client for one configured instance. `baseUrl` is the site
 * (`https://{site}.atlassian.net`) or the gateway (`https://api.atlassian.com/ex/jira/{cloudId}`); both
 * take the same `/rest/api/3/...` paths.
 *
 * Searches use the enhanced `POST /rest/api/3/search/jql`. The older `GET|POST /rest/api/3/search`
 * (offset pagination with `startAt`/`total`) was removed from Jira Cloud in 2025 and is not called;
 * a site that still only offers it answers 404 here.
 *
 * @see https://developer.atlassian.com/changelog/#CHANGE-2046
 */
export function createJiraClient(options: {
  http: GuardedClient;
  baseUrl: string;
  authorization: string;
}): JiraClient {
  const { http, baseUrl, authorization } = options;
  const headers = { Authorization: authorization };
  const url = (path: string, query: Record<string, string> = {}) => {
    const u = new URL(`${baseUrl}${path}`);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  };
  const issuePath = (key: string) => `/rest/api/3/issue/${encodeURIComponent(key)}`;

  return {
    async getIssue(key, signal) {
      try {
        const res = await requestJson(http, {
          url: url(issuePath(key), { fields: ISSUE_FIELDS }),
          headers,
          signal,
          schema: JiraIssue,
          system: SYSTEM,
        });
        return res.data;
      } catch (e) {
        // Jira answers 404 both for "no such issue" and "not visible to you": either way, nothing here.
        if (isConnectorError(e) && e.code === 'not_found') return null;
        throw e;
      }
    },

    async listComments(key, limits, signal) {
      const comments: JiraComment[] = [];
      let total = 0;
      let startAt = 0;
      for (let page = 0; page < limits.maxPages && comments.length < MAX_ITEMS; page++) {
        const res = await requestJson(http, {
          url: url(`${issuePath(key)}/comment`, {
            startAt: String(startAt),
            maxResults: String(Math.min(limits.pageSize, MAX_ITEMS - comments.length)),
            // Newest first, so the bounded read keeps the latest conversation.
            orderBy: '-created',
          }),
          headers,
          signal,
          schema: CommentPage,
          system: SYSTEM,
        });
        comments.push(...res.data.comments);
        total = res.data.total;
        startAt = res.data.startAt + res.data.comments.length;
        // An empty page ends the loop even if `total` claims more, so a miscounting server can't spin us.
        if (res.data.comments.length === 0 || startAt >= total) break;
      }
      return { comments: comments.slice(0, MAX_ITEMS), total };
    },

    async search(jql, fields, limits, signal) {
      const issues: JiraSearchIssue[] = [];
      let nextPageToken: string | undefined;
      for (let page = 0; page < limits.maxPages && issues.length < MAX_ITEMS; page++) {
        let res;
        try {
          res = await requestJson(http, {
            method: 'POST',
            url: url('/rest/api/3/search/jql'),
            headers,
            json: {
              jql,
              fields,
              maxResults: Math.min(limits.pageSize, MAX_ITEMS - issues.length),
              ...(nextPageToken === undefined ? {} : { nextPageToken }),
            },
            signal,
            schema: SearchPage,
            system: SYSTEM,
          });
        } catch (e) {
          // 400 on a search is Jira refusing the JQL (unknown project, field or function): an admin fix.
          if (isConnectorError(e) && e.status === 400) {
            throw new ConnectorError('config', 'Jira answered 400: the configured JQL was rejected', {
              status: 400,
              cause: e,
            });
          }
          throw e;
        }
        issues.push(...res.data.issues);
        const token = res.data.nextPageToken ?? undefined;
        if (res.data.isLast === true || token === undefined || res.data.issues.length === 0) break;
        nextPageToken = token;
      }
      return issues.slice(0, MAX_ITEMS);
    },

    async myself(signal) {
      await requestJson(http, {
        url: url('/rest/api/3/myself'),
        headers,
        signal,
        schema: Myself,
        system: SYSTEM,
      });
    },
  };
}
