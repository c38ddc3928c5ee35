import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF, retryDelayMs } from './backoff';

describe('backoff', () => {
  it('draws uniformly below a ceiling that doubles from 1 s up to 5 min', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 9, 10, 30].map((n) => backoffDelayMs(n, DEFAULT_BACKOFF, top))).toEqual([
      999, 1999, 3999, 7999, 255_999, 299_999, 299_999,
    ]);
    expect(backoffDelayMs(3, DEFAULT_BACKOFF, () => 0)).toBe(0);
    expect(backoffDelayMs(3, DEFAULT_BACKOFF, () => 0.5)).toBe(2000);
  });

  it('stays in [0, min(cap, base·2^(n−1))) and never undercuts Retry-After', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 86_400_000 }), { nil: undefined }),
        (attempt, draw, retryAfter) => {
          const ceiling = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempt - 1));
          const delay = backoffDelayMs(attempt, DEFAULT_BACKOFF, () => draw);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
          const wait = retryDelayMs(attempt, retryAfter, DEFAULT_BACKOFF, () => draw);
          expect(wait).toBe(Math.max(retryAfter ?? 0, delay));
        },
      ),
    );
  });
});
