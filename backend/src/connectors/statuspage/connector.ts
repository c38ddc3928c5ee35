import type { Evidence } from '@triage/shared';
import type { ConnectorDefinition } from '../definition';
import { toEvidence } from '../evidence';
import type { EvidenceQuery } from '../types';
import {
  createStatuspageClient,
  type StatuspageClient,
  type StatuspageComponent,
  type StatuspageIncident,
} from './client';
import { configSchema, secretsSchema, type StatuspageConfig } from './config';

// Statuses after which an incident (or maintenance) no longer affects anyone.
const CLOSED = new Set(['resolved', 'postmortem', 'completed']);
// A maintenance that has not begun is not something a customer hit.
const NOT_STARTED = new Set(['scheduled']);
const UNKNOWN_PRODUCT = 'unknown';

/**
 * Atlassian Statuspage incidents and component statuses: every incident that was open during the case
 * window (still unresolved, or resolved inside it) and every component that is not operational, tied to
 * the tenant's products through `componentProducts`.
 *
 * @see https://doers.statuspage.io/api/v2/
 * @see https://developer.statuspage.io/
 */
export const statuspageConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: 'statuspage',
  title: 'Atlassian Statuspage',
  capabilities: ['incidents'],
  configSchema,
  secretsSchema,
  create({ id, config, secrets, context }) {
    const client = createStatuspageClient(context.http, config, secrets.apiKey);
    return {
      id,
      capabilities: ['incidents'],
      fetch: (query) => fetchStatus(id, config, client, query),
      testConnection: (signal) => client.ping(signal),
    };
  },
};

async function fetchStatus(
  sourceId: string,
  config: StatuspageConfig,
  client: StatuspageClient,
  q: EvidenceQuery,
): Promise<Evidence[]> {
  const { incidents, components } = await client.snapshot(q.window.from, q.signal);
  const pageUrl = config.mode === 'public' ? config.baseUrl : (config.pageUrl ?? null);
  const from = q.window.from.getTime();
  const to = q.window.to.getTime();
  const relevant = incidents
    .filter((i) => {
      if (NOT_STARTED.has(i.status)) return false;
      if (Date.parse(startedAt(i)) > to) return false;
      if (!CLOSED.has(i.status)) return true;
      const closedAt = i.resolved_at ?? i.updated_at ?? null;
      return closedAt !== null && Date.parse(closedAt) >= from;
    })
    // Open incidents first, then the most recent.
    .sort(
      (a, b) =>
        Number(CLOSED.has(a.status)) - Number(CLOSED.has(b.status)) ||
        Date.parse(startedAt(b)) - Date.parse(startedAt(a)),
    )
    .slice(0, config.maxIncidents);
  const out = relevant.map((i) => incidentEvidence(sourceId, config, pageUrl, i));
  for (const c of components) {
    // Groups mirror their children's worst status; the children are the precise evidence.
    if (c.status === 'operational' || c.group) continue;
    out.push(componentEvidence(sourceId, config, pageUrl, c));
  }
  return out;
}

function startedAt(i: StatuspageIncident): string {
  return i.started_at ?? i.created_at;
}

function productOf(config: StatuspageConfig, c: { id: string; name: string }): string | undefined {
  return config.componentProducts[c.id] ?? config.componentProducts[c.name];
}

function incidentEvidence(
  sourceId: string,
  config: StatuspageConfig,
  pageUrl: string | null,
  i: StatuspageIncident,
): Evidence {
  const updates = [...i.incident_updates].sort(
    (a, b) => Date.parse(b.display_at ?? b.created_at) - Date.parse(a.display_at ?? a.created_at),
  );
  const latest = updates[0];
  // Older payloads leave `components` empty; the updates still name the affected components.
  const affected: { id: string; name: string }[] =
    i.components.length > 0
      ? i.components.map((c) => ({ id: c.id, name: c.name }))
      : uniqueBy(
          updates.flatMap((u) => u.affected_components.map((c) => ({ id: c.code, name: c.name }))),
          (c) => c.id,
        );
  const products = uniqueBy(
    affected.map((c) => productOf(config, c)).filter((p): p is string => p !== undefined),
    (p) => p,
  );
  const resolvedAt = CLOSED.has(i.status) ? (i.resolved_at ?? null) : null;
  return toEvidence(sourceId, 'incident', i.id, {
    title: i.name,
    excerpt: latest?.body?.trim() || `${i.status}, impact ${i.impact}`,
    url: incidentUrl(pageUrl, i),
    observedAt: startedAt(i),
    attributes: {
      // The first affected component the tenant mapped decides the product.
      product: products[0] ?? UNKNOWN_PRODUCT,
      components: affected.map((c) => c.name),
      status: i.status,
      impact: i.impact,
      startedAt: startedAt(i),
      resolvedAt,
      products,
      incidentId: i.id,
      updatedAt: latest ? (latest.display_at ?? latest.created_at) : (i.updated_at ?? null),
    },
  });
}

function componentEvidence(
  sourceId: string,
  config: StatuspageConfig,
  pageUrl: string | null,
  c: StatuspageComponent,
): Evidence {
  return toEvidence(sourceId, 'status-component', c.id, {
    title: c.name,
    excerpt: `${c.name}: ${c.status.replace(/_/g, ' ')}`,
    url: pageUrl,
    observedAt: c.updated_at,
    attributes: {
      product: productOf(config, c) ?? UNKNOWN_PRODUCT,
      status: c.status,
      component: c.name,
      componentId: c.id,
      groupId: c.group_id ?? null,
    },
  });
}

/** The incident's shortlink when it is a web URL; else the incident page under the public page URL. */
function incidentUrl(pageUrl: string | null, i: StatuspageIncident): string | null {
  if (i.shortlink) {
    try {
      const u = new URL(i.shortlink);
      if (u.protocol === 'https:' || u.protocol === 'http:') return u.toString();
    } catch {
      // Falls through to the page URL.
    }
  }
  return pageUrl ? `${pageUrl}/incidents/${encodeURIComponent(i.id)}` : null;
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
