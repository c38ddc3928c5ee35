import {
  ActionId,
  ActionKind,
  Autonomy,
  CommitmentView,
  IsoDateTime,
  JsonValue,
  RiskClass,
} from '@triage/shared';
import { z } from 'zod';
import { ActionRecordSchema, type ActionRecord } from '../../domain/approval-policy';
import { StorageError, toStorageError, type Db } from '../db';
import { parseStored, requireTenant } from './internal';

/** What an action would write, fixed when the action is created (an edit creates a new action). */
export const ActionContent = z.object({
  proposalId: z.string().min(1),
  kind: ActionKind,
  title: z.string(),
  target: z.object({ system: z.string().min(1), ref: z.string().min(1) }),
  riskClasses: z.array(RiskClass),
  payload: z.record(z.string(), JsonValue),
  autonomy: Autonomy,
  draftId: z.string().optional(),
  /** The action this one replaced after an edit. */
  supersedes: ActionId.nullable(),
  commitments: z.array(CommitmentView),
  links: z.array(z.string()),
  hiddenCharactersRemoved: z.boolean(),
});
export type ActionContent = z.infer<typeof ActionContent>;

/** One stored action: its content and its approval state. */
export interface StoredAction {
  tenant: string;
  id: string;
  packetId: string;
  caseRef: string;
  content: ActionContent;
  record: ActionRecord;
  createdAt: string;
  updatedAt: string;
}

/** The people-facing actions of packets (migration 0004). */
export interface ActionsRepository {
  /**
   * Stores a new action unless one with this id exists (an engine proposal materialised by two requests
   * at once), and returns the stored row either way.
   */
  insertIfAbsent(action: Omit<StoredAction, 'createdAt' | 'updatedAt'>): Promise<StoredAction>;
  get(tenant: string, id: string): Promise<StoredAction | null>;
  /** Every stored action of one packet, oldest first. */
  listForPacket(tenant: string, packetId: string): Promise<StoredAction[]>;
  /** Every stored action of a case across its packets, oldest first. */
  listForCase(tenant: string, caseRef: string): Promise<StoredAction[]>;
  /**
   * Replaces the approval state only if the stored version is still `expectedVersion`.
   * @returns false when another request changed it first (the caller re-reads and re-decides).
   */
  compareAndSet(tenant: string, id: string, expectedVersion: number, record: ActionRecord): Promise<boolean>;
}

const Row = z.object({
  tenant_id: z.string(),
  id: z.string(),
  packet_id: z.string(),
  case_ref: z.string(),
  content: z.unknown(),
  record: z.unknown(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

const COLUMNS = 'tenant_id, id, packet_id, case_ref, content, record, created_at, updated_at';

function toAction(tenant: string, row: unknown): StoredAction {
  const r = parseStored(Row, row, 'action');
  const record = parseStored(ActionRecordSchema, r.record, 'action record');
  if (r.tenant_id !== tenant || record.actionId !== r.id) {
    throw new StorageError('corrupt_row', 'stored action does not match its key');
  }
  return {
    tenant: r.tenant_id,
    id: r.id,
    packetId: r.packet_id,
    caseRef: r.case_ref,
    content: parseStored(ActionContent, r.content, 'action content'),
    record,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Creates the actions repository over a {@link Db} or a transaction handle. */
export function createActionsRepository(db: Db): ActionsRepository {
  return {
    async insertIfAbsent(action) {
      const t = requireTenant(action.tenant);
      const content = ActionContent.safeParse(action.content);
      const record = ActionRecordSchema.safeParse(action.record);
      if (!content.success || !record.success || record.data.actionId !== action.id) {
        throw new StorageError('invalid_input', 'action does not match its contract');
      }
      try {
        await db.query(
          `INSERT INTO actions (tenant_id, id, packet_id, case_ref, proposal_id, status, version, payload_hash,
                                content, record)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)
           ON CONFLICT (tenant_id, id) DO NOTHING`,
          [
            t,
            action.id,
            action.packetId,
            action.caseRef,
            content.data.proposalId,
            record.data.status,
            record.data.version,
            record.data.payloadHash,
            JSON.stringify(content.data),
            JSON.stringify(record.data),
          ],
        );
        const rows = await db.query(`SELECT ${COLUMNS} FROM actions WHERE tenant_id = $1 AND id = $2`, [
          t,
          action.id,
        ]);
        return toAction(t, rows[0]);
      } catch (e) {
        throw toStorageError(e, 'insert action');
      }
    },

    async get(tenant, id) {
      const t = requireTenant(tenant);
      const rows = await db.query(`SELECT ${COLUMNS} FROM actions WHERE tenant_id = $1 AND id = $2`, [t, id]);
      return rows[0] === undefined ? null : toAction(t, rows[0]);
    },

    async listForPacket(tenant, packetId) {
      const t = requireTenant(tenant);
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM actions WHERE tenant_id = $1 AND packet_id = $2 ORDER BY created_at, id`,
        [t, packetId],
      );
      return rows.map((row) => toAction(t, row));
    },

    async listForCase(tenant, caseRef) {
      const t = requireTenant(tenant);
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM actions WHERE tenant_id = $1 AND case_ref = $2 ORDER BY created_at, id`,
        [t, caseRef],
      );
      return rows.map((row) => toAction(t, row));
    },

    async compareAndSet(tenant, id, expectedVersion, record) {
      const t = requireTenant(tenant);
      const parsed = ActionRecordSchema.safeParse(record);
      if (!parsed.success || parsed.data.actionId !== id) {
        throw new StorageError('invalid_input', 'action record does not match its contract');
      }
      try {
        const rows = await db.query(
          `UPDATE actions SET record = $4::jsonb, status = $5, version = $6, updated_at = now()
           WHERE tenant_id = $1 AND id = $2 AND version = $3
           RETURNING id`,
          [t, id, expectedVersion, JSON.stringify(parsed.data), parsed.data.status, parsed.data.version],
        );
        return rows.length === 1;
      } catch (e) {
        throw toStorageError(e, 'update action');
      }
    },
  };
}
