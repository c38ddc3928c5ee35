import { z } from 'zod';
import { ActionKind, Autonomy, DraftKind, MissingKey, RiskClass } from '@triage/shared';
import { Condition } from './rules';

export const Severity = z.enum(['sev1', 'sev2', 'sev3', 'sev4']);
export type Severity = z.infer<typeof Severity>;

export const ProductDef = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** Words and phrases that name the product in customer text. */
  keywords: z.array(z.string().min(1)).min(1),
  components: z.array(z.string()).default([]),
});
export type ProductDef = z.infer<typeof ProductDef>;

export const SlaTarget = z.object({
  firstResponseMinutes: z.number().int().positive(),
  resolutionMinutes: z.number().int().positive(),
});

export const SlaPolicy = z.object({
  /** tier -> severity -> targets. */
  tiers: z.record(z.string(), z.record(Severity, SlaTarget)),
  defaultTier: z.string(),
  /** Share of the first-response window after which the case is "at risk". */
  atRiskFraction: z.number().gt(0).lt(1).default(0.75),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;

const RuleBase = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  description: z.string().min(1),
  priority: z.number().int().default(0),
  when: Condition,
});

export const RoutingRule = RuleBase.extend({ queue: z.string().min(1) });
export type RoutingRule = z.infer<typeof RoutingRule>;

export const SeverityRule = RuleBase.extend({ severity: Severity });
export type SeverityRule = z.infer<typeof SeverityRule>;

/** Approved language. Slots are `{{name}}`; values are escaped data, never template syntax. */
export const Template = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  kind: z.union([DraftKind, z.literal('question')]),
  locale: z.string().min(2),
  version: z.number().int().positive(),
  title: z.string(),
  body: z.string().min(1),
  riskClasses: z.array(RiskClass).default([]),
  /** For questions: the missing item it asks about. */
  missingKey: MissingKey.optional(),
});
export type Template = z.infer<typeof Template>;

export const ActionPolicy = z.object({
  autonomy: Autonomy,
  roles: z.array(z.string()).min(1),
  expiresInMinutes: z.number().int().positive().default(15),
});

export const ApprovalPolicy = z.object({
  actions: z.partialRecord(ActionKind, ActionPolicy),
  /** Risk classes for which the approver must differ from the requester. */
  fourEyesRiskClasses: z.array(RiskClass),
});
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

export const TroubleshootingStep = z.object({
  id: z.string(),
  product: z.string(),
  title: z.string(),
  keywords: z.array(z.string()).min(1),
  steps: z.array(z.string()).min(1),
});
export type TroubleshootingStep = z.infer<typeof TroubleshootingStep>;

/** A tenant's configuration: products, SLA policy, rules, approved language and approval policy. */
export const TenantConfig = z.object({
  name: z.string().min(1),
  defaultLocale: z.string().default('en'),
  products: z.array(ProductDef),
  slaPolicy: SlaPolicy,
  severityRules: z.array(SeverityRule).default([]),
  routing: z.object({
    /** Below this confidence the packet asks a person to route. */
    threshold: z.number().min(0).max(1).default(0.6),
    rules: z.array(RoutingRule).default([]),
    defaultQueue: z.string().optional(),
  }),
  templates: z.array(Template).min(1),
  troubleshooting: z.array(TroubleshootingStep).default([]),
  approvalPolicy: ApprovalPolicy,
  /** How evidence is cleaned before it is stored. IP addresses help diagnose network faults; some teams may keep them. */
  evidencePolicy: z
    .object({ redactIpAddresses: z.boolean().default(true) })
    .default({ redactIpAddresses: true }),
});
export type TenantConfig = z.infer<typeof TenantConfig>;
export type TenantConfigInput = z.input<typeof TenantConfig>;
