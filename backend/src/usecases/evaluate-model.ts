import { visibleCase, type CaseRecord } from '@triage/shared';
import {
  classificationMetrics,
  createPlainBm25Index,
  duplicateQueries,
  naiveBayesTerms,
  neighbourSearchOver,
  logLosses,
  pairedComparison,
  pairedMeanComparison,
  predictCase,
  predictNaiveBayes,
  rankingMetrics,
  testMasks,
  timeOrder,
  trainCaseModel,
  trainNaiveBayes,
  voteDistribution,
  type ClassProbability,
  type LabelMetrics,
  type LabelPrediction,
  type PairedComparison,
  type PairedMeanComparison,
  type RankingMetrics,
  type ScoredPrediction,
  type SplitSpec,
  type TrainCaseModelOptions,
} from '../domain/learning/index';
import { createCaseIndex, type CaseIndexOptions } from '../domain/matching/case-index';
import { z } from 'zod';

/**
 * The eval report: DESIGN.md's `eval --json` shape, plus the same-run baselines and the engine's
 * parts measured alone.
 */
export interface EvaluationReport {
  /** With `folds`, `train` is the mean training size of a fold and `test` counts every case once. */
  cases: { train: number; test: number };
  /** Present with a `folds` split: how many train/test rounds the figures pool. */
  folds?: number;
  labels: Record<string, LabelMetrics>;
  duplicates: RankingMetrics;
  /**
   * Plain baselines on the same split: their metrics, the engine's lead over them (`delta`, engine
   * minus baseline) and a paired comparison case by case.
   */
  baseline: {
    methods: { labels: string; duplicates: string };
    labels: Record<
      string,
      LabelMetrics & {
        delta: { accuracy: number; macro_f1: number };
        /** Paired on right/wrong, case by case. */
        engine_vs_baseline: PairedComparison;
        /** Mean log loss (`logLosses`) of each: how much probability each put on the right answer. */
        log_loss: { engine: number; baseline: number };
        /** Paired on each case's log loss; `mean_difference` is engine minus baseline. */
        engine_vs_baseline_log_loss: PairedMeanComparison;
      }
    >;
    duplicates: RankingMetrics & {
      delta: { 'recall@1': number; 'recall@5': number; 'recall@10': number; mrr: number };
      engine_vs_baseline: PairedComparison;
    };
  };
  /** Accuracy and ECE of each half of the engine alone, to show what the blend adds. */
  ablation: Record<string, { linear: { accuracy: number; ece: number }; voter: { accuracy: number } }>;
  /** With folds, `train_ms` is a fold's mean. */
  timing: { train_ms: number; predict_ms_per_case: number };
}

const LabelMetricsJson = z.object({
  n: z.number().int().nonnegative(),
  classes: z.number().int().nonnegative(),
  accuracy: z.number(),
  macro_f1: z.number(),
  top3: z.number(),
  'coverage_at_0.9': z.number(),
  'accuracy_at_0.9': z.number(),
  ece: z.number(),
}) satisfies z.ZodType<LabelMetrics>;

const RankingMetricsJson = z.object({
  queries: z.number().int().nonnegative(),
  'recall@1': z.number(),
  'recall@5': z.number(),
  'recall@10': z.number(),
  mrr: z.number(),
}) satisfies z.ZodType<RankingMetrics>;

const PairedMeanJson = z.object({
  mean_difference: z.number(),
  p_value: z.number(),
}) satisfies z.ZodType<PairedMeanComparison>;

const PairedJson = z.object({
  wins: z.number().int().nonnegative(),
  losses: z.number().int().nonnegative(),
  p_value: z.number(),
}) satisfies z.ZodType<PairedComparison>;

/** The `eval --json` output, for tools that read it back (the accuracy table script). */
export const EvaluationReportJson = z.object({
  cases: z.object({ train: z.number().int(), test: z.number().int() }),
  folds: z.number().int().min(2).optional(),
  labels: z.record(z.string(), LabelMetricsJson),
  duplicates: RankingMetricsJson,
  baseline: z.object({
    methods: z.object({ labels: z.string(), duplicates: z.string() }),
    labels: z.record(
      z.string(),
      LabelMetricsJson.extend({
        delta: z.object({ accuracy: z.number(), macro_f1: z.number() }),
        engine_vs_baseline: PairedJson,
        log_loss: z.object({ engine: z.number(), baseline: z.number() }),
        engine_vs_baseline_log_loss: PairedMeanJson,
      }),
    ),
    duplicates: RankingMetricsJson.extend({
      delta: z.object({
        'recall@1': z.number(),
        'recall@5': z.number(),
        'recall@10': z.number(),
        mrr: z.number(),
      }),
      engine_vs_baseline: PairedJson,
    }),
  }),
  ablation: z.record(
    z.string(),
    z.object({
      linear: z.object({ accuracy: z.number(), ece: z.number() }),
      voter: z.object({ accuracy: z.number() }),
    }),
  ),
  timing: z.object({ train_ms: z.number(), predict_ms_per_case: z.number() }),
}) satisfies z.ZodType<EvaluationReport>;

export const BASELINE_METHODS = {
  labels: 'multinomial naive Bayes over word unigrams and bigrams (add-one smoothing)',
  duplicates: 'BM25 (MiniSearch defaults) over subject and description',
} as const;

/** Input of `evaluateModel`. */
export interface EvaluateModelInput {
  records: readonly CaseRecord[];
  split: SplitSpec;
  train?: TrainCaseModelOptions;
  index?: CaseIndexOptions;
  /** Progress lines for people (the CLI sends them to stderr). */
  onProgress?: (message: string) => void;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
}

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));
const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function roundMetrics<T extends object>(metrics: T): T {
  return Object.fromEntries(
    Object.entries(metrics).map(([k, v]) => [
      k,
      typeof v === 'number' && !Number.isInteger(v) ? round(v) : v,
    ]),
  ) as T;
}

/**
 * Duplicate retrieval in time order. Cases are added to the index one by one in time order and a
 * query searches before it is added, so each search sees only earlier cases (and corpus statistics
 * of earlier cases only). Nothing here learns from duplicate pairs, so no `duplicates_test` is due.
 * The first-hit rank is taken over the full ranked list (for MRR); a query whose earlier cluster
 * members are not retrieved at all counts as rank "none", i.e. 0 in MRR and a miss at every k.
 */
function evaluateDuplicates(
  records: readonly CaseRecord[],
  options?: CaseIndexOptions,
): { engine: (number | null)[]; baseline: (number | null)[] } {
  const queries = new Map(duplicateQueries(records).map((q) => [q.line, q]));
  const engine: (number | null)[] = [];
  const baseline: (number | null)[] = [];
  if (queries.size === 0) return { engine, baseline };
  const index = createCaseIndex(options);
  const plain = createPlainBm25Index();
  const rankOf = (ids: readonly string[], targets: ReadonlySet<string>): number | null => {
    const at = ids.findIndex((id) => targets.has(id));
    return at < 0 ? null : at + 1;
  };
  timeOrder(records).forEach((line, position) => {
    const record = records[line];
    if (!record) return;
    const visible = visibleCase(record);
    const query = queries.get(line);
    if (query) {
      const hits = index.search(visible, { k: Infinity, before: position });
      engine.push(
        rankOf(
          hits.map((h) => h.id),
          query.targets,
        ),
      );
      baseline.push(rankOf(plain.search(visible, position), query.targets));
    }
    index.add(visible, { position });
    plain.add(visible, position);
  });
  return { engine, baseline };
}

const reciprocal = (ranks: readonly (number | null)[]): number[] =>
  ranks.map((r) => (r === null ? 0 : 1 / r));

function correctness(scored: readonly ScoredPrediction[]): number[] {
  return scored.map((s) => (s.ranked[0]?.label === s.truth ? 1 : 0));
}

function roundPaired<T extends PairedComparison | PairedMeanComparison>(p: T): T {
  return { ...p, p_value: Number(p.p_value.toPrecision(3)) };
}

/** What one train/test round produced, per label key: the scored test predictions of each method. */
interface RoundOutcome {
  train: number;
  test: number;
  trainMs: number;
  predictMs: number;
  engine: Map<string, ScoredPrediction[]>;
  baseline: Map<string, ScoredPrediction[]>;
  linear: Map<string, ScoredPrediction[]>;
  voter: Map<string, ScoredPrediction[]>;
}

function append(into: Map<string, ScoredPrediction[]>, key: string, scored: ScoredPrediction[]): void {
  const list = into.get(key);
  if (list) list.push(...scored);
  else into.set(key, [...scored]);
}

/** Trains on the unmasked lines, predicts the masked ones, and scores every method on them. */
function evaluateRound(
  records: readonly CaseRecord[],
  mask: readonly boolean[],
  input: EvaluateModelInput,
  progress: (message: string) => void,
  now: () => number,
): RoundOutcome {
  const train = records.filter((_, i) => !mask[i]);
  const test = records.filter((_, i) => mask[i]);
  progress(`training on ${train.length} cases`);
  const trainStart = now();
  const model = trainCaseModel(train, input.train);
  const trainMs = now() - trainStart;

  progress(`predicting ${test.length} cases`);
  const predictStart = now();
  // The voter sees the training cases only, as the linear model does.
  const search = neighbourSearchOver(train, model.featureSpace, { voter: model.voter });
  const predictions: LabelPrediction[][] = test.map((r) =>
    predictCase(model, visibleCase(r), { explain: false, search }),
  );
  const predictMs = now() - predictStart;
  // The engine's halves alone, outside the timed part.
  const neighbours = test.map((r) => search.nearest(visibleCase(r)));
  const linearOnly: LabelPrediction[][] = test.map((r) =>
    predictCase(model, visibleCase(r), { explain: false }),
  );

  progress('training the naive Bayes baseline');
  const testTerms = test.map((r) => naiveBayesTerms(visibleCase(r)));
  const trainTerms = train.map((r) => naiveBayesTerms(visibleCase(r)));

  const outcome: RoundOutcome = {
    train: train.length,
    test: test.length,
    trainMs,
    predictMs,
    engine: new Map(),
    baseline: new Map(),
    linear: new Map(),
    voter: new Map(),
  };
  const scoredBy = (
    key: string,
    ranked: (i: number) => readonly ClassProbability[] | undefined,
  ): ScoredPrediction[] =>
    test.flatMap((r, i) => {
      const truth = r.labels?.[key];
      return truth === undefined ? [] : [{ truth, ranked: ranked(i) ?? [] }];
    });
  // Every key some test case carries is scored; a key never seen in training scores as all wrong.
  const keys = [...new Set(test.flatMap((r) => Object.keys(r.labels ?? {})))].sort();
  for (const key of keys) {
    outcome.engine.set(
      key,
      scoredBy(key, (i) => predictions[i]?.find((p) => p.key === key)?.classes),
    );
    const examples = train.flatMap((r, i) => {
      const label = r.labels?.[key];
      return label === undefined ? [] : [{ terms: trainTerms[i] ?? [], label }];
    });
    const bayes = examples.length ? trainNaiveBayes(examples) : null;
    outcome.baseline.set(
      key,
      scoredBy(key, (i) => (bayes ? predictNaiveBayes(bayes, testTerms[i] ?? []) : [])),
    );
    outcome.linear.set(
      key,
      scoredBy(key, (i) => linearOnly[i]?.find((p) => p.key === key)?.classes),
    );
    const classes = model.labels[key]?.classes ?? [];
    outcome.voter.set(
      key,
      scoredBy(key, (i) => {
        const votes = voteDistribution(neighbours[i] ?? [], key, classes, model.voter);
        return classes
          .map((label, c) => ({ label, probability: votes[c] ?? 0 }))
          .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label));
      }),
    );
  }
  return outcome;
}

/**
 * Backtests the engine on a history under the DESIGN.md protocol: splits it (`split`), trains on
 * the training part only, predicts every test case with `labels`, `duplicate_of` and `split`
 * hidden, and scores each label key on the test cases that carry it. With `folds` it does that once
 * per fold and scores the pooled test predictions, so every labelled case is tested exactly once:
 * the figure to read when a label has too few cases for one split to say much. Duplicate retrieval
 * is scored over every duplicate query whatever the split, searching only earlier cases. The
 * baselines (`BASELINE_METHODS`) run on exactly the same rounds and queries.
 *
 * @throws EvalProtocolError when the history cannot be split as asked.
 */
export function evaluateModel(input: EvaluateModelInput): EvaluationReport {
  const { records } = input;
  const now = input.now ?? (() => performance.now());
  const progress = input.onProgress ?? (() => undefined);
  const masks = testMasks(records, input.split);
  const rounds = masks.map((mask, r) =>
    evaluateRound(
      records,
      mask,
      input,
      masks.length > 1 ? (message) => progress(`fold ${r + 1}/${masks.length}: ${message}`) : progress,
      now,
    ),
  );
  const pooled = {
    engine: new Map<string, ScoredPrediction[]>(),
    baseline: new Map<string, ScoredPrediction[]>(),
    linear: new Map<string, ScoredPrediction[]>(),
    voter: new Map<string, ScoredPrediction[]>(),
  };
  for (const round of rounds) {
    for (const method of ['engine', 'baseline', 'linear', 'voter'] as const) {
      for (const [key, scored] of round[method]) append(pooled[method], key, scored);
    }
  }

  const labels: Record<string, LabelMetrics> = {};
  const baselineLabels: EvaluationReport['baseline']['labels'] = {};
  const ablation: EvaluationReport['ablation'] = {};
  for (const key of [...pooled.engine.keys()].sort()) {
    const engine = pooled.engine.get(key) ?? [];
    const baseline = pooled.baseline.get(key) ?? [];
    const engineMetrics = roundMetrics(classificationMetrics(engine));
    const baselineMetrics = roundMetrics(classificationMetrics(baseline));
    const engineLosses = logLosses(engine);
    const baselineLosses = logLosses(baseline);
    const lossComparison = pairedMeanComparison(engineLosses, baselineLosses);
    labels[key] = engineMetrics;
    baselineLabels[key] = {
      ...baselineMetrics,
      delta: {
        accuracy: round(engineMetrics.accuracy - baselineMetrics.accuracy),
        macro_f1: round(engineMetrics.macro_f1 - baselineMetrics.macro_f1),
      },
      engine_vs_baseline: roundPaired(pairedComparison(correctness(engine), correctness(baseline))),
      log_loss: { engine: round(mean(engineLosses)), baseline: round(mean(baselineLosses)) },
      engine_vs_baseline_log_loss: roundPaired({
        ...lossComparison,
        mean_difference: round(lossComparison.mean_difference),
      }),
    };
    const linear = classificationMetrics(pooled.linear.get(key) ?? []);
    const voter = classificationMetrics(pooled.voter.get(key) ?? []);
    ablation[key] = {
      linear: { accuracy: round(linear.accuracy), ece: round(linear.ece) },
      voter: { accuracy: round(voter.accuracy) },
    };
  }

  const tested = rounds.reduce((sum, r) => sum + r.test, 0);
  const predictMs = rounds.reduce((sum, r) => sum + r.predictMs, 0);
  progress('scoring duplicate retrieval');
  const ranks = evaluateDuplicates(records, input.index);
  const duplicates = roundMetrics(rankingMetrics(ranks.engine));
  const bm25 = roundMetrics(rankingMetrics(ranks.baseline));
  return {
    // With folds: each fold's mean training size, and every case tested once.
    cases: { train: Math.round(mean(rounds.map((r) => r.train))), test: tested },
    ...(input.split.kind === 'folds' ? { folds: rounds.length } : {}),
    labels,
    duplicates,
    baseline: {
      methods: { ...BASELINE_METHODS },
      labels: baselineLabels,
      duplicates: {
        ...bm25,
        delta: {
          'recall@1': round(duplicates['recall@1'] - bm25['recall@1']),
          'recall@5': round(duplicates['recall@5'] - bm25['recall@5']),
          'recall@10': round(duplicates['recall@10'] - bm25['recall@10']),
          mrr: round(duplicates.mrr - bm25.mrr),
        },
        engine_vs_baseline: roundPaired(
          pairedComparison(reciprocal(ranks.engine), reciprocal(ranks.baseline)),
        ),
      },
    },
    ablation,
    timing: {
      train_ms: Math.round(mean(rounds.map((r) => r.trainMs))),
      predict_ms_per_case: tested ? round(predictMs / tested, 3) : 0,
    },
  };
}
