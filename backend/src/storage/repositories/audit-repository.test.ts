import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../common/hashing';
import { createTestDb } from '../../testing/db';
import type { Db } from '../db';
import { auditRowHash, createAuditRepository, GENESIS_HASH, type AuditRepository } from './audit-repository';

/**
 * Runs SQL as an attacker with database access would: with the append-only trigger switched off for
 * this transaction only (`session_replication_role = replica` skips ordinary triggers; needs superuser,
 * which the test databases have).
 */
async function tamper(db: Db, statements: { sql: string; params?: unknown[] }[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('SET LOCAL session_replication_role = replica');
    for (const { sql, params } of statements) await tx.query(sql, params ?? []);
  });
}

describe('audit repository', () => {
  let db: Db;
  let audit: AuditRepository;
  beforeAll(async () => {
    db = await createTestDb();
    audit = createAuditRepository(db);
  });
  afterAll(async () => {
    await db.close();
  });

  async function appendMany(tenant: string, n: number): Promise<void> {
    for (let i = 1; i <= n; i += 1) {
      await audit.append(tenant, {
        actor: { kind: i % 2 ? 'engine' : 'person', id: `actor-${i}` },
        action: 'packet.built',
        object: { type: 'packet', id: `pk-${i}` },
        payloadHash: sha256Hex(`payload ${i}`),
      });
    }
  }

  it('appends a chain that verifies', async () => {
    await appendMany('chain', 5);
    const events = await audit.list('chain');
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i += 1) expect(events[i]?.prevHash).toBe(events[i - 1]?.rowHash);
    const last = events[4];
    expect(await audit.head('chain')).toEqual({ seq: 5, rowHash: last?.rowHash });
    expect(await audit.verify('chain')).toEqual({
      ok: true,
      checked: 5,
      head: { seq: 5, rowHash: last?.rowHash },
    });
    // Small pages walk the same chain.
    expect(await audit.verify('chain', { pageSize: 2 })).toMatchObject({ ok: true, checked: 5 });
  });

  it('hashes exactly the documented fields', async () => {
    const event = await audit.append('formula', {
      actor: { kind: 'person', id: 'agent-7' },
      action: 'approval.decided',
      object: { type: 'approval', id: 'ap-1' },
      ts: '2024-05-01T12:00:00+02:00',
    });
    expect(event.ts).toBe('2024-05-01T10:00:00.000Z');
    const expected = sha256Hex(
      GENESIS_HASH +
        '{"action":"approval.decided","actor":{"id":"agent-7","kind":"person"},"object":{"id":"ap-1","type":"approval"},' +
        '"payloadHash":null,"seq":1,"tenant":"formula","ts":"2024-05-01T10:00:00.000Z"}',
    );
    expect(event.rowHash).toBe(expected);
    expect(auditRowHash(GENESIS_HASH, { ...event, payloadHash: null })).toBe(expected);
  });

  it('keeps one chain per tenant', async () => {
    await appendMany('chain-x', 2);
    await appendMany('chain-y', 3);
    expect((await audit.list('chain-x')).map((e) => [e.seq, e.tenant])).toEqual([
      [1, 'chain-x'],
      [2, 'chain-x'],
    ]);
    expect(await audit.head('chain-y')).toMatchObject({ seq: 3 });
    expect(await audit.head('nobody')).toBeNull();
    expect(await audit.verify('nobody')).toEqual({ ok: true, checked: 0, head: null });
  });

  it('serialises concurrent appends of one tenant into a valid chain', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        audit.append('busy', {
          actor: { kind: 'engine', id: 'e' },
          action: 'tick',
          object: { type: 'n', id: String(i) },
        }),
      ),
    );
    const events = await audit.list('busy');
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.object.id)).size).toBe(20);
    expect(await audit.verify('busy')).toMatchObject({ ok: true, checked: 20 });
  });

  it('refuses UPDATE and DELETE through the append-only trigger', async () => {
    await appendMany('locked', 1);
    await expect(db.query("UPDATE audit_events SET action = 'x' WHERE tenant_id = 'locked'")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query("DELETE FROM audit_events WHERE tenant_id = 'locked'")).rejects.toThrow(
      /append-only/,
    );
  });

  it('detects an updated row', async () => {
    await appendMany('t-update', 5);
    await tamper(db, [
      {
        sql: "UPDATE audit_events SET actor_id = 'someone-else' WHERE tenant_id = $1 AND seq = 3",
        params: ['t-update'],
      },
    ]);
    expect(await audit.verify('t-update')).toEqual({
      ok: false,
      checked: 2,
      firstBadSeq: 3,
      fault: 'row_hash_mismatch',
    });
  });

  it('detects a rehashed row by the next link', async () => {
    await appendMany('t-rehash', 5);
    // The attacker recomputes row 3's own hash after editing it; row 4 still points at the old hash.
    const [row3] = await audit.list('t-rehash', { afterSeq: 2, limit: 1 });
    if (row3 === undefined) throw new Error('missing row');
    const forged = { ...row3, action: 'nothing.happened' };
    await tamper(db, [
      {
        sql: 'UPDATE audit_events SET action = $2, row_hash = $3 WHERE tenant_id = $1 AND seq = 3',
        params: ['t-rehash', forged.action, auditRowHash(forged.prevHash, forged)],
      },
    ]);
    expect(await audit.verify('t-rehash')).toEqual({
      ok: false,
      checked: 3,
      firstBadSeq: 4,
      fault: 'prev_hash_mismatch',
    });
  });

  it('detects a deleted row', async () => {
    await appendMany('t-delete', 5);
    await tamper(db, [
      { sql: 'DELETE FROM audit_events WHERE tenant_id = $1 AND seq = 3', params: ['t-delete'] },
    ]);
    expect(await audit.verify('t-delete')).toEqual({
      ok: false,
      checked: 2,
      firstBadSeq: 3,
      fault: 'seq_gap',
    });
  });

  it('detects reordered rows', async () => {
    await appendMany('t-reorder', 5);
    await tamper(db, [
      { sql: 'UPDATE audit_events SET seq = 1000 WHERE tenant_id = $1 AND seq = 2', params: ['t-reorder'] },
      { sql: 'UPDATE audit_events SET seq = 2 WHERE tenant_id = $1 AND seq = 3', params: ['t-reorder'] },
      { sql: 'UPDATE audit_events SET seq = 3 WHERE tenant_id = $1 AND seq = 1000', params: ['t-reorder'] },
    ]);
    expect(await audit.verify('t-reorder')).toEqual({
      ok: false,
      checked: 1,
      firstBadSeq: 2,
      fault: 'prev_hash_mismatch',
    });
  });

  it('detects an inserted row, even one hashed correctly', async () => {
    await appendMany('t-insert', 5);
    const [row2] = await audit.list('t-insert', { afterSeq: 1, limit: 1 });
    if (row2 === undefined) throw new Error('missing row');
    const forged = {
      seq: 3,
      tenant: 't-insert',
      ts: row2.ts,
      actor: { kind: 'person', id: 'insider' },
      action: 'approval.decided',
      object: { type: 'approval', id: 'forged' },
      payloadHash: null,
    };
    await tamper(db, [
      // Make room at seq 3 (two steps: the primary key is checked row by row).
      {
        sql: 'UPDATE audit_events SET seq = seq + 1000 WHERE tenant_id = $1 AND seq > 2',
        params: ['t-insert'],
      },
      {
        sql: 'UPDATE audit_events SET seq = seq - 999 WHERE tenant_id = $1 AND seq > 1000',
        params: ['t-insert'],
      },
      {
        sql: `INSERT INTO audit_events (tenant_id, seq, ts, actor_kind, actor_id, action, object_type, object_id,
                                        payload_hash, prev_hash, row_hash)
              VALUES ($1, 3, $2, 'person', 'insider', 'approval.decided', 'approval', 'forged', NULL, $3, $4)`,
        params: ['t-insert', row2.ts, row2.rowHash, auditRowHash(row2.rowHash, forged)],
      },
    ]);
    expect(await audit.verify('t-insert')).toEqual({
      ok: false,
      checked: 3,
      firstBadSeq: 4,
      fault: 'prev_hash_mismatch',
    });
  });

  it('detects a truncated tail only against a checkpoint', async () => {
    await appendMany('t-tail', 5);
    const checkpoint = await audit.head('t-tail');
    if (checkpoint === null) throw new Error('missing head');
    await tamper(db, [
      { sql: 'DELETE FROM audit_events WHERE tenant_id = $1 AND seq >= 4', params: ['t-tail'] },
    ]);
    expect(await audit.verify('t-tail')).toMatchObject({ ok: true, checked: 3 });
    expect(await audit.verify('t-tail', { expectedHead: checkpoint })).toEqual({
      ok: false,
      checked: 3,
      firstBadSeq: 4,
      fault: 'checkpoint_mismatch',
    });
  });

  it('commits an event with the caller’s transaction or not at all', async () => {
    await expect(
      db.transaction(async (tx) => {
        await createAuditRepository(tx).append('t-tx', {
          actor: { kind: 'system', id: 'worker' },
          action: 'write-back.started',
          object: { type: 'write-back', id: 'wb-1' },
        });
        throw new Error('outbox insert failed');
      }),
    ).rejects.toThrow('outbox insert failed');
    expect(await audit.head('t-tx')).toBeNull();
  });
});
