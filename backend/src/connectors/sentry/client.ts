import { z } from 'zod';
import type { GuardedClient } from '../../infrastructure/http';
import { requestJson } from '../http-json';
import { ConnectorError } from '../errors';
import type { SentryConfig } from './config';

const SYSTEM = 'Sentry';
/** Pages of one issue search followed at most: a connector answers inside the packet deadline. */
export const MAX_ISSUE_PAGES = 2;
const MAX_PROJECT_PAGES = 3;

// Sentry timestamps carry a zone (`2026-11-19T08:12:44.118000Z`); normalised so evidence validates.
const IsoTime = z
  .string()
  .refine((s) => /[zZ]|[+-]\d\d:?\d\d$/.test(s) && !Number.isNaN(Date.parse(s)), 'not a zoned timestamp')
  .transform((s) => new Date(s).toISOString());

/** One issue as the organization issue search lists it (https://docs.sentry.io/api/events/list-an-organizations-issues/). */
export const SentryIssue = z.looseObject({
  id: z.string(),
  shortId: z.string(),
  title: z.string(),
  culprit: z.string().nullable().default(null),
  permalink: z.string(),
  level: z.string(),
  status: z.string(),
  project: z.looseObject({ id: z.string(), slug: z.string(), name: z.string() }),
  metadata: z
    .looseObject({ type: z.string().optional(), value: z.string().optional(), title: z.string().optional() })
    .default({}),
  // Sentry serialises the event count as a string (it may exceed 2^53 in principle); parsed here.
  count: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number),
  userCount: z.number().int().nonnegative().default(0),
  firstSeen: IsoTime,
  lastSeen: IsoTime,
});
export type SentryIssue = z.output<typeof SentryIssue>;

/** The parts of an issue event this connector reads (https://docs.sentry.io/api/events/retrieve-an-issue-event/). */
export const SentryEvent = z.looseObject({
  id: z.string(),
  eventID: z.string(),
  dateCreated: IsoTime.optional(),
  tags: z.array(z.looseObject({ key: z.string(), value: z.string() })).default([]),
  release: z.looseObject({ version: z.string(), shortVersion: z.string().optional() }).nullish(),
});
export type SentryEvent = z.output<typeof SentryEvent>;

const Organization = z.looseObject({ id: z.string(), slug: z.string(), name: z.string() });
const Project = z.looseObject({ id: z.string(), slug: z.string() });

/** Either Sentry's relative period or an absolute range; the issues endpoint takes one or the other. */
export type SentryPeriod = { statsPeriod: string } | { start: string; end: string };

export interface IssueSearch {
  query: string;
  projectIds: readonly string[];
  period: SentryPeriod;
  signal: AbortSignal;
}

/** The Sentry REST calls this connector makes, with auth, pagination and parsing done. */
export interface SentryClient {
  /** `GET /api/0/organizations/{org}/`: proves the URL, the token and the organization. */
  organization(signal: AbortSignal): Promise<z.output<typeof Organization>>;
  /** The configured projects as ids (`-1`, all projects, when none are configured). Cached per client. */
  projectIds(signal: AbortSignal): Promise<string[]>;
  /** One issue search, following the `Link` cursor for at most {@link MAX_ISSUE_PAGES} pages. */
  searchIssues(search: IssueSearch): Promise<SentryIssue[]>;
  /** The latest event of an issue, for its release and tags. */
  latestEvent(issueId: string, signal: AbortSignal): Promise<SentryEvent>;
}

interface LinkEntry {
  url: string;
  rel: string | undefined;
  results: boolean;
  cursor: string | undefined;
}

/**
 * Parses Sentry's `Link` header: `<url>; rel="next"; results="true"; cursor="0:25:0"`, comma-separated.
 * `results="false"` on `next` means there is no further page even though a cursor is given.
 * @see https://docs.sentry.io/api/pagination/
 */
export function parseLinkHeader(header: string | undefined): LinkEntry[] {
  if (!header) return [];
  const out: LinkEntry[] = [];
  for (const m of header.matchAll(/<([^>]*)>((?:\s*;\s*[A-Za-z]+="[^"]*")*)/g)) {
    const params = new Map<string, string>();
    for (const p of (m[2] ?? '').matchAll(/([A-Za-z]+)="([^"]*)"/g)) params.set(p[1] ?? '', p[2] ?? '');
    out.push({
      url: m[1] ?? '',
      rel: params.get('rel'),
      results: params.get('results') === 'true',
      cursor: params.get('cursor'),
    });
  }
  return out;
}

/** Creates the Sentry client for one configured instance. */
export function createSentryClient(
  http: GuardedClient,
  config: SentryConfig,
  authToken: string,
): SentryClient {
  const headers = { Authorization: `Bearer ${authToken}` };
  const org = encodeURIComponent(config.organization);
  const api = (path: string) => new URL(`${config.baseUrl}/api/0/${path}`);
  let resolvedProjects: Promise<string[]> | undefined;

  const get = <S extends z.ZodType>(url: URL, schema: S, signal: AbortSignal) =>
    requestJson(http, { url, headers, signal, schema, system: SYSTEM });

  async function resolveProjects(signal: AbortSignal): Promise<string[]> {
    if (config.projects.length === 0) return ['-1'];
    const slugs = config.projects.filter((p) => !/^\d+$/.test(p));
    const ids = config.projects.filter((p) => /^\d+$/.test(p));
    if (slugs.length === 0) return ids;
    // The issues endpoint filters by project id only, so slugs are looked up in the organization's list.
    const bySlug = new Map<string, string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PROJECT_PAGES; page++) {
      const url = api(`organizations/${org}/projects/`);
      if (cursor) url.searchParams.set('cursor', cursor);
      const res = await get(url, z.array(Project), signal);
      for (const p of res.data) bySlug.set(p.slug, p.id);
      if (slugs.every((s) => bySlug.has(s))) break;
      cursor = nextCursor(res.headers.link);
      if (!cursor) break;
    }
    const missing = slugs.filter((s) => !bySlug.has(s));
    if (missing.length > 0)
      throw new ConnectorError(
        'config',
        `Sentry: project(s) ${missing.join(', ')} not found in the organization`,
      );
    return [...ids, ...slugs.map((s) => bySlug.get(s) ?? '')];
  }

  return {
    async organization(signal) {
      return (await get(api(`organizations/${org}/`), Organization, signal)).data;
    },

    projectIds(signal) {
      resolvedProjects ??= resolveProjects(signal).catch((e: unknown) => {
        // A failed lookup (timeout, 429) must not be cached: the next build tries again.
        resolvedProjects = undefined;
        throw e;
      });
      return resolvedProjects;
    },

    async searchIssues({ query, projectIds, period, signal }) {
      const issues: SentryIssue[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_ISSUE_PAGES; page++) {
        const url = api(`organizations/${org}/issues/`);
        url.searchParams.set('query', query);
        if ('statsPeriod' in period) url.searchParams.set('statsPeriod', period.statsPeriod);
        else {
          url.searchParams.set('start', period.start);
          url.searchParams.set('end', period.end);
        }
        for (const id of projectIds) url.searchParams.append('project', id);
        if (config.environment) url.searchParams.set('environment', config.environment);
        url.searchParams.set('sort', 'date');
        url.searchParams.set('limit', String(config.pageSize));
        if (cursor) url.searchParams.set('cursor', cursor);
        const res = await get(url, z.array(SentryIssue), signal);
        issues.push(...res.data);
        cursor = nextCursor(res.headers.link);
        if (!cursor) break;
      }
      return issues;
    },

    async latestEvent(issueId, signal) {
      const url = api(`organizations/${org}/issues/${encodeURIComponent(issueId)}/events/latest/`);
      if (config.environment) url.searchParams.set('environment', config.environment);
      return (await get(url, SentryEvent, signal)).data;
    },
  };
}

function nextCursor(link: string | undefined): string | undefined {
  const next = parseLinkHeader(link).find((l) => l.rel === 'next');
  return next?.results ? next.cursor : undefined;
}
