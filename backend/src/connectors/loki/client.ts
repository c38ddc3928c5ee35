import { z } from 'zod';
import type { GuardedClient } from '../../infrastructure/http';
import { requestJson } from '../http-json';
import type { LokiConfig, LokiSecrets } from './config';

const SYSTEM = 'Loki';

/**
 * `GET /loki/api/v1/query_range` for a log query: `data.resultType` is `streams`, and each stream's
 * `values` are `[<ns epoch as string>, <line>]` (a third element, structured metadata, appears only when
 * the client asks for categorised labels, so it is tolerated and ignored).
 * @see https://grafana.com/docs/loki/latest/reference/loki-http-api/#query-logs-within-a-range-of-time
 */
export const QueryRangeResponse = z.looseObject({
  status: z.literal('success'),
  data: z.looseObject({
    resultType: z.literal('streams'),
    result: z.array(
      z.looseObject({
        stream: z.record(z.string(), z.string()),
        values: z.array(z.tuple([z.string().regex(/^\d{1,20}$/), z.string()], z.unknown())),
      }),
    ),
  }),
});
export type QueryRangeResponse = z.output<typeof QueryRangeResponse>;

/**
 * `GET /loki/api/v1/labels`: `{ status: 'success', data: [label names] }`.
 * @see https://grafana.com/docs/loki/latest/reference/loki-http-api/#query-labels
 */
export const LabelsResponse = z.looseObject({
  status: z.literal('success'),
  data: z.array(z.string()).optional(),
});

/** One log line as Loki returned it. */
export interface LokiEntry {
  labels: Readonly<Record<string, string>>;
  /** Nanoseconds since the epoch. */
  ns: bigint;
  line: string;
}

export interface LokiClient {
  /**
   * Runs one LogQL log query over [from, to), newest first, following Loki's only pagination (move `end`
   * back to the oldest line received) for at most `maxPages` requests.
   * @throws ConnectorError from {@link requestJson}.
   */
  queryRange(query: string, from: Date, to: Date, signal: AbortSignal): Promise<LokiPage>;
  /** One cheap authenticated call: the label names of the last hour. */
  labels(signal: AbortSignal): Promise<void>;
}

export interface LokiPage {
  entries: LokiEntry[];
  /** True when the last page was full and the page bound stopped the reading. */
  truncated: boolean;
  requests: number;
}

const NS_PER_MS = 1_000_000n;

/** A date as Loki's nanosecond epoch. */
export function toNs(d: Date): bigint {
  return BigInt(d.getTime()) * NS_PER_MS;
}

/** Loki's nanosecond epoch as an ISO 8601 instant (millisecond precision, as `Date` holds). */
export function nsToIso(ns: bigint): string {
  return new Date(Number(ns / NS_PER_MS)).toISOString();
}

function authHeaders(config: LokiConfig, secrets: LokiSecrets): Record<string, string> {
  const headers: Record<string, string> = {};
  if (secrets.token !== undefined) headers.Authorization = `Bearer ${secrets.token}`;
  else if (secrets.username !== undefined && secrets.password !== undefined)
    headers.Authorization = `Basic ${Buffer.from(`${secrets.username}:${secrets.password}`).toString('base64')}`;
  // Multi-tenant Loki refuses a query without its tenant header ("no org id").
  if (config.orgId !== undefined) headers['X-Scope-OrgID'] = config.orgId;
  return headers;
}

function streamKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k] ?? ''}`)
    .join(',');
}

/** The Loki HTTP API, read-only, over the guarded client. */
export function createLokiClient(http: GuardedClient, config: LokiConfig, secrets: LokiSecrets): LokiClient {
  const headers = authHeaders(config, secrets);
  const url = (path: string, params: Record<string, string>): URL => {
    const u = new URL(`${config.baseUrl}${path}`);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    return u;
  };

  return {
    async queryRange(query, from, to, signal) {
      const start = toNs(from);
      let end = toNs(to);
      const seen = new Set<string>();
      const entries: LokiEntry[] = [];
      let requests = 0;
      let truncated = false;
      while (requests < config.maxPages && end > start) {
        requests += 1;
        const { data } = await requestJson(http, {
          url: url('/loki/api/v1/query_range', {
            query,
            start: start.toString(),
            end: end.toString(),
            limit: String(config.limit),
            direction: 'backward',
          }),
          headers,
          signal,
          schema: QueryRangeResponse,
          system: SYSTEM,
        });
        let received = 0;
        let added = 0;
        let oldest: bigint | null = null;
        for (const s of data.data.result) {
          const key = streamKey(s.stream);
          for (const [ts, line] of s.values) {
            received += 1;
            const ns = BigInt(ts);
            if (oldest === null || ns < oldest) oldest = ns;
            // The next page repeats the boundary nanosecond (see below); drop what was already read.
            const id = `${key}\u0000${ts}\u0000${line}`;
            if (seen.has(id)) continue;
            seen.add(id);
            added += 1;
            entries.push({ labels: s.stream, ns, line });
          }
        }
        // A short page is the last one; a page with nothing new means more lines share one
        // nanosecond than a page holds, and asking again would loop.
        if (received < config.limit || added === 0 || oldest === null) break;
        if (requests >= config.maxPages) {
          truncated = true;
          break;
        }
        // `end` is exclusive: +1 ns so lines at the oldest instant that did not fit are read next time.
        end = oldest + 1n;
      }
      return { entries, truncated, requests };
    },

    async labels(signal) {
      await requestJson(http, {
        url: url('/loki/api/v1/labels', {}),
        headers,
        signal,
        schema: LabelsResponse,
        system: SYSTEM,
      });
    },
  };
}
