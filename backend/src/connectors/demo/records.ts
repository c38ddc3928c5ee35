import { z } from 'zod';
import type { SourceRecord, SourceRecordsRepository } from '../../storage';
import type { EvidenceQuery } from '../types';

/** Parses stored records with the connector's schema, skipping (not trusting) rows that don't fit. */
export function parseAll<T extends z.ZodType>(
  records: readonly SourceRecord[],
  schema: T,
): { record: SourceRecord; data: z.output<T> }[] {
  const out: { record: SourceRecord; data: z.output<T> }[] = [];
  for (const record of records) {
    const parsed = schema.safeParse(record.data);
    if (parsed.success) out.push({ record, data: parsed.data });
  }
  return out;
}

const AccountLookup = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string(),
  contacts: z.array(z.object({ email: z.string() })).default([]),
});

/**
 * Finds the CRM account a case belongs to, as a desk integration would: by the organization's id or name,
 * else by the requester's email (contact, then domain).
 */
export async function resolveAccountId(
  repo: SourceRecordsRepository,
  query: EvidenceQuery,
): Promise<string | null> {
  const accounts = parseAll(
    await repo.findBySource(query.tenant, 'crm', 'account', { limit: 1000 }),
    AccountLookup,
  );
  const org = query.record.organization;
  const email = query.record.requester?.email?.toLowerCase() ?? '';
  const domain = email.includes('@') ? email.slice(email.lastIndexOf('@') + 1) : '';
  const hit =
    accounts.find((a) => org?.id !== undefined && a.data.id === org.id) ??
    accounts.find((a) => org?.name !== undefined && a.data.name.toLowerCase() === org.name.toLowerCase()) ??
    accounts.find((a) => email !== '' && a.data.contacts.some((c) => c.email.toLowerCase() === email)) ??
    accounts.find((a) => domain !== '' && a.data.domain.toLowerCase() === domain);
  return hit?.data.id ?? null;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
