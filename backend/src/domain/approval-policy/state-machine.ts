import type { ActionKind, Actor } from '@triage/shared';
import type { ActionRecord, ActionStatus, ApprovalRequirement, GrantedApproval } from './action-record';
import { checkExecution } from './gate';
import { refuse, type RefusalCode } from './refusal';
import { canApprove, isExpired, isValidInstant, sameActor } from './requirements';

/** The clock, when it is the clock that acts (`expire`). */
export const CLOCK_ACTOR: Actor = { kind: 'system', id: 'approval-clock' };

/** What can happen to a proposed action. Every actor comes from a verified source, never a body. */
export type ApprovalEvent =
  | {
      readonly type: 'approve';
      readonly approvalId: string;
      readonly approver: Actor;
      readonly presentedHash: string;
    }
  | {
      readonly type: 'reject';
      readonly actor: Actor;
      readonly presentedHash: string;
      readonly reason?: string;
    }
  | { readonly type: 'revoke'; readonly actor: Actor; readonly reason?: string }
  | {
      readonly type: 'edit';
      readonly actor: Actor;
      /** The id the new proposal gets: a new payload hash is a new proposal. */
      readonly newActionId: string;
      readonly payloadHash: string;
      /** When the edit changes the risk classes, the requirement recomputed with `requirementsFor`. */
      readonly requirement?: ApprovalRequirement;
    }
  | { readonly type: 'expire' }
  | { readonly type: 'start'; readonly actor: Actor; readonly payload: unknown }
  | { readonly type: 'succeed'; readonly actor: Actor }
  | { readonly type: 'fail'; readonly actor: Actor; readonly error: string };

/** The audit actions this domain asks for. Ids and hashes only, never payload bodies. */
export type ApprovalAuditAction =
  | 'action.proposed'
  | 'approval.granted'
  | 'approval.rejected'
  | 'approval.revoked'
  | 'approval.expired'
  | 'action.superseded'
  | 'write-back.started'
  | 'write-back.succeeded'
  | 'write-back.failed'
  | `${ApprovalEvent['type']}.refused`;

/**
 * What the caller must do after a transition, in the same transaction as persisting the new state
 * (PLATFORMS.md §3.3: approval row, outbox job and first audit event commit together).
 */
export type ApprovalEffect =
  | {
      readonly kind: 'audit';
      readonly action: ApprovalAuditAction;
      readonly actor: Actor;
      readonly actionId: string;
      readonly payloadHash: string;
      readonly code?: RefusalCode;
    }
  | {
      readonly kind: 'enqueue-write-back';
      readonly actionId: string;
      readonly approvalId: string | null;
      readonly payloadHash: string;
    }
  | { readonly kind: 'cancel-write-back'; readonly actionId: string }
  /** The proposal that replaces an edited one; persist it as a new action. */
  | { readonly kind: 'propose'; readonly record: ActionRecord };

/** An accepted transition. */
export interface Accepted {
  readonly ok: true;
  readonly state: ActionRecord;
  readonly effects: readonly ApprovalEffect[];
}

/** A refused transition: the state is unchanged, and the only effect is the audit of the refusal. */
export interface Refused {
  readonly ok: false;
  readonly code: RefusalCode;
  readonly message: string;
  readonly state: ActionRecord;
  readonly effects: readonly ApprovalEffect[];
}

/** The outcome of {@link transition}. */
export type TransitionResult = Accepted | Refused;

/** What a new proposal is made from. */
export interface ProposalInput {
  readonly actionId: string;
  readonly kind: ActionKind;
  /** From `requirementsFor`; it carries the risk classes. */
  readonly requirement: ApprovalRequirement;
  readonly payloadHash: string;
  readonly requester: Actor;
  readonly now: Date;
}

/**
 * A new proposed action and its effects: always an audit event, and for a risk-free `act` action the
 * write-back job too, since it needs no approval.
 *
 * @throws RangeError when `now` is not a valid date (a programming error, not a business refusal).
 */
export function propose(input: ProposalInput): Accepted {
  const record: ActionRecord = {
    actionId: input.actionId,
    kind: input.kind,
    requirement: input.requirement,
    payloadHash: input.payloadHash,
    requester: input.requester,
    proposedAt: input.now.toISOString(),
    status: 'proposed',
    version: 0,
    approval: null,
    closure: null,
    supersededBy: null,
  };
  const effects: ApprovalEffect[] = [audit(record, 'action.proposed', input.requester)];
  if (isAutonomous(record)) {
    effects.push({
      kind: 'enqueue-write-back',
      actionId: record.actionId,
      approvalId: null,
      payloadHash: record.payloadHash,
    });
  }
  return { ok: true, state: record, effects };
}

/**
 * The approval state machine: pure, total and never throwing for a business refusal. A refusal leaves
 * the state as it was and carries a stable {@link RefusalCode}.
 *
 * `now` is the server's clock, never the client's.
 */
export function transition(state: ActionRecord, event: ApprovalEvent, now: Date): TransitionResult {
  if (!isValidInstant(now)) {
    return refused(state, event, 'invalid_clock', 'The server clock is not readable.');
  }
  switch (event.type) {
    case 'approve':
      return onApprove(state, event, now);
    case 'reject':
      return onReject(state, event, now);
    case 'revoke':
      return onRevoke(state, event, now);
    case 'edit':
      return onEdit(state, event, now);
    case 'expire':
      return onExpire(state, event, now);
    case 'start':
      return onStart(state, event, now);
    case 'succeed':
    case 'fail':
      return onFinish(state, event);
  }
}

type EventOf<T extends ApprovalEvent['type']> = Extract<ApprovalEvent, { type: T }>;

function onApprove(state: ActionRecord, event: EventOf<'approve'>, now: Date): TransitionResult {
  if (state.status !== 'proposed') {
    return refused(state, event, 'not_pending', `This action is ${state.status}, not waiting for approval.`);
  }
  const verdict = canApprove({
    approver: event.approver,
    requester: state.requester,
    requirement: state.requirement,
    presentedHash: event.presentedHash,
    currentHash: state.payloadHash,
    now,
  });
  if (!verdict.ok) return refused(state, event, verdict.code, verdict.message);
  const approval: GrantedApproval = {
    id: event.approvalId,
    approver: event.approver,
    role: verdict.role,
    payloadHash: state.payloadHash,
    approvedAt: now.toISOString(),
    expiresAt: verdict.expiresAt,
  };
  const next = advance(state, 'approved', { approval });
  return accepted(next, [
    audit(next, 'approval.granted', event.approver),
    {
      kind: 'enqueue-write-back',
      actionId: next.actionId,
      approvalId: approval.id,
      payloadHash: next.payloadHash,
    },
  ]);
}

function onReject(state: ActionRecord, event: EventOf<'reject'>, now: Date): TransitionResult {
  if (state.status !== 'proposed') {
    return refused(
      state,
      event,
      'not_pending',
      `This action is ${state.status}, not waiting for a decision.`,
    );
  }
  if (event.actor.kind !== 'person')
    return refused(state, event, 'not_a_person', 'Only a person can reject.');
  // Bound to the hash like an approval: rejecting what you saw must not reject an edit you did not see.
  if (event.presentedHash !== state.payloadHash) {
    return refused(state, event, 'hash_mismatch', 'The payload changed after you reviewed it.');
  }
  // Four-eyes does not apply: a no is never the risky direction.
  if (!holdsRequiredRole(state, event.actor)) {
    return refused(state, event, 'wrong_role', 'Rejecting needs one of the approver roles.');
  }
  const next = advance(state, 'rejected', { closure: closure(event.actor, now, event.reason) });
  return accepted(next, [audit(next, 'approval.rejected', event.actor)]);
}

function onRevoke(state: ActionRecord, event: EventOf<'revoke'>, now: Date): TransitionResult {
  if (state.status !== 'proposed' && state.status !== 'approved') {
    // Once the write has started it cannot be called back; the outcome is reported instead.
    return refused(state, event, 'invalid_transition', `A ${state.status} action cannot be revoked.`);
  }
  if (event.actor.kind !== 'person')
    return refused(state, event, 'not_a_person', 'Only a person can revoke.');
  const mayRevoke =
    sameActor(event.actor, state.requester) ||
    (state.approval !== null && sameActor(event.actor, state.approval.approver)) ||
    holdsRequiredRole(state, event.actor);
  if (!mayRevoke) {
    return refused(
      state,
      event,
      'wrong_role',
      'Only the requester, the approver or an approver role can revoke.',
    );
  }
  const next = advance(state, 'revoked', { closure: closure(event.actor, now, event.reason) });
  return accepted(next, [
    audit(next, 'approval.revoked', event.actor),
    { kind: 'cancel-write-back', actionId: next.actionId },
  ]);
}

function onEdit(state: ActionRecord, event: EventOf<'edit'>, now: Date): TransitionResult {
  if (state.status !== 'proposed' && state.status !== 'approved') {
    return refused(state, event, 'invalid_transition', `A ${state.status} action cannot be edited.`);
  }
  if (event.payloadHash === state.payloadHash) {
    return refused(state, event, 'no_change', 'The edit leaves the payload unchanged.');
  }
  const next = advance(state, 'superseded', { supersededBy: event.newActionId });
  // The editor becomes the requester of the new proposal, so under four-eyes they cannot approve
  // their own edit, even if they approved the original.
  const successor = propose({
    actionId: event.newActionId,
    kind: state.kind,
    requirement: event.requirement ?? state.requirement,
    payloadHash: event.payloadHash,
    requester: event.actor,
    now,
  });
  return accepted(next, [
    audit(next, 'action.superseded', event.actor),
    // Harmless when nothing was queued; when something was, the voided approval must not run.
    { kind: 'cancel-write-back', actionId: next.actionId },
    { kind: 'propose', record: successor.state },
    ...successor.effects,
  ]);
}

function onExpire(state: ActionRecord, event: EventOf<'expire'>, now: Date): TransitionResult {
  if (state.status !== 'approved' || state.approval === null) {
    return refused(state, event, 'invalid_transition', `A ${state.status} action has no approval to expire.`);
  }
  if (!isExpired(state.approval.expiresAt, now)) {
    return refused(state, event, 'not_due', 'The approval has not expired yet.');
  }
  const next = advance(state, 'expired', {});
  return accepted(next, [
    audit(next, 'approval.expired', CLOCK_ACTOR),
    { kind: 'cancel-write-back', actionId: next.actionId },
  ]);
}

function onStart(state: ActionRecord, event: EventOf<'start'>, now: Date): TransitionResult {
  if (state.status === 'executing') {
    return refused(state, event, 'already_executed', 'This write-back has already started.');
  }
  const gate = checkExecution(state, event.payload, now);
  if (!gate.ok) return refused(state, event, gate.code, gate.message);
  const next = advance(state, 'executing', {});
  return accepted(next, [audit(next, 'write-back.started', event.actor)]);
}

function onFinish(state: ActionRecord, event: EventOf<'succeed'> | EventOf<'fail'>): TransitionResult {
  if (state.status !== 'executing') {
    return refused(state, event, 'invalid_transition', `A ${state.status} action has no write in flight.`);
  }
  const next = advance(state, event.type === 'succeed' ? 'done' : 'failed', {});
  return accepted(next, [
    audit(next, event.type === 'succeed' ? 'write-back.succeeded' : 'write-back.failed', event.actor),
  ]);
}

function isAutonomous(record: ActionRecord): boolean {
  return record.requirement.writable && !record.requirement.approvalRequired;
}

function holdsRequiredRole(state: ActionRecord, actor: Actor): boolean {
  return actor.role !== undefined && state.requirement.roles.includes(actor.role);
}

function closure(actor: Actor, now: Date, reason: string | undefined) {
  return { actor, at: now.toISOString(), ...(reason === undefined ? {} : { reason }) };
}

function advance(
  state: ActionRecord,
  status: ActionStatus,
  changes: Partial<Pick<ActionRecord, 'approval' | 'closure' | 'supersededBy'>>,
): ActionRecord {
  return { ...state, ...changes, status, version: state.version + 1 };
}

function accepted(state: ActionRecord, effects: ApprovalEffect[]): Accepted {
  return { ok: true, state, effects };
}

function actorOf(event: ApprovalEvent): Actor {
  switch (event.type) {
    case 'approve':
      return event.approver;
    case 'expire':
      return CLOCK_ACTOR;
    default:
      return event.actor;
  }
}

function refused(state: ActionRecord, event: ApprovalEvent, code: RefusalCode, message: string): Refused {
  const r = refuse(code, message);
  return {
    ok: false,
    code: r.code,
    message: r.message,
    state,
    effects: [audit(state, `${event.type}.refused`, actorOf(event), code)],
  };
}

function audit(
  record: ActionRecord,
  action: ApprovalAuditAction,
  actor: Actor,
  code?: RefusalCode,
): ApprovalEffect {
  return {
    kind: 'audit',
    action,
    actor,
    actionId: record.actionId,
    payloadHash: record.payloadHash,
    ...(code === undefined ? {} : { code }),
  };
}
