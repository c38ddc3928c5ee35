import { z } from 'zod';

export const RiskClass = z.enum([
  'root-cause-statement',
  'service-credit',
  'destructive-action',
  'account-change',
  'production-config-change',
  'security-sensitive-evidence',
  'customer-facing-commitment',
]);
export type RiskClass = z.infer<typeof RiskClass>;

export const RequiredApprovals = z.object({
  roles: z.array(z.string()).min(1),
  /** Approver must differ from the requester. */
  fourEyes: z.boolean(),
  expiresInMinutes: z.number().int().positive(),
});
export type RequiredApprovals = z.infer<typeof RequiredApprovals>;

export const DraftKind = z.enum([
  'acknowledgement',
  'request-info',
  'known-issue-update',
  'workaround',
  'incident-update',
  'resolution',
  'escalation-notice',
]);
export type DraftKind = z.infer<typeof DraftKind>;

export const DraftPayload = z.object({
  visibility: z.enum(['public', 'internal']),
  locale: z.string(),
  body: z.string(),
});
export type DraftPayload = z.infer<typeof DraftPayload>;

/** A customer update written only from an approved template; slots filled from packet fields and evidence. */
export const Draft = z.object({
  id: z.string(),
  kind: DraftKind,
  templateId: z.string(),
  templateVersion: z.number().int().positive(),
  riskClasses: z.array(RiskClass),
  payload: DraftPayload,
  /** SHA-256 (hex) of the canonical JSON of `payload`. An approval binds to it. */
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
  requiredApprovals: RequiredApprovals,
  /** Slots filled, with where each value came from. */
  slots: z.array(z.object({ name: z.string(), source: z.string() })),
});
export type Draft = z.infer<typeof Draft>;
