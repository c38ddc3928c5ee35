import type { ActionKind, AuditEvent } from '@triage/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../connectors/errors';
import type { WriteBackRequest, WriteBackResult, WriteBackTarget } from '../connectors/types';
import type { Db } from '../storage/db';
import { createAuditRepository } from '../storage/repositories/audit-repository';
import {
  createWriteBacksRepository,
  type ClaimedWriteBack,
} from '../storage/repositories/write-backs-repository';
import { createTestDb } from '../testing/db';
import { seedApproval } from './testing/seed';
import {
  drainWriteBacks,
  runOnce,
  runWriteBackWorker,
  WRITE_BACK_WORKER_ACTOR,
  type WriteBackWorkerDeps,
} from './write-back-worker';

let db: Db;
const T0 = Date.parse('2030-01-01T00:00:00.000Z');

beforeAll(async () => {
  db = await createTestDb();
});

afterAll(async () => {
  await db.close();
});

// The worker claims across tenants: finish whatever a test left runnable so the next starts clean.
afterEach(async () => {
  await db.query(
    `UPDATE write_backs SET status = 'dead', lease_until = NULL WHERE status IN ('queued', 'executing')`,
  );
});

/**
 * An in-memory target that applies each write as one effect (no deduplication of its own, so a second
 * write would show as a second effect) and can be told to fail a call, before or after applying it.
 */
class FakeTarget implements WriteBackTarget {
  readonly id = 'fake-desk';
  readonly system = 'zendesk';
  readonly actions: readonly ActionKind[] = ['internal-note', 'public-reply'];
  readonly effects: WriteBackRequest[] = [];
  readonly markerChecks: string[] = [];
  /** Scripted behaviour of the next write calls, consumed in order; then writes succeed. */
  readonly script: { error: ConnectorError | Error; afterEffect?: boolean }[] = [];
  /** Set by {@link holdNext}: the next write waits for {@link release} before taking effect. */
  private holdNextWrite = false;
  private held: (() => void) | null = null;

  write(request: WriteBackRequest): Promise<WriteBackResult> {
    const step = this.script.shift();
    if (step !== undefined && step.afterEffect !== true) return Promise.reject(step.error);
    const apply = (): WriteBackResult => {
      this.effects.push(request);
      const n = this.effects.length;
      if (step !== undefined) throw step.error;
      return { externalId: `c-${n}`, url: `https://desk.test/c/${n}` };
    };
    if (!this.holdNextWrite) return Promise.resolve().then(apply);
    this.holdNextWrite = false;
    return new Promise<void>((resolve) => {
      this.held = resolve;
    }).then(apply);
  }

  findMarker(request: { ref: string; idempotencyKey: string }): Promise<WriteBackResult | null> {
    this.markerChecks.push(request.idempotencyKey);
    const i = this.effects.findIndex(
      (e) => e.idempotencyKey === request.idempotencyKey && e.ref === request.ref,
    );
    return Promise.resolve(i < 0 ? null : { externalId: `c-${i + 1}`, url: `https://desk.test/c/${i + 1}` });
  }

  holdNext(): void {
    this.holdNextWrite = true;
  }

  /** Whether a write is waiting for {@link release}. */
  get holding(): boolean {
    return this.held !== null;
  }

  release(): void {
    const resume = this.held;
    this.held = null;
    resume?.();
  }

  effectsFor(key: string): number {
    return this.effects.filter((e) => e.idempotencyKey === key).length;
  }
}

interface Harness {
  deps: WriteBackWorkerDeps;
  target: FakeTarget;
  audits: AuditEvent[];
  advance(ms: number): void;
  setNow(ms: number): void;
  now(): number;
}

function harness(overrides: Partial<WriteBackWorkerDeps> = {}): Harness {
  let now = T0;
  const target = new FakeTarget();
  const audits: AuditEvent[] = [];
  return {
    target,
    audits,
    advance: (ms) => {
      now += ms;
    },
    setNow: (ms) => {
      now = ms;
    },
    now: () => now,
    deps: {
      db,
      targets: (_tenant, system) => (system === 'zendesk' ? target : undefined),
      gate: () => Promise.resolve(true),
      clock: () => new Date(now),
      sleep: () => Promise.reject(new Error('runOnce never sleeps')),
      random: () => 0.5,
      onAudit: (e) => audits.push(e),
      leaseMs: 30_000,
      ...overrides,
    },
  };
}

async function enqueue(
  tenant: string,
  actionId: string,
  options: { ref?: string; system?: string; payload?: Record<string, unknown> } = {},
) {
  const payload = options.payload ?? { body: `Internal note for ${actionId}`, public: false };
  const approval = await seedApproval(db, tenant, actionId, payload);
  return createWriteBacksRepository(db).enqueue(db, {
    tenant,
    id: `wb-${actionId}`,
    approvalId: approval.id,
    actionId,
    target: { system: options.system ?? 'zendesk', ref: options.ref ?? `ticket-${actionId}` },
    idempotencyKey: `key-${actionId}`,
    payload,
    availableAt: new Date(T0),
  });
}

const rowOf = async (tenant: string, id: string) => createWriteBacksRepository(db).get(tenant, id);

describe('write-back worker', () => {
  it('writes the exact approved payload once, marks it done and audits before and after', async () => {
    const h = harness();
    const wb = await enqueue('happy', 'h-1');
    const run = await runOnce(h.deps);
    expect(run?.outcome).toEqual({
      kind: 'executed',
      result: { externalId: 'c-1', url: 'https://desk.test/c/1' },
    });
    expect(h.target.effects).toHaveLength(1);
    expect(h.target.effects[0]).toMatchObject({
      ref: 'ticket-h-1',
      action: 'internal-note',
      payload: wb.payload,
      idempotencyKey: 'key-h-1',
    });
    // A first attempt has nothing to look for.
    expect(h.target.markerChecks).toEqual([]);
    expect(await rowOf('happy', wb.id)).toMatchObject({ status: 'done', attempts: 1, externalId: 'c-1' });
    const events = await createAuditRepository(db).list('happy');
    expect(events.map((e) => e.action)).toEqual(['write-back.attempt.started', 'write-back.executed']);
    for (const e of events) {
      expect(e.actor).toEqual(WRITE_BACK_WORKER_ACTOR);
      expect(e.object).toEqual({ type: 'write-back', id: wb.id });
      expect(e.payloadHash).toBe(wb.payloadHash);
      expect(e.ts).toBe(new Date(T0).toISOString());
    }
    expect(h.audits.map((e) => e.seq)).toEqual(events.map((e) => e.seq));
    expect((await createAuditRepository(db).verify('happy')).ok).toBe(true);
    expect(await runOnce(h.deps)).toBeNull();
  });

  it('honours Retry-After exactly when it is longer than the backoff, even above the cap', async () => {
    const h = harness({ random: () => 0.999 });
    const wb = await enqueue('retry-after', 'ra-1');
    h.target.script.push({
      error: new ConnectorError('rate_limited', 'x', { status: 429, retryAfterMs: 7000 }),
    });
    const first = await runOnce(h.deps);
    expect(first?.outcome).toEqual({
      kind: 'retry',
      error: 'rate_limited (429)',
      nextAttemptAt: new Date(T0 + 7000).toISOString(),
    });
    expect(await rowOf('retry-after', wb.id)).toMatchObject({
      status: 'queued',
      lastError: 'rate_limited (429)',
    });
    h.setNow(T0 + 6999);
    expect(await runOnce(h.deps)).toBeNull();
    // Ten minutes: twice the backoff cap, still honoured.
    h.setNow(T0 + 7000);
    h.target.script.push({
      error: new ConnectorError('rate_limited', 'x', { status: 429, retryAfterMs: 600_000 }),
    });
    const second = await runOnce(h.deps);
    expect(second?.outcome).toMatchObject({
      kind: 'retry',
      nextAttemptAt: new Date(T0 + 607_000).toISOString(),
    });
    h.setNow(T0 + 607_000);
    expect((await runOnce(h.deps))?.outcome.kind).toBe('executed');
    expect(h.target.effectsFor('key-ra-1')).toBe(1);
    const actions = (await createAuditRepository(db).list('retry-after')).map((e) => e.action);
    expect(actions).toEqual([
      'write-back.attempt.started',
      'write-back.retry-scheduled',
      'write-back.attempt.started',
      'write-back.retry-scheduled',
      'write-back.attempt.started',
      'write-back.executed',
    ]);
  });

  it('waits the jittered backoff when it is longer than Retry-After', async () => {
    const h = harness({ random: () => 0.5 });
    await enqueue('jitter', 'j-1');
    // Attempt 1: backoff draw is 0.5 · 1 s = 500 ms; Retry-After 100 ms is shorter.
    h.target.script.push({
      error: new ConnectorError('unavailable', 'x', { status: 503, retryAfterMs: 100 }),
    });
    expect((await runOnce(h.deps))?.outcome).toMatchObject({
      nextAttemptAt: new Date(T0 + 500).toISOString(),
    });
    // Attempt 2: 0.5 · 2 s = 1 s; no Retry-After.
    h.setNow(T0 + 500);
    h.target.script.push({ error: new ConnectorError('network', 'x') });
    expect((await runOnce(h.deps))?.outcome).toMatchObject({
      nextAttemptAt: new Date(T0 + 1500).toISOString(),
    });
  });

  it('makes at most five attempts, then dead-letters the row', async () => {
    const h = harness({ random: () => 0.25 });
    const wb = await enqueue('give-up', 'g-1');
    for (let i = 0; i < 10; i += 1) {
      h.target.script.push({ error: new ConnectorError('unavailable', 'x', { status: 503 }) });
    }
    const writes = vi.spyOn(h.target, 'write');
    const outcomes: string[] = [];
    for (;;) {
      const run = await runOnce(h.deps);
      if (run === null) {
        const row = await rowOf('give-up', wb.id);
        if (row?.status !== 'queued') break;
        h.setNow(Date.parse(row.nextAttemptAt));
        continue;
      }
      outcomes.push(run.outcome.kind);
    }
    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'retry', 'dead']);
    expect(writes).toHaveBeenCalledTimes(5);
    expect(await rowOf('give-up', wb.id)).toMatchObject({
      status: 'dead',
      attempts: 5,
      lastError: 'unavailable (503)',
    });
    const actions = (await createAuditRepository(db).list('give-up')).map((e) => e.action);
    expect(actions.at(-1)).toBe('write-back.dead');
    expect(actions.filter((a) => a === 'write-back.attempt.started')).toHaveLength(5);
  });

  it('checks for its marker after an unknown outcome instead of writing a second time', async () => {
    const h = harness({ random: () => 0 });
    const wb = await enqueue('marker', 'm-1');
    // The desk applied the write, then the connection dropped before the answer came back.
    h.target.script.push({ error: new ConnectorError('network', 'reset'), afterEffect: true });
    expect((await runOnce(h.deps))?.outcome.kind).toBe('retry');
    expect(h.target.effectsFor('key-m-1')).toBe(1);
    const writes = vi.spyOn(h.target, 'write');
    const run = await runOnce(h.deps);
    expect(run?.outcome).toEqual({
      kind: 'confirmed',
      result: { externalId: 'c-1', url: 'https://desk.test/c/1' },
    });
    expect(writes).not.toHaveBeenCalled();
    expect(h.target.markerChecks).toEqual(['key-m-1']);
    expect(h.target.effectsFor('key-m-1')).toBe(1);
    expect(await rowOf('marker', wb.id)).toMatchObject({ status: 'done', attempts: 2, externalId: 'c-1' });
    expect((await createAuditRepository(db).list('marker')).map((e) => e.action).at(-1)).toBe(
      'write-back.confirmed',
    );
  });

  it('after a worker died mid-write, the next one finds the marker once the lease runs out', async () => {
    const h = harness();
    const wb = await enqueue('crashed', 'c-1');
    // A worker claimed the row and wrote, then died before recording anything.
    const claim = await createWriteBacksRepository(db).claimNext(new Date(T0), 30_000);
    if (claim === null) throw new Error('expected a claim');
    await h.target.write({ ...claim, ref: claim.target.ref, signal: new AbortController().signal });
    expect(await runOnce(h.deps)).toBeNull();
    h.setNow(T0 + 30_001);
    const writes = vi.spyOn(h.target, 'write');
    expect((await runOnce(h.deps))?.outcome.kind).toBe('confirmed');
    expect(writes).not.toHaveBeenCalled();
    expect(h.target.effectsFor('key-c-1')).toBe(1);
    expect(await rowOf('crashed', wb.id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('writes again after an unknown outcome when the marker is absent', async () => {
    const h = harness({ random: () => 0 });
    const wb = await enqueue('absent', 'a-1');
    h.target.script.push({ error: new ConnectorError('timeout', 'slow') });
    expect((await runOnce(h.deps))?.outcome).toMatchObject({ kind: 'retry', error: 'timeout' });
    expect((await runOnce(h.deps))?.outcome.kind).toBe('executed');
    expect(h.target.markerChecks).toEqual(['key-a-1']);
    expect(h.target.effectsFor('key-a-1')).toBe(1);
    expect((await rowOf('absent', wb.id))?.status).toBe('done');
  });

  it('never calls the target’s write when the gate refuses, and records why', async () => {
    const seen: ClaimedWriteBack[] = [];
    const h = harness({
      gate: (row) => {
        seen.push(row);
        return Promise.resolve(false);
      },
    });
    const wb = await enqueue('refused', 'r-1');
    const writes = vi.spyOn(h.target, 'write');
    expect((await runOnce(h.deps))?.outcome).toEqual({ kind: 'failed', error: 'approval_invalid' });
    expect(writes).not.toHaveBeenCalled();
    expect(seen.map((r) => [r.id, r.payloadHash, r.approvalId])).toEqual([
      [wb.id, wb.payloadHash, wb.approvalId],
    ]);
    expect(await rowOf('refused', wb.id)).toMatchObject({ status: 'failed', lastError: 'approval_invalid' });
    expect((await createAuditRepository(db).list('refused')).map((e) => e.action)).toEqual([
      'write-back.attempt.started',
      'write-back.refused',
    ]);
    expect(await runOnce(h.deps)).toBeNull();
  });

  it('refuses a stored payload that no longer hashes to the approved hash', async () => {
    const h = harness();
    const wb = await enqueue('tampered', 't-1');
    await db.query(
      `UPDATE write_backs SET payload = '{"body":"edited in the database"}'::jsonb WHERE id = $1`,
      [wb.id],
    );
    const writes = vi.spyOn(h.target, 'write');
    expect((await runOnce(h.deps))?.outcome).toEqual({ kind: 'failed', error: 'payload_hash_mismatch' });
    expect(writes).not.toHaveBeenCalled();
  });

  it('fails without retrying on a permanent error, a missing target or an unsupported action', async () => {
    const h = harness();
    const auth = await enqueue('permanent', 'p-1');
    const missing = await enqueue('permanent', 'p-2', { system: 'servicenow' });
    const unsupported = await enqueue('permanent', 'p-3');
    await db.query(`UPDATE approvals SET action_type = 'service-credit' WHERE id = $1`, [
      unsupported.approvalId,
    ]);
    h.target.script.push({ error: new ConnectorError('auth', 'refused', { status: 401 }) });
    const runs = await drainWriteBacks(h.deps);
    expect(runs.map((r) => [r.writeBack.id, r.outcome])).toEqual([
      [auth.id, { kind: 'failed', error: 'auth (401)' }],
      [missing.id, { kind: 'failed', error: 'target_not_configured' }],
      [unsupported.id, { kind: 'failed', error: 'action_not_supported' }],
    ]);
    expect(h.target.effects).toEqual([]);
  });

  it('serialises one ticket: the second row waits until the first is done', async () => {
    const h = harness();
    const first = await enqueue('one-ticket', 'o-1', { ref: 'ticket-X' });
    const second = await enqueue('one-ticket', 'o-2', { ref: 'ticket-X' });
    h.target.holdNext();
    const inFlight = runOnce(h.deps);
    // Let the first run claim its row and reach the held write.
    await vi.waitFor(() => {
      expect(h.target.holding).toBe(true);
    });
    expect(await runOnce(h.deps)).toBeNull();
    expect((await rowOf('one-ticket', second.id))?.status).toBe('queued');
    h.target.release();
    expect((await inFlight)?.writeBack.id).toBe(first.id);
    expect((await runOnce(h.deps))?.writeBack.id).toBe(second.id);
    expect(h.target.effects.map((e) => e.idempotencyKey)).toEqual(['key-o-1', 'key-o-2']);
  });

  it('records nothing for a claim another worker took over after its lease ran out', async () => {
    const h = harness({ leaseMs: 1000, callTimeoutMs: 500 });
    const wb = await enqueue('superseded', 's-1');
    h.target.holdNext();
    const slow = runOnce(h.deps);
    await vi.waitFor(() => {
      expect(h.target.holding).toBe(true);
    });
    // The slow worker's lease runs out; another worker reclaims the row, finds no marker yet (the slow
    // write has not landed) and writes. This is the at-least-once hazard that callTimeoutMs < leaseMs
    // exists to prevent; here the point is that the slow worker cannot overwrite the new owner's record.
    h.setNow(T0 + 1001);
    const taken = await runOnce(h.deps);
    expect(taken?.outcome.kind).toBe('executed');
    expect(taken?.writeBack.attempts).toBe(2);
    h.target.release();
    expect((await slow)?.outcome).toEqual({ kind: 'superseded' });
    expect((await createAuditRepository(db).list('superseded')).map((e) => e.action)).toEqual([
      'write-back.attempt.started',
      'write-back.attempt.started',
      'write-back.executed',
      'write-back.attempt.superseded',
    ]);
    expect(await rowOf('superseded', wb.id)).toMatchObject({
      status: 'done',
      attempts: 2,
      externalId: 'c-1',
    });
  });

  it('runs as a loop: drains, sleeps when idle, and stops when aborted', async () => {
    const controller = new AbortController();
    const sleeps: number[] = [];
    const h = harness({
      sleep: (ms) => {
        sleeps.push(ms);
        controller.abort();
        return Promise.resolve();
      },
    });
    const wb = await enqueue('loop', 'lp-1');
    await runWriteBackWorker(h.deps, { signal: controller.signal, idleMs: 250 });
    expect(sleeps).toEqual([250]);
    expect((await rowOf('loop', wb.id))?.status).toBe('done');
  });
});
