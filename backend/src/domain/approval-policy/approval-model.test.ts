import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActionKind, Actor } from '@triage/shared';
import { hashJson } from '../../common/hashing';
import {
  mayExecute,
  propose,
  requirementsFor,
  transition,
  type ActionRecord,
  type ActionStatus,
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
  RISKS,
  T0,
  WORKER,
  payloadFor,
} from './testing/fixtures';

/**
 * Model-based test of the approval domain. A tiny desk (store with compare-and-set, clock, fake write
 * target) drives the real `transition` and `mayExecute` the way the use cases will, and an independent
 * model predicts every outcome. After every command the invariant is checked against what actually
 * happened (who approved what, when, what was written): every write had a valid, unexpired,
 * hash-matching approval from a person with a required role, not the requester under four-eyes, and
 * nothing was written after a revocation, rejection or edit; or it was a risk-free `act` action.
 */

/** The two functions the write-back use case depends on; a test swaps in broken ones. */
interface Sut {
  readonly transition: typeof transition;
  readonly mayExecute: typeof mayExecute;
}

const KINDS = [
  'internal-note',
  'public-reply',
  'set-tags',
  'service-credit',
  'crm-note',
  'escalation',
] as const;
type Kind = (typeof KINDS)[number];
const REQUESTERS = [ALICE, BOB, MAYA, ENGINE] as const;
const DECIDERS = [ALICE, BOB, CAROL, MAYA, NIKO, ENGINE] as const;
const STALE_HASH = 'e'.repeat(64);

// ---- The oracle: the policy read straight from the fixture, not through requirementsFor. ----

const policyOf = (kind: ActionKind) => {
  const action = POLICY.actions[kind];
  if (action === undefined) throw new Error(`fixture policy has no ${kind}`);
  const risks: readonly string[] = RISKS[kind];
  return {
    roles: action.roles,
    expiryMs: action.expiresInMinutes * 60_000,
    writable: action.autonomy === 'act' || action.autonomy === 'act-with-approval',
    autonomous: action.autonomy === 'act' && risks.length === 0,
    fourEyes: risks.some((r) => (POLICY.fourEyesRiskClasses as readonly string[]).includes(r)),
  };
};
const same = (a: Actor, b: Actor) => a.kind === b.kind && a.id === b.id;
const hasRole = (actor: Actor, kind: ActionKind) =>
  actor.role !== undefined && policyOf(kind).roles.includes(actor.role);

interface ModelAction {
  readonly kind: Kind;
  requester: Actor;
  status: ActionStatus;
  approval: { approver: Actor; expiresAtMs: number } | null;
}
interface Model {
  nowMs: number;
  actions: ModelAction[];
}
/** 'ok', or the refusal code. */
type Outcome = string;

function predictApprove(m: Model, a: ModelAction, approver: Actor, stale: boolean): Outcome {
  const p = policyOf(a.kind);
  if (a.status !== 'proposed') return 'not_pending';
  if (!p.writable) return 'autonomy_forbids';
  if (approver.kind !== 'person') return 'not_a_person';
  if (stale) return 'hash_mismatch';
  if (!hasRole(approver, a.kind)) return 'wrong_role';
  if (p.fourEyes && same(approver, a.requester)) return 'four_eyes';
  return 'ok';
}
function applyApprove(m: Model, a: ModelAction, approver: Actor) {
  a.status = 'approved';
  a.approval = { approver, expiresAtMs: m.nowMs + policyOf(a.kind).expiryMs };
}
function predictExecute(m: Model, a: ModelAction, tamper: boolean): 'ok' | 'refused' {
  const p = policyOf(a.kind);
  if (!p.writable || tamper) return 'refused';
  if (a.status === 'proposed') return p.autonomous ? 'ok' : 'refused';
  if (a.status !== 'approved' || a.approval === null) return 'refused';
  return m.nowMs < a.approval.expiresAtMs ? 'ok' : 'refused';
}

// ---- The desk: what storage and the use cases will do around the pure domain. ----

interface Stored {
  record: ActionRecord;
  payload: Record<string, unknown>;
}
interface Grant {
  readonly actionId: string;
  readonly approver: Actor;
  readonly presentedHash: string;
  readonly atMs: number;
  readonly seq: number;
}
interface Write {
  readonly actionId: string;
  readonly hash: string;
  readonly atMs: number;
  readonly seq: number;
}

class Desk {
  now = T0;
  private seq = 0;
  readonly store = new Map<string, Stored>();
  readonly ids: string[] = [];
  // Ground truth, recorded from command inputs the system accepted, never read back from records.
  readonly proposals = new Map<string, { kind: Kind; requester: Actor; hash: string }>();
  readonly grants: Grant[] = [];
  readonly closedAt = new Map<string, number>();
  readonly writes: Write[] = [];

  constructor(readonly sut: Sut) {}

  tick(): number {
    this.seq += 1;
    return this.seq;
  }

  get(id: string): Stored {
    const stored = this.store.get(id);
    if (stored === undefined) throw new Error(`no action ${id}`);
    return stored;
  }

  add(record: ActionRecord, payload: Record<string, unknown>, kind: Kind) {
    this.store.set(record.actionId, { record, payload });
    this.ids.push(record.actionId);
    this.proposals.set(record.actionId, { kind, requester: record.requester, hash: hashJson(payload) });
  }

  /** Compare-and-set on `version`, as the repository must persist it. */
  commit(before: ActionRecord, after: ActionRecord): boolean {
    const current = this.get(before.actionId);
    if (current.record.version !== before.version) return false;
    this.store.set(before.actionId, { ...current, record: after });
    return true;
  }

  /** Read, decide, commit; a lost race re-reads and decides again. */
  apply(id: string, event: ApprovalEvent): TransitionResult {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const before = this.get(id).record;
      const result = this.sut.transition(before, event, this.now);
      if (!result.ok || this.commit(before, result.state)) return result;
    }
    throw new Error('compare-and-set kept failing');
  }

  close(id: string) {
    if (!this.closedAt.has(id)) this.closedAt.set(id, this.tick());
  }

  grant(id: string, event: Extract<ApprovalEvent, { type: 'approve' }>) {
    this.grants.push({
      actionId: id,
      approver: event.approver,
      presentedHash: event.presentedHash,
      atMs: this.now.getTime(),
      seq: this.tick(),
    });
  }
}

/** The invariant, over everything written so far. Throws an `invariant:` error on a violation. */
function assertNoUnapprovedWrite(desk: Desk) {
  const seen = new Set<string>();
  for (const w of desk.writes) {
    const fail = (why: string) => {
      throw new Error(`invariant: write to ${w.actionId} ${why}`);
    };
    if (seen.has(w.actionId)) fail('happened twice');
    seen.add(w.actionId);
    const proposal = desk.proposals.get(w.actionId);
    if (proposal === undefined) return fail('has no proposal');
    const p = policyOf(proposal.kind);
    if (!p.writable) fail('is forbidden by the autonomy level');
    if (w.hash !== proposal.hash) fail('wrote a payload that was never proposed');
    const closed = desk.closedAt.get(w.actionId);
    if (closed !== undefined && closed < w.seq) fail('happened after a revoke, reject, edit or expiry');
    if (p.autonomous) continue;
    const valid = desk.grants.some(
      (g) =>
        g.actionId === w.actionId &&
        g.seq < w.seq &&
        g.presentedHash === w.hash &&
        g.approver.kind === 'person' &&
        hasRole(g.approver, proposal.kind) &&
        !(p.fourEyes && same(g.approver, proposal.requester)) &&
        w.atMs < g.atMs + p.expiryMs,
    );
    if (!valid) fail('had no valid, unexpired, hash-matching approval');
  }
}

// ---- Commands. ----

interface Options {
  /** Compare every outcome with the model's prediction. Off when only the invariant should judge. */
  readonly checkModel: boolean;
  /** Counts what the runs exercised, so the main test can show the interesting paths were reached. */
  readonly note?: (what: string) => void;
}

class Step implements fc.Command<Model, Desk> {
  constructor(
    private readonly label: string,
    private readonly needsAction: boolean,
    private readonly options: Options,
    private readonly body: (m: Model, d: Desk, expect: (predicted: unknown, actual: unknown) => void) => void,
  ) {}
  check(m: Readonly<Model>): boolean {
    return !this.needsAction || m.actions.length > 0;
  }
  run(m: Model, d: Desk): void {
    const agree = (predicted: unknown, actual: unknown) => {
      if (this.options.checkModel) expect(actual, this.label).toEqual(predicted);
    };
    this.body(m, d, agree);
    if (this.options.checkModel) {
      expect(d.ids.map((id) => d.get(id).record.status)).toEqual(m.actions.map((a) => a.status));
    }
    assertNoUnapprovedWrite(d);
  }
  toString(): string {
    return this.label;
  }
}

const pick = <T>(xs: readonly T[], i: number): T => {
  const x = xs[i % xs.length];
  if (x === undefined) throw new Error('empty pool');
  return x;
};
const at = (m: Model, d: Desk, i: number) => {
  const index = m.actions.length - 1 - (i % m.actions.length);
  const a = m.actions[index];
  const id = d.ids[index];
  if (a === undefined || id === undefined) throw new Error('model and desk disagree on actions');
  return { a, id };
};
const name = (x: Actor) => `${x.id}${x.kind === 'person' ? '' : `(${x.kind})`}`;

function commandArbitraries(options: Options) {
  const rarely = fc.oneof(
    { arbitrary: fc.constant(false), weight: 4 },
    { arbitrary: fc.constant(true), weight: 1 },
  );
  // #0 is the newest action: most steps act on it, so approve → clock → execute chains are common.
  const index = fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.nat(20), weight: 1 });
  const step = (label: string, needsAction: boolean, body: ConstructorParameters<typeof Step>[3]) =>
    new Step(label, needsAction, options, body);

  const proposeCmd = fc
    .record({ kind: fc.constantFrom(...KINDS), requester: fc.nat(REQUESTERS.length - 1) })
    .map(({ kind, requester: r }) => {
      const requester = pick(REQUESTERS, r);
      return step(`propose ${kind} by ${name(requester)}`, false, (m, d) => {
        const payload = payloadFor(kind, d.ids.length);
        const { state } = propose({
          actionId: `a${d.ids.length}`,
          kind,
          requirement: requirementsFor(kind, RISKS[kind], POLICY),
          payloadHash: hashJson(payload),
          requester,
          now: d.now,
        });
        d.add(state, payload, kind);
        m.actions.push({ kind, requester, status: 'proposed', approval: null });
      });
    });

  const approveCmd = fc
    .record({ i: index, who: fc.nat(DECIDERS.length - 1), stale: rarely })
    .map(({ i, who, stale }) => {
      const approver = pick(DECIDERS, who);
      return step(
        `approve #${i} by ${name(approver)}${stale ? ' (stale hash)' : ''}`,
        true,
        (m, d, agree) => {
          const { a, id } = at(m, d, i);
          const event = {
            type: 'approve',
            approvalId: `g${d.grants.length}`,
            approver,
            presentedHash: stale ? STALE_HASH : d.get(id).record.payloadHash,
          } as const;
          const predicted = predictApprove(m, a, approver, stale);
          if (predicted !== 'ok') options.note?.(`approve refused: ${predicted}`);
          const result = d.apply(id, event);
          agree(predicted, result.ok ? 'ok' : result.code);
          if (result.ok) {
            d.grant(id, event);
            applyApprove(m, a, approver);
          }
        },
      );
    });

  const concurrentCmd = fc
    .record({ i: index, first: fc.nat(DECIDERS.length - 1), second: fc.nat(DECIDERS.length - 1) })
    .map(({ i, first, second }) => {
      const one = pick(DECIDERS, first);
      const two = pick(DECIDERS, second);
      return step(`approve #${i} concurrently by ${name(one)} and ${name(two)}`, true, (m, d, agree) => {
        const { a, id } = at(m, d, i);
        const snapshot = d.get(id).record;
        const ev = (approver: Actor, n: number) =>
          ({
            type: 'approve',
            approvalId: `g${d.grants.length}-${n}`,
            approver,
            presentedHash: snapshot.payloadHash,
          }) as const;
        const [ev1, ev2] = [ev(one, 1), ev(two, 2)];
        // Both requests decided on the same snapshot, then committed in turn.
        const r1 = d.sut.transition(snapshot, ev1, d.now);
        const r2 = d.sut.transition(snapshot, ev2, d.now);
        const p1 = predictApprove(m, a, one, false);
        const p2OnSnapshot = predictApprove(m, a, two, false);
        let o1: Outcome = r1.ok ? 'ok' : r1.code;
        if (r1.ok) {
          if (d.commit(snapshot, r1.state)) d.grant(id, ev1);
          else o1 = 'lost the race';
        }
        agree(p1, o1);
        if (o1 === 'ok') applyApprove(m, a, one);
        let o2: Outcome = r2.ok ? 'ok' : r2.code;
        if (r2.ok && !d.commit(snapshot, r2.state)) {
          // The loser re-reads and decides again, as the use case does on a version conflict.
          const retried = d.apply(id, ev2);
          o2 = retried.ok ? 'ok' : retried.code;
        }
        if (o2 === 'ok') d.grant(id, ev2);
        const p2 = p2OnSnapshot === 'ok' ? predictApprove(m, a, two, false) : p2OnSnapshot;
        if (p1 === 'ok' && p2OnSnapshot === 'ok') options.note?.('concurrent approvals, both eligible');
        agree(p2, o2);
        if (o2 === 'ok') applyApprove(m, a, two);
      });
    });

  const rejectCmd = fc
    .record({ i: index, who: fc.nat(DECIDERS.length - 1), stale: rarely })
    .map(({ i, who, stale }) => {
      const actor = pick(DECIDERS, who);
      return step(`reject #${i} by ${name(actor)}${stale ? ' (stale hash)' : ''}`, true, (m, d, agree) => {
        const { a, id } = at(m, d, i);
        const predicted =
          a.status !== 'proposed'
            ? 'not_pending'
            : actor.kind !== 'person'
              ? 'not_a_person'
              : stale
                ? 'hash_mismatch'
                : hasRole(actor, a.kind)
                  ? 'ok'
                  : 'wrong_role';
        const presentedHash = stale ? STALE_HASH : d.get(id).record.payloadHash;
        const result = d.apply(id, { type: 'reject', actor, presentedHash });
        agree(predicted, result.ok ? 'ok' : result.code);
        if (result.ok) {
          d.close(id);
          a.status = 'rejected';
        }
      });
    });

  const revokeCmd = fc.record({ i: index, who: fc.nat(DECIDERS.length - 1) }).map(({ i, who }) => {
    const actor = pick(DECIDERS, who);
    return step(`revoke #${i} by ${name(actor)}`, true, (m, d, agree) => {
      const { a, id } = at(m, d, i);
      const allowed =
        same(actor, a.requester) ||
        (a.approval !== null && same(actor, a.approval.approver)) ||
        hasRole(actor, a.kind);
      const predicted =
        a.status !== 'proposed' && a.status !== 'approved'
          ? 'invalid_transition'
          : actor.kind !== 'person'
            ? 'not_a_person'
            : allowed
              ? 'ok'
              : 'wrong_role';
      if (predicted === 'ok' && a.status === 'approved') options.note?.('revoke after approval');
      const result = d.apply(id, { type: 'revoke', actor });
      agree(predicted, result.ok ? 'ok' : result.code);
      if (result.ok) {
        d.close(id);
        a.status = 'revoked';
      }
    });
  });

  const editCmd = fc.record({ i: index, who: fc.nat(DECIDERS.length - 1) }).map(({ i, who }) => {
    const editor = pick(DECIDERS, who);
    return step(`edit #${i} by ${name(editor)}`, true, (m, d, agree) => {
      const { a, id } = at(m, d, i);
      const payload = payloadFor(a.kind, d.ids.length);
      const newActionId = `a${d.ids.length}`;
      const predicted = a.status === 'proposed' || a.status === 'approved' ? 'ok' : 'invalid_transition';
      if (a.status === 'approved') options.note?.('edit after approval');
      const result = d.apply(id, {
        type: 'edit',
        actor: editor,
        newActionId,
        payloadHash: hashJson(payload),
      });
      agree(predicted, result.ok ? 'ok' : result.code);
      if (!result.ok) return;
      d.close(id);
      a.status = 'superseded';
      const successor = result.effects.find((e) => e.kind === 'propose');
      if (successor?.kind !== 'propose') throw new Error('an accepted edit must propose the new payload');
      d.add(successor.record, payload, a.kind);
      // Ground truth: the editor asked for this payload, whatever the record says.
      d.proposals.set(newActionId, { kind: a.kind, requester: editor, hash: hashJson(payload) });
      m.actions.push({ kind: a.kind, requester: editor, status: 'proposed', approval: null });
    });
  });

  const clockCmd = fc.constantFrom(1, 14, 16, 31).map((minutes) =>
    step(`advance the clock ${minutes} min`, false, (m, d) => {
      d.now = new Date(d.now.getTime() + minutes * 60_000);
      m.nowMs = d.now.getTime();
    }),
  );

  const sweepCmd = fc.constant(
    step('expire lapsed approvals', false, (m, d) => {
      for (const [index, id] of d.ids.entries()) {
        const result = d.apply(id, { type: 'expire' });
        const a = m.actions[index];
        if (result.ok) d.close(id);
        if (a?.status === 'approved' && a.approval !== null && m.nowMs >= a.approval.expiresAtMs) {
          a.status = 'expired';
        }
      }
    }),
  );

  const executeCmd = fc.record({ i: index, tamper: rarely, fails: rarely }).map(({ i, tamper, fails }) =>
    step(
      `execute #${i}${tamper ? ' with a different payload' : ''}${fails ? ' (target fails)' : ''}`,
      true,
      (m, d, agree) => {
        const { a, id } = at(m, d, i);
        const predicted = predictExecute(m, a, tamper);
        // The write-back use case: the gate, then `start` (committed), then the write, then the outcome.
        const stored = d.get(id);
        const payload = tamper ? payloadFor(a.kind, 999) : stored.payload;
        let outcome: 'ok' | 'refused' = 'refused';
        if (d.sut.mayExecute(stored.record, payload, d.now)) {
          const started = d.apply(id, { type: 'start', actor: WORKER, payload });
          if (started.ok) {
            d.writes.push({ actionId: id, hash: hashJson(payload), atMs: d.now.getTime(), seq: d.tick() });
            const finished = d.apply(
              id,
              fails ? { type: 'fail', actor: WORKER, error: '503' } : { type: 'succeed', actor: WORKER },
            );
            if (!finished.ok) throw new Error(`a started write could not finish: ${finished.code}`);
            outcome = 'ok';
          }
        }
        agree(predicted, outcome);
        if (outcome === 'ok') {
          options.note?.(a.status === 'approved' ? 'write with approval' : 'write, autonomous');
          a.status = fails ? 'failed' : 'done';
        } else if (a.status === 'approved' && !tamper) {
          options.note?.('write refused: approval expired');
        } else if (a.status === 'superseded') {
          options.note?.('write refused: superseded');
        }
      },
    ),
  );

  // fc.commands picks uniformly among these; listing approve, execute and the clock twice makes chains of
  // propose → approve → clock → execute common enough to reach expiry and four-eyes every run.
  return [
    proposeCmd,
    approveCmd,
    approveCmd,
    executeCmd,
    concurrentCmd,
    rejectCmd,
    revokeCmd,
    editCmd,
    clockCmd,
    clockCmd,
    sweepCmd,
    executeCmd,
  ];
}

function approvalProperty(sut: Sut, options: Options) {
  return fc.property(fc.commands(commandArbitraries(options), { maxCommands: 40, size: 'max' }), (cmds) => {
    fc.modelRun(() => ({ model: { nowMs: T0.getTime(), actions: [] }, real: new Desk(sut) }), cmds);
  });
}

describe('approval state machine, model-based', () => {
  it('agrees with the model and never writes without a valid approval (1000 runs)', () => {
    const seen = new Map<string, number>();
    const note = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    fc.assert(approvalProperty({ transition, mayExecute }, { checkModel: true, note }), { numRuns: 1000 });
    // The runs reached every path the issue names; a generator change that starves one fails here.
    for (const path of [
      'write with approval',
      'write, autonomous',
      'write refused: approval expired',
      'write refused: superseded',
      'edit after approval',
      'revoke after approval',
      'concurrent approvals, both eligible',
      'approve refused: four_eyes',
      'approve refused: wrong_role',
      'approve refused: hash_mismatch',
      'approve refused: not_a_person',
      'approve refused: not_pending',
      'approve refused: autonomy_forbids',
    ]) {
      expect(seen.get(path) ?? 0, path).toBeGreaterThan(0);
    }
  });
});

// ---- The property is not vacuous: deliberately broken domains are caught by the invariant alone. ----

type Transition = typeof transition;
const startedAt = (s: ActionRecord, now: Date) => (s.approval ? new Date(s.approval.approvedAt) : now);

const BROKEN: Record<string, Sut> = {
  'a gate that ignores expiry': {
    mayExecute: (r, p, now) => mayExecute(r, p, startedAt(r, now)),
    transition: (s, e, now) => transition(s, e, e.type === 'start' ? startedAt(s, now) : now),
  },
  'a gate that lets any pending action through': {
    mayExecute: (r, p, now) => r.status === 'proposed' || mayExecute(r, p, now),
    transition: (s, e, now) =>
      e.type === 'start' && s.status === 'proposed'
        ? { ok: true, state: { ...s, status: 'executing', version: s.version + 1 }, effects: [] }
        : transition(s, e, now),
  },
  'an approval that skips four-eyes': {
    mayExecute: (r, p, now) =>
      mayExecute({ ...r, requirement: { ...r.requirement, fourEyes: false } }, p, now),
    transition: ((s, e, now) => {
      if (e.type !== 'approve' && e.type !== 'start') return transition(s, e, now);
      const lax = { ...s, requirement: { ...s.requirement, fourEyes: false } };
      const result = transition(lax, e, now);
      return { ...result, state: { ...result.state, requirement: s.requirement } };
    }) satisfies Transition,
  },
  'an edit that keeps the approval': {
    mayExecute,
    transition: (s, e, now) => {
      const result = transition(s, e, now);
      if (e.type !== 'edit' || !result.ok || s.approval === null) return result;
      const approval = s.approval;
      return {
        ...result,
        effects: result.effects.map((effect) =>
          effect.kind === 'propose'
            ? {
                ...effect,
                record: {
                  ...effect.record,
                  status: 'approved',
                  approval: { ...approval, payloadHash: e.payloadHash },
                },
              }
            : effect,
        ),
      };
    },
  },
};

describe('the model-based property can fail', () => {
  it.each(Object.entries(BROKEN))('catches %s', (_, sut) => {
    const details = fc.check(approvalProperty(sut, { checkModel: false }), { numRuns: 1000 });
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/invariant: write to a\d+/);
  });
});
