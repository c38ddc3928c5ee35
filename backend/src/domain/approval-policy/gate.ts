import { hashJson } from '../../common/hashing';
import type { ActionRecord } from './action-record';
import { refuse, type Refusal } from './refusal';
import { isExpired, isValidInstant, sameActor } from './requirements';

/** Why a write may go ahead: a valid approval, or `act` autonomy on an action with no risk class. */
export type ExecutionBasis = 'approval' | 'autonomous';

/** A yes from the execution gate. */
export interface ExecutionAllowed {
  readonly ok: true;
  readonly basis: ExecutionBasis;
  /** The hash of the payload that was checked: the one the caller must write. */
  readonly payloadHash: string;
}

/** The hash of a payload, or null when it has no canonical JSON form (cycles, non-finite numbers…). */
export function payloadHashOf(payload: unknown): string | null {
  try {
    return hashJson(payload);
  } catch {
    return null;
  }
}

/**
 * The gate in full, with the reason for a no. Checks the state, the autonomy, that the payload about to
 * be written hashes to the proposal's hash, and then that the approval is bound to that hash, was given
 * by a person holding a required role, respects four-eyes and has not expired.
 *
 * The approval's own fields are re-checked here even though `canApprove` checked them when it was
 * given: the gate must hold even for a record that reached storage some other way.
 */
export function checkExecution(
  record: ActionRecord,
  payload: unknown,
  now: Date,
): ExecutionAllowed | Refusal {
  if (!isValidInstant(now)) return refuse('invalid_clock', 'The server clock is not readable.');
  const req = record.requirement;
  if (!req.writable) {
    return refuse('autonomy_forbids', `Actions of type ${req.actionKind} are set to ${req.autonomy}.`);
  }
  const closed = closedRefusal(record);
  if (closed) return closed;

  const hash = payloadHashOf(payload);
  if (hash === null) return refuse('invalid_payload', 'The payload cannot be hashed.');
  if (hash !== record.payloadHash) {
    return refuse('hash_mismatch', 'The payload to write is not the payload that was proposed.');
  }

  const approval = record.approval;
  if (approval === null) {
    // Only a risk-free `act` action may run without a person; it stays in `proposed` until it starts.
    if (!req.approvalRequired && req.autonomy === 'act' && req.riskClasses.length === 0) {
      return { ok: true, basis: 'autonomous', payloadHash: hash };
    }
    return refuse('not_approved', 'This action has not been approved.');
  }
  if (approval.payloadHash !== hash) {
    return refuse('hash_mismatch', 'The approval is for a different payload.');
  }
  if (approval.approver.kind !== 'person') {
    return refuse('not_a_person', 'The approval was not given by a person.');
  }
  if (!req.roles.includes(approval.role) || approval.approver.role !== approval.role) {
    return refuse('wrong_role', 'The approver does not hold a required role.');
  }
  if (req.fourEyes && sameActor(approval.approver, record.requester)) {
    return refuse('four_eyes', 'The requester approved their own request.');
  }
  if (isExpired(approval.expiresAt, now)) return refuse('expired', 'The approval has expired.');
  return { ok: true, basis: 'approval', payloadHash: hash };
}

/**
 * The single gate the write-back use case calls immediately before every write attempt, retries
 * included: true only when the payload about to be written is the proposed one and either a person
 * with a required role approved exactly that payload (not by the requester when four-eyes applies),
 * the approval has not expired and the action was neither revoked nor superseded; or the action is
 * `act` autonomy with no risk class. False for `observe` and `advise`.
 */
export function mayExecute(record: ActionRecord, payload: unknown, now: Date): boolean {
  return checkExecution(record, payload, now).ok;
}

function closedRefusal(record: ActionRecord): Refusal | null {
  switch (record.status) {
    case 'proposed':
    case 'approved':
    case 'executing':
      return null;
    case 'done':
    case 'failed':
      return refuse('already_executed', 'This write-back has already run.');
    case 'rejected':
      return refuse('rejected', 'This action was rejected.');
    case 'expired':
      return refuse('expired', 'The approval has expired.');
    case 'revoked':
      return refuse('revoked', 'The approval was revoked.');
    case 'superseded':
      return refuse('superseded', 'The payload was edited; the new version needs its own approval.');
  }
}
