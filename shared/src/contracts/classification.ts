import { z } from 'zod';
import { Confidence, Reasons } from './common';

/** The dimensions every packet classifies. Learned label keys from a team's history appear as `label:<key>`. */
export const CoreDimension = z.enum([
  'product',
  'severity',
  'sla',
  'customer_tier',
  'channel',
  'sentiment',
  'business_impact',
  'prior_escalations',
  'service_state',
  'language',
]);
export type CoreDimension = z.infer<typeof CoreDimension>;

export const Dimension = z.union([CoreDimension, z.string().regex(/^label:[A-Za-z0-9_.-]+$/)]);
export type Dimension = z.infer<typeof Dimension>;

/** Structured facts behind a value, for the sidebars (an SLA's due time, a language's fallback). */
export const ClassificationFacts = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);
export type ClassificationFacts = z.infer<typeof ClassificationFacts>;

export const Classification = z.object({
  dimension: Dimension,
  value: z.string(),
  confidence: Confidence,
  because: Reasons,
  /**
   * For `sla`: `firstResponseDueAt`, `resolutionDueAt`, `breachRisk` (none, low, medium, high, breached),
   * `minutesLeft`. For `language`: `guess`, `reliable`, `letters`, `locale` (what drafts are written in).
   */
  facts: ClassificationFacts.optional(),
});
export type Classification = z.infer<typeof Classification>;

export const FlagKey = z.enum([
  'routine',
  'known',
  'missing-evidence',
  'customer-impacting',
  'engineering',
  'billing',
  'unsafe-for-automation',
]);
export type FlagKey = z.infer<typeof FlagKey>;

/** A flag is listed whether raised or not, so that "why not" is as explainable as "why". */
export const Flag = z.object({
  flag: FlagKey,
  raised: z.boolean(),
  confidence: Confidence,
  because: Reasons,
});
export type Flag = z.infer<typeof Flag>;

export const MissingKey = z.enum([
  'account_id',
  'time_window',
  'reproduction_steps',
  'environment',
  'affected_users',
  'permissions',
  'customer_authorization',
  'error_text',
  'order_or_invoice',
]);
export type MissingKey = z.infer<typeof MissingKey>;

/** Evidence a specialist needs for this kind of case and does not have yet. */
export const MissingItem = z.object({
  key: MissingKey,
  why: z.string(),
  question: z.string(),
  /** The approved question as `id@version`. */
  templateId: z.string(),
  /** The question's locale: the customer's language, or the tenant default when it has no approved text. */
  locale: z.string().optional(),
  because: Reasons,
});
export type MissingItem = z.infer<typeof MissingItem>;
