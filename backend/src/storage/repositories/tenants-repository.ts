import { IsoDateTime } from '@triage/shared';
import { z } from 'zod';
import { toStorageError, type Db } from '../db';
import { parseStored, requireTenant } from './internal';

/** A tenant as stored. `config` (rules, templates, thresholds) is validated by the domain's schema. */
export interface StoredTenant {
  id: string;
  name: string;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Tenants: one row per Zendesk subdomain or Atlassian site. */
export interface TenantsRepository {
  /** Creates the tenant or replaces its name and config. */
  upsert(tenant: { id: string; name: string; config: Record<string, unknown> }): Promise<StoredTenant>;
  /** The tenant, or null when it has never been stored. */
  get(id: string): Promise<StoredTenant | null>;
}

const TenantRow = z.object({
  id: z.string(),
  name: z.string(),
  config: z.record(z.string(), z.unknown()),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

function toTenant(row: unknown): StoredTenant {
  const r = parseStored(TenantRow, row, 'tenant');
  return { id: r.id, name: r.name, config: r.config, createdAt: r.created_at, updatedAt: r.updated_at };
}

/** Creates the tenants repository over a {@link Db} (or a transaction handle). */
export function createTenantsRepository(db: Db): TenantsRepository {
  return {
    async upsert(tenant) {
      const id = requireTenant(tenant.id);
      try {
        const rows = await db.query(
          `INSERT INTO tenants (id, name, config) VALUES ($1, $2, $3::jsonb)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, config = excluded.config, updated_at = now()
           RETURNING id, name, config, created_at, updated_at`,
          [id, tenant.name, JSON.stringify(tenant.config)],
        );
        return toTenant(rows[0]);
      } catch (e) {
        throw toStorageError(e, 'upsert tenant');
      }
    },

    async get(id) {
      const rows = await db.query(
        'SELECT id, name, config, created_at, updated_at FROM tenants WHERE id = $1',
        [requireTenant(id)],
      );
      return rows[0] === undefined ? null : toTenant(rows[0]);
    },
  };
}
