import { IsoDateTime } from '@triage/shared';
import { z } from 'zod';
import { toStorageError, type Db } from '../db';
import { parseStored, requireTenant } from './internal';

/** A configured connector as stored. `sealedSecrets` is ciphertext; only the connector factory opens it. */
export interface StoredConnector {
  id: string;
  type: string;
  config: Record<string, unknown>;
  sealedSecrets: string | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A tenant's configured evidence connectors. */
export interface ConnectorsRepository {
  /** Creates or replaces one connector. `sealedSecrets: undefined` keeps the stored secrets. */
  upsert(
    tenant: string,
    connector: {
      id: string;
      type: string;
      config: Record<string, unknown>;
      sealedSecrets?: string | null;
      enabled: boolean;
    },
  ): Promise<StoredConnector>;
  get(tenant: string, id: string): Promise<StoredConnector | null>;
  list(tenant: string): Promise<StoredConnector[]>;
  /** @returns whether a connector was removed. */
  remove(tenant: string, id: string): Promise<boolean>;
}

const Row = z.object({
  id: z.string(),
  type: z.string(),
  config: z.record(z.string(), z.unknown()),
  sealed_secrets: z.string().nullable(),
  enabled: z.boolean(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

function toConnector(row: unknown): StoredConnector {
  const r = parseStored(Row, row, 'connector');
  return {
    id: r.id,
    type: r.type,
    config: r.config,
    sealedSecrets: r.sealed_secrets,
    enabled: r.enabled,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const COLUMNS = 'id, type, config, sealed_secrets, enabled, created_at, updated_at';

/** Creates the connectors repository over a {@link Db} (or a transaction handle). */
export function createConnectorsRepository(db: Db): ConnectorsRepository {
  return {
    async upsert(tenant, c) {
      const t = requireTenant(tenant);
      const keepSecrets = c.sealedSecrets === undefined;
      try {
        const rows = await db.query(
          `INSERT INTO connectors (tenant_id, id, type, config, sealed_secrets, enabled)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6)
           ON CONFLICT (tenant_id, id) DO UPDATE SET
             type = excluded.type,
             config = excluded.config,
             sealed_secrets = CASE WHEN $7::boolean THEN connectors.sealed_secrets ELSE excluded.sealed_secrets END,
             enabled = excluded.enabled,
             updated_at = now()
           RETURNING ${COLUMNS}`,
          [t, c.id, c.type, JSON.stringify(c.config), c.sealedSecrets ?? null, c.enabled, keepSecrets],
        );
        return toConnector(rows[0]);
      } catch (e) {
        throw toStorageError(e, 'upsert connector');
      }
    },

    async get(tenant, id) {
      const rows = await db.query(`SELECT ${COLUMNS} FROM connectors WHERE tenant_id = $1 AND id = $2`, [
        requireTenant(tenant),
        id,
      ]);
      return rows[0] === undefined ? null : toConnector(rows[0]);
    },

    async list(tenant) {
      const rows = await db.query(`SELECT ${COLUMNS} FROM connectors WHERE tenant_id = $1 ORDER BY id`, [
        requireTenant(tenant),
      ]);
      return rows.map(toConnector);
    },

    async remove(tenant, id) {
      const rows = await db.query('DELETE FROM connectors WHERE tenant_id = $1 AND id = $2 RETURNING id', [
        requireTenant(tenant),
        id,
      ]);
      return rows.length > 0;
    },
  };
}
