import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '@triage/shared';
import { z } from 'zod';
import { buildDemoDataset } from '../demo/dataset';
import { DEMO_TENANT, seedDemoTenant } from '../demo/seed-demo-tenant';
import { createRepositories, type Db, type Repositories } from '../storage';
import { createTestDb } from '../testing/db';
import { buildPacket, type BuildPacketDeps } from './build-packet';
import { retrainTenantModel, rollbackTenantModel } from './retrain-tenant-model';
import { createEngineCache } from './tenant-engine';

const NOW = new Date('2026-03-02T10:00:00Z');

describe('model versions and the retrain policy', () => {
  let db: Db;
  let repos: Repositories;
  let deps: BuildPacketDeps;
  let history: CaseRecord[];
  let openCase: CaseRecord;

  beforeAll(async () => {
    db = await createTestDb();
    repos = createRepositories(db);
    await seedDemoTenant(db, NOW);
    deps = {
      db,
      repos,
      engines: createEngineCache({ models: repos.models, cases: repos.cases }),
      sourcesFor: () => Promise.resolve([]),
      deadlineMs: 1000,
      clock: () => NOW,
    };
    const dataset = buildDemoDataset(NOW);
    history = dataset.cases.filter((c) => c.labels && Object.keys(c.labels).length > 0);
    const open = dataset.cases.find((c) => !c.labels);
    if (!open) throw new Error('the demo has no open case');
    openCase = open;
  });
  afterAll(async () => {
    await db.close();
  });

  /** Labelled copies of demo history under new ids: the history "grows". */
  async function grow(n: number, tag: string): Promise<void> {
    const copies = history.slice(0, n).map((c) => ({ ...c, id: `${c.id}-${tag}` }));
    await repos.cases.upsertMany(DEMO_TENANT, copies);
  }

  it('stores the first version with its training-set size, digest and metrics, and packets name it', async () => {
    const first = await retrainTenantModel(deps, DEMO_TENANT);
    expect(first.status).toBe('trained');
    const [stored] = await repos.models.list(DEMO_TENANT);
    expect(stored).toMatchObject({ version: first.version, trainedOn: history.length, retiredAt: null });
    expect(stored?.trainingDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const queue = z
      .object({
        classes: z.number(),
        trainedOn: z.number(),
        held_out: z.object({ n: z.number(), ece: z.number() }),
      })
      .parse(stored?.metrics.queue);
    expect(queue.classes).toBeGreaterThan(1);
    expect(queue.held_out.n).toBeGreaterThan(0);

    const packet = await buildPacket(deps, DEMO_TENANT, openCase);
    expect(packet.modelVersion).toBe(first.version);

    const again = await retrainTenantModel(deps, DEMO_TENANT);
    expect(again).toMatchObject({ status: 'skipped', version: first.version });
    expect(again.decision.reason).toMatch(/exactly this history/);
  });

  it('waits until the history grew by the threshold, then stores a new current version', async () => {
    const before = await repos.models.list(DEMO_TENANT);
    const threshold = Math.ceil(history.length * 0.1);
    await grow(threshold - 1, 'a');
    const below = await retrainTenantModel(deps, DEMO_TENANT);
    expect(below.status).toBe('skipped');
    expect(below.decision).toMatchObject({ growth: threshold - 1, threshold });
    expect(await repos.models.list(DEMO_TENANT)).toHaveLength(before.length);

    await grow(1, 'b');
    const second = await retrainTenantModel(deps, DEMO_TENANT);
    expect(second).toMatchObject({ status: 'trained', previous: before[0]?.version });
    expect((await repos.models.list(DEMO_TENANT)).map((m) => m.version)).toEqual([
      second.version,
      before[0]?.version,
    ]);
    expect((await buildPacket(deps, DEMO_TENANT, openCase)).modelVersion).toBe(second.version);
  });

  it('rolls back to the previous version, keeps the retired one stored, and audits who did it', async () => {
    const [current, previous] = await repos.models.list(DEMO_TENANT);
    const outcome = await rollbackTenantModel(deps, DEMO_TENANT, { kind: 'person', id: 'admin-1' });
    expect(outcome).toEqual({ retired: current?.version, current: previous?.version });
    expect((await buildPacket(deps, DEMO_TENANT, openCase)).modelVersion).toBe(previous?.version);
    const versions = await repos.models.list(DEMO_TENANT);
    expect(versions.find((v) => v.version === current?.version)?.retiredAt).not.toBeNull();
    const events = await repos.audit.list(DEMO_TENANT, { limit: 5000 });
    expect(events.find((e) => e.action === 'model.rolled-back')).toMatchObject({
      actor: { kind: 'person', id: 'admin-1' },
      object: { type: 'model', id: current?.version },
    });

    // A forced retrain on the same history gives the retired parameters again: not brought back.
    const forced = await retrainTenantModel(deps, DEMO_TENANT, { force: true });
    expect(forced).toMatchObject({ status: 'skipped', version: previous?.version });
    // Nothing earlier to go back to.
    expect(await rollbackTenantModel(deps, DEMO_TENANT, { kind: 'person', id: 'admin-1' })).toBeNull();
  });
});
