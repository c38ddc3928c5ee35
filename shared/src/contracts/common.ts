import { z } from 'zod';

/** An ISO 8601 timestamp with an offset or `Z`, as every desk and export writes them. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** A probability in [0, 1]. */
export const Confidence = z.number().min(0).max(1);

/** Tenant key: a Zendesk subdomain or an Atlassian cloudId. Only ever taken from a verified token. */
export const TenantId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9][a-z0-9._:-]*$/i, 'tenant ids are letters, digits, dot, dash, underscore or colon');
export type TenantId = z.infer<typeof TenantId>;

/** Who did something. The kinds are never blurred: an engine decision is never recorded as a person's. */
export const ActorKind = z.enum(['person', 'engine', 'connector', 'system']);
export type ActorKind = z.infer<typeof ActorKind>;

export const Actor = z.object({
  kind: ActorKind,
  id: z.string().min(1),
  role: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;

/**
 * Why a packet statement holds. Every classification, flag, match and route carries at least one:
 * a piece of evidence, a rule, or a model (with what the model saw).
 */
export const Reason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('evidence'), evidenceId: z.string().min(1), detail: z.string() }),
  z.object({ kind: z.literal('rule'), ruleId: z.string().min(1), detail: z.string() }),
  z.object({ kind: z.literal('model'), model: z.string().min(1), detail: z.string() }),
]);
export type Reason = z.infer<typeof Reason>;

export const Reasons = z.array(Reason).min(1);
