/**
 * The engine at scale (PLATFORMS.md P4) on synthetic histories recombined from real tickets (see
 * `corpus.ts`): training time, per-case predict + match with a large history, similar-case queries
 * against growing indexes, index build time and memory. Every figure sits next to a baseline measured
 * in the same process on the same cases, so a loaded machine moves both.
 *
 * Per-query figures come two ways. `first_*` is the wall-clock time of one run of each query; on a
 * machine shared with other work it includes time the thread spent waiting for a core. `best_*` is
 * the fastest of three runs of each query (the others run right after, so caches are warm): the time
 * one core needs for the query, which is what the targets ("on one core") are about, and the figure
 * they are judged on. Thread CPU time cannot stand in for it: Linux accounts it in scheduler ticks
 * of several milliseconds. `mean_cpu_ms` is the thread's CPU time over all runs divided by their
 * number, exact over a long loop, as a check on the best-of-three figure.
 */
import type { CaseRecord } from '@triage/shared';
import { neighbourSearchOver, visibleText, type CaseModel } from '../src/domain/learning';
import { createCaseIndex, type CaseIndex } from '../src/domain/matching/case-index';
import { tokenize } from '../src/domain/text';
import { toLabelPredictions } from '../src/usecases/tenant-engine';
import { trainModel } from '../src/usecases/train-model';
import { loadSourceCorpus, syntheticCases, syntheticHistory } from './corpus';
import { percentile, round } from './stats';

/**
 * How big each measurement is. `small` runs in a few minutes. `full` is the default and trains at 10k
 * cases only: training on 100k cases takes longer than all the rest together (the softmax update is
 * dense over the classes for every feature of every case; about 60 s of CPU at 10k and 765 s at 100k,
 * as the vocabulary grows), so the 100k predict + match queries use the 10k model against a
 * 100k index. `max` trains at 100k as well and takes most of an hour.
 */
export interface ScalePlan {
  name: string;
  /** History sizes whose training time is measured, ascending. */
  train: number[];
  /** Cases indexed behind the per-case predict + match figure; the model is the largest trained. */
  history: number;
  /** Index sizes whose similar-case query time is measured, ascending. */
  indexed: number[];
  queries: number;
}

export const SCALE_PLANS: Record<'small' | 'full' | 'max', ScalePlan> = {
  small: {
    name: 'small',
    train: [2_000, 10_000],
    history: 10_000,
    indexed: [2_000, 10_000, 50_000],
    queries: 200,
  },
  full: {
    name: 'full',
    train: [10_000, 30_000],
    history: 100_000,
    indexed: [10_000, 100_000, 1_000_000],
    queries: 300,
  },
  max: {
    name: 'max',
    train: [10_000, 100_000],
    history: 100_000,
    indexed: [10_000, 100_000, 1_000_000],
    queries: 300,
  },
};

const HISTORY_SEED = 20240101;
const QUERY_SEED = 777;

interface Timing {
  wall: number;
  cpu: number;
}

function timed<T>(fn: () => T): { value: T; time: Timing } {
  const cpu = process.threadCpuUsage();
  const start = performance.now();
  const value = fn();
  const wall = performance.now() - start;
  const used = process.threadCpuUsage(cpu);
  return { value, time: { wall, cpu: (used.user + used.system) / 1000 } };
}

const measure = (fn: () => unknown): Timing => timed(fn).time;

const RUNS = 3;

/** Per-query latencies: the first run's wall-clock time and the best of `RUNS` runs. */
class Latencies {
  readonly first: number[] = [];
  readonly best: number[] = [];
  private cpu = 0;
  private runs = 0;

  /** Runs `fn` `RUNS` times and records it. */
  time(fn: () => unknown): { first: number; best: number } {
    let first = 0;
    let best = Infinity;
    const cpu = process.threadCpuUsage();
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      fn();
      const took = performance.now() - start;
      if (run === 0) first = took;
      best = Math.min(best, took);
    }
    const used = process.threadCpuUsage(cpu);
    this.cpu += (used.user + used.system) / 1000;
    this.runs += RUNS;
    this.record(first, best);
    return { first, best };
  }

  record(first: number, best: number): void {
    this.first.push(first);
    this.best.push(best);
  }

  p95(): number {
    return percentile(this.best, 95);
  }

  summary() {
    return {
      best_p50_ms: round(percentile(this.best, 50), 3),
      best_p95_ms: round(percentile(this.best, 95), 3),
      first_p50_ms: round(percentile(this.first, 50), 3),
      first_p95_ms: round(percentile(this.first, 95), 3),
      ...(this.runs > 0 ? { mean_cpu_ms: round(this.cpu / this.runs, 3) } : {}),
    };
  }
}

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

/** Heap in use after full collections (with `--expose-gc`; otherwise as it stands). */
function settledHeap(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function queryText(record: CaseRecord): string {
  const { subject, body } = visibleText(record);
  return `${subject}\n${body}`;
}

function tokenizeAll(records: readonly CaseRecord[]): Timing {
  return measure(() => {
    for (const r of records) tokenize(queryText(r));
  });
}

function buildIndex(records: Iterable<CaseRecord>): { index: CaseIndex; time: Timing } {
  const index = createCaseIndex();
  const time = measure(() => {
    for (const r of records) index.add(r);
  });
  return { index, time };
}

function mb(bytes: number): number {
  return round(bytes / 1024 / 1024, 1);
}

const seconds = (t: Timing) => ({ cpu_s: round(t.cpu / 1000, 2), wall_s: round(t.wall / 1000, 2) });

/** Runs the plan; `progress` gets a line per step, since the full plan takes minutes. */
export function engineAtScale(plan: ScalePlan, progress: (line: string) => void) {
  const source = loadSourceCorpus();
  const biggestHistory = Math.max(plan.history, ...plan.train);
  const heapBeforeCases = settledHeap();
  let history: CaseRecord[] | null = syntheticHistory(source, biggestHistory, {
    seed: HISTORY_SEED,
    idPrefix: 'h',
  });
  const casesHeapPer100k = ((settledHeap() - heapBeforeCases) * 100_000) / history.length;
  const queries = syntheticHistory(source, plan.queries, { seed: QUERY_SEED, idPrefix: 'q' });
  const chars = history.reduce((s, r) => s + queryText(r).length, 0) / history.length;
  progress(`corpus: ${history.length} cases, ${Math.round(chars)} visible characters a case on average`);

  const models: CaseModel[] = [];
  const training = plan.train.map((n) => {
    const records = (history ?? []).slice(0, n);
    const baseline = tokenizeAll(records);
    progress(`training on ${n} cases...`);
    const { value: trained, time } = timed(() => trainModel({ records }));
    if (n <= plan.history) models.push(trained.model);
    progress(`  ${round(time.wall / 1000, 1)} s`);
    return {
      cases: n,
      ...seconds(time),
      classes: Object.fromEntries(Object.entries(trained.summary.labels).map(([k, l]) => [k, l.classes])),
      baseline: { what: 'tokenising the same cases', ...seconds(baseline) },
      ratio: round(time.cpu / baseline.cpu, 1),
    };
  });
  const predictor = models.pop() ?? trainModel({ records: history.slice(0, plan.history) }).model;
  models.length = 0;
  const modelCases = predictor.trainedOn;

  progress(`indexing ${plan.history} cases...`);
  const historyCases = history.slice(0, plan.history);
  const heapBeforeIndex = settledHeap();
  let built: { index: CaseIndex; time: Timing } | null = buildIndex(historyCases);
  const indexHeap = settledHeap() - heapBeforeIndex;
  const indexBaseline = tokenizeAll(historyCases);
  const caseIndexTime = built.time;
  // The nearest-cases voter keeps its own word index over the labelled history; a tenant's engine
  // builds both when it loads (`tenant-engine.ts`), so both count towards indexing.
  const { value: voter, time: voterIndexTime } = timed(() =>
    neighbourSearchOver(historyCases, predictor.featureSpace, { voter: predictor.voter }),
  );
  const buildTime = {
    cpu: caseIndexTime.cpu + voterIndexTime.cpu,
    wall: caseIndexTime.wall + voterIndexTime.wall,
  };
  const per100k = 100_000 / plan.history;

  progress(`predict + match, ${queries.length} queries against ${plan.history} cases...`);
  const index = built.index;
  for (const q of queries.slice(0, 20)) {
    toLabelPredictions(predictor, q, voter);
    index.search(q, { k: 10 });
  }
  const predict = new Latencies();
  const match = new Latencies();
  const both = new Latencies();
  const tokenizeQuery = new Latencies();
  for (const q of queries) {
    tokenizeQuery.time(() => tokenize(queryText(q)));
    // As a packet predicts: the linear model blended with the votes of the nearest labelled cases.
    const p = predict.time(() => toLabelPredictions(predictor, q, voter));
    const m = match.time(() => index.search(q, { k: 10 }));
    both.record(p.first + m.first, p.best + m.best);
  }

  const query = plan.indexed.map((n) => {
    let searched: CaseIndex;
    let build: Timing | null = null;
    let heap: number | null = null;
    if (n === plan.history && built) searched = built.index;
    else if (history && n <= history.length) searched = buildIndex(history.slice(0, n)).index;
    else {
      // The largest index is built from a stream, with everything else let go first.
      built = null;
      history = null;
      progress(`indexing ${n} cases (streamed)...`);
      const before = settledHeap();
      const streamed = buildIndex(syntheticCases(source, n, { seed: HISTORY_SEED, idPrefix: 'h' }));
      heap = settledHeap() - before;
      searched = streamed.index;
      build = streamed.time;
      progress(`  ${round(build.wall / 1000, 1)} s, heap +${mb(heap)} MB`);
    }
    progress(`querying ${n} indexed cases...`);
    for (const q of queries.slice(0, 20)) searched.search(q, { k: 10 });
    const search = new Latencies();
    const baseline = new Latencies();
    for (const q of queries) {
      baseline.time(() => tokenize(queryText(q)));
      search.time(() => searched.search(q, { k: 10 }));
    }
    return {
      indexed: n,
      ...search.summary(),
      ...(build ? { build: seconds(build) } : {}),
      ...(heap !== null ? { heap_mb: mb(heap) } : {}),
      baseline: { what: 'tokenising the query', ...baseline.summary() },
      ratio: round(search.p95() / baseline.p95(), 1),
      ...(n >= 1_000_000 ? { target: 'p95 ≤ 50 ms', met: search.p95() <= 50 } : {}),
    };
  });

  const indexPer100k = buildTime.cpu * per100k;
  return {
    plan: plan.name,
    corpus: {
      generator: 'SeaMonkey reports and BANKING77 messages recombined (backend/bench/corpus.ts)',
      visible_chars_per_case: Math.round(chars),
      queries: queries.length,
    },
    training,
    predict_match: {
      history: plan.history,
      model_trained_on: modelCases,
      queries: queries.length,
      ...both.summary(),
      predict: predict.summary(),
      match: match.summary(),
      baseline: { what: 'tokenising the query', ...tokenizeQuery.summary() },
      ratio: round(both.p95() / tokenizeQuery.p95(), 1),
      target: 'p95 ≤ 5 ms with 100k cases of history, one core',
      met: plan.history >= 100_000 ? both.p95() <= 5 : null,
    },
    index_build: {
      cases: plan.history,
      ...seconds(buildTime),
      case_index: seconds(caseIndexTime),
      voter_index: seconds(voterIndexTime),
      baseline: { what: 'tokenising the same cases', ...seconds(indexBaseline) },
      ratio: round(buildTime.cpu / indexBaseline.cpu, 1),
      target: '100k cases ≤ 10 s',
      met: plan.history >= 100_000 ? indexPer100k <= 10_000 : null,
    },
    query,
    memory: {
      measured_after_gc: gc !== undefined,
      index_heap_mb_per_100k: mb(indexHeap * per100k),
      baseline: { what: 'the same cases as parsed records', heap_mb_per_100k: mb(casesHeapPer100k) },
      ratio: round(indexHeap / ((casesHeapPer100k * plan.history) / 100_000), 2),
      rss_mb_at_end: mb(process.memoryUsage().rss),
    },
  };
}
