import { IsoDateTime } from '@triage/shared';
import { z } from 'zod';
import { toStorageError, type Db } from '../db';
import { parseStored, requireTenant } from './internal';

/** What a model version was trained on and how it did, without the model itself. */
export interface ModelVersionInfo {
  version: string;
  createdAt: string;
  /** When it last became the tenant's current model (saved, or brought back by a rollback). */
  activatedAt: string;
  /** Set when it was rolled back; a retired version is never current again by itself. */
  retiredAt: string | null;
  /** How many cases it was trained on. */
  trainedOn: number;
  /** Digest of the training set (null for versions stored before digests were kept). */
  trainingDigest: string | null;
  /** Per-label figures recorded at training time (classes, calibration, held-out accuracy and ECE). */
  metrics: Record<string, unknown>;
}

/** A trained model as stored. `model` is the engine's serialised model, parsed with its schema. */
export interface StoredModel<T> extends ModelVersionInfo {
  model: T;
}

/** The outcome of {@link ModelsRepository.rollback}. */
export interface RollbackOutcome {
  retired: string;
  current: string;
}

/**
 * Trained models, one row per (tenant, version). Every version is kept: the current one is the most
 * recently activated version that is not retired, so rolling back is retiring the current one.
 */
export interface ModelsRepository {
  /**
   * Stores a model under a new version, which becomes the tenant's current model.
   * @throws StorageError `unique_violation` when the version already exists for the tenant.
   */
  save(
    tenant: string,
    model: {
      version: string;
      trainedOn: number;
      model: unknown;
      createdAt?: string;
      trainingDigest?: string;
      metrics?: Record<string, unknown>;
    },
  ): Promise<void>;
  /**
   * The tenant's current model, parsed with `schema` (pass the engine's model schema), or null when
   * it has none.
   * @throws StorageError `corrupt_row` when the stored model does not match `schema`.
   */
  latest<S extends z.ZodType>(tenant: string, schema: S): Promise<StoredModel<z.output<S>> | null>;
  /** Every version of the tenant, the current one first, then the others newest first. */
  list(tenant: string): Promise<ModelVersionInfo[]>;
  /** Whether the tenant has ever stored `version` (current, earlier or retired). */
  has(tenant: string, version: string): Promise<boolean>;
  /**
   * Retires the current model, so that the version active before it is used again.
   * @returns the retired and the now-current versions, or null (and nothing changes) when there is
   *   no earlier version to go back to.
   */
  rollback(tenant: string, at?: string): Promise<RollbackOutcome | null>;
}

const Info = z.object({
  version: z.string(),
  created_at: IsoDateTime,
  activated_at: IsoDateTime,
  retired_at: IsoDateTime.nullable(),
  trained_on: z.number().int(),
  training_digest: z.string().nullable(),
  metrics: z.record(z.string(), z.unknown()),
});

const VersionOnly = z.object({ version: z.string() });

const Row = Info.extend({ model: z.unknown() });

const INFO_COLUMNS = 'version, created_at, activated_at, retired_at, trained_on, training_digest, metrics';

function toInfo(row: z.output<typeof Info>): ModelVersionInfo {
  return {
    version: row.version,
    createdAt: row.created_at,
    activatedAt: row.activated_at,
    retiredAt: row.retired_at,
    trainedOn: row.trained_on,
    trainingDigest: row.training_digest,
    metrics: row.metrics,
  };
}

/** Creates the models repository over a {@link Db} (or a transaction handle). */
export function createModelsRepository(db: Db): ModelsRepository {
  const currentQuery = (columns: string): string =>
    `SELECT ${columns} FROM models WHERE tenant_id = $1 AND retired_at IS NULL
     ORDER BY activated_at DESC, stored_seq DESC LIMIT 2`;

  return {
    async save(tenant, model) {
      try {
        await db.query(
          `INSERT INTO models (tenant_id, version, created_at, activated_at, trained_on, model,
                               training_digest, metrics)
           VALUES ($1, $2, coalesce($3::timestamptz, now()), coalesce($3::timestamptz, now()), $4,
                   $5::jsonb, $6, $7::jsonb)`,
          [
            requireTenant(tenant),
            model.version,
            model.createdAt ?? null,
            model.trainedOn,
            JSON.stringify(model.model),
            model.trainingDigest ?? null,
            JSON.stringify(model.metrics ?? {}),
          ],
        );
      } catch (e) {
        throw toStorageError(e, 'save model');
      }
    },

    async latest(tenant, schema) {
      const rows = await db.query(currentQuery(`${INFO_COLUMNS}, model`), [requireTenant(tenant)]);
      if (rows[0] === undefined) return null;
      const row = parseStored(Row, rows[0], 'model');
      return { ...toInfo(row), model: parseStored(schema, row.model, 'model') };
    },

    async list(tenant) {
      const rows = await db.query(
        `SELECT ${INFO_COLUMNS} FROM models WHERE tenant_id = $1
         ORDER BY (retired_at IS NULL) DESC, activated_at DESC, stored_seq DESC`,
        [requireTenant(tenant)],
      );
      return rows.map((r) => toInfo(parseStored(Info, r, 'model version')));
    },

    async has(tenant, version) {
      const rows = await db.query('SELECT 1 FROM models WHERE tenant_id = $1 AND version = $2', [
        requireTenant(tenant),
        version,
      ]);
      return rows.length > 0;
    },

    async rollback(tenant, at) {
      return db.transaction(async (tx) => {
        // Locks the tenant's current rows so two rollbacks at once cannot retire two versions.
        const rows = await tx.query(`${currentQuery('version')} FOR UPDATE`, [requireTenant(tenant)]);
        const [current, previous] = rows.map((r) => parseStored(VersionOnly, r, 'model version'));
        if (!current || !previous) return null;
        await tx.query(
          `UPDATE models SET retired_at = coalesce($3::timestamptz, now())
           WHERE tenant_id = $1 AND version = $2`,
          [tenant, current.version, at ?? null],
        );
        return { retired: current.version, current: previous.version };
      });
    },
  };
}
