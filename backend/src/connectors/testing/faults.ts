/** What a fake desk does with one request before (or after) serving it. */
export type Fault = 'none' | 'throttle' | 'lost-answer';

/** How many faults a fake desk injected, by kind. */
export interface FaultCounts {
  /** Answered 429 with `Retry-After` before anything was applied. */
  throttled: number;
  /** Applied (writes), then answered 503: the caller cannot know the outcome. */
  lostAnswers: number;
}

/** Options every stateful fake desk takes. */
export interface FaultOptions {
  /** Draws in [0, 1); seed it so a failing run replays. Default: never a fault. */
  random?: () => number;
  /** Share of requests that get a fault, half of them each kind. Default 0. */
  faultRate?: number;
}

/**
 * The seeded fault plan of a fake desk: each request draws once; below `faultRate / 2` it is throttled,
 * below `faultRate` its answer is lost after the effect was applied.
 */
export function createFaultPlan(options: FaultOptions): { next(): Fault; counts: FaultCounts } {
  const random = options.random ?? (() => 1);
  const rate = options.faultRate ?? 0;
  const counts: FaultCounts = { throttled: 0, lostAnswers: 0 };
  return {
    counts,
    next() {
      const draw = random();
      if (draw < rate / 2) {
        counts.throttled += 1;
        return 'throttle';
      }
      if (draw < rate) {
        counts.lostAnswers += 1;
        return 'lost-answer';
      }
      return 'none';
    },
  };
}
