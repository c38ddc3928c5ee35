import { describe, expect, it } from 'vitest';
import type { Actor } from '@triage/shared';
import { canApprove, isExpired, requirementsFor, type ApprovalCheck } from './index';
import { ALICE, BOB, ENGINE, MAYA, POLICY, T0, person } from './testing/fixtures';

const HASH = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);

describe('requirementsFor', () => {
  it('reads roles and expiry from the policy and turns on four-eyes for a listed risk class', () => {
    expect(requirementsFor('service-credit', ['service-credit'], POLICY)).toEqual({
      actionKind: 'service-credit',
      riskClasses: ['service-credit'],
      autonomy: 'act-with-approval',
      roles: ['support-manager'],
      fourEyes: true,
      expiresInMinutes: 30,
      writable: true,
      approvalRequired: true,
    });
  });

  it('leaves four-eyes off when no risk class is in fourEyesRiskClasses', () => {
    const r = requirementsFor('internal-note', ['security-sensitive-evidence'], POLICY);
    expect(r.fourEyes).toBe(false);
    expect(r.approvalRequired).toBe(true);
  });

  it.each([
    ['observe', 'escalation', [], false, true],
    ['advise', 'crm-note', [], false, true],
    ['act-with-approval', 'internal-note', [], true, true],
    ['act without risk classes', 'set-tags', [], true, false],
    ['act with a risk class', 'public-reply', ['customer-facing-commitment'], true, true],
    ['act with a non-four-eyes risk class', 'set-tags', ['account-change'], true, true],
  ] as const)(
    '%s: writable and approval required follow the autonomy',
    (_, kind, risks, writable, needed) => {
      const r = requirementsFor(kind, risks, POLICY);
      expect(r.writable).toBe(writable);
      expect(r.approvalRequired).toBe(needed);
    },
  );

  it('treats an action type the policy does not mention as advise with the default role and expiry', () => {
    expect(requirementsFor('engineering-issue', [], POLICY)).toMatchObject({
      autonomy: 'advise',
      roles: ['team-lead'],
      expiresInMinutes: 15,
      writable: false,
    });
  });
});

describe('canApprove', () => {
  const fourEyes = requirementsFor('service-credit', ['service-credit'], POLICY);
  const plain = requirementsFor('internal-note', [], POLICY);
  const base: ApprovalCheck = {
    approver: MAYA,
    requester: ALICE,
    requirement: fourEyes,
    presentedHash: HASH,
    currentHash: HASH,
    now: T0,
  };

  it('grants with the qualifying role and an expiry the policy sets', () => {
    expect(canApprove(base)).toEqual({
      ok: true,
      role: 'support-manager',
      expiresAt: '2025-03-01T10:30:00.000Z',
    });
  });

  it('lets the requester approve their own request when four-eyes does not apply', () => {
    const bobAsks = canApprove({ ...base, requirement: plain, approver: BOB, requester: BOB });
    expect(bobAsks.ok).toBe(true);
  });

  const refusals: [string, Partial<ApprovalCheck>, string][] = [
    ['the approver lacks the role', { approver: BOB }, 'wrong_role'],
    ['the approver has no role claim', { approver: person('maya') }, 'wrong_role'],
    ['the approver is the requester under four-eyes', { requester: MAYA }, 'four_eyes'],
    [
      'the requester is the same person under another role',
      { requester: { kind: 'person', id: 'maya', role: 'agent' } },
      'four_eyes',
    ],
    ['the presented payload is stale', { presentedHash: OTHER }, 'hash_mismatch'],
    [
      'the approver is an engine with a role claim',
      { approver: { ...ENGINE, role: 'support-manager' } },
      'not_a_person',
    ],
    [
      'the approver is a connector',
      { approver: { kind: 'connector', id: 'zendesk', role: 'support-manager' } },
      'not_a_person',
    ],
    [
      'the action is observe-only',
      { requirement: requirementsFor('escalation', [], POLICY) },
      'autonomy_forbids',
    ],
    [
      'the action is advise-only',
      { requirement: requirementsFor('crm-note', [], POLICY) },
      'autonomy_forbids',
    ],
    ['the clock is unreadable', { now: new Date(Number.NaN) }, 'invalid_clock'],
  ];
  it.each(refusals)('refuses when %s', (_, override, code) => {
    expect(canApprove({ ...base, ...override })).toMatchObject({ ok: false, code });
  });

  it('checks in a fixed order: autonomy before identity, identity before hash, hash before role', () => {
    const engine: Actor = { kind: 'engine', id: 'x' };
    const observe = requirementsFor('escalation', [], POLICY);
    expect(canApprove({ ...base, requirement: observe, approver: engine })).toMatchObject({
      code: 'autonomy_forbids',
    });
    expect(canApprove({ ...base, approver: engine, presentedHash: OTHER })).toMatchObject({
      code: 'not_a_person',
    });
    expect(canApprove({ ...base, approver: BOB, presentedHash: OTHER })).toMatchObject({
      code: 'hash_mismatch',
    });
    expect(canApprove({ ...base, approver: { ...MAYA, role: 'agent' }, requester: MAYA })).toMatchObject({
      code: 'wrong_role',
    });
  });
});

describe('isExpired', () => {
  it('is false before the instant, true at it and after it, and true for unreadable input', () => {
    const at = '2025-03-01T10:15:00.000Z';
    expect(isExpired(at, new Date('2025-03-01T10:14:59.999Z'))).toBe(false);
    expect(isExpired(at, new Date(at))).toBe(true);
    expect(isExpired(at, new Date('2025-03-01T10:16:00.000Z'))).toBe(true);
    expect(isExpired('not a date', T0)).toBe(true);
    expect(isExpired(at, new Date(Number.NaN))).toBe(true);
  });
});
