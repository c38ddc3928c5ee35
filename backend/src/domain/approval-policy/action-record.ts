import { z } from 'zod';
import { ActionKind, ActionState, Actor, Autonomy, IsoDateTime, RiskClass } from '@triage/shared';

/**
 * Where a proposed action stands (the shared `ActionState`). `proposed → approved → executing → done |
 * failed`; a proposal can also end `rejected`, `revoked` or `superseded` (its payload was edited, so a new
 * proposal replaced it), and an approval that lapses before the write starts ends `expired`.
 */
export const ACTION_STATUSES = ActionState.options;

/** One of {@link ACTION_STATUSES}. */
export type ActionStatus = ActionState;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** What one proposed action needs before it may be written; see `requirementsFor`. */
export const ApprovalRequirementSchema = z
  .object({
    actionKind: ActionKind,
    riskClasses: z.array(RiskClass).readonly(),
    autonomy: Autonomy,
    /** The approver must hold one of these roles. */
    roles: z.array(z.string().min(1)).min(1).readonly(),
    /** The approver must not be the requester: some risk class is in the policy's `fourEyesRiskClasses`. */
    fourEyes: z.boolean(),
    /** An approval is valid for this long after it is given. */
    expiresInMinutes: z.number().int().positive(),
    /** False for `observe` and `advise`: nothing may be approved or written. */
    writable: z.boolean(),
    /**
     * False only for `act` autonomy on an action with no risk classes: such an action may be written
     * without a person's approval (the write is still audited). Any risk class brings the approval back.
     */
    approvalRequired: z.boolean(),
  })
  .readonly();
/** What one proposed action needs before it may be written, derived from the tenant's policy. */
export type ApprovalRequirement = z.infer<typeof ApprovalRequirementSchema>;

/** A person's approval of one exact payload. */
export const GrantedApprovalSchema = z
  .object({
    id: z.string().min(1),
    approver: Actor,
    /** The role that qualified the approver when they approved. */
    role: z.string().min(1),
    payloadHash: Sha256Hex,
    approvedAt: IsoDateTime,
    expiresAt: IsoDateTime,
  })
  .readonly();
/** A person's approval of one exact payload. */
export type GrantedApproval = z.infer<typeof GrantedApprovalSchema>;

/** Who closed an action without a write (reject, revoke), when, and why. */
export const ClosureSchema = z
  .object({ actor: Actor, at: IsoDateTime, reason: z.string().optional() })
  .readonly();
/** Who closed an action without a write (reject, revoke), when, and why. */
export type Closure = z.infer<typeof ClosureSchema>;

/**
 * The approval state of one proposed action. Plain data: storage persists it as is, and writes it back
 * only if `version` is unchanged (compare-and-set), which is what makes two concurrent approvals of
 * the same proposal end with exactly one approval.
 */
export const ActionRecordSchema = z
  .object({
    actionId: z.string().min(1),
    kind: ActionKind,
    /** Carries the action's risk classes; fixed when the action is proposed. */
    requirement: ApprovalRequirementSchema,
    /** SHA-256 (hex) of the canonical JSON of the exact payload this proposal would write. */
    payloadHash: Sha256Hex,
    requester: Actor,
    proposedAt: IsoDateTime,
    status: ActionState,
    /** Incremented by every accepted transition. */
    version: z.number().int().nonnegative(),
    approval: GrantedApprovalSchema.nullable(),
    closure: ClosureSchema.nullable(),
    /** The action id of the proposal that replaced this one after an edit. */
    supersededBy: z.string().nullable(),
  })
  .readonly();
/** The approval state of one proposed action; parse stored rows with {@link ActionRecordSchema}. */
export type ActionRecord = z.infer<typeof ActionRecordSchema>;
