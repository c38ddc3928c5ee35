import { z } from 'zod';
import type { GuardedClient } from '../../infrastructure/http';
import { requestJson } from '../http-json';
import { ConnectorError, isConnectorError } from '../errors';
import type { StatuspageConfig, StatuspageManageConfig } from './config';

const SYSTEM = 'Statuspage';
/** Pages of one manage list followed at most: a connector answers inside the packet deadline. */
export const MAX_PAGES = 3;

// Statuspage timestamps carry a zone (`2026-11-20T09:12:03.118-05:00`); normalised to UTC ISO.
const IsoTime = z
  .string()
  .refine((s) => /[zZ]|[+-]\d\d:?\d\d$/.test(s) && !Number.isNaN(Date.parse(s)), 'not a zoned timestamp')
  .transform((s) => new Date(s).toISOString());

/** A component, as both APIs serialise it. */
export const StatuspageComponent = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  updated_at: IsoTime,
  group: z.boolean().default(false),
  group_id: z.string().nullish(),
});
export type StatuspageComponent = z.output<typeof StatuspageComponent>;

const IncidentUpdate = z.looseObject({
  id: z.string(),
  status: z.string(),
  body: z.string().nullish(),
  created_at: IsoTime,
  display_at: IsoTime.nullish(),
  affected_components: z
    .array(z.looseObject({ code: z.string(), name: z.string() }))
    .nullish()
    .transform((a) => a ?? []),
});

/** An incident, as both APIs serialise it (the manage API adds fields, which are ignored). */
export const StatuspageIncident = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  impact: z.string(),
  created_at: IsoTime,
  updated_at: IsoTime.nullish(),
  started_at: IsoTime.nullish(),
  resolved_at: IsoTime.nullish(),
  shortlink: z.string().nullish(),
  incident_updates: z.array(IncidentUpdate).default([]),
  components: z
    .array(StatuspageComponent)
    .nullish()
    .transform((c) => c ?? []),
});
export type StatuspageIncident = z.output<typeof StatuspageIncident>;

const PageRef = z.looseObject({ id: z.string(), name: z.string() });
const Summary = z.looseObject({
  page: PageRef,
  components: z.array(StatuspageComponent),
  incidents: z.array(StatuspageIncident),
});
const Incidents = z.looseObject({ page: PageRef, incidents: z.array(StatuspageIncident) });

/** What the page says now: recent and unresolved incidents, and every component's status. */
export interface StatuspageSnapshot {
  incidents: StatuspageIncident[];
  components: StatuspageComponent[];
}

/** The Statuspage calls this connector makes, in either mode, with auth, paging and parsing done. */
export interface StatuspageClient {
  /** Incidents (unresolved, and recent ones back to `since` where the API pages) and components. */
  snapshot(since: Date, signal: AbortSignal): Promise<StatuspageSnapshot>;
  /** One cheap call: `summary.json` (public) or `GET /v1/pages/{page_id}` (manage). */
  ping(signal: AbortSignal): Promise<void>;
}

/** Creates the client for the configured mode. */
export function createStatuspageClient(
  http: GuardedClient,
  config: StatuspageConfig,
  apiKey: string | undefined,
): StatuspageClient {
  return config.mode === 'public' ? publicClient(http, config.baseUrl) : manageClient(http, config, apiKey);
}

/**
 * The public page API: `summary.json` carries components and unresolved incidents, `incidents.json` the
 * 50 most recent incidents (resolved ones included). Neither pages.
 * @see https://doers.statuspage.io/api/v2/summary/
 * @see https://doers.statuspage.io/api/v2/incidents/
 */
function publicClient(http: GuardedClient, baseUrl: string): StatuspageClient {
  const get = <S extends z.ZodType>(path: string, schema: S, signal: AbortSignal) =>
    requestJson(http, { url: new URL(`${baseUrl}${path}`), signal, schema, system: SYSTEM });
  return {
    async snapshot(_since, signal) {
      const [summary, recent] = await Promise.all([
        get('/api/v2/summary.json', Summary, signal),
        get('/api/v2/incidents.json', Incidents, signal),
      ]);
      return {
        incidents: uniqueById([...summary.data.incidents, ...recent.data.incidents]),
        components: summary.data.components,
      };
    },
    async ping(signal) {
      await get('/api/v2/summary.json', Summary, signal);
    },
  };
}

/**
 * The manage API: `Authorization: OAuth <key>`, lists paged with `page` (and `limit` or `per_page`).
 * @see https://developer.statuspage.io/#operation/getPagesPageIdIncidents
 * @see https://developer.statuspage.io/#operation/getPagesPageIdIncidentsUnresolved
 * @see https://developer.statuspage.io/#operation/getPagesPageIdComponents
 */
function manageClient(
  http: GuardedClient,
  config: StatuspageManageConfig,
  apiKey: string | undefined,
): StatuspageClient {
  const pageBase = `${config.baseUrl}/v1/pages/${encodeURIComponent(config.pageId)}`;
  async function get<S extends z.ZodType>(
    path: string,
    params: Record<string, string>,
    schema: S,
    signal: AbortSignal,
  ): Promise<z.output<S>> {
    if (!apiKey) throw new ConnectorError('config', `${SYSTEM}: manage mode needs an API key`);
    const url = new URL(`${pageBase}${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    try {
      const res = await requestJson(http, {
        url,
        headers: { Authorization: `OAuth ${apiKey}` },
        signal,
        schema,
        system: SYSTEM,
      });
      return res.data;
    } catch (e) {
      // Statuspage documents 420 as well as 429 for its 1 request/second limit; both are rate limiting.
      if (isConnectorError(e) && e.status === 420)
        throw new ConnectorError('rate_limited', `${SYSTEM} answered 420: rate limited`, {
          status: 420,
          ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
          cause: e,
        });
      throw e;
    }
  }

  const size = String(config.pageSize);

  async function recentIncidents(since: Date, signal: AbortSignal): Promise<StatuspageIncident[]> {
    const out: StatuspageIncident[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const rows = await get(
        '/incidents',
        { limit: size, page: String(page) },
        z.array(StatuspageIncident),
        signal,
      );
      out.push(...rows);
      // Newest first: once a whole page ended before the window, older pages cannot matter.
      const allOlder = rows.every(
        (i) => Date.parse(i.resolved_at ?? i.updated_at ?? i.created_at) < since.getTime(),
      );
      if (rows.length < config.pageSize || allOlder) break;
    }
    return out;
  }

  async function components(signal: AbortSignal): Promise<StatuspageComponent[]> {
    const out: StatuspageComponent[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const rows = await get(
        '/components',
        { per_page: size, page: String(page) },
        z.array(StatuspageComponent),
        signal,
      );
      out.push(...rows);
      if (rows.length < config.pageSize) break;
    }
    return out;
  }

  return {
    async snapshot(since, signal) {
      // Unresolved incidents separately: a long-running one can sit beyond the recent pages.
      const [unresolved, recent, comps] = await Promise.all([
        get('/incidents/unresolved', { per_page: size, page: '1' }, z.array(StatuspageIncident), signal),
        recentIncidents(since, signal),
        components(signal),
      ]);
      return { incidents: uniqueById([...unresolved, ...recent]), components: comps };
    },
    async ping(signal) {
      await get('', {}, z.looseObject({ id: z.string(), name: z.string() }), signal);
    },
  };
}

function uniqueById(incidents: StatuspageIncident[]): StatuspageIncident[] {
  const byId = new Map<string, StatuspageIncident>();
  for (const i of incidents) if (!byId.has(i.id)) byId.set(i.id, i);
  return [...byId.values()];
}
