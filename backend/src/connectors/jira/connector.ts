import type { Evidence } from '@triage/shared';
import { redact } from '../../domain/redaction';
import { adfToText } from '../../importers';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { ConnectorError, isConnectorError } from '../errors';
import { toEvidence } from '../evidence';
import type { EvidenceQuery } from '../types';
import {
  createJiraClient,
  SEARCH_FIELDS,
  type JiraClient,
  type JiraComment,
  type JiraIssue,
  type JiraIssueLink,
  type JiraSearchIssue,
} from './client';
import { authorizationHeader, configSchema, secretsSchema, type JiraConfig } from './config';

/** A Jira issue key (`SUP-123`): project keys start with a letter and hold letters, digits, `_`. */
const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-[1-9]\d*$/;

// Error codes and exception names in a summary. The second branch also matches issue keys (`KI-12`),
// which are filtered out below: a key names an issue, not a failure.
const SIGNATURE = /\b[A-Z][A-Za-z]+(?:Error|Exception)\b|\b[A-Z]{2,}[-_][A-Z0-9_-]{2,}\b/g;

const ESCALATED_PRIORITIES = new Set(['highest', 'blocker', 'urgent']);
const MAX_LINKS = 20;
const MAX_COMMENTS_SHOWN = 5;

/** The first error code or exception name in `text`, or null. */
export function signatureOf(text: string): string | null {
  for (const m of text.matchAll(SIGNATURE)) if (!ISSUE_KEY.test(m[0])) return m[0];
  return null;
}

/**
 * Adds the case window's end to a configured JQL, so a packet rebuilt for an old case does not cite
 * issues filed after it. A relative date (`-90m`) is used because Jira reads absolute JQL dates in the
 * API user's profile time zone, which we do not know. No lower bound: a known issue open for months is
 * still relevant. The `ORDER BY` clause stays last, where JQL needs it.
 */
export function boundToWindow(jql: string, window: EvidenceQuery['window'], now: Date): string {
  const minutes = Math.floor((now.getTime() - window.to.getTime()) / 60_000);
  if (minutes < 1) return jql;
  const m = /^(.*?)(\s*\bORDER\s+BY\b.*)?$/is.exec(jql);
  const where = (m?.[1] ?? jql).trim();
  const orderBy = m?.[2]?.trim();
  const bound = `created <= "-${minutes}m"`;
  return [where === '' ? bound : `(${where}) AND ${bound}`, orderBy].filter(Boolean).join(' ');
}

function browseUrl(config: JiraConfig, key: string): string {
  return `${config.siteUrl}/browse/${encodeURIComponent(key)}`;
}

function plain(value: unknown): string {
  return adfToText(value).replace(/\s+/g, ' ').trim();
}

function relationOf(self: string, link: JiraIssueLink): { other: string; relation: string } | null {
  // In issue A's links, `outwardIssue: B` reads "A <outward> B" and `inwardIssue: B` "A <inward> B".
  if (link.outwardIssue) return { other: link.outwardIssue.key, relation: `${self} ${link.type.outward}` };
  if (link.inwardIssue) return { other: link.inwardIssue.key, relation: `${self} ${link.type.inward}` };
  return null;
}

function ticketEvidence(
  sourceId: string,
  config: JiraConfig,
  issue: JiraIssue,
  comments: readonly JiraComment[],
  commentTotal: number,
): Evidence {
  const f = issue.fields;
  const components = f.components.map((c) => c.name);
  const shown = comments.slice(0, MAX_COMMENTS_SHOWN).map((c) => {
    // JSM: `jsdPublic: false` is an internal note; a `visibility` restriction is internal on any project.
    const internal = c.jsdPublic === false || c.visibility !== undefined;
    return `[${c.created.slice(0, 10)}, ${internal ? 'internal' : 'public'}] ${plain(c.body).slice(0, 200)}`;
  });
  const head = [
    `${f.status.name}, priority ${f.priority?.name ?? 'none'}, ${f.issuetype.name}`,
    components.length ? `components ${components.join(', ')}` : '',
    f.labels.length ? `labels ${f.labels.join(', ')}` : '',
    `${f.issuelinks.length} link(s), ${commentTotal} comment(s)${shown.length ? ', newest first:' : ''}`,
  ]
    .filter(Boolean)
    .join('; ');
  return toEvidence(sourceId, 'ticket', issue.key, {
    title: `${issue.key}: ${f.summary}`,
    excerpt: [head, ...shown].join('\n'),
    url: browseUrl(config, issue.key),
    observedAt: f.updated,
    attributes: {
      issueKey: issue.key,
      status: f.status.name,
      statusCategory: f.status.statusCategory?.key ?? null,
      priority: f.priority?.name ?? null,
      issueType: f.issuetype.name,
      components,
      labels: f.labels,
      commentCount: commentTotal,
      linkCount: f.issuelinks.length,
      reporterAccountType: f.reporter?.accountType ?? null,
      createdAt: f.created,
    },
  });
}

function linkedEvidence(
  sourceId: string,
  config: JiraConfig,
  issue: JiraIssue,
  timestamps: ReadonlyMap<string, string>,
): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const link of issue.fields.issuelinks) {
    const rel = relationOf(issue.key, link);
    const linked = link.outwardIssue ?? link.inwardIssue;
    if (!rel || !linked || seen.has(linked.key)) continue;
    seen.add(linked.key);
    const f = linked.fields;
    const status = f.status?.name ?? null;
    const priority = f.priority?.name ?? null;
    const issueType = f.issuetype?.name ?? null;
    // Jira has no "escalated" flag: an escalation shows as a link or issue type named so, or as the
    // top priority on the linked engineering issue.
    const escalated =
      /escalat/i.test(`${link.type.name} ${link.type.inward} ${link.type.outward} ${issueType ?? ''}`) ||
      (priority !== null && ESCALATED_PRIORITIES.has(priority.toLowerCase()));
    out.push(
      toEvidence(sourceId, 'case-history', linked.key, {
        title: `${linked.key}: ${f.summary ?? ''}`.trim(),
        excerpt: `${rel.relation} ${rel.other}; ${[status, priority && `priority ${priority}`, issueType].filter(Boolean).join(', ')}`,
        url: browseUrl(config, linked.key),
        // The link carries no dates; the looked-up `updated` is the issue's own, else when we saw the link.
        observedAt: timestamps.get(linked.key) ?? issue.fields.updated,
        attributes: {
          caseRef: linked.key,
          status,
          priority,
          escalated,
          issueType,
          linkType: link.type.name,
          relation: rel.relation.slice(issue.key.length + 1),
        },
      }),
    );
    if (out.length >= MAX_LINKS) break;
  }
  return out;
}

function knownIssueEvidence(
  sourceId: string,
  kind: 'known-issue' | 'defect',
  config: JiraConfig,
  issue: JiraSearchIssue,
): Evidence {
  const f = issue.fields;
  const component = f.components[0]?.name ?? null;
  const projectKey = f.project?.key ?? issue.key.slice(0, issue.key.lastIndexOf('-'));
  const fixedIn = f.fixVersions[0]?.name ?? null;
  const rawWorkaround = config.workaroundField === undefined ? undefined : f[config.workaroundField];
  const workaroundText = rawWorkaround === undefined || rawWorkaround === null ? '' : plain(rawWorkaround);
  // Attributes bypass toEvidence's redaction, and the workaround is shown as a match's resolution.
  const workaround = workaroundText === '' ? null : redact(workaroundText).text;
  const signature = signatureOf(f.summary);
  const excerpt = [
    `${f.status.name}, priority ${f.priority?.name ?? 'none'}${f.issuetype ? `, ${f.issuetype.name}` : ''}`,
    f.components.length ? `components ${f.components.map((c) => c.name).join(', ')}` : '',
    signature ? `signature ${signature}` : '',
    fixedIn ? `fixed in ${fixedIn}` : '',
    workaround ? `workaround: ${workaround}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return toEvidence(sourceId, kind, issue.key, {
    title: `${issue.key}: ${f.summary}`,
    excerpt,
    url: browseUrl(config, issue.key),
    observedAt: f.updated,
    attributes: {
      product: component ?? projectKey,
      component,
      status: f.status.name,
      signature,
      workaround,
      fixedIn,
      issueKey: issue.key,
      statusCategory: f.status.statusCategory?.key ?? null,
      priority: f.priority?.name ?? null,
      issueType: f.issuetype?.name ?? null,
      labels: f.labels,
      createdAt: f.created,
    },
  });
}

async function caseIssueEvidence(
  sourceId: string,
  config: JiraConfig,
  client: JiraClient,
  query: EvidenceQuery,
  signal: AbortSignal,
): Promise<Evidence[]> {
  const key = query.record.id.trim().toUpperCase();
  // The case ref is the issue key; a ref from another desk (a Zendesk ticket number) is not looked up,
  // because Jira would read a bare number as an issue id and answer with an unrelated issue.
  if (!ISSUE_KEY.test(key)) return [];
  const issue = await client.getIssue(key, signal);
  if (!issue) return [];
  const limits = { pageSize: config.maxResults, maxPages: config.maxPages };
  const linkedKeys = [
    ...new Set(
      issue.fields.issuelinks
        .map((l) => (l.outwardIssue ?? l.inwardIssue)?.key)
        .filter((k): k is string => k !== undefined && ISSUE_KEY.test(k)),
    ),
  ].slice(0, MAX_LINKS);
  const [comments, timestamps] = await Promise.all([
    client.listComments(issue.key, limits, signal),
    linkedTimestamps(client, linkedKeys, signal),
  ]);
  const to = query.window.to.getTime();
  const inWindow = comments.comments.filter((c) => Date.parse(c.created) <= to);
  return [
    ticketEvidence(sourceId, config, issue, inWindow, comments.total),
    ...linkedEvidence(sourceId, config, issue, timestamps),
  ];
}

/** The linked issues' own `updated` times: one search for all of them, since links carry no dates. */
async function linkedTimestamps(
  client: JiraClient,
  keys: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  try {
    const found = await client.search(
      `key in (${keys.map((k) => `"${k}"`).join(', ')})`,
      SEARCH_FIELDS,
      { pageSize: keys.length, maxPages: 1 },
      signal,
    );
    return new Map(found.map((i) => [i.key, i.fields.updated]));
  } catch (e) {
    // A key Jira no longer accepts (moved, deleted since) fails the whole `key in` search with 400;
    // the links are still worth showing, dated when we saw them.
    if (isConnectorError(e) && e.code === 'config') return new Map();
    throw e;
  }
}

async function searchEvidence(
  sourceId: string,
  kind: 'known-issue' | 'defect',
  jql: string,
  config: JiraConfig,
  client: JiraClient,
  query: EvidenceQuery,
  signal: AbortSignal,
): Promise<Evidence[]> {
  if (jql === '') return [];
  const issues = await client.search(
    boundToWindow(jql, query.window, query.now),
    config.workaroundField === undefined ? SEARCH_FIELDS : [...SEARCH_FIELDS, config.workaroundField],
    { pageSize: config.maxResults, maxPages: config.maxPages },
    signal,
  );
  return issues.map((i) => knownIssueEvidence(sourceId, kind, config, i));
}

/**
 * Jira Cloud / Jira Service Management as an evidence source. For a case whose ref is an issue key it
 * reads the issue with its newest comments (one `ticket` item) and its linked issues (`case-history`);
 * for every case it runs the configured known-issue and defect JQL searches (`known-issue`, `defect`).
 * Read-only; every call goes through the SSRF-guarded client and honours the query's signal.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/
 * @see https://developer.atlassian.com/cloud/jira/service-desk/rest/intro/
 */
export const jiraConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: 'jira',
  title: 'Jira / Jira Service Management',
  capabilities: ['case-history', 'known-issues'],
  configSchema,
  secretsSchema,
  create({ id, config, secrets, context }): ConnectorSource {
    const client = createJiraClient({
      http: context.http,
      baseUrl: config.baseUrl,
      authorization: authorizationHeader(secrets),
    });
    return {
      id,
      capabilities: jiraConnector.capabilities,
      async fetch(query) {
        // One failure fails the source; stop its sibling calls instead of letting them run on.
        const local = new AbortController();
        const signal = AbortSignal.any([query.signal, local.signal]);
        const part = (p: Promise<Evidence[]>) =>
          p.catch((e: unknown) => {
            local.abort();
            throw e;
          });
        const parts = await Promise.all([
          part(caseIssueEvidence(id, config, client, query, signal)),
          part(searchEvidence(id, 'known-issue', config.knownIssueJql, config, client, query, signal)),
          part(searchEvidence(id, 'defect', config.defectJql, config, client, query, signal)),
        ]);
        return parts.flat();
      },
      async testConnection(signal) {
        try {
          await client.myself(signal);
        } catch (e) {
          if (isConnectorError(e) && e.code === 'not_found') {
            throw new ConnectorError(
              'not_found',
              'Jira answered 404: check baseUrl (https://{site}.atlassian.net or https://api.atlassian.com/ex/jira/{cloudId})',
              { status: 404, cause: e },
            );
          }
          throw e;
        }
      },
    };
  },
};
