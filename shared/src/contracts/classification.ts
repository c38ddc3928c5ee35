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

export const Classification = z.object({
  dimension: Dimension,
  value: z.string(),
  confidence: Confidence,
  because: Reasons,
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
  templateId: z.string(),
  because: Reasons,
});
export type MissingItem = z.infer<typeof MissingItem>;
