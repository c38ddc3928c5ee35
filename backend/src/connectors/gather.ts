import type { Evidence, SourceReport } from '@triage/shared';
import { describeSourceFault } from './resilience';
import type { EvidenceQuery, EvidenceSource } from './types';

export interface GatherOptions {
  /** The whole fan-out finishes by then, whatever the sources do. */
  deadlineMs: number;
  /** A source answering after this share of the deadline is reported "slow". */
  slowFraction?: number;
  clock?: () => number;
  /** Told about each source fault, for the operator's log; the packet only says the source failed. */
  onError?: (sourceId: string, error: unknown) => void;
}

export interface Gathered {
  evidence: Evidence[];
  reports: SourceReport[];
}

class DeadlineExceeded extends Error {
  constructor() {
    super('deadline exceeded');
  }
}

/**
 * Asks every source in parallel under one deadline. A source that throws or does not answer in time is
 * reported (failed, with a reason safe to show) and contributes nothing; it never fails or delays the
 * packet beyond the deadline. Evidence with the same id from two sources is kept once.
 */
export async function gatherEvidence(
  sources: readonly EvidenceSource[],
  query: Omit<EvidenceQuery, 'signal'>,
  options: GatherOptions,
): Promise<Gathered> {
  const clock = options.clock ?? (() => performance.now());
  const slowMs = options.deadlineMs * (options.slowFraction ?? 0.8);
  const controller = new AbortController();
  const deadlineAt = Date.now() + options.deadlineMs;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(new DeadlineExceeded());
      reject(new DeadlineExceeded());
    }, options.deadlineMs);
  });
  // The deadline promise may reject after every source has settled; that is expected, not an error.
  deadline.catch(() => undefined);

  const runs = sources.map(async (source): Promise<{ report: SourceReport; evidence: Evidence[] }> => {
    const started = clock();
    try {
      const evidence = await Promise.race([
        source.fetch({ ...query, signal: controller.signal, deadlineAt }),
        deadline,
      ]);
      const latencyMs = Math.round(clock() - started);
      return {
        evidence,
        report: {
          source: source.id,
          status: latencyMs > slowMs ? 'slow' : 'ok',
          latencyMs,
          items: evidence.length,
        },
      };
    } catch (e) {
      const latencyMs = Math.round(clock() - started);
      options.onError?.(source.id, e);
      // A source that gave up because the deadline aborted it reports the deadline, not its own timeout.
      const { status, reason } =
        e instanceof DeadlineExceeded || controller.signal.aborted
          ? { status: 'failed' as const, reason: `no answer within ${options.deadlineMs} ms` }
          : describeSourceFault(e);
      return { evidence: [], report: { source: source.id, status, latencyMs, items: 0, reason } };
    }
  });
  try {
    const results = await Promise.all(runs);
    // The same fact reached through two sources (one id, or one deep link of one kind) is kept once,
    // from the source listed first.
    const seen = new Set<string>();
    const evidence: Evidence[] = [];
    for (const r of results) {
      for (const e of r.evidence) {
        const keys = e.url === null ? [e.id] : [e.id, `${e.kind}\u0000${e.url}`];
        if (keys.some((k) => seen.has(k))) continue;
        for (const k of keys) seen.add(k);
        evidence.push(e);
      }
    }
    return { evidence, reports: results.map((r) => r.report) };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
