import { describe, expect, it } from 'vitest';
import { hashJson } from '../../common/hashing';
import {
  ActionRecordSchema,
  checkExecution,
  mayExecute,
  requirementsFor,
  transition,
  type ActionRecord,
  type ApprovalEvent,
  type TransitionResult,
} from './index';
import {
  ALICE,
  BOB,
  CAROL,
  ENGINE,
  MAYA,
  NIKO,
  POLICY,
  T0,
  WORKER,
  minutesAfter,
  payloadFor,
  proposed,
} from './testing/fixtures';

function must(result: TransitionResult): ActionRecord {
  if (!result.ok) throw new Error(`expected the transition to be accepted, got ${result.code}`);
  return result.state;
}

const approve = (record: ActionRecord, approver = MAYA, hash = record.payloadHash): ApprovalEvent => ({
  type: 'approve',
  approvalId: `appr-${record.actionId}`,
  approver,
  presentedHash: hash,
});

/** A service credit (four-eyes, 30-minute expiry) requested by Niko and approved by Maya at T0. */
function approvedCredit() {
  const { record, payload } = proposed('service-credit', NIKO);
  return { record: must(transition(record, approve(record), T0)), payload };
}

describe('transition: the happy path', () => {
  it('goes proposed → approved → executing → done with an audit effect at every step', () => {
    const { record, payload } = approvedCredit();
    expect(record).toMatchObject({ status: 'approved', version: 1 });
    expect(record.approval).toEqual({
      id: 'appr-action-service-credit',
      approver: MAYA,
      role: 'support-manager',
      payloadHash: hashJson(payload),
      approvedAt: T0.toISOString(),
      expiresAt: minutesAfter(T0, 30).toISOString(),
    });
    const started = transition(record, { type: 'start', actor: WORKER, payload }, minutesAfter(T0, 29));
    expect(started.effects).toEqual([
      {
        kind: 'audit',
        action: 'write-back.started',
        actor: WORKER,
        actionId: record.actionId,
        payloadHash: record.payloadHash,
      },
    ]);
    const done = transition(must(started), { type: 'succeed', actor: WORKER }, minutesAfter(T0, 40));
    expect(done).toMatchObject({ ok: true, state: { status: 'done', version: 3 } });
  });

  it('asks to enqueue the write-back in the same step as the approval', () => {
    const { record } = proposed('service-credit', NIKO);
    const result = transition(record, approve(record), T0);
    expect(result.effects).toContainEqual({
      kind: 'enqueue-write-back',
      actionId: record.actionId,
      approvalId: 'appr-action-service-credit',
      payloadHash: record.payloadHash,
    });
  });

  it('ends failed when the write fails, and a failed action never starts again', () => {
    const { record, payload } = approvedCredit();
    const executing = must(transition(record, { type: 'start', actor: WORKER, payload }, T0));
    const failed = must(transition(executing, { type: 'fail', actor: WORKER, error: '503' }, T0));
    expect(failed.status).toBe('failed');
    expect(transition(failed, { type: 'start', actor: WORKER, payload }, T0)).toMatchObject({
      ok: false,
      code: 'already_executed',
    });
  });

  it('produces records that round-trip through the storage schema', () => {
    const { record } = approvedCredit();
    expect(ActionRecordSchema.parse(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });
});

describe('transition: edits supersede', () => {
  it('voids the approval, cancels the queued write and proposes the new payload with the editor as requester', () => {
    const { record } = approvedCredit();
    const edited = payloadFor('service-credit', 1);
    const result = transition(
      record,
      { type: 'edit', actor: MAYA, newActionId: 'action-2', payloadHash: hashJson(edited) },
      minutesAfter(T0, 1),
    );
    expect(result).toMatchObject({ ok: true, state: { status: 'superseded', supersededBy: 'action-2' } });
    expect(result.effects).toContainEqual({ kind: 'cancel-write-back', actionId: record.actionId });
    const successor = result.effects.find((e) => e.kind === 'propose');
    expect(successor?.kind === 'propose' && successor.record).toMatchObject({
      actionId: 'action-2',
      status: 'proposed',
      payloadHash: hashJson(edited),
      requester: MAYA,
      approval: null,
    });
    // Maya approved the original; she edited, so under four-eyes she cannot approve her own edit.
    if (successor?.kind !== 'propose') throw new Error('no successor');
    expect(transition(successor.record, approve(successor.record), minutesAfter(T0, 2))).toMatchObject({
      code: 'four_eyes',
    });
  });

  it('refuses an edit that does not change the payload', () => {
    const { record } = approvedCredit();
    const result = transition(
      record,
      { type: 'edit', actor: MAYA, newActionId: 'x', payloadHash: record.payloadHash },
      T0,
    );
    expect(result).toMatchObject({ ok: false, code: 'no_change', state: record });
  });
});

describe('transition: refusals', () => {
  const credit = proposed('service-credit', NIKO);
  const approved = approvedCredit();
  const executing = must(
    transition(approved.record, { type: 'start', actor: WORKER, payload: approved.payload }, T0),
  );
  const revoked = must(transition(approved.record, { type: 'revoke', actor: NIKO }, T0));
  const rejected = must(
    transition(credit.record, { type: 'reject', actor: MAYA, presentedHash: credit.record.payloadHash }, T0),
  );
  const expired = must(transition(approved.record, { type: 'expire' }, minutesAfter(T0, 30)));
  const tags = proposed('set-tags', ALICE);
  const crm = proposed('crm-note', ALICE);
  const observe = proposed('escalation', ALICE);
  const later = minutesAfter(T0, 5);

  const table: [string, ActionRecord, ApprovalEvent, Date, string][] = [
    ['approve by the wrong role', credit.record, approve(credit.record, BOB), T0, 'wrong_role'],
    ['approve by the requester (four-eyes)', credit.record, approve(credit.record, NIKO), T0, 'four_eyes'],
    [
      'approve a stale payload',
      credit.record,
      approve(credit.record, MAYA, 'f'.repeat(64)),
      T0,
      'hash_mismatch',
    ],
    ['approve by an engine', credit.record, approve(credit.record, ENGINE), T0, 'not_a_person'],
    ['approve twice', approved.record, approve(approved.record, NIKO), T0, 'not_pending'],
    ['approve after rejection', rejected, approve(rejected), T0, 'not_pending'],
    ['approve after expiry', expired, approve(expired), T0, 'not_pending'],
    ['approve an advise action', crm.record, approve(crm.record, BOB), T0, 'autonomy_forbids'],
    ['approve an observe action', observe.record, approve(observe.record, BOB), T0, 'autonomy_forbids'],
    [
      'reject by the wrong role',
      credit.record,
      { type: 'reject', actor: CAROL, presentedHash: credit.record.payloadHash },
      T0,
      'wrong_role',
    ],
    [
      'reject a stale payload',
      credit.record,
      { type: 'reject', actor: MAYA, presentedHash: '0'.repeat(64) },
      T0,
      'hash_mismatch',
    ],
    [
      'reject by an engine',
      credit.record,
      { type: 'reject', actor: ENGINE, presentedHash: credit.record.payloadHash },
      T0,
      'not_a_person',
    ],
    ['revoke by a bystander', approved.record, { type: 'revoke', actor: ALICE }, T0, 'wrong_role'],
    ['revoke by an engine', approved.record, { type: 'revoke', actor: ENGINE }, T0, 'not_a_person'],
    ['revoke once executing', executing, { type: 'revoke', actor: MAYA }, T0, 'invalid_transition'],
    [
      'edit once executing',
      executing,
      { type: 'edit', actor: MAYA, newActionId: 'n', payloadHash: '1'.repeat(64) },
      T0,
      'invalid_transition',
    ],
    ['expire before it is due', approved.record, { type: 'expire' }, minutesAfter(T0, 29), 'not_due'],
    ['expire a pending proposal', credit.record, { type: 'expire' }, later, 'invalid_transition'],
    [
      'start without approval',
      credit.record,
      { type: 'start', actor: WORKER, payload: credit.payload },
      T0,
      'not_approved',
    ],
    [
      'start at the expiry instant',
      approved.record,
      { type: 'start', actor: WORKER, payload: approved.payload },
      minutesAfter(T0, 30),
      'expired',
    ],
    [
      'start with a different payload',
      approved.record,
      { type: 'start', actor: WORKER, payload: payloadFor('service-credit', 9) },
      T0,
      'hash_mismatch',
    ],
    [
      'start after revocation',
      revoked,
      { type: 'start', actor: WORKER, payload: approved.payload },
      T0,
      'revoked',
    ],
    [
      'start after rejection',
      rejected,
      { type: 'start', actor: WORKER, payload: credit.payload },
      T0,
      'rejected',
    ],
    [
      'start twice',
      executing,
      { type: 'start', actor: WORKER, payload: approved.payload },
      T0,
      'already_executed',
    ],
    [
      'start an advise action',
      crm.record,
      { type: 'start', actor: WORKER, payload: crm.payload },
      T0,
      'autonomy_forbids',
    ],
    [
      'start with an unhashable payload',
      tags.record,
      { type: 'start', actor: WORKER, payload: { n: Number.NaN } },
      T0,
      'invalid_payload',
    ],
    [
      'succeed with nothing in flight',
      approved.record,
      { type: 'succeed', actor: WORKER },
      T0,
      'invalid_transition',
    ],
    [
      'any event on an unreadable clock',
      credit.record,
      approve(credit.record),
      new Date('nope'),
      'invalid_clock',
    ],
  ];

  it.each(table)('%s', (_, state, event, now, code) => {
    const result = transition(state, event, now);
    expect(result).toMatchObject({ ok: false, code, state });
    // The refusal itself is audited, with the code.
    expect(result.effects).toEqual([
      expect.objectContaining({ kind: 'audit', action: `${event.type}.refused`, code }),
    ]);
  });

  it('lets the requester withdraw a pending proposal and the approver revoke their approval', () => {
    expect(transition(credit.record, { type: 'revoke', actor: NIKO }, T0)).toMatchObject({
      state: { status: 'revoked' },
    });
    const byApprover = transition(approved.record, { type: 'revoke', actor: MAYA, reason: 'wrong case' }, T0);
    expect(byApprover).toMatchObject({
      state: { status: 'revoked', closure: { actor: MAYA, reason: 'wrong case' } },
    });
    expect(byApprover.effects).toContainEqual({
      kind: 'cancel-write-back',
      actionId: approved.record.actionId,
    });
  });
});

describe('mayExecute and checkExecution', () => {
  const approved = approvedCredit();

  it('allows an approved, unexpired, hash-matching write and not a millisecond past expiry', () => {
    expect(mayExecute(approved.record, approved.payload, minutesAfter(T0, 29.99))).toBe(true);
    expect(mayExecute(approved.record, approved.payload, minutesAfter(T0, 30))).toBe(false);
  });

  it('keys on the payload content, not on object identity or key order', () => {
    const reordered = { body: approved.payload.body, kind: approved.payload.kind };
    expect(mayExecute(approved.record, reordered, T0)).toBe(true);
    expect(mayExecute(approved.record, { ...approved.payload, extra: 1 }, T0)).toBe(false);
  });

  it('lets a risk-free act action run without approval, and nothing else', () => {
    const tags = proposed('set-tags', ENGINE);
    expect(checkExecution(tags.record, tags.payload, T0)).toMatchObject({ ok: true, basis: 'autonomous' });
    const reply = proposed('public-reply', ALICE);
    expect(checkExecution(reply.record, reply.payload, T0)).toMatchObject({ code: 'not_approved' });
    const note = proposed('internal-note', ALICE);
    expect(checkExecution(note.record, note.payload, T0)).toMatchObject({ code: 'not_approved' });
    const tagsWithRisk = {
      ...tags.record,
      requirement: requirementsFor('set-tags', ['account-change'], POLICY),
    };
    expect(checkExecution(tagsWithRisk, tags.payload, T0)).toMatchObject({ code: 'not_approved' });
  });

  // Records as they might arrive from storage, tampered or buggy: the gate re-checks the approval itself.
  const forged = (changes: Partial<NonNullable<ActionRecord['approval']>>): ActionRecord => {
    const approval = approved.record.approval;
    if (approval === null) throw new Error('fixture has no approval');
    return { ...approved.record, approval: { ...approval, ...changes } };
  };
  it.each([
    ['approval bound to another payload', forged({ payloadHash: 'c'.repeat(64) }), 'hash_mismatch'],
    ['approver is not a person', forged({ approver: { ...MAYA, kind: 'engine' } }), 'not_a_person'],
    ['approver role not required', forged({ role: 'team-lead', approver: BOB }), 'wrong_role'],
    ['approver is the requester', forged({ approver: NIKO }), 'four_eyes'],
    ['expiry already passed', forged({ expiresAt: T0.toISOString() }), 'expired'],
    ['expiry unreadable', forged({ expiresAt: 'soon' }), 'expired'],
    ['no approval on an approved record', { ...approved.record, approval: null }, 'not_approved'],
    ['status superseded', { ...approved.record, status: 'superseded' as const }, 'superseded'],
    ['status done', { ...approved.record, status: 'done' as const }, 'already_executed'],
  ])('refuses when the %s', (_, record, code) => {
    expect(checkExecution(record, approved.payload, T0)).toMatchObject({ ok: false, code });
    expect(mayExecute(record, approved.payload, T0)).toBe(false);
  });
});
