import { Approval } from '@triage/shared';
import { z } from 'zod';
import { StorageError, toStorageError, type Db } from '../db';
import { parseStored, requireTenant } from './internal';

/**
 * People's decisions on exact payloads (PLATFORMS.md 3.3). Rows are only ever inserted: a new decision
 * (an edit, a revocation, a second approver) is a new row, so the history of who approved what stays
 * readable and the latest row per action is the current one.
 */
export interface ApprovalsRepository {
  /**
   * Stores one decision. Validates it against the `Approval` contract and refuses one whose tenant is
   * not `tenant`. Called with a transaction handle, it commits with the write-back enqueued for it.
   *
   * @throws StorageError `invalid_input` for an invalid approval; `unique_violation` for an id already
   * stored; `foreign_key_violation` when the packet is not stored for this tenant.
   */
  insert(tenant: string, approval: Approval): Promise<Approval>;
  /** One decision by id, or null (also for another tenant's id). */
  get(tenant: string, id: string): Promise<Approval | null>;
  /** The most recent decision on an action (by `createdAt`, ties broken by id), or null. */
  latestForAction(tenant: string, actionId: string): Promise<Approval | null>;
}

const Row = z.object({ record: z.unknown() });

function toApproval(tenant: string, row: unknown): Approval {
  const approval = parseStored(Approval, parseStored(Row, row, 'approval').record, 'approval');
  // The columns are filtered on the tenant, but the record is what callers trust: check it says so too.
  if (approval.tenant !== tenant)
    throw new StorageError('corrupt_row', 'stored approval names another tenant');
  return approval;
}

/** Creates the approvals repository over a {@link Db} (or a transaction handle). */
export function createApprovalsRepository(db: Db): ApprovalsRepository {
  return {
    async insert(tenant, approval) {
      const t = requireTenant(tenant);
      const parsed = Approval.safeParse(approval);
      if (!parsed.success) {
        throw new StorageError('invalid_input', 'approval does not match its contract', {
          cause: parsed.error,
        });
      }
      const a = parsed.data;
      if (a.tenant !== t) throw new StorageError('invalid_input', 'approval belongs to another tenant');
      try {
        const rows = await db.query(
          `INSERT INTO approvals (tenant_id, id, packet_id, action_id, action_type, payload_hash, decision,
                                  requester_id, approver_id, required_role, created_at, expires_at, record)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
           RETURNING record`,
          [
            t,
            a.id,
            a.packetId,
            a.actionId,
            a.actionType,
            a.payloadHash,
            a.decision,
            a.requester.id,
            a.approver.id,
            a.requiredRole,
            a.createdAt,
            a.expiresAt,
            JSON.stringify(a),
          ],
        );
        return toApproval(t, rows[0]);
      } catch (e) {
        throw toStorageError(e, 'insert approval');
      }
    },

    async get(tenant, id) {
      const t = requireTenant(tenant);
      const rows = await db.query('SELECT record FROM approvals WHERE tenant_id = $1 AND id = $2', [t, id]);
      return rows[0] === undefined ? null : toApproval(t, rows[0]);
    },

    async latestForAction(tenant, actionId) {
      const t = requireTenant(tenant);
      const rows = await db.query(
        `SELECT record FROM approvals WHERE tenant_id = $1 AND action_id = $2
         ORDER BY created_at DESC, id DESC LIMIT 1`,
        [t, actionId],
      );
      return rows[0] === undefined ? null : toApproval(t, rows[0]);
    },
  };
}
