import { IsoDateTime } from '@triage/shared';
import { z } from 'zod';
import { toStorageError, type Db } from '../db';
import { parseStored, requireTenant } from './internal';

/** A trained model as stored. `model` is the engine's serialised model, parsed with its schema. */
export interface StoredModel<T> {
  version: string;
  createdAt: string;
  /** How many cases it was trained on. */
  trainedOn: number;
  model: T;
}

/** Trained models, one row per (tenant, version). */
export interface ModelsRepository {
  /**
   * Stores a model under a new version.
   * @throws StorageError `unique_violation` when the version already exists for the tenant.
   */
  save(
    tenant: string,
    model: { version: string; trainedOn: number; model: unknown; createdAt?: string },
  ): Promise<void>;
  /**
   * The most recently created model, parsed with `schema` (pass the engine's model schema), or null
   * when the tenant has none.
   * @throws StorageError `corrupt_row` when the stored model does not match `schema`.
   */
  latest<S extends z.ZodType>(tenant: string, schema: S): Promise<StoredModel<z.output<S>> | null>;
}

const Row = z.object({
  version: z.string(),
  created_at: IsoDateTime,
  trained_on: z.number().int(),
  model: z.unknown(),
});

/** Creates the models repository over a {@link Db} (or a transaction handle). */
export function createModelsRepository(db: Db): ModelsRepository {
  return {
    async save(tenant, model) {
      try {
        await db.query(
          `INSERT INTO models (tenant_id, version, created_at, trained_on, model)
           VALUES ($1, $2, coalesce($3::timestamptz, now()), $4, $5::jsonb)`,
          [
            requireTenant(tenant),
            model.version,
            model.createdAt ?? null,
            model.trainedOn,
            JSON.stringify(model.model),
          ],
        );
      } catch (e) {
        throw toStorageError(e, 'save model');
      }
    },

    async latest(tenant, schema) {
      const rows = await db.query(
        `SELECT version, created_at, trained_on, model FROM models WHERE tenant_id = $1
         ORDER BY created_at DESC, stored_seq DESC LIMIT 1`,
        [requireTenant(tenant)],
      );
      if (rows[0] === undefined) return null;
      const row = parseStored(Row, rows[0], 'model');
      return {
        version: row.version,
        createdAt: row.created_at,
        trainedOn: row.trained_on,
        model: parseStored(schema, row.model, 'model'),
      };
    },
  };
}
