import { IsoDateTime } from '@triage/shared';
import { z } from 'zod';
import { StorageError, toStorageError, type Db } from '../db';
import { chunks, pageSize, parseStored, requireTenant } from './internal';

/**
 * One record a demo connector serves: a CRM account, an order, an invoice, a known issue, a release,
 * an incident, a status component, a log line, an error event, a troubleshooting step. `data` is the
 * connector's own JSON object; the connector parses it with its schema.
 */
export interface SourceRecord {
  source: string;
  kind: string;
  ref: string;
  data: Record<string, unknown>;
  observedAt: string;
}

/**
 * Filters for {@link SourceRecordsRepository.find}. `where` compares top-level fields of `data` as text
 * (`data->>'accountId' = 'acme'`); all must match. Field names are data, sent as parameters.
 */
export interface SourceRecordFilter {
  kind: string;
  source?: string;
  where?: Readonly<Record<string, string>>;
  /** Only records observed at or after this instant (ISO). */
  observedSince?: string;
  /** Newest first; defaults to 100, at most 1000. */
  limit?: number;
}

/** The generic store behind the demo connectors. */
export interface SourceRecordsRepository {
  /**
   * Inserts or replaces records keyed by (source, kind, ref), in one transaction. When a key appears
   * twice, the last record wins.
   */
  upsertMany(
    tenant: string,
    records: readonly SourceRecord[],
  ): Promise<{ inserted: number; updated: number }>;
  /** One record, or null. */
  get(tenant: string, key: { source: string; kind: string; ref: string }): Promise<SourceRecord | null>;
  /** All records of one source and kind, newest first (limit defaults to 100, at most 1000). */
  findBySource(
    tenant: string,
    source: string,
    kind: string,
    options?: { limit?: number },
  ): Promise<SourceRecord[]>;
  /** Records of a kind matching simple equality filters, newest first. */
  find(tenant: string, filter: SourceRecordFilter): Promise<SourceRecord[]>;
}

const Row = z.object({
  source: z.string(),
  kind: z.string(),
  ref: z.string(),
  data: z.record(z.string(), z.unknown()),
  observed_at: IsoDateTime,
});

function toRecord(row: unknown): SourceRecord {
  const r = parseStored(Row, row, 'source record');
  return { source: r.source, kind: r.kind, ref: r.ref, data: r.data, observedAt: r.observed_at };
}

const COLUMNS = 'source, kind, ref, data, observed_at';
const UPSERT_BATCH = 1000;

/** Creates the source-records repository over a {@link Db} (or a transaction handle). */
export function createSourceRecordsRepository(db: Db): SourceRecordsRepository {
  async function query(sql: string, params: unknown[]): Promise<SourceRecord[]> {
    try {
      return (await db.query(sql, params)).map(toRecord);
    } catch (e) {
      throw toStorageError(e, 'read source records');
    }
  }

  return {
    async upsertMany(tenant, records) {
      const t = requireTenant(tenant);
      const byKey = new Map<string, SourceRecord>();
      for (const record of records) {
        if (!IsoDateTime.safeParse(record.observedAt).success) {
          throw new StorageError('invalid_input', 'source record observedAt is not an ISO timestamp');
        }
        const key = JSON.stringify([record.source, record.kind, record.ref]);
        byKey.delete(key);
        byKey.set(key, record);
      }
      const unique = [...byKey.values()].map((r) => ({
        source: r.source,
        kind: r.kind,
        ref: r.ref,
        data: r.data,
        observed_at: r.observedAt,
      }));
      if (unique.length === 0) return { inserted: 0, updated: 0 };
      try {
        return await db.transaction(async (tx) => {
          let inserted = 0;
          let updated = 0;
          for (const batch of chunks(unique, UPSERT_BATCH)) {
            const rows = await tx.query<{ inserted: boolean }>(
              `INSERT INTO source_records (tenant_id, source, kind, ref, data, observed_at)
               SELECT $1, r.source, r.kind, r.ref, r.data, r.observed_at
               FROM jsonb_to_recordset($2::jsonb) AS r(source text, kind text, ref text, data jsonb, observed_at timestamptz)
               ON CONFLICT (tenant_id, source, kind, ref) DO UPDATE SET data = excluded.data, observed_at = excluded.observed_at
               RETURNING (xmax = 0) AS inserted`,
              [t, JSON.stringify(batch)],
            );
            const fresh = rows.filter((r) => r.inserted).length;
            inserted += fresh;
            updated += rows.length - fresh;
          }
          return { inserted, updated };
        });
      } catch (e) {
        throw toStorageError(e, 'upsert source records');
      }
    },

    async get(tenant, key) {
      const rows = await query(
        `SELECT ${COLUMNS} FROM source_records WHERE tenant_id = $1 AND source = $2 AND kind = $3 AND ref = $4`,
        [requireTenant(tenant), key.source, key.kind, key.ref],
      );
      return rows[0] ?? null;
    },

    findBySource(tenant, source, kind, options = {}) {
      return query(
        `SELECT ${COLUMNS} FROM source_records WHERE tenant_id = $1 AND source = $2 AND kind = $3
         ORDER BY observed_at DESC, ref LIMIT $4`,
        [requireTenant(tenant), source, kind, pageSize(options.limit, 100, 1000)],
      );
    },

    find(tenant, filter) {
      const params: unknown[] = [requireTenant(tenant), filter.kind];
      const where = ['tenant_id = $1', 'kind = $2'];
      if (filter.source !== undefined) {
        params.push(filter.source);
        where.push(`source = $${params.length}`);
      }
      for (const [field, value] of Object.entries(filter.where ?? {})) {
        params.push(field, value);
        where.push(`data ->> $${params.length - 1} = $${params.length}`);
      }
      if (filter.observedSince !== undefined) {
        params.push(filter.observedSince);
        where.push(`observed_at >= $${params.length}::timestamptz`);
      }
      params.push(pageSize(filter.limit, 100, 1000));
      return query(
        `SELECT ${COLUMNS} FROM source_records WHERE ${where.join(' AND ')}
         ORDER BY observed_at DESC, source, ref LIMIT $${params.length}`,
        params,
      );
    },
  };
}
