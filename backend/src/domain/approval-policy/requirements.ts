import type { ActionKind, Actor, Autonomy, RequiredApprovals, RiskClass } from '@triage/shared';
import type { ApprovalPolicy } from '../tenant-config';
import type { ApprovalRequirement } from './action-record';
import { refuse, type Refusal } from './refusal';

/**
 * Fallbacks for an action type the tenant's policy does not mention. They match what the packet builder
 * (`domain/triage/drafts.ts`) shows, and `advise` means an unconfigured action type is never written.
 */
export const DEFAULT_AUTONOMY: Autonomy = 'advise';
export const DEFAULT_APPROVER_ROLES: readonly string[] = ['team-lead'];
export const DEFAULT_EXPIRY_MINUTES = 15;

/**
 * The approvals the tenant's policy requires for one action.
 *
 * Autonomy per action type: `observe` → nothing may be approved or written; `advise` → drafts only, no
 * write; `act-with-approval` → a valid approval is needed; `act` → may be written without approval only
 * when the action carries no risk class, otherwise as `act-with-approval`.
 */
export function requirementsFor(
  kind: ActionKind,
  riskClasses: readonly RiskClass[],
  policy: ApprovalPolicy,
): ApprovalRequirement {
  const action = policy.actions[kind];
  const autonomy = action?.autonomy ?? DEFAULT_AUTONOMY;
  const writable = autonomy === 'act-with-approval' || autonomy === 'act';
  return {
    actionKind: kind,
    riskClasses: [...riskClasses],
    autonomy,
    roles: [...(action?.roles ?? DEFAULT_APPROVER_ROLES)],
    fourEyes: riskClasses.some((r) => policy.fourEyesRiskClasses.includes(r)),
    expiresInMinutes: action?.expiresInMinutes ?? DEFAULT_EXPIRY_MINUTES,
    writable,
    approvalRequired: !(autonomy === 'act' && riskClasses.length === 0),
  };
}

/** The `RequiredApprovals` contract shape of a requirement, as packets and drafts carry it. */
export function toRequiredApprovals(requirement: ApprovalRequirement): RequiredApprovals {
  return {
    roles: [...requirement.roles],
    fourEyes: requirement.fourEyes,
    expiresInMinutes: requirement.expiresInMinutes,
  };
}

/** Two actors are the same when kind and id agree; the role they hold at the time does not matter. */
export function sameActor(a: Actor, b: Actor): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/** True when `now` is a valid instant. */
export function isValidInstant(now: Date): boolean {
  return Number.isFinite(now.getTime());
}

/**
 * Whether an approval with this `expiresAt` has lapsed at `now`. Fails closed: an unreadable timestamp
 * or clock counts as expired, and the expiry instant itself is already too late.
 */
export function isExpired(expiresAt: string, now: Date): boolean {
  const end = Date.parse(expiresAt);
  const at = now.getTime();
  return !(Number.isFinite(end) && Number.isFinite(at) && at < end);
}

/** Everything `canApprove` weighs. */
export interface ApprovalCheck {
  /** From platform-signed claims only (FIT `principal`, ZAF `sub`, our session), never a request body. */
  readonly approver: Actor;
  readonly requester: Actor;
  readonly requirement: ApprovalRequirement;
  /** The hash of the payload the approver saw and approved. */
  readonly presentedHash: string;
  /** The hash of the action's payload now. */
  readonly currentHash: string;
  readonly now: Date;
}

/** A yes from `canApprove`: the role that qualified the approver and when the approval lapses. */
export interface ApprovalGrant {
  readonly ok: true;
  readonly role: string;
  readonly expiresAt: string;
}

/**
 * Whether this person may approve this exact payload now. Checks, in this order (the first failure is
 * the answer): `invalid_clock`, `autonomy_forbids`, `not_a_person`, `hash_mismatch`, `wrong_role`,
 * `four_eyes`. Never throws for a refusal.
 */
export function canApprove(check: ApprovalCheck): ApprovalGrant | Refusal {
  const { approver, requester, requirement, presentedHash, currentHash, now } = check;
  if (!isValidInstant(now)) return refuse('invalid_clock', 'The server clock is not readable.');
  if (!requirement.writable) {
    return refuse(
      'autonomy_forbids',
      `Actions of type ${requirement.actionKind} are set to ${requirement.autonomy}: nothing is written, so nothing is approved.`,
    );
  }
  // Only a platform-verified person can approve; an engine or connector carrying a role claim cannot.
  if (approver.kind !== 'person') return refuse('not_a_person', 'Only a person can approve a write.');
  if (presentedHash !== currentHash) {
    return refuse('hash_mismatch', 'The payload changed after you reviewed it; review the current version.');
  }
  const role = approver.role;
  if (role === undefined || !requirement.roles.includes(role)) {
    return refuse('wrong_role', `Approving needs one of these roles: ${requirement.roles.join(', ')}.`);
  }
  if (requirement.fourEyes && sameActor(approver, requester)) {
    return refuse('four_eyes', 'This action needs a second person: the requester cannot approve it.');
  }
  const expiresAt = new Date(now.getTime() + requirement.expiresInMinutes * 60_000).toISOString();
  return { ok: true, role, expiresAt };
}
