import type { Approval } from '@triage/shared';
import { hashJson } from '../../common/hashing';
import type { Db } from '../../storage/db';
import { createApprovalsRepository } from '../../storage/repositories/approvals-repository';

/**
 * Stores a case and a packet for `tenant` if missing (approvals reference packets). Raw SQL: the test
 * only needs the rows to exist, not a valid triage packet.
 */
export async function seedPacket(db: Db, tenant: string, packetId: string): Promise<void> {
  await db.query(
    `INSERT INTO cases (tenant_id, ref, record, created_at, updated_at, content_hash)
     VALUES ($1, 'case-1', '{"subject":"seed"}'::jsonb, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z', $2)
     ON CONFLICT DO NOTHING`,
    [tenant, 'c'.repeat(64)],
  );
  await db.query(
    `INSERT INTO packets (tenant_id, id, case_ref, built_at, engine_version, inputs_digest, packet)
     VALUES ($1, $2, 'case-1', '2030-01-01T00:00:00Z', 'test', $3, '{}'::jsonb)
     ON CONFLICT DO NOTHING`,
    [tenant, packetId, 'd'.repeat(64)],
  );
}

/** An approval of `payload` on `actionId`, with overridable fields. */
export function approvalOf(
  tenant: string,
  actionId: string,
  payload: Record<string, unknown>,
  overrides: Partial<Approval> = {},
): Approval {
  return {
    id: `ap-${actionId}`,
    tenant,
    packetId: 'pk-1',
    actionId,
    actionType: 'internal-note',
    payloadHash: hashJson(payload),
    decision: 'approved',
    requester: { kind: 'person', id: 'agent-1', role: 'agent' },
    approver: { kind: 'person', id: 'lead-1', role: 'lead' },
    requiredRole: 'lead',
    createdAt: '2030-01-01T00:00:00.000Z',
    expiresAt: '2030-01-01T00:15:00.000Z',
    ...overrides,
  };
}

/** Seeds the packet and stores an approved decision of `payload`; returns the approval. */
export async function seedApproval(
  db: Db,
  tenant: string,
  actionId: string,
  payload: Record<string, unknown>,
  overrides: Partial<Approval> = {},
): Promise<Approval> {
  const approval = approvalOf(tenant, actionId, payload, overrides);
  await seedPacket(db, tenant, approval.packetId);
  return createApprovalsRepository(db).insert(tenant, approval);
}
