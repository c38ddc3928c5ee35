import { visibleCase, type CaseRecord } from '@triage/shared';
import {
  classificationMetrics,
  duplicateQueries,
  predictCase,
  rankingMetrics,
  testMask,
  timeOrder,
  trainCaseModel,
  type LabelMetrics,
  type LabelPrediction,
  type RankingMetrics,
  type SplitSpec,
  type TrainCaseModelOptions,
} from '../domain/learning/index';
import { createCaseIndex, type CaseIndexOptions } from '../domain/matching/case-index';

/** The eval report, exactly DESIGN.md's `eval --json` shape. */
export interface EvaluationReport {
  cases: { train: number; test: number };
  labels: Record<string, LabelMetrics>;
  duplicates: RankingMetrics;
  timing: { train_ms: number; predict_ms_per_case: number };
}

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
function evaluateDuplicates(records: readonly CaseRecord[], options?: CaseIndexOptions): RankingMetrics {
  const queries = new Map(duplicateQueries(records).map((q) => [q.line, q]));
  if (queries.size === 0) return rankingMetrics([]);
  const index = createCaseIndex(options);
  const ranks: (number | null)[] = [];
  timeOrder(records).forEach((line, position) => {
    const record = records[line];
    if (!record) return;
    const visible = visibleCase(record);
    const query = queries.get(line);
    if (query) {
      const hits = index.search(visible, { k: Infinity, before: position });
      const at = hits.findIndex((h) => query.targets.has(h.id));
      ranks.push(at < 0 ? null : at + 1);
    }
    index.add(visible, { position });
  });
  return rankingMetrics(ranks);
}

/**
 * Backtests the engine on a history under the DESIGN.md protocol: splits it (`split`), trains on
 * the training part only, predicts every test case with `labels`, `duplicate_of` and `split`
 * hidden, and scores each label key on the test cases that carry it. Duplicate retrieval is scored
 * over every duplicate query whatever the split, searching only earlier cases.
 *
 * @throws EvalProtocolError when the history cannot be split as asked.
 */
export function evaluateModel(input: EvaluateModelInput): EvaluationReport {
  const { records } = input;
  const now = input.now ?? (() => performance.now());
  const progress = input.onProgress ?? (() => undefined);
  const mask = testMask(records, input.split);
  const train = records.filter((_, i) => !mask[i]);
  const test = records.filter((_, i) => mask[i]);
  progress(`training on ${train.length} cases`);
  const trainStart = now();
  const model = trainCaseModel(train, input.train);
  const trainMs = now() - trainStart;

  progress(`predicting ${test.length} cases`);
  const predictStart = now();
  const predictions: LabelPrediction[][] = test.map((r) =>
    predictCase(model, visibleCase(r), { explain: false }),
  );
  const predictMs = now() - predictStart;

  // Every key some test case carries is reported; a key never seen in training scores as all wrong.
  const keys = [...new Set(test.flatMap((r) => Object.keys(r.labels ?? {})))].sort();
  const labels: Record<string, LabelMetrics> = {};
  for (const key of keys) {
    const scored = test.flatMap((r, i) => {
      const truth = r.labels?.[key];
      if (truth === undefined) return [];
      const prediction = predictions[i]?.find((p) => p.key === key);
      return [{ truth, ranked: prediction?.classes ?? [] }];
    });
    labels[key] = roundMetrics(classificationMetrics(scored));
  }

  progress('scoring duplicate retrieval');
  const duplicates = roundMetrics(evaluateDuplicates(records, input.index));
  return {
    cases: { train: train.length, test: test.length },
    labels,
    duplicates,
    timing: {
      train_ms: Math.round(trainMs),
      predict_ms_per_case: test.length ? round(predictMs / test.length, 3) : 0,
    },
  };
}
