import { describe, expect, it } from 'vitest';
import {
  classificationMetrics,
  expectedCalibrationError,
  logLosses,
  pairedComparison,
  pairedMeanComparison,
  rankingMetrics,
} from './index';

const p = (truth: string, ...ranked: [string, number][]) => ({
  truth,
  ranked: ranked.map(([label, probability]) => ({ label, probability })),
});

describe('classificationMetrics', () => {
  it('matches a hand-checked example', () => {
    const metrics = classificationMetrics([
      p('a', ['a', 0.95], ['b', 0.05]),
      p('a', ['b', 0.6], ['c', 0.3], ['a', 0.1]),
      p('b', ['b', 0.92], ['a', 0.08]),
      p('c', ['a', 0.5], ['b', 0.3], ['d', 0.2]),
    ]);
    // Classes in truth: a, b, c. a: tp 1, predicted 2, actual 2 → P .5 R .5 F1 .5.
    // b: tp 1, predicted 2, actual 1 → P .5 R 1 F1 2/3. c: tp 0 → F1 0. Mean = (0.5 + 2/3 + 0) / 3.
    expect(metrics.n).toBe(4);
    expect(metrics.classes).toBe(3);
    expect(metrics.accuracy).toBe(0.5);
    expect(metrics.macro_f1).toBeCloseTo((0.5 + 2 / 3) / 3, 10);
    // top3: rows 1, 2 and 3 have the truth in their first three; row 4 (c) does not.
    expect(metrics.top3).toBe(0.75);
    expect(metrics['coverage_at_0.9']).toBe(0.5);
    expect(metrics['accuracy_at_0.9']).toBe(1);
    // Bins: 0.95 & 0.92 → bin 9 (acc 1, conf .935); 0.6 → bin 6 (acc 0); 0.5 → bin 5 (acc 0).
    expect(metrics.ece).toBeCloseTo(0.5 * 0.065 + 0.25 * 0.6 + 0.25 * 0.5, 10);
  });

  it('scores a missing prediction as wrong with confidence 0 and keeps fields numeric', () => {
    const metrics = classificationMetrics([p('a')]);
    expect(metrics).toMatchObject({
      accuracy: 0,
      top3: 0,
      'coverage_at_0.9': 0,
      'accuracy_at_0.9': 0,
      ece: 0,
    });
  });
});

describe('expectedCalibrationError', () => {
  it('puts a confidence of exactly 1 in the last bin and is 0 when calibrated', () => {
    expect(expectedCalibrationError([1, 1], [true, true])).toBe(0);
    expect(expectedCalibrationError([0.25, 0.25, 0.25, 0.25], [true, false, false, false])).toBeCloseTo(
      0,
      12,
    );
    expect(expectedCalibrationError([0.9, 0.9], [false, false])).toBeCloseTo(0.9, 12);
  });
});

describe('rankingMetrics', () => {
  it('computes recall@k and MRR over the full list, with misses as 0', () => {
    const metrics = rankingMetrics([1, 3, 7, 20, null]);
    expect(metrics).toEqual({
      queries: 5,
      'recall@1': 0.2,
      'recall@5': 0.4,
      'recall@10': 0.6,
      mrr: (1 + 1 / 3 + 1 / 7 + 1 / 20) / 5,
    });
  });

  it('reports zeros without queries', () => {
    expect(rankingMetrics([])).toEqual({ queries: 0, 'recall@1': 0, 'recall@5': 0, 'recall@10': 0, mrr: 0 });
  });
});

describe('pairedComparison', () => {
  it('runs an exact two-sided sign test over the items where the two systems differ', () => {
    // 9 wins, 1 loss, 5 ties: p = 2 · (C(10,0) + C(10,1)) / 2^10 = 22 / 1024.
    const first = [...Array<number>(9).fill(1), 0, ...Array<number>(5).fill(1)];
    const second = [...Array<number>(9).fill(0), 1, ...Array<number>(5).fill(1)];
    const result = pairedComparison(first, second);
    expect(result).toMatchObject({ wins: 9, losses: 1 });
    expect(result.p_value).toBeCloseTo(22 / 1024, 12);
    expect(pairedComparison([1, 0], [0, 1]).p_value).toBe(1);
    expect(pairedComparison([], []).p_value).toBe(1);
    // Large samples do not underflow: 1,100 wins against 1,000 losses is not a clear difference.
    const big = pairedComparison(
      [...Array<number>(1100).fill(1), ...Array<number>(1000).fill(0)],
      [...Array<number>(1100).fill(0), ...Array<number>(1000).fill(1)],
    );
    expect(big.p_value).toBeGreaterThan(0.02);
    expect(big.p_value).toBeLessThan(0.05);
  });
});

describe('logLosses', () => {
  it('is −ln p(truth), floored so that a missing or zero class stays finite', () => {
    const losses = logLosses([p('a', ['a', 0.5], ['b', 0.5]), p('c', ['a', 1]), p('b', ['b', 1])]);
    expect(losses[0]).toBeCloseTo(Math.LN2, 12);
    expect(losses[1]).toBeCloseTo(-Math.log(1e-12), 9);
    expect(losses[2]).toBe(-0);
  });
});

describe('pairedMeanComparison', () => {
  it('finds no difference between a system and itself', () => {
    const losses = [0.1, 2, 0.5, 0.3, 1.2];
    expect(pairedMeanComparison(losses, losses)).toEqual({ mean_difference: 0, p_value: 1 });
  });

  it('weighs how much items differ, where the sign test only counts them', () => {
    // The first system is slightly worse on 14 items and far better on 6.
    const first = [...Array<number>(14).fill(0.6), ...Array<number>(6).fill(0.1)];
    const second = [...Array<number>(14).fill(0.5), ...Array<number>(6).fill(5)];
    const mean = pairedMeanComparison(first, second);
    expect(mean.mean_difference).toBeCloseTo((14 * 0.1 - 6 * 4.9) / 20, 12);
    // Only flips giving all six big items one sign reach the observed mean: p ≈ 2 / 2^6.
    expect(mean.p_value).toBeGreaterThan(0.02);
    expect(mean.p_value).toBeLessThan(0.05);
    // The sign test on the same items (lower loss wins) sees 6 against 14: not a clear difference.
    const sign = pairedComparison(
      first.map((x) => -x),
      second.map((x) => -x),
    );
    expect(sign).toMatchObject({ wins: 6, losses: 14 });
    expect(sign.p_value).toBeGreaterThan(0.1);
  });

  it('gives p near 1 for differences that cancel out, and is deterministic', () => {
    const first = [1, 2, 3, 4, 5, 6];
    const second = [2, 1, 4, 3, 6, 5];
    const result = pairedMeanComparison(first, second);
    expect(result.mean_difference).toBe(0);
    expect(result.p_value).toBe(1);
    expect(pairedMeanComparison([1, 3, 2], [2, 2, 2])).toEqual(pairedMeanComparison([1, 3, 2], [2, 2, 2]));
  });
});
