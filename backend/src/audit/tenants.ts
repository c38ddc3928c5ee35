import { z } from 'zod';
import type { Db } from '../storage/index';

const TenantRow = z.object({ tenant_id: z.string() });

/**
 * Every tenant that has at least one audit event, sorted. Read straight from `audit_events` (not the
 * tenants table): audit rows may exist before, or without, a stored tenant configuration.
 *
 * The ids are returned as stored, unvalidated: a tampered row may carry an id the repositories refuse,
 * and the verifier must still report it rather than skip it.
 */
export async function listAuditTenants(db: Db): Promise<string[]> {
  const rows = await db.query('select distinct tenant_id from audit_events order by 1');
  return rows.map((row) => TenantRow.parse(row).tenant_id);
}
