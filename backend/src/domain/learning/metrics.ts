import { seededRandom } from './prng';

/** One evaluated prediction: the true class and the predicted classes, most likely first. */
export interface ScoredPrediction {
  truth: string;
  ranked: readonly { label: string; probability: number }[];
}

/** Per-label-key report, exactly the shape of DESIGN.md's eval output. */
export interface LabelMetrics {
  n: number;
  classes: number;
  accuracy: number;
  macro_f1: number;
  top3: number;
  'coverage_at_0.9': number;
  'accuracy_at_0.9': number;
  ece: number;
}

/** Duplicate-retrieval report, exactly the shape of DESIGN.md's eval output. */
export interface RankingMetrics {
  queries: number;
  'recall@1': number;
  'recall@5': number;
  'recall@10': number;
  mrr: number;
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);

/**
 * Expected calibration error over `bins` equal-width confidence bins: Σ |B|/n · |acc(B) − conf(B)|.
 * Bin i holds confidences in [i/bins, (i+1)/bins); a confidence of exactly 1 goes to the last bin.
 */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct: readonly boolean[],
  bins = 10,
): number {
  const n = confidences.length;
  if (n === 0) return 0;
  const count = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  confidences.forEach((c, i) => {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(c * bins)));
    count[b] = (count[b] ?? 0) + 1;
    conf[b] = (conf[b] ?? 0) + c;
    if (correct[i]) hits[b] = (hits[b] ?? 0) + 1;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const nb = count[b] ?? 0;
    if (nb === 0) continue;
    ece += (nb / n) * Math.abs((hits[b] ?? 0) / nb - (conf[b] ?? 0) / nb);
  }
  return ece;
}

/**
 * Classification metrics as DESIGN.md defines them:
 * - `classes`: distinct classes among the true labels evaluated;
 * - `macro_f1`: mean per-class F1 over the classes present in the true labels (a class the model
 *   never predicts scores 0; a predicted class absent from the truth does not enter the mean, though
 *   each such wrong prediction still costs the true class its recall);
 * - `top3`: the truth is among the three most likely classes;
 * - `coverage_at_0.9`: share with top confidence ≥ 0.9; `accuracy_at_0.9`: accuracy on that share
 *   (0 when the share is empty, so the field stays a number);
 * - `ece`: `expectedCalibrationError` of the top confidence, 10 bins.
 * A prediction with no classes counts as wrong with confidence 0.
 */
export function classificationMetrics(predictions: readonly ScoredPrediction[]): LabelMetrics {
  const n = predictions.length;
  const truthClasses = [...new Set(predictions.map((p) => p.truth))];
  const tp = new Map<string, number>();
  const predicted = new Map<string, number>();
  const actual = new Map<string, number>();
  let correct = 0;
  let top3 = 0;
  let covered = 0;
  let coveredCorrect = 0;
  const confidences: number[] = [];
  const hits: boolean[] = [];
  for (const p of predictions) {
    const best = p.ranked[0];
    const confidence = best?.probability ?? 0;
    const ok = best !== undefined && best.label === p.truth;
    actual.set(p.truth, (actual.get(p.truth) ?? 0) + 1);
    if (best) predicted.set(best.label, (predicted.get(best.label) ?? 0) + 1);
    if (ok) {
      correct += 1;
      tp.set(p.truth, (tp.get(p.truth) ?? 0) + 1);
    }
    if (p.ranked.slice(0, 3).some((r) => r.label === p.truth)) top3 += 1;
    if (confidence >= 0.9) {
      covered += 1;
      if (ok) coveredCorrect += 1;
    }
    confidences.push(confidence);
    hits.push(ok);
  }
  const f1s = truthClasses.map((c) => {
    const t = tp.get(c) ?? 0;
    const precision = ratio(t, predicted.get(c) ?? 0);
    const recall = ratio(t, actual.get(c) ?? 0);
    return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  });
  return {
    n,
    classes: truthClasses.length,
    accuracy: ratio(correct, n),
    macro_f1: ratio(
      f1s.reduce((s, f) => s + f, 0),
      f1s.length,
    ),
    top3: ratio(top3, n),
    'coverage_at_0.9': ratio(covered, n),
    'accuracy_at_0.9': ratio(coveredCorrect, covered),
    ece: expectedCalibrationError(confidences, hits, 10),
  };
}

/**
 * Retrieval metrics from the 1-based rank of the first correct hit of each query (`null` when no
 * correct case was retrieved at all). MRR uses the rank in the full ranked list, and a query with
 * no hit anywhere contributes 0 to it. With no queries every field is 0.
 */
export function rankingMetrics(firstHitRanks: readonly (number | null)[]): RankingMetrics {
  const n = firstHitRanks.length;
  const within = (k: number): number => ratio(firstHitRanks.filter((r) => r !== null && r <= k).length, n);
  return {
    queries: n,
    'recall@1': within(1),
    'recall@5': within(5),
    'recall@10': within(10),
    mrr: ratio(
      firstHitRanks.reduce<number>((s, r) => s + (r === null ? 0 : 1 / r), 0),
      n,
    ),
  };
}

/** A paired comparison of two systems on the same test items. */
export interface PairedComparison {
  /** Items the first system scored strictly better on. */
  wins: number;
  /** Items the second system scored strictly better on. */
  losses: number;
  /**
   * Two-sided exact sign test (McNemar's exact test when scores are right/wrong) on the items where
   * the two differ: the chance of a split at least this uneven if neither system were better.
   */
  p_value: number;
}

/**
 * Compares per-item scores of two systems on the same items (1/0 for right/wrong, reciprocal rank
 * for retrieval). Ties carry no information and are left out, as the sign test does.
 */
export function pairedComparison(first: readonly number[], second: readonly number[]): PairedComparison {
  let wins = 0;
  let losses = 0;
  first.forEach((a, i) => {
    const b = second[i] ?? 0;
    if (a > b) wins += 1;
    else if (b > a) losses += 1;
  });
  const n = wins + losses;
  const tail = Math.min(wins, losses);
  // Σ_{i ≤ tail} C(n, i) / 2^n in log space: 2^-n underflows beyond n ≈ 1000.
  let logC = 0;
  let sum = 0;
  for (let i = 0; i <= tail; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    sum += Math.exp(logC - n * Math.LN2);
  }
  return { wins, losses, p_value: n === 0 ? 1 : Math.min(1, 2 * sum) };
}

/** Probabilities below this count as this when a log loss is taken, so one zero cannot make it infinite. */
export const LOG_LOSS_FLOOR = 1e-12;

/**
 * Per-prediction log loss: `−ln p(truth)`, with `p` floored at `LOG_LOSS_FLOOR` (a class missing
 * from `ranked` has probability 0). A proper scoring rule: it rewards putting probability on the
 * right answer and punishes confidence in a wrong one, which accuracy cannot see.
 */
export function logLosses(predictions: readonly ScoredPrediction[]): number[] {
  return predictions.map((p) => {
    const probability = p.ranked.find((r) => r.label === p.truth)?.probability ?? 0;
    return -Math.log(Math.max(probability, LOG_LOSS_FLOOR));
  });
}

/** A paired comparison of the mean of a per-item loss, lower being better. */
export interface PairedMeanComparison {
  /** Mean over items of first minus second: negative when the first system does better. */
  mean_difference: number;
  /**
   * Two-sided paired randomisation test: the share of random sign flips of the per-item
   * differences whose mean is at least as far from zero as the one observed.
   */
  p_value: number;
}

/**
 * Compares two systems' per-item losses on the same items with a paired randomisation (sign-flip)
 * test. Unlike the sign test it weighs how much each item differs, which is what a mean loss is
 * about; it assumes nothing about the losses' distribution. Deterministic: the flips come from a
 * PRNG with a fixed seed, and `rounds` flips give p to about ±1/sqrt(rounds).
 */
export function pairedMeanComparison(
  first: readonly number[],
  second: readonly number[],
  rounds = 10_000,
): PairedMeanComparison {
  const differences = first.map((a, i) => a - (second[i] ?? 0));
  const n = differences.length;
  if (n === 0) return { mean_difference: 0, p_value: 1 };
  const observed = Math.abs(differences.reduce((s, d) => s + d, 0));
  const random = seededRandom(0x5eed);
  let extreme = 0;
  for (let round = 0; round < rounds; round++) {
    let sum = 0;
    for (const d of differences) sum += random() < 0.5 ? -d : d;
    // The tolerance keeps a flip equal to the observed sum, up to rounding, counted as extreme.
    if (Math.abs(sum) >= observed - 1e-9 * (1 + observed)) extreme += 1;
  }
  return {
    mean_difference: differences.reduce((s, d) => s + d, 0) / n,
    // Counting the observed arrangement itself keeps p above zero (Phipson & Smyth, 2010).
    p_value: (extreme + 1) / (rounds + 1),
  };
}
