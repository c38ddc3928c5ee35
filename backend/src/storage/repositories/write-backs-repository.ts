import { randomUUID } from 'node:crypto';
import { ActionKind, IsoDateTime, WriteBackStatus, type WriteBack } from '@triage/shared';
import { z } from 'zod';
import { hashJson } from '../../common/hashing';
import { StorageError, sqlStateOf, toStorageError, type Db } from '../db';
import { parseStored, requireTenant } from './internal';

/** A write-back as stored: the contract plus the exact payload and the queue's bookkeeping. */
export interface StoredWriteBack extends WriteBack {
  /** The approved action's kind, read from the approval so the two can never disagree. */
  action: ActionKind;
  /** The exact approved payload; null only on rows from before payloads were stored (never runnable). */
  payload: Record<string, unknown> | null;
  /** SHA-256 of the canonical JSON of `payload`, equal to the approval's `payloadHash`. */
  payloadHash: string | null;
  /** When a queued row may be claimed. */
  nextAttemptAt: string;
  /** Until when the claiming worker owns an executing row; null otherwise. */
  leaseUntil: string | null;
  /** What the target created, once done. */
  externalId: string | null;
  url: string | null;
}

/**
 * A row a worker has claimed: executing, leased to it, with its payload. `attempts` counts every attempt
 * started, this one included, so `attempts > 1` means an earlier attempt's outcome is unknown.
 * `(tenant, id, attempts)` is the claim's fencing token: the `mark*` methods only change the row while
 * no later claim has superseded this one.
 */
export interface ClaimedWriteBack extends StoredWriteBack {
  status: 'executing';
  payload: Record<string, unknown>;
  payloadHash: string;
  leaseUntil: string;
}

/** What the approval use case enqueues, inside the transaction that stores the approval. */
export interface EnqueueWriteBack {
  tenant: string;
  /** Defaults to a random UUID. */
  id?: string;
  approvalId: string;
  actionId: string;
  target: { system: string; ref: string };
  /** Stable across retries; sent to the target as its idempotency key and marker. Unique per tenant. */
  idempotencyKey: string;
  /** Exactly the payload the approval's hash covers. */
  payload: Record<string, unknown>;
  /** When the first attempt may start; defaults to the database's now. */
  availableAt?: Date;
}

/** The outbox of approved writes to desks, trackers and CRMs (PLATFORMS.md 3.5). */
export interface WriteBacksRepository {
  /**
   * Enqueues one approved write in the caller's transaction `tx`, so the approval, this row and the first
   * audit event commit together or not at all. Stores the payload and its hash, and refuses unless
   * `approvalId` is an `approved` decision of this tenant, on this action, over this exact payload: the
   * outbox never holds a write nobody approved.
   *
   * @throws StorageError `invalid_input` when no such approval exists or the input is malformed;
   * `unique_violation` when the idempotency key (or id) is already enqueued for the tenant.
   */
  enqueue(tx: Db, input: EnqueueWriteBack): Promise<StoredWriteBack>;
  get(tenant: string, id: string): Promise<StoredWriteBack | null>;
  /** An action's write-backs in enqueue order, for its status in the sidebar. */
  listForAction(tenant: string, actionId: string): Promise<StoredWriteBack[]>;
  /**
   * Claims the oldest runnable row of any tenant (the worker serves them all; the row names its tenant):
   * a queued row that is due, or an executing row whose lease ran out (its worker died). Increments
   * `attempts` and leases the row until `now + leaseMs`. Never claims a row while another row of the same
   * (tenant, target system, target ref) is executing or was enqueued before it and is still queued: at
   * most one write in flight per ticket, in enqueue order. Rows locked by a concurrent claim are
   * skipped (`FOR UPDATE SKIP LOCKED`).
   *
   * @returns the claimed row, or null when nothing is runnable now (or, under heavy contention, when
   * every pick was lost to concurrent claimers: poll again).
   */
  claimNext(now: Date, leaseMs: number): Promise<ClaimedWriteBack | null>;
  /** The write took effect. @returns false when the claim was superseded (its lease ran out). */
  markDone(
    claim: ClaimedWriteBack,
    result: { externalId: string | null; url: string | null },
  ): Promise<boolean>;
  /** Back to the queue until `nextAttemptAt`. @returns false when the claim was superseded. */
  markRetry(claim: ClaimedWriteBack, nextAttemptAt: Date, error: string): Promise<boolean>;
  /** A permanent refusal (bad credentials, approval no longer valid). @returns false when superseded. */
  markFailed(claim: ClaimedWriteBack, error: string): Promise<boolean>;
  /** Retries exhausted: dead-lettered for a person. @returns false when superseded. */
  markDead(claim: ClaimedWriteBack, error: string): Promise<boolean>;
  /**
   * Fails an action's queued rows with `reason` (its approval was revoked, superseded or expired), in the
   * caller's transaction. A row already executing is left to the worker, whose gate refuses it.
   * @returns how many rows were cancelled.
   */
  cancelQueued(tenant: string, actionId: string, reason: string): Promise<number>;
  /** Rows still queued or executing, across tenants (for "is the queue drained"). */
  countUnfinished(): Promise<number>;
}

const Row = z.object({
  tenant_id: z.string(),
  id: z.string(),
  approval_id: z.string(),
  action_id: z.string(),
  action_type: ActionKind,
  target_system: z.string(),
  target_ref: z.string(),
  idempotency_key: z.string(),
  status: WriteBackStatus,
  attempts: z.number().int().nonnegative(),
  last_error: z.string().nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
  payload: z.record(z.string(), z.unknown()).nullable(),
  payload_hash: z.string().nullable(),
  next_attempt_at: IsoDateTime,
  lease_until: IsoDateTime.nullable(),
  external_id: z.string().nullable(),
  url: z.string().nullable(),
});

/** Columns of `write_backs w` plus the approval's action type (`approvals a`). */
const SELECT_COLUMNS = `w.tenant_id, w.id, w.approval_id, w.action_id, a.action_type, w.target_system,
  w.target_ref, w.idempotency_key, w.status, w.attempts, w.last_error, w.created_at, w.updated_at,
  w.payload, w.payload_hash, w.next_attempt_at, w.lease_until, w.external_id, w.url`;

const FROM_JOINED = 'write_backs w JOIN approvals a ON a.tenant_id = w.tenant_id AND a.id = w.approval_id';

function toWriteBack(row: unknown): StoredWriteBack {
  const r = parseStored(Row, row, 'write-back');
  return {
    id: r.id,
    tenant: r.tenant_id,
    approvalId: r.approval_id,
    actionId: r.action_id,
    action: r.action_type,
    target: { system: r.target_system, ref: r.target_ref },
    idempotencyKey: r.idempotency_key,
    status: r.status,
    attempts: r.attempts,
    ...(r.last_error === null ? {} : { lastError: r.last_error }),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    payload: r.payload,
    payloadHash: r.payload_hash,
    nextAttemptAt: r.next_attempt_at,
    leaseUntil: r.lease_until,
    externalId: r.external_id,
    url: r.url,
  };
}

function toClaimed(row: unknown): ClaimedWriteBack {
  const wb = toWriteBack(row);
  if (wb.status !== 'executing' || wb.payload === null || wb.payloadHash === null || wb.leaseUntil === null) {
    throw new StorageError('corrupt_row', 'claimed write-back is not an executing row with a payload');
  }
  return {
    ...wb,
    status: 'executing',
    payload: wb.payload,
    payloadHash: wb.payloadHash,
    leaseUntil: wb.leaseUntil,
  };
}

const EnqueueInput = z.object({
  id: z.string().min(1).max(200).optional(),
  approvalId: z.string().min(1),
  actionId: z.string().min(1),
  target: z.object({ system: z.string().min(1), ref: z.string().min(1) }),
  idempotencyKey: z.string().min(1).max(200),
  payload: z.record(z.string(), z.unknown()),
  availableAt: z.date().optional(),
});

/** How many times a claim retries after losing a race on the one-in-flight-per-ticket index. */
const CLAIM_RACE_RETRIES = 3;

/** Error text is stored and shown in the sidebar: bounded, never a response body (callers pass codes). */
function boundedError(error: string): string {
  return error.length > 500 ? `${error.slice(0, 497)}...` : error;
}

/** Creates the write-backs repository over a {@link Db}. */
export function createWriteBacksRepository(db: Db): WriteBacksRepository {
  async function finish(
    claim: ClaimedWriteBack,
    what: string,
    set: string,
    params: readonly unknown[],
  ): Promise<boolean> {
    try {
      // $1–$3 identify the claim; `attempts` fences off a worker whose lease ran out and was reclaimed.
      const rows = await db.query(
        `UPDATE write_backs SET ${set}, lease_until = NULL, updated_at = now()
         WHERE tenant_id = $1 AND id = $2 AND status = 'executing' AND attempts = $3
         RETURNING id`,
        [claim.tenant, claim.id, claim.attempts, ...params],
      );
      return rows.length > 0;
    } catch (e) {
      throw toStorageError(e, what);
    }
  }

  async function claimOnce(now: Date, leaseMs: number): Promise<ClaimedWriteBack | null> {
    const rows = await db.query(
      `WITH picked AS (
         SELECT c.tenant_id, c.id FROM write_backs c
         WHERE ((c.status = 'queued' AND c.next_attempt_at <= $1)
                OR (c.status = 'executing' AND c.lease_until < $1))
           AND c.payload IS NOT NULL
           AND NOT EXISTS (
             SELECT 1 FROM write_backs o
             WHERE o.tenant_id = c.tenant_id AND o.target_system = c.target_system
               AND o.target_ref = c.target_ref AND o.id <> c.id
               AND (o.status = 'executing' OR (o.status = 'queued' AND o.queued_seq < c.queued_seq)))
         ORDER BY c.queued_seq
         LIMIT 1
         FOR UPDATE OF c SKIP LOCKED
       )
       UPDATE write_backs w
       SET status = 'executing', attempts = w.attempts + 1, lease_until = $2, updated_at = now()
       FROM picked, approvals a
       WHERE w.tenant_id = picked.tenant_id AND w.id = picked.id
         AND a.tenant_id = w.tenant_id AND a.id = w.approval_id
       RETURNING ${SELECT_COLUMNS}`,
      [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString()],
    );
    return rows[0] === undefined ? null : toClaimed(rows[0]);
  }

  return {
    async enqueue(tx, input) {
      const t = requireTenant(input.tenant);
      const parsed = EnqueueInput.safeParse(input);
      if (!parsed.success) {
        throw new StorageError('invalid_input', 'write-back input is malformed', { cause: parsed.error });
      }
      const wb = parsed.data;
      // Throws for values JSON cannot carry, before anything is stored.
      const payloadHash = hashJson(wb.payload);
      let rows: unknown[];
      try {
        rows = await tx.query(
          `WITH a AS (
             SELECT tenant_id, id, action_type FROM approvals
             WHERE tenant_id = $1 AND id = $3 AND action_id = $4 AND decision = 'approved' AND payload_hash = $9
           ), w AS (
             INSERT INTO write_backs (tenant_id, id, approval_id, action_id, target_system, target_ref,
                                      idempotency_key, status, payload, payload_hash, next_attempt_at)
             SELECT a.tenant_id, $2, a.id, $4, $5, $6, $7, 'queued', $8::jsonb, $9,
                    coalesce($10::timestamptz, now())
             FROM a
             RETURNING *
           )
           SELECT ${SELECT_COLUMNS} FROM w JOIN a ON a.tenant_id = w.tenant_id AND a.id = w.approval_id`,
          [
            t,
            wb.id ?? randomUUID(),
            wb.approvalId,
            wb.actionId,
            wb.target.system,
            wb.target.ref,
            wb.idempotencyKey,
            JSON.stringify(wb.payload),
            payloadHash,
            wb.availableAt?.toISOString() ?? null,
          ],
        );
      } catch (e) {
        throw toStorageError(e, 'enqueue write-back');
      }
      if (rows[0] === undefined) {
        throw new StorageError(
          'invalid_input',
          'no approved decision on this action covers this exact payload; nothing was enqueued',
        );
      }
      return toWriteBack(rows[0]);
    },

    async get(tenant, id) {
      const rows = await db.query(
        `SELECT ${SELECT_COLUMNS} FROM ${FROM_JOINED} WHERE w.tenant_id = $1 AND w.id = $2`,
        [requireTenant(tenant), id],
      );
      return rows[0] === undefined ? null : toWriteBack(rows[0]);
    },

    async listForAction(tenant, actionId) {
      const rows = await db.query(
        `SELECT ${SELECT_COLUMNS} FROM ${FROM_JOINED}
         WHERE w.tenant_id = $1 AND w.action_id = $2 ORDER BY w.queued_seq`,
        [requireTenant(tenant), actionId],
      );
      return rows.map(toWriteBack);
    },

    async claimNext(now, leaseMs) {
      if (!Number.isFinite(leaseMs) || leaseMs <= 0) {
        throw new StorageError('invalid_input', 'a lease must be a positive number of milliseconds');
      }
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await claimOnce(now, leaseMs);
        } catch (e) {
          // On PostgreSQL two workers can pick two rows of one ticket from snapshots taken before either
          // committed; the unique index on executing rows makes the later one fail. Its next look sees the
          // winner's row executing and moves on to another ticket. Still losing after a few tries means
          // heavy contention: report nothing claimable now and let the caller poll again.
          if (sqlStateOf(e) === '23505') {
            if (attempt < CLAIM_RACE_RETRIES) continue;
            return null;
          }
          throw toStorageError(e, 'claim write-back');
        }
      }
    },

    markDone(claim, result) {
      return finish(
        claim,
        'complete write-back',
        `status = 'done', last_error = NULL, external_id = $4, url = $5`,
        [result.externalId, result.url],
      );
    },

    markRetry(claim, nextAttemptAt, error) {
      return finish(
        claim,
        'reschedule write-back',
        `status = 'queued', next_attempt_at = $4, last_error = $5`,
        [nextAttemptAt.toISOString(), boundedError(error)],
      );
    },

    markFailed(claim, error) {
      return finish(claim, 'fail write-back', `status = 'failed', last_error = $4`, [boundedError(error)]);
    },

    markDead(claim, error) {
      return finish(claim, 'dead-letter write-back', `status = 'dead', last_error = $4`, [
        boundedError(error),
      ]);
    },

    async cancelQueued(tenant, actionId, reason) {
      const t = requireTenant(tenant);
      try {
        const rows = await db.query(
          `UPDATE write_backs SET status = 'failed', last_error = $3, updated_at = now()
           WHERE tenant_id = $1 AND action_id = $2 AND status = 'queued'
           RETURNING id`,
          [t, actionId, boundedError(reason)],
        );
        return rows.length;
      } catch (e) {
        throw toStorageError(e, 'cancel write-backs');
      }
    },

    async countUnfinished() {
      const rows = await db.query<{ n: number }>(
        `SELECT count(*) AS n FROM write_backs WHERE status IN ('queued', 'executing')`,
      );
      return rows[0]?.n ?? 0;
    },
  };
}
