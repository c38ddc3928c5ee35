import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalOf, seedPacket } from '../../jobs/testing/seed';
import { createTestDb } from '../../testing/db';
import type { Db } from '../db';
import { createApprovalsRepository } from './approvals-repository';

let db: Db;

beforeAll(async () => {
  db = await createTestDb();
});

afterAll(async () => {
  await db.close();
});

describe('approvals repository', () => {
  it('stores the contract object and reads it back by id, only for its tenant', async () => {
    const repo = createApprovalsRepository(db);
    await seedPacket(db, 'acme', 'pk-1');
    const approval = approvalOf('acme', 'act-1', { body: 'Hello' }, { reason: 'looks right' });
    expect(await repo.insert('acme', approval)).toEqual(approval);
    expect(await repo.get('acme', approval.id)).toEqual(approval);
    expect(await repo.get('globex', approval.id)).toBeNull();
    expect(await repo.latestForAction('globex', 'act-1')).toBeNull();
    const [row] = await db.query<{ payload_hash: string; approver_id: string; decision: string }>(
      'SELECT payload_hash, approver_id, decision FROM approvals WHERE tenant_id = $1 AND id = $2',
      ['acme', approval.id],
    );
    expect(row).toEqual({ payload_hash: approval.payloadHash, approver_id: 'lead-1', decision: 'approved' });
  });

  it('returns the latest decision on an action', async () => {
    const repo = createApprovalsRepository(db);
    await seedPacket(db, 'initech', 'pk-1');
    const payload = { body: 'v1' };
    await repo.insert('initech', approvalOf('initech', 'act-2', payload, { id: 'a1' }));
    await repo.insert(
      'initech',
      approvalOf('initech', 'act-2', payload, {
        id: 'a0',
        decision: 'rejected',
        createdAt: '2030-01-01T00:05:00.000Z',
      }),
    );
    await repo.insert(
      'initech',
      approvalOf('initech', 'act-2', payload, { id: 'a2', createdAt: '2029-12-31T00:00:00.000Z' }),
    );
    expect((await repo.latestForAction('initech', 'act-2'))?.id).toBe('a0');
    expect(await repo.latestForAction('initech', 'act-none')).toBeNull();
  });

  it('refuses approvals of another tenant, malformed ones, duplicates and unknown packets', async () => {
    const repo = createApprovalsRepository(db);
    await seedPacket(db, 'hooli', 'pk-1');
    const ok = approvalOf('hooli', 'act-3', { body: 'x' });
    await expect(repo.insert('umbrella', ok)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(repo.insert('hooli', { ...ok, payloadHash: 'not-a-hash' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await repo.insert('hooli', ok);
    await expect(repo.insert('hooli', ok)).rejects.toMatchObject({ code: 'unique_violation' });
    await expect(repo.insert('hooli', { ...ok, id: 'other', packetId: 'pk-missing' })).rejects.toMatchObject({
      code: 'foreign_key_violation',
    });
  });
});
