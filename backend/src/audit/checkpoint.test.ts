import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { createAuditRepository, type AuditRepository, type Db } from '../storage/index';
import { AuditCheckpoint, checkpointHead, createAuditCheckpoint } from './checkpoint';
import { appendEvents, tamper, truncateTail } from './testing/tamper';
import { verifyAuditChains } from './verify-chains';

describe('audit checkpoints', () => {
  let db: Db;
  let audit: AuditRepository;
  beforeAll(async () => {
    db = await createTestDb();
    audit = createAuditRepository(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('records the verified head with its timestamp', async () => {
    await appendEvents(db, 'demo', 3);
    const now = new Date('2025-01-02T03:04:05.678Z');
    const checkpoint = await createAuditCheckpoint(audit, 'demo', now);
    const [last] = await audit.list('demo', { afterSeq: 2 });
    expect(checkpoint).toEqual({
      tenant: 'demo',
      seq: 3,
      rowHash: last?.rowHash,
      ts: last?.ts,
      exportedAt: '2025-01-02T03:04:05.678Z',
    });
    expect(AuditCheckpoint.parse(JSON.parse(JSON.stringify(checkpoint)))).toEqual(checkpoint);
    expect(checkpointHead(checkpoint)).toEqual(await audit.head('demo'));
  });

  it('catches the truncation of the tail it recorded', async () => {
    await appendEvents(db, 'cut', 4);
    const checkpoint = await createAuditCheckpoint(audit, 'cut');
    await truncateTail(db, 'cut', 3);
    const verdict = await verifyAuditChains(audit, ['cut'], {
      expectedHeads: new Map([['cut', checkpointHead(checkpoint)]]),
    });
    expect(verdict.tenants[0]).toMatchObject({ ok: false, firstBadSeq: 3, fault: 'checkpoint_mismatch' });
  });

  it('refuses an empty chain and a broken one', async () => {
    await expect(createAuditCheckpoint(audit, 'empty')).rejects.toMatchObject({ reason: 'empty_chain' });
    await appendEvents(db, 'broken', 3);
    await tamper(db, [
      { sql: "UPDATE audit_events SET actor_id = 'x' WHERE tenant_id = $1 AND seq = 2", params: ['broken'] },
    ]);
    await expect(createAuditCheckpoint(audit, 'broken')).rejects.toMatchObject({
      reason: 'chain_broken',
      message: expect.stringContaining('seq 2') as unknown,
    });
  });

  it('rejects malformed checkpoint files and ignores unknown keys', () => {
    const good = {
      tenant: 'demo',
      seq: 1,
      rowHash: 'a'.repeat(64),
      ts: '2025-01-01T00:00:00.000Z',
      exportedAt: '2025-01-01T00:00:00.000Z',
    };
    expect(AuditCheckpoint.parse({ ...good, signature: 'later' })).toEqual(good);
    expect(AuditCheckpoint.safeParse({ ...good, rowHash: 'A'.repeat(64) }).success).toBe(false);
    expect(AuditCheckpoint.safeParse({ ...good, seq: 0 }).success).toBe(false);
    expect(AuditCheckpoint.safeParse({ ...good, tenant: 'bad tenant' }).success).toBe(false);
    expect(AuditCheckpoint.safeParse({ ...good, ts: 'yesterday' }).success).toBe(false);
  });
});
