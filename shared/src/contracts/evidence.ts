import { z } from 'zod';
import { IsoDateTime } from './common';

export const EvidenceKind = z.enum([
  'ticket',
  'case-history',
  'account',
  'order',
  'invoice',
  'log',
  'error-event',
  'release',
  'known-issue',
  'defect',
  'incident',
  'status-component',
  'attachment',
  'troubleshooting-step',
]);
export type EvidenceKind = z.infer<typeof EvidenceKind>;

export const RedactionKind = z.enum(['email', 'phone', 'card', 'iban', 'secret', 'ip-address']);

/** What was removed from an evidence item before it was stored: the kind and how many, never the value. */
export const Redaction = z.object({ kind: RedactionKind, count: z.number().int().positive() });
export type Redaction = z.infer<typeof Redaction>;

/** Structured facts an evidence item carries (tier, ARR, status, version, ...). Flat and JSON-safe. */
export const EvidenceAttributes = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]),
);

/** One source-linked, time-stamped, redacted fact a connector found about a case. */
export const Evidence = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  kind: EvidenceKind,
  title: z.string(),
  excerpt: z.string(),
  url: z.string().nullable(),
  observedAt: IsoDateTime,
  redactions: z.array(Redaction),
  sensitive: z.boolean().default(false),
  attributes: EvidenceAttributes.default({}),
});
export type Evidence = z.infer<typeof Evidence>;

export const SourceStatus = z.enum(['ok', 'slow', 'failed', 'not-configured', 'circuit-open']);
export type SourceStatus = z.infer<typeof SourceStatus>;

/** How one evidence source fared while a packet was built. */
export const SourceReport = z.object({
  source: z.string(),
  status: SourceStatus,
  latencyMs: z.number().nonnegative(),
  items: z.number().int().nonnegative(),
  reason: z.string().optional(),
});
export type SourceReport = z.infer<typeof SourceReport>;

export const Completeness = z.object({
  score: z.number().min(0).max(1),
  sources: z.array(SourceReport),
});
export type Completeness = z.infer<typeof Completeness>;
