import type { AuditEvent } from '@triage/shared';
import { hashJson } from '../common/hashing';
import { isConnectorError } from '../connectors/errors';
import type { WriteBackResult, WriteBackTarget } from '../connectors/types';
import type { Db } from '../storage/db';
import { createAuditRepository } from '../storage/repositories/audit-repository';
import {
  createWriteBacksRepository,
  type ClaimedWriteBack,
  type WriteBacksRepository,
} from '../storage/repositories/write-backs-repository';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './backoff';

/** The worker's audit identity: a system actor, never blurred with the person who approved. */
export const WRITE_BACK_WORKER_ACTOR = { kind: 'system', id: 'write-back-worker' } as const;

/** Attempts per write-back, crashed ones included (PLATFORMS.md 3.5: at most 5). */
export const DEFAULT_MAX_ATTEMPTS = 5;

/** How long a claim is owned before another worker may take it over. */
export const DEFAULT_LEASE_MS = 60_000;

/** What the worker needs. Time, randomness and sleeping are injected so tests never wait. */
export interface WriteBackWorkerDeps {
  db: Db;
  /** The write port for a tenant's system (e.g. `zendesk`), or undefined when none is configured. */
  targets: (
    tenant: string,
    system: string,
  ) => WriteBackTarget | undefined | Promise<WriteBackTarget | undefined>;
  /**
   * Whether this row may be executed now: the approval is still valid for this exact payload (hash,
   * expiry, revocation, roles, four-eyes). Asked right before every write, because an approval can
   * expire or be revoked while the row waits in the queue. Refusal fails the row; nothing is written.
   */
  gate: (row: ClaimedWriteBack) => Promise<boolean>;
  clock: () => Date;
  /** Used only by {@link runWriteBackWorker} between polls. */
  sleep: (ms: number) => Promise<void>;
  /** A draw in [0, 1) for backoff jitter. */
  random: () => number;
  /** Told about every audit event the worker appended, after it committed. */
  onAudit?: (event: AuditEvent) => void;
  /** Default {@link DEFAULT_LEASE_MS}. Must exceed `callTimeoutMs`, so a live worker never loses its row. */
  leaseMs?: number;
  /** Default a third of the lease. Bounds each call to the target. */
  callTimeoutMs?: number;
  /** Default {@link DEFAULT_MAX_ATTEMPTS}. */
  maxAttempts?: number;
  /** Default {@link DEFAULT_BACKOFF} (1 s base, 5 min cap, full jitter). */
  backoff?: BackoffPolicy;
}

/** How one claimed write-back ended this time. */
export type WriteBackOutcome =
  /** This attempt wrote it. */
  | { kind: 'executed'; result: WriteBackResult }
  /** An earlier attempt (whose outcome was unknown) had written it: the target holds our marker. */
  | { kind: 'confirmed'; result: WriteBackResult }
  | { kind: 'retry'; error: string; nextAttemptAt: string }
  | { kind: 'failed'; error: string }
  | { kind: 'dead'; error: string }
  /** Our lease ran out and another worker reclaimed the row, so this worker recorded nothing. */
  | { kind: 'superseded' };

/** One {@link runOnce} call's work. */
export interface WriteBackRun {
  writeBack: ClaimedWriteBack;
  outcome: WriteBackOutcome;
}

/** Failure codes stored in `last_error` and shown in the sidebar; never response bodies. */
export type WriteBackErrorCode =
  | 'approval_invalid'
  | 'payload_hash_mismatch'
  | 'target_not_configured'
  | 'target_unavailable'
  | 'action_not_supported'
  | 'attempts_exhausted'
  | 'internal_error';

/**
 * Claims one due write-back and carries it one step:
 *
 * 1. audit `write-back.attempt.started`;
 * 2. if an earlier attempt's outcome is unknown (`attempts > 1`: it crashed, timed out or got a retryable
 *    error), ask the target for our marker first; if it is there, the row is done without a second write;
 * 3. refuse rows past `maxAttempts`, rows whose payload no longer hashes to the approved hash, and rows
 *    the `gate` refuses (`approval_invalid`), all without writing;
 * 4. write; on a retryable connector error reschedule at max(Retry-After, jittered backoff), or
 *    dead-letter once `maxAttempts` attempts were made; other errors fail the row.
 *
 * The row's new status and its audit event commit in one transaction. A crash anywhere leaves the row
 * executing until its lease runs out; the next claim then goes through step 2.
 *
 * @returns what happened, or null when nothing was due.
 */
export async function runOnce(deps: WriteBackWorkerDeps): Promise<WriteBackRun | null> {
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const callTimeoutMs = deps.callTimeoutMs ?? Math.floor(leaseMs / 3);
  if (!(callTimeoutMs > 0 && callTimeoutMs < leaseMs)) {
    throw new RangeError('callTimeoutMs must be positive and shorter than the lease');
  }
  const maxAttempts = deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const claim = await createWriteBacksRepository(deps.db).claimNext(deps.clock(), leaseMs);
  if (claim === null) return null;

  await audit(deps, claim, 'write-back.attempt.started');
  const outcome = await attempt(deps, claim, { maxAttempts, callTimeoutMs });
  return { writeBack: claim, outcome: await record(deps, claim, outcome) };
}

/**
 * Runs {@link runOnce} until nothing is due (or `maxRuns` runs). Rows waiting for a later
 * retry or held by another worker's live lease are left for a later call.
 */
export async function drainWriteBacks(
  deps: WriteBackWorkerDeps,
  options: { maxRuns?: number } = {},
): Promise<WriteBackRun[]> {
  const runs: WriteBackRun[] = [];
  const max = options.maxRuns ?? Number.POSITIVE_INFINITY;
  while (runs.length < max) {
    const run = await runOnce(deps);
    if (run === null) break;
    runs.push(run);
  }
  return runs;
}

/**
 * The long-running worker: drains, then sleeps `idleMs`, until `signal` aborts. A failing run (the
 * database unreachable) is reported to `onError` and retried after the idle pause; the row it held,
 * if any, is reclaimed when its lease runs out.
 */
export async function runWriteBackWorker(
  deps: WriteBackWorkerDeps,
  options: { signal: AbortSignal; idleMs?: number; onError?: (error: unknown) => void },
): Promise<void> {
  const idleMs = options.idleMs ?? 1000;
  while (!options.signal.aborted) {
    try {
      if ((await runOnce(deps)) !== null) continue;
    } catch (e) {
      options.onError?.(e);
    }
    await deps.sleep(idleMs);
  }
}

async function attempt(
  deps: WriteBackWorkerDeps,
  claim: ClaimedWriteBack,
  limits: { maxAttempts: number; callTimeoutMs: number },
): Promise<WriteBackOutcome> {
  let target: WriteBackTarget | undefined;
  try {
    target = await deps.targets(claim.tenant, claim.target.system);
  } catch {
    return retryOrDead(deps, claim, limits.maxAttempts, 'target_unavailable', undefined);
  }
  if (target === undefined) return { kind: 'failed', error: 'target_not_configured' };

  try {
    if (claim.attempts > 1) {
      const marker = await withTimeout(limits.callTimeoutMs, (signal) =>
        target.findMarker({ ref: claim.target.ref, idempotencyKey: claim.idempotencyKey, signal }),
      );
      if (marker !== null) return { kind: 'confirmed', result: marker };
    }
    if (claim.attempts > limits.maxAttempts) return { kind: 'dead', error: 'attempts_exhausted' };
    // The stored payload is what gets sent; it must still be the one the approval's hash covers.
    if (hashJson(claim.payload) !== claim.payloadHash)
      return { kind: 'failed', error: 'payload_hash_mismatch' };
    if (!target.actions.includes(claim.action)) return { kind: 'failed', error: 'action_not_supported' };
    if (!(await deps.gate(claim))) return { kind: 'failed', error: 'approval_invalid' };
    const result = await withTimeout(limits.callTimeoutMs, (signal) =>
      target.write({
        ref: claim.target.ref,
        action: claim.action,
        payload: claim.payload,
        idempotencyKey: claim.idempotencyKey,
        signal,
      }),
    );
    return { kind: 'executed', result };
  } catch (e) {
    if (isConnectorError(e)) {
      const error = e.status === undefined ? e.code : `${e.code} (${e.status})`;
      // A timeout leaves the outcome unknown, which the marker check on the next attempt resolves, so it
      // is retried like the transient codes.
      if (e.retryable || e.code === 'timeout') {
        return retryOrDead(deps, claim, limits.maxAttempts, error, e.retryAfterMs);
      }
      return { kind: 'failed', error };
    }
    // Not a connector fault (a bug, a gate that threw): stop and let a person look rather than repeat a
    // write whose effect nobody can vouch for.
    return { kind: 'failed', error: 'internal_error' };
  }
}

function retryOrDead(
  deps: WriteBackWorkerDeps,
  claim: ClaimedWriteBack,
  maxAttempts: number,
  error: string,
  retryAfterMs: number | undefined,
): WriteBackOutcome {
  if (claim.attempts >= maxAttempts) return { kind: 'dead', error };
  const delay = retryDelayMs(claim.attempts, retryAfterMs, deps.backoff ?? DEFAULT_BACKOFF, deps.random);
  return { kind: 'retry', error, nextAttemptAt: new Date(deps.clock().getTime() + delay).toISOString() };
}

/**
 * Stores the outcome and its audit event in one transaction.
 * @returns the outcome, or `superseded` when another worker had reclaimed the row meanwhile.
 */
async function record(
  deps: WriteBackWorkerDeps,
  claim: ClaimedWriteBack,
  outcome: WriteBackOutcome,
): Promise<WriteBackOutcome> {
  if (outcome.kind === 'superseded') return outcome;
  const { event, stored } = await deps.db.transaction(async (tx) => {
    const repo: WriteBacksRepository = createWriteBacksRepository(tx);
    let stored: boolean;
    let action: string;
    switch (outcome.kind) {
      case 'executed':
      case 'confirmed':
        stored = await repo.markDone(claim, outcome.result);
        action = outcome.kind === 'executed' ? 'write-back.executed' : 'write-back.confirmed';
        break;
      case 'retry':
        stored = await repo.markRetry(claim, new Date(outcome.nextAttemptAt), outcome.error);
        action = 'write-back.retry-scheduled';
        break;
      case 'failed':
        stored = await repo.markFailed(claim, outcome.error);
        action = outcome.error === 'approval_invalid' ? 'write-back.refused' : 'write-back.failed';
        break;
      case 'dead':
        stored = await repo.markDead(claim, outcome.error);
        action = 'write-back.dead';
        break;
    }
    const appended = await createAuditRepository(tx).append(claim.tenant, {
      actor: WRITE_BACK_WORKER_ACTOR,
      // A superseded claim still records that its attempt ended; the row's status is the new owner's.
      action: stored ? action : 'write-back.attempt.superseded',
      object: { type: 'write-back', id: claim.id },
      payloadHash: claim.payloadHash,
      ts: deps.clock().toISOString(),
    });
    return { event: appended, stored };
  });
  deps.onAudit?.(event);
  return stored ? outcome : { kind: 'superseded' };
}

async function audit(deps: WriteBackWorkerDeps, claim: ClaimedWriteBack, action: string): Promise<void> {
  const event = await createAuditRepository(deps.db).append(claim.tenant, {
    actor: WRITE_BACK_WORKER_ACTOR,
    action,
    object: { type: 'write-back', id: claim.id },
    payloadHash: claim.payloadHash,
    ts: deps.clock().toISOString(),
  });
  deps.onAudit?.(event);
}

/** Calls `fn` with a signal that aborts after `ms`; the timer never outlives the call. */
async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort();
  }, ms);
  try {
    return await fn(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
