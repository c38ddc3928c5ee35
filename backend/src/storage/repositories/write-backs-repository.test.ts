import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashJson } from '../../common/hashing';
import { approvalOf, seedApproval } from '../../jobs/testing/seed';
import { createTestDb } from '../../testing/db';
import type { Db } from '../db';
import { createApprovalsRepository } from './approvals-repository';
import { createAuditRepository } from './audit-repository';
import {
  createWriteBacksRepository,
  type EnqueueWriteBack,
  type WriteBacksRepository,
} from './write-backs-repository';

let db: Db;
let repo: WriteBacksRepository;

const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
  db = await createTestDb();
  repo = createWriteBacksRepository(db);
});

afterAll(async () => {
  await db.close();
});

// claimNext serves every tenant, so a row one test leaves runnable would be claimed by the next.
afterEach(async () => {
  await db.query(
    `UPDATE write_backs SET status = 'dead', lease_until = NULL WHERE status IN ('queued', 'executing')`,
  );
});

/** Approves `payload` on `actionId` and enqueues it against `ref`, due at T0. */
async function approvedRow(
  tenant: string,
  actionId: string,
  ref: string,
  payload: Record<string, unknown> = { body: `note for ${actionId}` },
  extra: Partial<EnqueueWriteBack> = {},
) {
  const approval = await seedApproval(db, tenant, actionId, payload);
  return repo.enqueue(db, {
    tenant,
    id: `wb-${actionId}`,
    approvalId: approval.id,
    actionId,
    target: { system: 'zendesk', ref },
    idempotencyKey: `key-${actionId}`,
    payload,
    availableAt: T0,
    ...extra,
  });
}

describe('write-backs repository: enqueue', () => {
  it('stores the exact payload and its hash, queued, with the approval’s action kind', async () => {
    const payload = { body: 'Hello <b>there</b>', public: false, tags: ['a', 'b'], n: 3 };
    const wb = await approvedRow('acme', 'act-1', 'ticket-1', payload);
    expect(wb).toMatchObject({
      tenant: 'acme',
      status: 'queued',
      attempts: 0,
      action: 'internal-note',
      payload,
      payloadHash: hashJson(payload),
      nextAttemptAt: T0.toISOString(),
      leaseUntil: null,
      externalId: null,
    });
    expect(await repo.get('acme', wb.id)).toEqual(wb);
    expect(await repo.get('globex', wb.id)).toBeNull();
    expect((await repo.listForAction('acme', 'act-1')).map((w) => w.id)).toEqual([wb.id]);
    expect(await repo.listForAction('globex', 'act-1')).toEqual([]);
  });

  it('refuses a payload no approved decision covers: edited, rejected, another action, another tenant', async () => {
    const payload = { body: 'approved text' };
    const approval = await seedApproval(db, 'initech', 'act-2', payload);
    const base: EnqueueWriteBack = {
      tenant: 'initech',
      approvalId: approval.id,
      actionId: 'act-2',
      target: { system: 'zendesk', ref: 't-2' },
      idempotencyKey: 'key-2',
      payload,
    };
    await expect(repo.enqueue(db, { ...base, payload: { body: 'edited text' } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(repo.enqueue(db, { ...base, actionId: 'act-other' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await seedApproval(db, 'globex', 'act-2', payload);
    await expect(
      repo.enqueue(db, { ...base, tenant: 'globex', approvalId: 'missing' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const rejected = await seedApproval(db, 'initech', 'act-3', payload, { decision: 'rejected' });
    await expect(
      repo.enqueue(db, { ...base, actionId: 'act-3', approvalId: rejected.id }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await db.query('SELECT id FROM write_backs WHERE tenant_id = $1', ['initech'])).toEqual([]);

    await repo.enqueue(db, base);
    await expect(repo.enqueue(db, base)).rejects.toMatchObject({ code: 'unique_violation' });
  });

  it('commits with the approval and the first audit event, or not at all', async () => {
    const payload = { body: 'together' };
    await seedApproval(db, 'hooli', 'act-seed', payload);
    const approval = approvalOf('hooli', 'act-4', payload);
    const inTx = async (fail: boolean) =>
      db.transaction(async (tx) => {
        await createApprovalsRepository(tx).insert('hooli', approval);
        const wb = await createWriteBacksRepository(tx).enqueue(tx, {
          tenant: 'hooli',
          approvalId: approval.id,
          actionId: 'act-4',
          target: { system: 'zendesk', ref: 't-4' },
          idempotencyKey: 'key-4',
          payload,
        });
        await createAuditRepository(tx).append('hooli', {
          actor: { kind: 'person', id: 'lead-1' },
          action: 'approval.granted',
          object: { type: 'write-back', id: wb.id },
          payloadHash: wb.payloadHash,
        });
        if (fail) throw new Error('rolled back');
      });
    await expect(inTx(true)).rejects.toThrow('rolled back');
    expect(await createApprovalsRepository(db).get('hooli', approval.id)).toBeNull();
    expect(await repo.listForAction('hooli', 'act-4')).toEqual([]);
    expect(await createAuditRepository(db).head('hooli')).toBeNull();
    await inTx(false);
    expect(await repo.listForAction('hooli', 'act-4')).toHaveLength(1);
    expect((await createAuditRepository(db).head('hooli'))?.seq).toBe(1);
  });
});

describe('write-backs repository: claiming', () => {
  it('claims due rows in enqueue order, leases them and counts the attempt', async () => {
    const a = await approvedRow('claim-order', 'co-1', 't-1');
    const b = await approvedRow('claim-order', 'co-2', 't-2');
    const later = await approvedRow('claim-order', 'co-3', 't-3', undefined, { availableAt: at(5000) });
    const first = await repo.claimNext(T0, 30_000);
    expect(first).toMatchObject({
      id: a.id,
      status: 'executing',
      attempts: 1,
      leaseUntil: at(30_000).toISOString(),
    });
    expect((await repo.claimNext(T0, 30_000))?.id).toBe(b.id);
    // Not due yet.
    expect(await repo.claimNext(at(4999), 30_000)).toBeNull();
    expect((await repo.claimNext(at(5000), 30_000))?.id).toBe(later.id);
    expect(await repo.countUnfinished()).toBe(3);
  });

  it('never claims a second row of a ticket while the first executes (other tickets go ahead)', async () => {
    const first = await approvedRow('serial', 's-1', 'ticket-A');
    const second = await approvedRow('serial', 's-2', 'ticket-A');
    const other = await approvedRow('serial', 's-3', 'ticket-B');
    const sameRefOtherTenant = await approvedRow('serial-2', 's-4', 'ticket-A');
    const claimed = await repo.claimNext(T0, 60_000);
    expect(claimed?.id).toBe(first.id);
    expect((await repo.claimNext(T0, 60_000))?.id).toBe(other.id);
    expect((await repo.claimNext(T0, 60_000))?.id).toBe(sameRefOtherTenant.id);
    expect(await repo.claimNext(T0, 60_000)).toBeNull();
    if (claimed === null) throw new Error('unreachable');
    expect(await repo.markDone(claimed, { externalId: 'c-1', url: 'https://desk.test/c/1' })).toBe(true);
    expect((await repo.claimNext(T0, 60_000))?.id).toBe(second.id);
  });

  it('keeps a ticket’s rows in order: one waiting for a retry holds back the ones after it', async () => {
    const first = await approvedRow('fifo', 'f-1', 'ticket-A');
    const second = await approvedRow('fifo', 'f-2', 'ticket-A');
    const claim = await repo.claimNext(T0, 60_000);
    if (claim === null) throw new Error('expected a claim');
    expect(await repo.markRetry(claim, at(10_000), 'rate_limited (429)')).toBe(true);
    expect(await repo.get('fifo', first.id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: 'rate_limited (429)',
      nextAttemptAt: at(10_000).toISOString(),
      leaseUntil: null,
    });
    expect(await repo.claimNext(at(9999), 60_000)).toBeNull();
    const retried = await repo.claimNext(at(10_000), 60_000);
    expect(retried).toMatchObject({ id: first.id, attempts: 2 });
    if (retried === null) throw new Error('unreachable');
    await repo.markDead(retried, 'unavailable (503)');
    expect((await repo.claimNext(at(10_000), 60_000))?.id).toBe(second.id);
  });

  it('reclaims a row whose lease ran out, and fences off the worker that lost it', async () => {
    const row = await approvedRow('lease', 'l-1', 'ticket-A');
    const lost = await repo.claimNext(T0, 1000);
    if (lost === null) throw new Error('expected a claim');
    expect(await repo.claimNext(at(999), 1000)).toBeNull();
    // The lease is still live at its last instant; it is over strictly after.
    expect(await repo.claimNext(at(1000), 1000)).toBeNull();
    const reclaimed = await repo.claimNext(at(1001), 1000);
    expect(reclaimed).toMatchObject({ id: row.id, attempts: 2, leaseUntil: at(2001).toISOString() });
    if (reclaimed === null) throw new Error('unreachable');
    expect(await repo.markDone(lost, { externalId: 'stale', url: null })).toBe(false);
    expect(await repo.markFailed(lost, 'stale')).toBe(false);
    expect(await repo.markDone(reclaimed, { externalId: 'c-9', url: 'https://desk.test/c/9' })).toBe(true);
    expect(await repo.get('lease', row.id)).toMatchObject({
      status: 'done',
      externalId: 'c-9',
      url: 'https://desk.test/c/9',
      leaseUntil: null,
    });
    expect(await repo.markDone(reclaimed, { externalId: 'again', url: null })).toBe(false);
  });

  it('records failed and dead rows, which are never claimed again', async () => {
    const failed = await approvedRow('ends', 'e-1', 't-1');
    const dead = await approvedRow('ends', 'e-2', 't-2');
    const c1 = await repo.claimNext(T0, 1000);
    const c2 = await repo.claimNext(T0, 1000);
    if (c1 === null || c2 === null) throw new Error('expected claims');
    await repo.markFailed(c1, 'approval_invalid');
    await repo.markDead(c2, 'x'.repeat(2000));
    expect(await repo.get('ends', failed.id)).toMatchObject({
      status: 'failed',
      lastError: 'approval_invalid',
    });
    const deadRow = await repo.get('ends', dead.id);
    expect(deadRow?.status).toBe('dead');
    expect(deadRow?.lastError?.length).toBe(500);
    expect(await repo.claimNext(at(10_000_000), 1000)).toBeNull();
  });

  it('lets the database refuse a second executing row for one ticket, whatever the query does', async () => {
    await approvedRow('backstop', 'b-1', 'ticket-A');
    const second = await approvedRow('backstop', 'b-2', 'ticket-A');
    await repo.claimNext(T0, 60_000);
    await expect(
      db.query(
        `UPDATE write_backs SET status = 'executing', lease_until = $3 WHERE tenant_id = $1 AND id = $2`,
        ['backstop', second.id, at(60_000).toISOString()],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('hands each row to one of many concurrent claimers, one per ticket at a time', async () => {
    // On PostgreSQL these run on several pooled connections at once; on PGlite they queue.
    for (let i = 0; i < 6; i += 1) {
      await approvedRow('race', `r-${i}-a`, `ticket-${i}`);
      await approvedRow('race', `r-${i}-b`, `ticket-${i}`);
    }
    const claims = await Promise.all(Array.from({ length: 12 }, () => repo.claimNext(T0, 60_000)));
    const got = claims.filter((c) => c !== null);
    // A claimer that kept losing races may have come back empty; whatever is left is claimed now.
    for (let c = await repo.claimNext(T0, 60_000); c !== null; c = await repo.claimNext(T0, 60_000))
      got.push(c);
    expect(got.map((c) => c.target.ref).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `ticket-${i}`));
    expect(got.every((c) => c.id.endsWith('-a'))).toBe(true);
    const executing = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM write_backs WHERE tenant_id = 'race' AND status = 'executing'`,
    );
    expect(executing[0]?.n).toBe(6);
  });
});
