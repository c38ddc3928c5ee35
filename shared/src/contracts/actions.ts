import { z } from 'zod';
import { Actor, IsoDateTime } from './common';
import { RequiredApprovals, RiskClass } from './draft';
import { ActionKind, Autonomy, JsonValue } from './proposed-action';
import { WriteBackStatus } from './approval';

/**
 * Where a proposed action stands. `proposed → approved → executing → done | failed`; it can also end
 * `rejected`, `revoked`, `expired` (the approval lapsed before the write started) or `superseded` (its
 * payload was edited, so a new action replaced it).
 */
export const ActionState = z.enum([
  'proposed',
  'approved',
  'executing',
  'done',
  'failed',
  'rejected',
  'expired',
  'revoked',
  'superseded',
]);
export type ActionState = z.infer<typeof ActionState>;

/** An action id: `<packet id>~<proposal id>` for the engine's proposals, `act_<uuid>` for edits. */
export const ActionId = z
  .string()
  .min(1)
  .max(300)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:~-]*$/,
    'an action id is letters, digits, dot, dash, underscore, colon or ~',
  );

export const ActionIdParam = z.object({ actionId: ActionId });

/** A commitment the guard found in a payload's text, shown to the approver next to the text. */
export const CommitmentView = z.object({
  kind: z.enum(['deadline', 'credit', 'root-cause', 'guarantee']),
  riskClass: RiskClass,
  rule: z.string(),
  phrase: z.string(),
});
export type CommitmentView = z.infer<typeof CommitmentView>;

/** The latest write-back of an action, as the sidebar shows it. */
export const WriteBackView = z.object({
  id: z.string(),
  status: WriteBackStatus,
  attempts: z.number().int().nonnegative(),
  /** A stable code (`approval_invalid`, `rate_limited (429)`, ...), never a response body. */
  lastError: z.string().nullable(),
  externalId: z.string().nullable(),
  url: z.string().nullable(),
  nextAttemptAt: IsoDateTime.nullable(),
  updatedAt: IsoDateTime,
});
export type WriteBackView = z.infer<typeof WriteBackView>;

/** One proposed action with its approval state and its write-back, as both sidebars render it. */
export const ActionView = z.object({
  id: ActionId,
  packetId: z.string(),
  caseRef: z.string(),
  /** The proposal in the packet this action came from (unchanged through edits). */
  proposalId: z.string(),
  kind: ActionKind,
  title: z.string(),
  target: z.object({ system: z.string(), ref: z.string() }),
  riskClasses: z.array(RiskClass),
  payload: z.record(z.string(), JsonValue),
  /** SHA-256 of the canonical JSON of `payload`: what an approval or rejection must present. */
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
  requiredApprovals: RequiredApprovals,
  autonomy: Autonomy,
  /** False when the tenant's policy (`observe`/`advise`) means nothing is written, so nothing is approved. */
  writable: z.boolean(),
  state: ActionState,
  /** Null while the proposal is the engine's and no person has acted on it. */
  requester: Actor.nullable(),
  approval: z
    .object({ approver: Actor, role: z.string(), approvedAt: IsoDateTime, expiresAt: IsoDateTime })
    .nullable(),
  closure: z.object({ actor: Actor, at: IsoDateTime, reason: z.string().optional() }).nullable(),
  supersededBy: ActionId.nullable(),
  supersedes: ActionId.nullable(),
  commitments: z.array(CommitmentView),
  /** Links and @-mentions in the text, shown to the approver (PLATFORMS.md 3.7). */
  links: z.array(z.string()),
  /** Zero-width or bidi characters were found in the text and removed before hashing. */
  hiddenCharactersRemoved: z.boolean(),
  writeBack: WriteBackView.nullable(),
  draftId: z.string().optional(),
});
export type ActionView = z.infer<typeof ActionView>;

export const CaseActionsResponse = z.object({
  caseRef: z.string(),
  packetId: z.string(),
  actions: z.array(ActionView),
});
export type CaseActionsResponse = z.infer<typeof CaseActionsResponse>;

/** The payload hash the person saw: an approval or rejection binds to it, an edit must start from it. */
const PresentedHash = z.string().regex(/^[0-9a-f]{64}$/, 'payloadHash is the 64-hex SHA-256 you were shown');

export const EditActionRequest = z.object({
  payloadHash: PresentedHash,
  /** The edited text. Only the action's text field changes; everything else is kept as proposed. */
  body: z.string().trim().min(1).max(20_000),
});
export type EditActionRequest = z.infer<typeof EditActionRequest>;

export const ApproveActionRequest = z.object({ payloadHash: PresentedHash });
export type ApproveActionRequest = z.infer<typeof ApproveActionRequest>;

export const RejectActionRequest = z.object({
  payloadHash: PresentedHash,
  reason: z.string().trim().max(500).optional(),
});
export type RejectActionRequest = z.infer<typeof RejectActionRequest>;

export const RevokeActionRequest = z.object({ reason: z.string().trim().max(500).optional() });
export type RevokeActionRequest = z.infer<typeof RevokeActionRequest>;

/** One audit event about an action, for the sidebar's history: ids, hashes and actors, never bodies. */
export const AuditEntryView = z.object({
  seq: z.number().int().positive(),
  ts: IsoDateTime,
  actor: Actor,
  action: z.string(),
  objectType: z.string(),
  objectId: z.string(),
  payloadHash: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const ActionDetailResponse = z.object({
  action: ActionView,
  audit: z.array(AuditEntryView),
});
export type ActionDetailResponse = z.infer<typeof ActionDetailResponse>;

/** Who the sidebar is talking as: from the verified platform token, never from the page. */
export const SessionInfo = z.object({
  tenant: z.string(),
  actor: Actor,
  desk: z.enum(['zendesk', 'jsm', 'dev']),
});
export type SessionInfo = z.infer<typeof SessionInfo>;
