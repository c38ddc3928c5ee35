import type { Db, SourceRecord } from '../storage';
import { createRepositories } from '../storage';
import { buildDemoDataset, type DemoDataset } from './dataset';

export const DEMO_TENANT = 'demo';

/** The seeded demo tenant's evidence, as the generic source-record store holds it. */
export function demoSourceRecords(d: DemoDataset): SourceRecord[] {
  const at = d.generatedAt;
  return [
    ...d.accounts.map((a) => ({ source: 'crm', kind: 'account', ref: a.id, data: a, observedAt: at })),
    ...d.orders.map((o) => ({
      source: 'billing',
      kind: 'order',
      ref: o.id,
      data: o,
      observedAt: o.createdAt,
    })),
    ...d.invoices.map((i) => ({
      source: 'billing',
      kind: 'invoice',
      ref: i.id,
      data: i,
      observedAt: i.issuedAt,
    })),
    ...d.knownIssues.map((k) => ({
      source: 'knowledge',
      kind: 'known-issue',
      ref: k.id,
      data: k,
      observedAt: k.firstSeen,
    })),
    ...d.defects.map((x) => ({
      source: 'engineering',
      kind: 'defect',
      ref: x.key,
      data: x,
      observedAt: x.createdAt,
    })),
    ...d.releases.map((r) => ({
      source: 'releases',
      kind: 'release',
      ref: `${r.product}-${r.version}`,
      data: r,
      observedAt: r.releasedAt,
    })),
    ...d.incidents.map((i) => ({
      source: 'status',
      kind: 'incident',
      ref: i.id,
      data: i,
      observedAt: i.startedAt,
    })),
    ...d.statusComponents.map((c) => ({
      source: 'status',
      kind: 'status-component',
      ref: c.id,
      data: c,
      observedAt: at,
    })),
    ...d.logLines.map((l, i) => ({
      source: 'logs',
      kind: 'log',
      ref: `${l.requestId}:${i}`,
      data: l,
      observedAt: l.ts,
    })),
    ...d.errorEvents.map((e) => ({
      source: 'errors',
      kind: 'error-event',
      ref: e.id,
      data: e,
      observedAt: e.lastSeen,
    })),
  ].map((r) => ({ ...r, data: r.data }));
}

/**
 * Seeds the demo tenant (configuration, history, open cases and every evidence source) in one
 * transaction, on first start only: an existing demo tenant is left as it is.
 *
 * @returns true when it seeded, false when the tenant was already there.
 */
export async function seedDemoTenant(db: Db, now: Date): Promise<boolean> {
  const existing = await createRepositories(db).tenants.get(DEMO_TENANT);
  if (existing) return false;
  const dataset = buildDemoDataset(now);
  await db.transaction(async (tx) => {
    const repos = createRepositories(tx);
    await repos.tenants.upsert({ id: DEMO_TENANT, name: dataset.company.name, config: dataset.config });
    await repos.sourceRecords.upsertMany(DEMO_TENANT, demoSourceRecords(dataset));
    await repos.cases.upsertMany(DEMO_TENANT, dataset.cases);
    await repos.audit.append(DEMO_TENANT, {
      actor: { kind: 'system', id: 'demo-seeder' },
      action: 'tenant.seeded',
      object: { type: 'tenant', id: DEMO_TENANT },
    });
  });
  return true;
}
