import {
  BrokenCircuitError,
  BulkheadRejectedError,
  ConsecutiveBreaker,
  bulkhead,
  circuitBreaker,
  handleWhen,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { ConnectorError, isConnectorError } from './errors';
import type { EvidenceQuery, EvidenceSource } from './types';

export interface ResilienceOptions {
  /** Consecutive faults that open a source's circuit. */
  failuresToOpen?: number;
  /** How long an open circuit waits before letting one trial call through. */
  halfOpenAfterMs?: number;
  /** Concurrent calls per source and process, and how many may wait. */
  concurrency?: number;
  queue?: number;
  clock?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface Policies {
  breaker: CircuitBreakerPolicy;
  bulkhead: BulkheadPolicy;
}

/** Margin kept before the deadline: a retry that could only just start is not worth sending. */
const RETRY_MARGIN_MS = 50;
/** Wait before retrying a fault that gave no Retry-After. */
const DEFAULT_RETRY_DELAY_MS = 100;

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      },
      { once: true },
    );
  });
}

/** Faults that say something about the source's health. "Not found" is an answer, not a fault. */
function isFault(e: unknown): boolean {
  return !(isConnectorError(e) && (e.code === 'not_found' || e.code === 'config'));
}

/**
 * Wraps each tenant's evidence sources in a circuit breaker (open after N consecutive faults, half-open on
 * schedule) and a bulkhead, and retries a read once when the fault is retryable and the retry fits before
 * the packet deadline, never before `Retry-After`. Policies live as long as this object: one per process,
 * keyed by tenant and source, so one tenant's failing CRM never trips another tenant's.
 */
export function createResilience(options: ResilienceOptions = {}) {
  const policies = new Map<string, Policies>();
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;

  function policiesFor(key: string): Policies {
    let p = policies.get(key);
    if (!p) {
      p = {
        breaker: circuitBreaker(handleWhen(isFault), {
          halfOpenAfter: options.halfOpenAfterMs ?? 30_000,
          breaker: new ConsecutiveBreaker(options.failuresToOpen ?? 5),
        }),
        bulkhead: bulkhead(options.concurrency ?? 4, options.queue ?? 16),
      };
      policies.set(key, p);
    }
    return p;
  }

  async function withRetry(source: EvidenceSource, query: EvidenceQuery) {
    try {
      return await source.fetch(query);
    } catch (e) {
      if (!isConnectorError(e) || !e.retryable || query.signal.aborted) throw e;
      const wait = e.retryAfterMs ?? DEFAULT_RETRY_DELAY_MS;
      // Reads are idempotent; still, a retry that cannot finish before the deadline only adds load.
      if (query.deadlineAt !== undefined && clock() + wait + RETRY_MARGIN_MS >= query.deadlineAt) throw e;
      await sleep(wait, query.signal);
      return source.fetch(query);
    }
  }

  return {
    /** The same source behind this process's breaker, bulkhead and retry for (tenant, source). */
    wrap(tenant: string, source: EvidenceSource): EvidenceSource {
      const { breaker, bulkhead: bh } = policiesFor(`${tenant}\u0000${source.id}`);
      return {
        id: source.id,
        capabilities: source.capabilities,
        fetch: (query) => breaker.execute(() => bh.execute(() => withRetry(source, query))),
      };
    },
    /** Forgets a tenant's policies (its connectors were reconfigured). */
    reset(tenant: string): void {
      for (const key of policies.keys()) if (key.startsWith(`${tenant}\u0000`)) policies.delete(key);
    },
  };
}
export type Resilience = ReturnType<typeof createResilience>;

/** The source status and a reason a person can act on, for a fault a source raised. */
export function describeSourceFault(e: unknown): { status: 'failed' | 'circuit-open'; reason: string } {
  if (e instanceof BrokenCircuitError)
    return { status: 'circuit-open', reason: 'paused after repeated failures; retried automatically later' };
  if (e instanceof BulkheadRejectedError)
    return { status: 'failed', reason: 'too many requests to this source at once' };
  if (e instanceof ConnectorError) {
    switch (e.code) {
      case 'auth':
        return {
          status: 'failed',
          reason: 'the source refused the credentials: an admin should update them',
        };
      case 'forbidden':
        return { status: 'failed', reason: 'the credentials lack a permission this source needs' };
      case 'rate_limited':
        return {
          status: 'failed',
          reason:
            e.retryAfterMs === undefined
              ? 'rate limited by the source'
              : `rate limited by the source (retry after ${Math.ceil(e.retryAfterMs / 1000)} s)`,
        };
      case 'unavailable':
        return {
          status: 'failed',
          reason: `the source is unavailable${e.status ? ` (HTTP ${e.status})` : ''}`,
        };
      case 'timeout':
        return { status: 'failed', reason: 'the source did not answer in time' };
      case 'bad_response':
        return { status: 'failed', reason: 'the source answered in an unexpected format' };
      case 'blocked_address':
        return { status: 'failed', reason: 'the configured address is not allowed (private or non-https)' };
      case 'config':
        return {
          status: 'failed',
          reason: 'the connector configuration is invalid: an admin should review it',
        };
      case 'not_found':
        return { status: 'failed', reason: 'the source has no such record' };
      case 'network':
        return { status: 'failed', reason: 'the source could not be reached' };
    }
  }
  return { status: 'failed', reason: 'the source returned an error' };
}
