import { z } from 'zod';
import { RequiredApprovals, RiskClass } from './draft';

export const ActionKind = z.enum([
  'internal-note',
  'public-reply',
  'set-tags',
  'set-fields',
  'engineering-issue',
  'crm-note',
  'escalation',
  'service-credit',
]);
export type ActionKind = z.infer<typeof ActionKind>;

export const Autonomy = z.enum(['observe', 'advise', 'act-with-approval', 'act']);
export type Autonomy = z.infer<typeof Autonomy>;

export const JsonValue: z.ZodType = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValue),
    z.record(z.string(), JsonValue),
  ]),
);

/** Something the product could write somewhere, once a person with the right role approves this exact payload. */
export const ProposedAction = z.object({
  id: z.string(),
  kind: ActionKind,
  title: z.string(),
  target: z.object({ system: z.string(), ref: z.string() }),
  riskClasses: z.array(RiskClass),
  payload: z.record(z.string(), JsonValue),
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
  requiredApprovals: RequiredApprovals,
  autonomy: Autonomy,
  draftId: z.string().optional(),
});
export type ProposedAction = z.infer<typeof ProposedAction>;
