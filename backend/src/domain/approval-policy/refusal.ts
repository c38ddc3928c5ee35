/**
 * Stable reasons the approval domain says no. They are business outcomes, returned as values and never
 * thrown; the codes are persisted in the audit trail and mapped to HTTP answers, so never rename one.
 *
 * - `wrong_role`: the person does not hold one of the roles the tenant's policy requires.
 * - `four_eyes`: the approver is the requester on an action with a four-eyes risk class.
 * - `hash_mismatch`: the payload presented (to approve, reject or write) is not the current payload.
 * - `expired`: the approval's window has closed.
 * - `not_pending`: approve or reject on an action that is no longer waiting for a decision.
 * - `autonomy_forbids`: the action type's autonomy is `observe` or `advise`, so nothing may be approved or written.
 * - `not_a_person`: the approver (or whoever rejects or revokes) is not a platform-verified person.
 * - `not_approved`: a write was attempted without an approval.
 * - `revoked`, `rejected`, `superseded`: a write was attempted on an action closed that way.
 * - `already_executed`: the write-back already started or finished; it is never started twice.
 * - `not_due`: `expire` arrived before the approval's expiry.
 * - `no_change`: an edit that leaves the payload hash unchanged.
 * - `invalid_transition`: the event does not apply in the action's current state.
 * - `invalid_payload`: the payload has no canonical JSON form, so it cannot be hashed or bound.
 * - `invalid_clock`: `now` is not a valid instant; the domain fails closed rather than guess.
 */
export const REFUSAL_CODES = [
  'wrong_role',
  'four_eyes',
  'hash_mismatch',
  'expired',
  'not_pending',
  'autonomy_forbids',
  'not_a_person',
  'not_approved',
  'revoked',
  'rejected',
  'superseded',
  'already_executed',
  'not_due',
  'no_change',
  'invalid_transition',
  'invalid_payload',
  'invalid_clock',
] as const;

/** One of {@link REFUSAL_CODES}. */
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** A business refusal: a stable code and a message that is safe to show the person who asked. */
export interface Refusal {
  readonly ok: false;
  readonly code: RefusalCode;
  readonly message: string;
}

/** Builds a {@link Refusal}. */
export function refuse(code: RefusalCode, message: string): Refusal {
  return { ok: false, code, message };
}
