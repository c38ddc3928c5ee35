import type { Evidence } from '@triage/shared';
import type { ConnectorDefinition } from '../definition';
import { isConnectorError } from '../errors';
import { toEvidence } from '../evidence';
import type { EvidenceQuery } from '../types';
import {
  createSentryClient,
  type SentryClient,
  type SentryEvent,
  type SentryIssue,
  type SentryPeriod,
} from './client';
import { configSchema, secretsSchema, type SentryConfig } from './config';

const DAY_MS = 86_400_000;
/** The relative period the issue search uses when it covers the case window. */
const STATS_PERIOD_DAYS = 14;

/**
 * Sentry error events: the unresolved issues the case's customer hit, found by the requester's email
 * (`user.email`) and by the account tag, with release and product from each issue's latest event.
 *
 * @see https://docs.sentry.io/api/events/list-an-organizations-issues/
 * @see https://docs.sentry.io/api/events/retrieve-an-issue-event/
 */
export const sentryConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: 'sentry',
  title: 'Sentry',
  capabilities: ['error-events'],
  configSchema,
  secretsSchema,
  create({ id, config, secrets, context }) {
    const client = createSentryClient(context.http, config, secrets.authToken);
    return {
      id,
      capabilities: ['error-events'],
      fetch: (query) => fetchErrorEvents(id, config, client, query),
      async testConnection(signal) {
        await client.organization(signal);
      },
    };
  },
};

async function fetchErrorEvents(
  sourceId: string,
  config: SentryConfig,
  client: SentryClient,
  q: EvidenceQuery,
): Promise<Evidence[]> {
  const searches = searchesFor(config, q);
  if (searches.length === 0) return [];
  const projectIds = await client.projectIds(q.signal);
  const period = periodFor(q.window, q.now);
  // Issue search has no OR (Sentry documents boolean operators for Discover, not Issues), so each
  // identifier is its own search and the results are merged.
  const pages = await Promise.all(
    searches.map((search) => client.searchIssues({ query: search, projectIds, period, signal: q.signal })),
  );
  const byId = new Map<string, SentryIssue>();
  for (const issue of pages.flat()) byId.set(issue.id, issue);
  const from = q.window.from.getTime();
  const to = q.window.to.getTime();
  const issues = [...byId.values()]
    // The 14-day period can be wider than the case window; only issues active inside it are evidence.
    .filter((i) => Date.parse(i.lastSeen) >= from && Date.parse(i.firstSeen) <= to)
    .sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen))
    .slice(0, config.maxIssues);
  const events = await Promise.all(
    issues.map((issue, i) =>
      i < config.enrichTop ? latestEventOrNull(client, issue.id, q.signal) : Promise.resolve(null),
    ),
  );
  return issues.map((issue, i) => toErrorEvidence(sourceId, config, issue, events[i] ?? null));
}

/** The issue searches for a case: one by the requester's email, one by the customer's account tag. */
function searchesFor(config: SentryConfig, q: EvidenceQuery): string[] {
  const out: string[] = [];
  const email = q.record.requester?.email?.trim();
  if (email) out.push(`is:unresolved user.email:${searchValue(email)}`);
  const raw = q.record.custom_fields?.[config.accountField];
  const account = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (account) out.push(`is:unresolved ${config.accountTag}:${searchValue(account)}`);
  return out;
}

/** Quotes a search value unless it is a plain token, so customer data cannot add search terms. */
function searchValue(value: string): string {
  return /^[A-Za-z0-9@._+-]+$/.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Sentry's `statsPeriod=14d` when it covers the case window (the usual live case); an absolute
 * `start`/`end` range for an older case, which the relative period would miss.
 */
function periodFor(window: EvidenceQuery['window'], now: Date): SentryPeriod {
  if (window.from.getTime() >= now.getTime() - STATS_PERIOD_DAYS * DAY_MS)
    return { statsPeriod: `${STATS_PERIOD_DAYS}d` };
  return { start: window.from.toISOString(), end: window.to.toISOString() };
}

async function latestEventOrNull(
  client: SentryClient,
  issueId: string,
  signal: AbortSignal,
): Promise<SentryEvent | null> {
  try {
    return await client.latestEvent(issueId, signal);
  } catch (e) {
    // Events age out of retention before their issue does: the issue is still evidence, without a release.
    if (isConnectorError(e) && e.code === 'not_found') return null;
    throw e;
  }
}

function toErrorEvidence(
  sourceId: string,
  config: SentryConfig,
  issue: SentryIssue,
  event: SentryEvent | null,
): Evidence {
  const tag = (key: string) => event?.tags.find((t) => t.key === key)?.value ?? null;
  const product =
    (config.productTag ? tag(config.productTag) : null) ??
    config.projectProducts[issue.project.slug] ??
    issue.project.slug;
  const release = event?.release?.version ?? tag('release');
  const environment = tag('environment');
  return toEvidence(sourceId, 'error-event', issue.id, {
    title: issue.title,
    excerpt: [
      `${issue.count} event(s), ${issue.userCount} user(s)`,
      issue.culprit ? `in ${issue.culprit}` : null,
      release ? `release ${release}` : null,
      environment ? `environment ${environment}` : null,
      `first seen ${issue.firstSeen}, last seen ${issue.lastSeen}`,
    ]
      .filter((s) => s !== null)
      .join('; '),
    url: issueUrl(config, issue),
    observedAt: issue.lastSeen,
    attributes: {
      product,
      release,
      count: issue.count,
      signature: signatureOf(issue),
      issueId: issue.id,
      shortId: issue.shortId,
      project: issue.project.slug,
      level: issue.level,
      status: issue.status,
      userCount: issue.userCount,
      environment,
      firstSeen: issue.firstSeen,
      lastSeen: issue.lastSeen,
    },
  });
}

/** The exception type: `metadata.type`, else the identifier before `:` in the title. */
function signatureOf(issue: SentryIssue): string | null {
  const type = issue.metadata.type?.trim();
  if (type) return type;
  return /^([A-Za-z_$][\w$.]*)\s*:/.exec(issue.title)?.[1] ?? null;
}

/** The issue's own permalink when it is a web URL; else the organization issue page under the base URL. */
function issueUrl(config: SentryConfig, issue: SentryIssue): string {
  try {
    const u = new URL(issue.permalink);
    if (u.protocol === 'https:' || u.protocol === 'http:') return u.toString();
  } catch {
    // Falls through to the page built from the configured URL.
  }
  return `${config.baseUrl}/organizations/${encodeURIComponent(config.organization)}/issues/${encodeURIComponent(issue.id)}/`;
}
