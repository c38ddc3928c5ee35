import { CaseRecord, IsoDateTime } from '@triage/shared';
import { z } from 'zod';
import { hashJson } from '../../common/hashing';
import { StorageError, toStorageError, type Db } from '../db';
import { chunks, pageSize, parseStored, requireTenant } from './internal';

/** A stored case: the record plus the columns derived from it. */
export interface StoredCase {
  ref: string;
  subject: string;
  /** The desk status, lower-cased; `open` when the record has none. */
  status: string;
  /** True for solved, closed, resolved, done and cancelled cases. */
  solved: boolean;
  createdAt: string;
  updatedAt: string;
  /** SHA-256 of the record's canonical JSON. */
  contentHash: string;
  record: CaseRecord;
}

/** What an upsert did to one case. */
export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

/** Counts from {@link CasesRepository.upsertMany}. */
export interface UpsertCounts {
  inserted: number;
  updated: number;
  /** Records identical to what was stored (same content hash): not rewritten. */
  unchanged: number;
}

/** Which cases {@link CasesRepository.list} returns. */
export type CaseStatusFilter = 'open' | 'solved' | 'all';

/** One page of cases, newest first. */
export interface CasePage {
  items: StoredCase[];
  /** Pass back as `cursor` for the next page; null on the last page. Opaque. */
  nextCursor: string | null;
}

/** Who the history is about; at least one key. Emails match case-insensitively. */
export interface HistoryQuery {
  requesterId?: string;
  requesterEmail?: string;
  organizationId?: string;
}

/** Cases (tickets, requests) of a tenant, keyed by the desk's ref (`CaseRecord.id`). */
export interface CasesRepository {
  /** Stores one case (insert, or update when its content changed). */
  upsert(tenant: string, record: CaseRecord): Promise<UpsertOutcome>;
  /**
   * Stores many cases in one transaction: all or none. When a ref appears twice, the last record wins.
   * @throws StorageError if any row fails; nothing is written then.
   */
  upsertMany(tenant: string, records: readonly CaseRecord[]): Promise<UpsertCounts>;
  /** The case, or null if this tenant has no case with that ref (another tenant's ref is not found). */
  get(tenant: string, ref: string): Promise<StoredCase | null>;
  /**
   * A page of cases, newest first (`created_at`, then ref). Keyset-paginated: pages stay stable while
   * cases are added. Limit defaults to 50, at most 500.
   * @throws StorageError `invalid_input` for a cursor this repository did not issue.
   */
  list(
    tenant: string,
    options?: { status?: CaseStatusFilter; limit?: number; cursor?: string | null },
  ): Promise<CasePage>;
  /**
   * Earlier cases of a requester and/or organization (any key matching), newest first. Limit defaults
   * to 20, at most 200.
   */
  history(
    tenant: string,
    who: HistoryQuery,
    options?: { excludeRef?: string; limit?: number },
  ): Promise<StoredCase[]>;
}

const CaseRow = z.object({
  ref: z.string(),
  subject: z.string(),
  status: z.string(),
  solved: z.boolean(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
  content_hash: z.string(),
  record: z.unknown(),
});

/** The exact `created_at` text (microseconds kept) rides along for the cursor. */
const CaseRowWithCursor = CaseRow.extend({ created_at_exact: z.string() });

const CASE_COLUMNS = 'ref, subject, status, solved, created_at, updated_at, content_hash, record';

function toCase(row: z.output<typeof CaseRow>): StoredCase {
  return {
    ref: row.ref,
    subject: row.subject,
    status: row.status,
    solved: row.solved,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    contentHash: row.content_hash,
    record: parseStored(CaseRecord, row.record, 'case record'),
  };
}

/** The cursor: the exact created_at text and the ref of the last item, as base64url JSON. */
const Cursor = z.tuple([z.string().min(1), z.string()]);

function encodeCursor(createdAtExact: string, ref: string): string {
  return Buffer.from(JSON.stringify([createdAtExact, ref]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    return Cursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (e) {
    throw new StorageError('invalid_input', 'invalid page cursor', { cause: e });
  }
}

/** A record prepared for the batch statement. */
interface CaseInput {
  ref: string;
  record: CaseRecord;
  created_at: string | null;
  updated_at: string | null;
  content_hash: string;
}

function toInput(record: CaseRecord): CaseInput {
  return {
    ref: record.id,
    record,
    created_at: record.created_at ?? null,
    updated_at: record.updated_at ?? null,
    content_hash: hashJson(record),
  };
}

/** Rows per statement: keeps the JSON parameter to a few MB on large imports. */
const UPSERT_BATCH = 500;

/**
 * One statement per batch. Rows whose content hash did not change are left alone (the WHERE on the
 * conflict update), so they return nothing; `xmax = 0` tells a fresh insert from an update.
 * created_at keeps the first-stored time when the record carries none.
 */
const UPSERT_SQL = `
  INSERT INTO cases (tenant_id, ref, record, created_at, updated_at, content_hash)
  SELECT $1, r.ref, r.record,
         coalesce(r.created_at, now()), coalesce(r.updated_at, r.created_at, now()), r.content_hash
  FROM jsonb_to_recordset($2::jsonb)
       AS r(ref text, record jsonb, created_at timestamptz, updated_at timestamptz, content_hash text)
  ON CONFLICT (tenant_id, ref) DO UPDATE SET
    record = excluded.record,
    created_at = CASE WHEN excluded.record ? 'created_at' THEN excluded.created_at ELSE cases.created_at END,
    updated_at = CASE WHEN excluded.record ? 'updated_at' THEN excluded.updated_at ELSE now() END,
    content_hash = excluded.content_hash
  WHERE cases.content_hash IS DISTINCT FROM excluded.content_hash
  RETURNING (xmax = 0) AS inserted`;

async function upsertBatch(tx: Db, tenant: string, inputs: readonly CaseInput[]): Promise<UpsertCounts> {
  const rows = await tx.query<{ inserted: boolean }>(UPSERT_SQL, [tenant, JSON.stringify(inputs)]);
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: inputs.length - rows.length };
}

/** Creates the cases repository over a {@link Db} (or a transaction handle). */
export function createCasesRepository(db: Db): CasesRepository {
  async function upsertMany(tenant: string, records: readonly CaseRecord[]): Promise<UpsertCounts> {
    const t = requireTenant(tenant);
    // Last one wins for duplicate refs: PostgreSQL refuses to touch one row twice in one statement.
    const byRef = new Map<string, CaseInput>();
    for (const record of records) {
      const input = toInput(record);
      byRef.delete(input.ref);
      byRef.set(input.ref, input);
    }
    const inputs = [...byRef.values()];
    const total: UpsertCounts = { inserted: 0, updated: 0, unchanged: records.length - inputs.length };
    if (inputs.length === 0) return total;
    try {
      return await db.transaction(async (tx) => {
        for (const batch of chunks(inputs, UPSERT_BATCH)) {
          const counts = await upsertBatch(tx, t, batch);
          total.inserted += counts.inserted;
          total.updated += counts.updated;
          total.unchanged += counts.unchanged;
        }
        return total;
      });
    } catch (e) {
      throw toStorageError(e, 'upsert cases');
    }
  }

  return {
    async upsert(tenant, record) {
      const counts = await upsertMany(tenant, [record]);
      return counts.inserted > 0 ? 'inserted' : counts.updated > 0 ? 'updated' : 'unchanged';
    },

    upsertMany,

    async get(tenant, ref) {
      const rows = await db.query(`SELECT ${CASE_COLUMNS} FROM cases WHERE tenant_id = $1 AND ref = $2`, [
        requireTenant(tenant),
        ref,
      ]);
      return rows[0] === undefined ? null : toCase(parseStored(CaseRow, rows[0], 'case'));
    },

    async list(tenant, options = {}) {
      const limit = pageSize(options.limit, 50, 500);
      const params: unknown[] = [requireTenant(tenant)];
      const where = ['tenant_id = $1'];
      const status = options.status ?? 'all';
      if (status !== 'all') {
        params.push(status === 'solved');
        where.push(`solved = $${params.length}`);
      }
      if (options.cursor) {
        const [createdAt, ref] = decodeCursor(options.cursor);
        params.push(createdAt, ref);
        where.push(`(created_at, ref) < ($${params.length - 1}::timestamptz, $${params.length})`);
      }
      params.push(limit + 1);
      let rows: unknown[];
      try {
        rows = await db.query(
          `SELECT ${CASE_COLUMNS}, created_at::text AS created_at_exact FROM cases
           WHERE ${where.join(' AND ')}
           ORDER BY created_at DESC, ref DESC
           LIMIT $${params.length}`,
          params,
        );
      } catch (e) {
        throw toStorageError(e, 'list cases');
      }
      const parsed = rows.map((row) => parseStored(CaseRowWithCursor, row, 'case'));
      const page = parsed.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toCase),
        nextCursor:
          parsed.length > limit && last !== undefined ? encodeCursor(last.created_at_exact, last.ref) : null,
      };
    },

    async history(tenant, who, options = {}) {
      const params: unknown[] = [requireTenant(tenant)];
      const anyOf: string[] = [];
      if (who.requesterId) {
        params.push(who.requesterId);
        anyOf.push(`requester_id = $${params.length}`);
      }
      if (who.requesterEmail) {
        params.push(who.requesterEmail.toLowerCase());
        anyOf.push(`requester_email = $${params.length}`);
      }
      if (who.organizationId) {
        params.push(who.organizationId);
        anyOf.push(`organization_id = $${params.length}`);
      }
      if (anyOf.length === 0) return [];
      let exclude = '';
      if (options.excludeRef !== undefined) {
        params.push(options.excludeRef);
        exclude = `AND ref <> $${params.length}`;
      }
      params.push(pageSize(options.limit, 20, 200));
      const rows = await db.query(
        `SELECT ${CASE_COLUMNS} FROM cases
         WHERE tenant_id = $1 AND (${anyOf.join(' OR ')}) ${exclude}
         ORDER BY created_at DESC, ref DESC
         LIMIT $${params.length}`,
        params,
      );
      return rows.map((row) => toCase(parseStored(CaseRow, row, 'case')));
    },
  };
}
