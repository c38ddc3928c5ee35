import type { Evidence } from '@triage/shared';
import { z } from 'zod';
import type { CasesRepository, SourceRecordsRepository } from '../../storage';
import type { EvidenceQuery, EvidenceSource } from '../types';
import { toEvidence } from '../evidence';
import { parseAll, resolveAccountId, throwIfAborted } from './records';

const Iso = z.string();

const Account = z.object({
  id: z.string(),
  name: z.string(),
  tier: z.string(),
  arr: z.number(),
  owner: z.string(),
  renewalDate: z.string(),
  openOpportunity: z.string().nullable(),
  seats: z.number(),
  region: z.string().optional(),
});
const Invoice = z.object({
  id: z.string(),
  accountId: z.string(),
  amount: z.number(),
  currency: z.string(),
  status: z.string(),
  issuedAt: Iso,
  dueAt: Iso,
  url: z.string().nullable().default(null),
  payments: z
    .array(z.object({ at: Iso, amount: z.number(), status: z.string(), failureCode: z.string().nullable() }))
    .default([]),
});
const KnownIssue = z.object({
  id: z.string(),
  title: z.string(),
  product: z.string(),
  component: z.string(),
  status: z.string(),
  signature: z.string(),
  workaround: z.string(),
  fixedIn: z.string().nullable(),
  firstSeen: Iso,
  url: z.string().nullable(),
});
const Defect = z.object({
  key: z.string(),
  title: z.string(),
  product: z.string(),
  component: z.string(),
  status: z.string(),
  priority: z.string(),
  createdAt: Iso,
  url: z.string().nullable(),
});
const Release = z.object({
  version: z.string(),
  product: z.string(),
  components: z.array(z.string()),
  releasedAt: Iso,
  notes: z.array(z.string()),
  url: z.string().nullable(),
});
const Incident = z.object({
  id: z.string(),
  title: z.string(),
  product: z.string(),
  components: z.array(z.string()),
  status: z.string(),
  impact: z.string(),
  startedAt: Iso,
  resolvedAt: Iso.nullable(),
  updates: z.array(z.object({ at: Iso, status: z.string(), body: z.string() })),
  url: z.string().nullable(),
});
const StatusComponent = z.object({
  id: z.string(),
  name: z.string(),
  product: z.string(),
  component: z.string(),
  status: z.string(),
});
const LogLine = z.object({
  ts: Iso,
  accountId: z.string(),
  level: z.string(),
  service: z.string(),
  requestId: z.string(),
  message: z.string(),
});
const ErrorEvent = z.object({
  id: z.string(),
  title: z.string(),
  culprit: z.string(),
  level: z.string(),
  release: z.string(),
  product: z.string(),
  accountIds: z.array(z.string()),
  count: z.number(),
  firstSeen: Iso,
  lastSeen: Iso,
  url: z.string().nullable(),
});

const SIGNATURE_RE =
  /\b(?:[A-Z][A-Za-z]+(?:Error|Exception)|[A-Z]{2,}[-_][A-Z0-9_-]{2,}|E\d{3,}|HTTP \d{3})\b/;

/** Collapses a log message to its template: ids, numbers and hex become placeholders. */
export function logTemplate(message: string): string {
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f-]{27,}\b/gi, '<uuid>')
    .replace(/\b(?:req|acct|ord|inv|ch|re|usr|evt)[_-][A-Za-z0-9-]+\b/gi, '<id>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b\d+(?:\.\d+)?(?:ms|s|kb|mb)?\b/gi, '<n>');
}

interface Deps {
  records: SourceRecordsRepository;
  cases: CasesRepository;
}

function crm({ records }: Deps): EvidenceSource {
  return {
    id: 'crm',
    capabilities: ['account'],
    async fetch(q: EvidenceQuery): Promise<Evidence[]> {
      const accountId = await resolveAccountId(records, q);
      throwIfAborted(q.signal);
      if (!accountId) return [];
      const rec = await records.get(q.tenant, { source: 'crm', kind: 'account', ref: accountId });
      const parsed = rec ? parseAll([rec], Account)[0] : undefined;
      if (!parsed) return [];
      const a = parsed.data;
      return [
        toEvidence('crm', 'account', a.id, {
          title: `${a.name} (${a.tier})`,
          excerpt: `ARR ${a.arr.toLocaleString('en-US')} USD, ${a.seats} seats, owner ${a.owner}, renews ${a.renewalDate}${a.openOpportunity ? `, open opportunity: ${a.openOpportunity}` : ''}`,
          url: null,
          observedAt: parsed.record.observedAt,
          attributes: {
            accountId: a.id,
            name: a.name,
            tier: a.tier,
            arr: a.arr,
            owner: a.owner,
            renewalDate: a.renewalDate,
            openOpportunity: a.openOpportunity,
          },
        }),
      ];
    },
  };
}

function billing({ records }: Deps): EvidenceSource {
  return {
    id: 'billing',
    capabilities: ['billing'],
    async fetch(q) {
      const accountId = await resolveAccountId(records, q);
      throwIfAborted(q.signal);
      if (!accountId) return [];
      const invoices = parseAll(
        await records.find(q.tenant, { kind: 'invoice', source: 'billing', where: { accountId }, limit: 50 }),
        Invoice,
      );
      const text = `${q.record.subject ?? ''} ${q.record.description ?? ''}`.toUpperCase();
      // Invoices the customer names come first, then troubled ones, then the most recent.
      const rank = (i: z.output<typeof Invoice>) =>
        text.includes(i.id) ? 0 : ['past_due', 'disputed', 'refunded', 'open'].includes(i.status) ? 1 : 2;
      return invoices
        .sort(
          (a, b) => rank(a.data) - rank(b.data) || Date.parse(b.data.issuedAt) - Date.parse(a.data.issuedAt),
        )
        .slice(0, 6)
        .map(({ data: i, record }) => {
          const failed = i.payments.filter((p) => p.status === 'failed');
          const succeeded = i.payments.filter((p) => p.status === 'succeeded');
          return toEvidence('billing', 'invoice', i.id, {
            title: `Invoice ${i.id}: ${i.amount} ${i.currency}, ${i.status}`,
            excerpt: `Issued ${i.issuedAt.slice(0, 10)}, due ${i.dueAt.slice(0, 10)}; ${succeeded.length} successful charge(s)${failed.length ? `, ${failed.length} failed (${failed.map((f) => f.failureCode ?? 'unknown').join(', ')})` : ''}`,
            url: i.url,
            observedAt: record.observedAt,
            attributes: {
              invoiceId: i.id,
              status: i.status,
              amount: i.amount,
              currency: i.currency,
              successfulCharges: succeeded.length,
            },
          });
        });
    },
  };
}

function history({ cases }: Deps): EvidenceSource {
  return {
    id: 'desk-history',
    capabilities: ['case-history'],
    async fetch(q) {
      const who = {
        ...(q.record.requester?.email ? { requesterEmail: q.record.requester.email } : {}),
        ...(q.record.organization?.id ? { organizationId: q.record.organization.id } : {}),
      };
      if (Object.keys(who).length === 0) return [];
      const earlier = await cases.history(q.tenant, who, { excludeRef: q.record.id, limit: 20 });
      return earlier.map((c) => {
        const tags = c.record.tags ?? [];
        const escalated = tags.some((t) => t.includes('escalat')) || c.record.priority === 'urgent';
        return toEvidence('desk-history', 'case-history', c.ref, {
          title: `${c.ref}: ${c.subject}`,
          excerpt: `${c.status}${c.record.priority ? `, priority ${c.record.priority}` : ''}${c.record.resolution ? `; resolution: ${c.record.resolution}` : ''}`,
          url: null,
          observedAt: c.createdAt,
          attributes: { caseRef: c.ref, status: c.status, priority: c.record.priority ?? null, escalated },
        });
      });
    },
  };
}

function knowledge({ records }: Deps): EvidenceSource {
  return {
    id: 'knowledge',
    capabilities: ['known-issues'],
    async fetch(q) {
      const [known, defects] = await Promise.all([
        records.findBySource(q.tenant, 'knowledge', 'known-issue', { limit: 500 }),
        records.findBySource(q.tenant, 'engineering', 'defect', { limit: 500 }),
      ]);
      const out: Evidence[] = parseAll(known, KnownIssue).map(({ data: k, record }) =>
        toEvidence('knowledge', 'known-issue', k.id, {
          title: `${k.id}: ${k.title}`,
          excerpt: `${k.status}; signature ${k.signature}; workaround: ${k.workaround}${k.fixedIn ? `; fixed in ${k.fixedIn}` : ''}`,
          url: k.url,
          observedAt: record.observedAt,
          attributes: {
            product: k.product,
            component: k.component,
            status: k.status,
            signature: k.signature,
            workaround: k.workaround,
            fixedIn: k.fixedIn,
          },
        }),
      );
      for (const { data: d, record } of parseAll(defects, Defect)) {
        out.push(
          toEvidence('engineering', 'defect', d.key, {
            title: `${d.key}: ${d.title}`,
            excerpt: `${d.status}, priority ${d.priority}, component ${d.component}`,
            url: d.url,
            observedAt: record.observedAt,
            attributes: {
              product: d.product,
              component: d.component,
              status: d.status,
              signature: SIGNATURE_RE.exec(d.title)?.[0] ?? null,
              workaround: null,
              fixedIn: null,
            },
          }),
        );
      }
      return out;
    },
  };
}

function releases({ records }: Deps): EvidenceSource {
  return {
    id: 'releases',
    capabilities: ['releases'],
    async fetch(q) {
      const all = parseAll(
        await records.findBySource(q.tenant, 'releases', 'release', { limit: 200 }),
        Release,
      );
      const from = q.window.from.getTime() - 14 * 86_400_000;
      return all
        .filter(
          ({ data }) =>
            Date.parse(data.releasedAt) >= from && Date.parse(data.releasedAt) <= q.window.to.getTime(),
        )
        .map(({ data: r }) =>
          toEvidence('releases', 'release', `${r.product}-${r.version}`, {
            title: `${r.product} ${r.version}`,
            excerpt: r.notes.join(' '),
            url: r.url,
            observedAt: r.releasedAt,
            attributes: {
              version: r.version,
              product: r.product,
              components: r.components,
              releasedAt: r.releasedAt,
            },
          }),
        );
    },
  };
}

function status({ records }: Deps): EvidenceSource {
  return {
    id: 'status',
    capabilities: ['incidents'],
    async fetch(q) {
      const [incidents, components] = await Promise.all([
        records.findBySource(q.tenant, 'status', 'incident', { limit: 200 }),
        records.findBySource(q.tenant, 'status', 'status-component', { limit: 200 }),
      ]);
      const from = q.window.from.getTime();
      const out: Evidence[] = parseAll(incidents, Incident)
        .filter(({ data }) => data.resolvedAt === null || Date.parse(data.resolvedAt) >= from)
        .map(({ data: i }) => {
          const latest = i.updates[i.updates.length - 1];
          return toEvidence('status', 'incident', i.id, {
            title: i.title,
            excerpt: `${i.status} (${i.impact}) since ${i.startedAt}${latest ? `: ${latest.body}` : ''}`,
            url: i.url,
            observedAt: i.startedAt,
            attributes: {
              product: i.product,
              components: i.components,
              status: i.status,
              impact: i.impact,
              startedAt: i.startedAt,
              resolvedAt: i.resolvedAt,
            },
          });
        });
      for (const { data: c, record } of parseAll(components, StatusComponent)) {
        if (c.status === 'operational') continue;
        out.push(
          toEvidence('status', 'status-component', c.id, {
            title: c.name,
            excerpt: c.status.replace(/_/g, ' '),
            url: null,
            observedAt: record.observedAt,
            attributes: { product: c.product, status: c.status },
          }),
        );
      }
      return out;
    },
  };
}

function logs({ records }: Deps): EvidenceSource {
  return {
    id: 'logs',
    capabilities: ['logs'],
    async fetch(q) {
      const accountId = await resolveAccountId(records, q);
      throwIfAborted(q.signal);
      if (!accountId) return [];
      const lines = parseAll(
        await records.find(q.tenant, {
          kind: 'log',
          source: 'logs',
          where: { accountId },
          observedSince: q.window.from.toISOString(),
          limit: 1000,
        }),
        LogLine,
      ).filter(({ data }) => data.level === 'error' || data.level === 'warn');
      // Many lines, few templates: a specialist needs each distinct failure once, with its count and span.
      const groups = new Map<
        string,
        {
          first: string;
          last: string;
          count: number;
          sample: z.output<typeof LogLine>;
          requestIds: Set<string>;
        }
      >();
      for (const { data } of lines) {
        const key = `${data.service}|${data.level}|${logTemplate(data.message)}`;
        const g = groups.get(key);
        if (g) {
          g.count += 1;
          if (data.ts < g.first) g.first = data.ts;
          if (data.ts > g.last) {
            g.last = data.ts;
            g.sample = data;
          }
          g.requestIds.add(data.requestId);
        } else {
          groups.set(key, {
            first: data.ts,
            last: data.ts,
            count: 1,
            sample: data,
            requestIds: new Set([data.requestId]),
          });
        }
      }
      return [...groups.values()]
        .sort((a, b) => b.count - a.count)
        .slice(0, 10)
        .map((g) =>
          toEvidence('logs', 'log', `${g.sample.service}:${g.sample.requestId}`, {
            title: `${g.sample.service} ${g.sample.level}: ${g.sample.message}`.slice(0, 200),
            excerpt: `${g.count} line(s) between ${g.first} and ${g.last}; request ids ${[...g.requestIds].slice(0, 3).join(', ')}`,
            url: null,
            observedAt: g.last,
            attributes: {
              level: g.sample.level,
              count: g.count,
              signature: SIGNATURE_RE.exec(g.sample.message)?.[0] ?? null,
              service: g.sample.service,
            },
          }),
        );
    },
  };
}

function errors({ records }: Deps): EvidenceSource {
  return {
    id: 'errors',
    capabilities: ['error-events'],
    async fetch(q) {
      const accountId = await resolveAccountId(records, q);
      throwIfAborted(q.signal);
      const all = parseAll(
        await records.findBySource(q.tenant, 'errors', 'error-event', { limit: 500 }),
        ErrorEvent,
      );
      const from = q.window.from.getTime();
      return all
        .filter(
          ({ data }) =>
            accountId !== null && data.accountIds.includes(accountId) && Date.parse(data.lastSeen) >= from,
        )
        .slice(0, 10)
        .map(({ data: e }) =>
          toEvidence('errors', 'error-event', e.id, {
            title: e.title,
            excerpt: `${e.count} events in ${e.culprit} on release ${e.release}, last seen ${e.lastSeen}`,
            url: e.url,
            observedAt: e.lastSeen,
            attributes: {
              product: e.product,
              release: e.release,
              count: e.count,
              signature: SIGNATURE_RE.exec(e.title)?.[0] ?? null,
            },
          }),
        );
    },
  };
}

/** The demo tenant's evidence sources: the same port as real connectors, over the seeded records. */
export function createDemoSources(deps: Deps): EvidenceSource[] {
  return [
    crm(deps),
    billing(deps),
    history(deps),
    knowledge(deps),
    releases(deps),
    status(deps),
    logs(deps),
    errors(deps),
  ];
}
