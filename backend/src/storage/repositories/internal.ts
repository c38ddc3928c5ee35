import { TenantId } from '@triage/shared';
import type { z } from 'zod';
import { StorageError } from '../db';

/**
 * Checks the tenant key every repository method takes. It comes from a verified token, so a bad value
 * is a programming error upstream; refusing it here keeps an empty tenant from ever matching rows.
 */
export function requireTenant(tenant: string): string {
  const parsed = TenantId.safeParse(tenant);
  if (!parsed.success) throw new StorageError('invalid_input', 'invalid tenant id');
  return parsed.data;
}

/**
 * Parses a row (or a JSON blob inside one) read back from the database. A failure means the stored data
 * no longer matches its contract (a bad migration, a manual edit): a 500 with a clear code, not a crash
 * further in.
 */
export function parseStored<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new StorageError('corrupt_row', `stored ${what} does not match its contract`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Clamps a caller's page size to [1, max], defaulting when absent. */
export function pageSize(requested: number | undefined, fallback: number, max: number): number {
  if (requested === undefined || !Number.isFinite(requested)) return fallback;
  return Math.min(max, Math.max(1, Math.trunc(requested)));
}

/** Splits a list into chunks, to keep one statement's JSON parameter to a bounded size. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
