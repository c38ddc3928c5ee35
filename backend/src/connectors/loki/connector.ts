import { createHash } from 'node:crypto';
import type { Evidence } from '@triage/shared';
import { redact } from '../../domain/redaction';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { toEvidence } from '../evidence';
import { createLokiClient, nsToIso, type LokiEntry } from './client';
import { configSchema, secretsSchema, type LokiConfig } from './config';
import { groupLogLines, levelOf, normaliseLevel, type LogGroup, type LogLine } from './log-templates';
import { escapeLogqlString, placeholderValues, renderSelector } from './logql';

/** Evidence items per case at most: the most frequent templates. */
const TOP_TEMPLATES = 10;

// Loki 3 adds `service_name` and `detected_level` itself; older set-ups name them by convention.
const SERVICE_LABELS = ['service_name', 'service', 'app', 'job', 'container'] as const;
const LEVEL_LABELS = ['level', 'detected_level', 'severity', 'lvl'] as const;
const REQUEST_ID_LABELS = ['request_id', 'requestId', 'trace_id', 'traceID'] as const;

function firstLabel(labels: Readonly<Record<string, string>>, names: readonly string[]): string | null {
  for (const n of names) {
    const v = labels[n];
    if (v !== undefined && v !== '' && v !== 'unknown') return v;
  }
  return null;
}

function toLogLine(e: LokiEntry): LogLine {
  const level = firstLabel(e.labels, LEVEL_LABELS);
  return {
    at: nsToIso(e.ns),
    line: e.line,
    level: level === null ? (levelOf(e.line) ?? 'unknown') : normaliseLevel(level),
    service: firstLabel(e.labels, SERVICE_LABELS),
    requestIds: REQUEST_ID_LABELS.flatMap((n) => (e.labels[n] ? [e.labels[n]] : [])),
  };
}

/** The longest literal run of a template, if it is long and clean enough to narrow an Explore query. */
function literalOf(template: string): string | null {
  const runs = template
    .split(/<(?:str|url|ts|uuid|email|ip|id|hex|n)>/)
    .map((r) => r.trim())
    .sort((a, b) => b.length - a.length);
  const best = runs[0];
  if (best === undefined || best.length < 8) return null;
  // Links are not redacted downstream, so a run that still holds personal data is not used.
  return redact(best).redactions.length === 0 ? best : null;
}

/**
 * A Grafana Explore link that opens this template's lines in the case window (Grafana 10+ `panes` form).
 * @see https://grafana.com/docs/grafana/latest/explore/get-started-with-explore/#share-explore-urls
 */
function exploreUrl(config: LokiConfig, query: string, group: LogGroup, window: { from: Date; to: Date }) {
  if (config.grafanaUrl === undefined || config.grafanaDatasourceUid === undefined) return null;
  const uid = config.grafanaDatasourceUid;
  const literal = literalOf(group.template);
  const expr = literal === null ? query : `${query} |= "${escapeLogqlString(literal)}"`;
  const minute = 60_000;
  const from = group.firstAt ? Date.parse(group.firstAt) - minute : window.from.getTime();
  const to = group.lastAt ? Date.parse(group.lastAt) + minute : window.to.getTime();
  const panes = {
    triage: {
      datasource: uid,
      queries: [{ refId: 'A', expr, queryType: 'range', datasource: { type: 'loki', uid } }],
      range: { from: String(from), to: String(to) },
    },
  };
  const u = new URL(`${config.grafanaUrl}/explore`);
  u.searchParams.set('schemaVersion', '1');
  u.searchParams.set('panes', JSON.stringify(panes));
  u.searchParams.set('orgId', String(config.grafanaOrgId));
  return u.toString();
}

function groupRef(g: LogGroup): string {
  const digest = createHash('sha256')
    .update(`${g.service ?? ''}\u0000${g.level ?? ''}\u0000${g.template}`)
    .digest('hex')
    .slice(0, 16);
  return `${g.service ?? 'unknown'}:${digest}`;
}

/**
 * Grafana Loki as an evidence source: the case's account (and request ids) select streams, a line filter
 * keeps errors and warnings, and the lines are grouped into templates, so thousands of lines become the
 * ten most frequent failures with counts, spans and request ids.
 * @see https://grafana.com/docs/loki/latest/reference/loki-http-api/
 */
export const lokiConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: 'loki',
  title: 'Grafana Loki',
  capabilities: ['logs'],
  configSchema,
  secretsSchema,
  create({ id, config, secrets, context }): ConnectorSource {
    const client = createLokiClient(context.http, config, secrets);
    return {
      id,
      capabilities: ['logs'],
      async fetch(q): Promise<Evidence[]> {
        const selector = renderSelector(config.selector, placeholderValues(q.record, config.accountField));
        // The case does not say whose logs these are: searching every stream would be noise, not evidence.
        if (selector === null) return [];
        const query = `${selector} ${config.lineFilter}`.trim();
        const page = await client.queryRange(query, q.window.from, q.window.to, q.signal);
        if (page.entries.length === 0) return [];
        const groups = groupLogLines(page.entries.map(toLogLine)).slice(0, TOP_TEMPLATES);
        const cut = page.truncated
          ? `; only the newest ${page.entries.length} lines were read, older ones were not counted`
          : '';
        return groups.map((g) => {
          const level = g.level ?? 'unknown';
          const service = g.service ?? 'unknown';
          const ids = g.requestIds.length > 0 ? `; request ids ${g.requestIds.join(', ')}` : '';
          return toEvidence(id, 'log', groupRef(g), {
            title: g.sample.trim(),
            excerpt: `${g.count} ${level} line(s) from ${service} between ${g.firstAt ?? '?'} and ${g.lastAt ?? '?'}${ids}${cut}`,
            url: exploreUrl(config, query, g, q.window),
            observedAt: g.lastAt ?? q.now.toISOString(),
            attributes: {
              level,
              count: g.count,
              signature: g.signature,
              service,
              template: redact(g.template).text,
              firstAt: g.firstAt,
              lastAt: g.lastAt,
              requestIds: g.requestIds,
            },
          });
        });
      },
      testConnection(signal) {
        return client.labels(signal);
      },
    };
  },
};
