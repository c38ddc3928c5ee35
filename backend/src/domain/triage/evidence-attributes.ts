import { z } from 'zod';
import type { Evidence } from '@triage/shared';

/**
 * The structured facts the engine reads from evidence, one schema per kind. Connectors fill
 * `Evidence.attributes`; the engine parses them here and ignores an item whose facts don't parse, rather
 * than trusting a connector's shape.
 */
export const AccountFacts = z.object({
  accountId: z.string(),
  name: z.string(),
  tier: z.string(),
  arr: z.number().nullable().default(null),
  owner: z.string().nullable().default(null),
});

export const InvoiceFacts = z.object({
  invoiceId: z.string(),
  status: z.string(),
  amount: z.number(),
  currency: z.string(),
});

export const HistoryFacts = z.object({
  caseRef: z.string(),
  status: z.string().nullable().default(null),
  priority: z.string().nullable().default(null),
  escalated: z.boolean().default(false),
});

export const LogFacts = z.object({
  level: z.string(),
  count: z.number().int().positive().default(1),
  signature: z.string().nullable().default(null),
});

export const ErrorEventFacts = z.object({
  product: z.string().nullable().default(null),
  release: z.string().nullable().default(null),
  count: z.number().default(1),
  signature: z.string().nullable().default(null),
});

export const ReleaseFacts = z.object({
  version: z.string(),
  product: z.string(),
  components: z.array(z.string()).default([]),
  releasedAt: z.string(),
});

export const KnownIssueFacts = z.object({
  product: z.string(),
  component: z.string().nullable().default(null),
  status: z.string(),
  signature: z.string().nullable().default(null),
  workaround: z.string().nullable().default(null),
  fixedIn: z.string().nullable().default(null),
});

export const IncidentFacts = z.object({
  product: z.string(),
  components: z.array(z.string()).default([]),
  status: z.string(),
  impact: z.string(),
  startedAt: z.string(),
  resolvedAt: z.string().nullable().default(null),
});

export const StatusComponentFacts = z.object({
  product: z.string(),
  status: z.string(),
});

/** Evidence of one kind whose facts parsed. */
export function factsOf<T extends z.ZodType>(
  evidence: readonly Evidence[],
  kind: Evidence['kind'],
  schema: T,
): { evidence: Evidence; facts: z.output<T> }[] {
  const out: { evidence: Evidence; facts: z.output<T> }[] = [];
  for (const e of evidence) {
    if (e.kind !== kind) continue;
    const parsed = schema.safeParse(e.attributes);
    if (parsed.success) out.push({ evidence: e, facts: parsed.data });
  }
  return out;
}
