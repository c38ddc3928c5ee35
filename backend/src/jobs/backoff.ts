/** Capped exponential backoff settings for write-back retries (PLATFORMS.md 3.5). */
export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  baseMs: number;
  /** No computed delay exceeds this; a longer `Retry-After` from the target still wins. */
  capMs: number;
}

/** 1 s doubling to a 5 min ceiling. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 5 * 60 * 1000 };

/**
 * The delay before retry number `attempt` (1 for the first retry): "full jitter", a uniform draw in
 * [0, min(cap, base · 2^(attempt−1))). Full jitter rather than equal or decorrelated jitter because it
 * spreads a burst of failed writes (one outage, many tickets) most evenly, so they do not return together.
 *
 * @param random a draw in [0, 1), injected so tests are deterministic.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.max(0, Math.trunc(attempt) - 1);
  // 2^exponent overflows to Infinity long after the cap is reached; min() keeps it finite.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(exponent, 52));
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.floor(draw * ceiling);
}

/**
 * The delay before the next attempt: the jittered backoff, but never earlier than the target's
 * `Retry-After`. A `Retry-After` is honoured exactly even above the cap: the target said when it will
 * accept the write, and arriving earlier only earns another refusal.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy,
  random: () => number,
): number {
  const backoff = backoffDelayMs(attempt, policy, random);
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs)) return backoff;
  return Math.max(Math.ceil(retryAfterMs), backoff);
}
