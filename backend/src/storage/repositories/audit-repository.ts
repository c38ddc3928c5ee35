import { ActorKind, IsoDateTime, type AuditEvent } from '@triage/shared';
import { z } from 'zod';
import { canonicalJson, sha256Hex } from '../../common/hashing';
import { StorageError, toStorageError, type Db } from '../db';
import { pageSize, parseStored, requireTenant } from './internal';

/** `prev_hash` of a tenant's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Key space for the per-tenant append lock, the first half of the two-key advisory lock (the second is
 * `hashtext(tenant)`). A separate key space keeps it from colliding with other per-tenant locks such
 * as write-back serialisation. "AUDT" in ASCII.
 */
const AUDIT_LOCK_SPACE = 0x41554454;

/** What a caller records; the repository assigns `seq`, the hashes and (unless given) `ts`. */
export interface AuditEventInput {
  actor: { kind: ActorKind; id: string };
  /** A verb such as `packet.built` or `write-back.executed`. */
  action: string;
  object: { type: string; id: string };
  /** SHA-256 of the canonical JSON of the payload acted on; never the payload itself. */
  payloadHash?: string | null;
  /** When it happened (ISO); defaults to now. Stored and hashed at millisecond precision, in UTC. */
  ts?: string;
}

/** The fields `row_hash` covers, besides `prev_hash`. */
export interface AuditRowFields {
  seq: number;
  tenant: string;
  ts: string;
  actor: { kind: string; id: string };
  action: string;
  object: { type: string; id: string };
  payloadHash: string | null;
}

/**
 * `row_hash = sha256(prev_hash ‖ canonical_json(row))` (PLATFORMS.md 3.4), with the row as
 * {@link AuditRowFields}. Exported so an external verifier or checkpoint exporter computes the same.
 */
export function auditRowHash(prevHash: string, row: AuditRowFields): string {
  return sha256Hex(
    prevHash +
      canonicalJson({
        seq: row.seq,
        tenant: row.tenant,
        ts: row.ts,
        actor: { kind: row.actor.kind, id: row.actor.id },
        action: row.action,
        object: { type: row.object.type, id: row.object.id },
        payloadHash: row.payloadHash,
      }),
  );
}

/** Where a chain head stood, e.g. from a signed off-database checkpoint. */
export interface AuditHead {
  seq: number;
  rowHash: string;
}

/** Why {@link AuditRepository.verify} rejected a chain. */
export type AuditChainFault =
  /** A seq is missing (a row deleted) or out of order. */
  | 'seq_gap'
  /** `prev_hash` is not the previous row's `row_hash` (a row inserted, removed or moved). */
  | 'prev_hash_mismatch'
  /** The row's content no longer hashes to its `row_hash` (a row updated). */
  | 'row_hash_mismatch'
  /** The chain ends before, or differs at, the expected head (rows removed from the end). */
  | 'checkpoint_mismatch';

/** The verifier's verdict. `checked` counts the rows found intact before the verdict. */
export type AuditVerification =
  | { ok: true; checked: number; head: AuditHead | null }
  | { ok: false; checked: number; firstBadSeq: number; fault: AuditChainFault };

/** The hash-chained audit trail, one chain per tenant. Append-only. */
export interface AuditRepository {
  /**
   * Appends an event to the tenant's chain. Appends of one tenant are serialised with a
   * transaction-scoped advisory lock, so concurrent appends (several processes included) still form
   * one unbroken chain. Called with a transaction handle, the event commits or rolls back with it.
   */
  append(tenant: string, event: AuditEventInput): Promise<AuditEvent>;
  /** The tenant's latest event's seq and hash, or null for an empty chain. */
  head(tenant: string): Promise<AuditHead | null>;
  /** Events after `afterSeq` (default 0) in seq order; limit defaults to 500, at most 5000. */
  list(tenant: string, options?: { afterSeq?: number; limit?: number }): Promise<AuditEvent[]>;
  /** The events about any of these objects, in chain order (at most `limit`, default 200). */
  listForObjects(
    tenant: string,
    objects: readonly { type: string; id: string }[],
    options?: { limit?: number },
  ): Promise<AuditEvent[]>;
  /**
   * Walks the tenant's chain from seq 1 and reports the first seq where it breaks. Without a checkpoint
   * a truncated tail is undetectable; pass the last exported head as `expectedHead` to catch it.
   */
  verify(
    tenant: string,
    options?: { expectedHead?: AuditHead; pageSize?: number },
  ): Promise<AuditVerification>;
}

const Row = z.object({
  seq: z.number().int(),
  ts: IsoDateTime,
  actor_kind: z.string(),
  actor_id: z.string(),
  action: z.string(),
  object_type: z.string(),
  object_id: z.string(),
  payload_hash: z.string().nullable(),
  prev_hash: z.string(),
  row_hash: z.string(),
});
type Row = z.output<typeof Row>;

const COLUMNS =
  'seq, ts, actor_kind, actor_id, action, object_type, object_id, payload_hash, prev_hash, row_hash';

function fieldsOf(tenant: string, row: Row): AuditRowFields {
  return {
    seq: row.seq,
    tenant,
    ts: row.ts,
    actor: { kind: row.actor_kind, id: row.actor_id },
    action: row.action,
    object: { type: row.object_type, id: row.object_id },
    payloadHash: row.payload_hash,
  };
}

function toEvent(tenant: string, row: Row): AuditEvent {
  return {
    seq: row.seq,
    tenant,
    ts: row.ts,
    actor: { kind: parseStored(ActorKind, row.actor_kind, 'audit actor kind'), id: row.actor_id },
    action: row.action,
    object: { type: row.object_type, id: row.object_id },
    payloadHash: row.payload_hash,
    prevHash: row.prev_hash,
    rowHash: row.row_hash,
  };
}

function normaliseTs(ts: string | undefined): string {
  if (ts === undefined) return new Date().toISOString();
  const date = new Date(ts);
  if (!IsoDateTime.safeParse(ts).success || Number.isNaN(date.getTime())) {
    throw new StorageError('invalid_input', 'audit ts is not an ISO timestamp');
  }
  return date.toISOString();
}

/** Creates the audit repository over a {@link Db} (or a transaction handle). */
export function createAuditRepository(db: Db): AuditRepository {
  async function readPage(tenant: string, afterSeq: number, limit: number): Promise<Row[]> {
    const rows = await db.query(
      `SELECT ${COLUMNS} FROM audit_events WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [tenant, afterSeq, limit],
    );
    return rows.map((row) => parseStored(Row, row, 'audit event'));
  }

  return {
    async append(tenant, event) {
      const t = requireTenant(tenant);
      const ts = normaliseTs(event.ts);
      try {
        return await db.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [AUDIT_LOCK_SPACE, t]);
          const heads = await tx.query<{ seq: number; row_hash: string }>(
            'SELECT seq, row_hash FROM audit_events WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1',
            [t],
          );
          const prev = heads[0];
          const fields: AuditRowFields = {
            seq: (prev?.seq ?? 0) + 1,
            tenant: t,
            ts,
            actor: { kind: event.actor.kind, id: event.actor.id },
            action: event.action,
            object: { type: event.object.type, id: event.object.id },
            payloadHash: event.payloadHash ?? null,
          };
          const prevHash = prev?.row_hash ?? GENESIS_HASH;
          const rowHash = auditRowHash(prevHash, fields);
          const rows = await tx.query(
            `INSERT INTO audit_events (tenant_id, seq, ts, actor_kind, actor_id, action, object_type, object_id,
                                       payload_hash, prev_hash, row_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             RETURNING ${COLUMNS}`,
            [
              t,
              fields.seq,
              ts,
              fields.actor.kind,
              fields.actor.id,
              fields.action,
              fields.object.type,
              fields.object.id,
              fields.payloadHash,
              prevHash,
              rowHash,
            ],
          );
          return toEvent(t, parseStored(Row, rows[0], 'audit event'));
        });
      } catch (e) {
        throw toStorageError(e, 'append audit event');
      }
    },

    async head(tenant) {
      const rows = await db.query<{ seq: number; row_hash: string }>(
        'SELECT seq, row_hash FROM audit_events WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1',
        [requireTenant(tenant)],
      );
      const row = rows[0];
      return row === undefined ? null : { seq: row.seq, rowHash: row.row_hash };
    },

    async listForObjects(tenant, objects, options = {}) {
      const t = requireTenant(tenant);
      if (objects.length === 0) return [];
      const rows = await db.query(
        `SELECT ${COLUMNS} FROM audit_events e
         JOIN (SELECT * FROM jsonb_to_recordset($2::jsonb) AS o(type text, id text)) o
           ON e.object_type = o.type AND e.object_id = o.id
         WHERE e.tenant_id = $1
         ORDER BY e.seq LIMIT $3`,
        [
          t,
          JSON.stringify(objects.map((o) => ({ type: o.type, id: o.id }))),
          pageSize(options.limit, 200, 1000),
        ],
      );
      return rows.map((row) => toEvent(t, parseStored(Row, row, 'audit event')));
    },

    async list(tenant, options = {}) {
      const t = requireTenant(tenant);
      const rows = await readPage(t, options.afterSeq ?? 0, pageSize(options.limit, 500, 5000));
      return rows.map((row) => toEvent(t, row));
    },

    async verify(tenant, options = {}) {
      const t = requireTenant(tenant);
      const size = pageSize(options.pageSize, 1000, 10_000);
      let checked = 0;
      let prev: AuditHead | null = null;
      for (;;) {
        // Keyset on seq: constant memory however long the chain.
        const page = await readPage(t, prev?.seq ?? 0, size);
        for (const row of page) {
          const expectedSeq: number = (prev?.seq ?? 0) + 1;
          if (row.seq !== expectedSeq)
            return { ok: false, checked, firstBadSeq: expectedSeq, fault: 'seq_gap' };
          if (row.prev_hash !== (prev?.rowHash ?? GENESIS_HASH)) {
            return { ok: false, checked, firstBadSeq: row.seq, fault: 'prev_hash_mismatch' };
          }
          if (auditRowHash(row.prev_hash, fieldsOf(t, row)) !== row.row_hash) {
            return { ok: false, checked, firstBadSeq: row.seq, fault: 'row_hash_mismatch' };
          }
          checked += 1;
          prev = { seq: row.seq, rowHash: row.row_hash };
          const expected = options.expectedHead;
          if (expected !== undefined && row.seq === expected.seq && row.row_hash !== expected.rowHash) {
            return { ok: false, checked, firstBadSeq: row.seq, fault: 'checkpoint_mismatch' };
          }
        }
        if (page.length < size) break;
      }
      const expected = options.expectedHead;
      if (expected !== undefined && (prev?.seq ?? 0) < expected.seq) {
        return { ok: false, checked, firstBadSeq: (prev?.seq ?? 0) + 1, fault: 'checkpoint_mismatch' };
      }
      return { ok: true, checked, head: prev };
    },
  };
}
