import { describe, expect, it } from 'vitest';
import { EvalProtocolError } from '../domain/learning/index';
import { aCase, exclusiveOrHistory, syntheticHistory } from '../domain/learning/testing/generators';
import { evaluateModel } from './evaluate-model';
import { NothingToLearnError, trainModel } from './train-model';
import { importHistory } from './import-history';

const fast = { softmax: { epochs: 4 } };

describe('evaluateModel', () => {
  it('reports the DESIGN.md shape under --test-every', () => {
    let clock = 0;
    const report = evaluateModel({
      records: syntheticHistory(100),
      split: { kind: 'every', k: 5 },
      train: fast,
      now: () => (clock += 10),
    });
    expect(report.cases).toEqual({ train: 80, test: 20 });
    expect(Object.keys(report.labels)).toEqual(['queue', 'topic']);
    expect(report.labels.topic?.n).toBe(20);
    expect(report.labels.topic?.accuracy).toBeGreaterThan(0.8);
    expect(report.duplicates).toEqual({ queries: 0, 'recall@1': 0, 'recall@5': 0, 'recall@10': 0, mrr: 0 });
    expect(report.timing).toEqual({ train_ms: 10, predict_ms_per_case: 0.5 });
  });

  it('with folds, tests every case once and pools the rounds, the last round being --test-every', () => {
    const records = syntheticHistory(100);
    let clock = 0;
    const folds = evaluateModel({
      records,
      split: { kind: 'folds', k: 5 },
      train: fast,
      now: () => (clock += 10),
    });
    expect(folds.folds).toBe(5);
    expect(folds.cases).toEqual({ train: 80, test: 100 });
    expect(folds.labels.topic?.n).toBe(records.filter((r) => r.labels?.topic !== undefined).length);
    expect(folds.baseline.labels.topic?.n).toBe(folds.labels.topic?.n);
    expect(folds.timing).toEqual({ train_ms: 10, predict_ms_per_case: 0.5 });

    // The pooled figures are the rounds' figures weighted by their test cases.
    const rounds = [0, 1, 2, 3, 4].map((r) => {
      const rotated = [...records.slice(r + 1), ...records.slice(0, r + 1)];
      return evaluateModel({ records: rotated, split: { kind: 'every', k: 5 }, train: fast });
    });
    expect(rounds[4]?.folds).toBeUndefined();
    const wins = rounds.reduce((sum, r) => sum + (r.baseline.labels.topic?.engine_vs_baseline.wins ?? 0), 0);
    expect(folds.baseline.labels.topic?.engine_vs_baseline.wins).toBe(wins);
    const hits = rounds.reduce(
      (sum, r) => sum + (r.labels.topic?.accuracy ?? 0) * (r.labels.topic?.n ?? 0),
      0,
    );
    expect(folds.labels.topic?.accuracy).toBeCloseTo(hits / (folds.labels.topic?.n ?? 1), 3);
  });

  it('scores duplicates over earlier cluster members only, whatever the split', () => {
    const records = [
      aCase({ id: 'a', subject: 'printer jams on duplex pages', labels: { q: 'hw' } }),
      aCase({ id: 'b', subject: 'vpn drops every hour', labels: { q: 'net' } }),
      aCase({ id: 'c', subject: 'printer duplex jams again', duplicate_of: 'a', labels: { q: 'hw' } }),
      aCase({ id: 'd', subject: 'vpn connection drops hourly', duplicate_of: 'b', labels: { q: 'net' } }),
      aCase({ id: 'e', subject: 'duplex printer jam', duplicate_of: 'c', labels: { q: 'hw' } }),
    ];
    const report = evaluateModel({ records, split: { kind: 'every', k: 2 }, train: fast });
    expect(report.duplicates.queries).toBe(3);
    expect(report.duplicates['recall@1']).toBe(1);
    expect(report.duplicates.mrr).toBe(1);
  });

  it('runs the baselines on the same split and compares them case by case', () => {
    const report = evaluateModel({
      records: exclusiveOrHistory(500),
      split: { kind: 'every', k: 5 },
      train: fast,
    });
    const engine = report.labels.route;
    const baseline = report.baseline.labels.route;
    expect(baseline?.n).toBe(engine?.n);
    // Word counts cannot express an exclusive-or; the engine's neighbours can.
    expect(baseline?.accuracy).toBeLessThan(0.7);
    expect(engine?.accuracy).toBeGreaterThan(0.9);
    expect(baseline?.engine_vs_baseline.wins).toBeGreaterThan(baseline?.engine_vs_baseline.losses ?? 0);
    expect(baseline?.engine_vs_baseline.p_value).toBeLessThan(0.001);
    expect(report.ablation.route?.linear.accuracy).toBeLessThan(0.7);
    expect(report.ablation.route?.voter.accuracy).toBeGreaterThan(0.9);
    expect(report.baseline.methods.labels).toMatch(/naive Bayes/);
  });

  it('scores plain BM25 on exactly the same duplicate queries', () => {
    const records = [
      aCase({ id: 'a', subject: 'printer jams on duplex pages' }),
      aCase({ id: 'b', subject: 'vpn drops every hour' }),
      aCase({ id: 'c', subject: 'printer duplex jams again', duplicate_of: 'a' }),
      aCase({ id: 'd', subject: 'vpn connection drops hourly', duplicate_of: 'b' }),
    ];
    const report = evaluateModel({ records, split: { kind: 'every', k: 2 }, train: fast });
    expect(report.baseline.duplicates).toMatchObject({ queries: 2, 'recall@1': 1, mrr: 1 });
    expect(report.baseline.duplicates.engine_vs_baseline).toEqual({ wins: 0, losses: 0, p_value: 1 });
  });

  it('refuses --split time without dates', () => {
    const records = syntheticHistory(10).map(({ created_at: _drop, ...r }) => r);
    expect(() => evaluateModel({ records, split: { kind: 'time' } })).toThrow(EvalProtocolError);
  });
});

describe('trainModel', () => {
  it('refuses a history without labels and summarises a trained one', () => {
    expect(() => trainModel({ records: [aCase({ id: 'a' })] })).toThrow(NothingToLearnError);
    const { summary, serialised } = trainModel({ records: syntheticHistory(30), options: fast });
    expect(summary.labels.topic).toMatchObject({ classes: 3, trainedOn: 30 });
    expect(serialised.version).toBe(summary.version);
  });
});

describe('importHistory', () => {
  it('renders valid records as JSON Lines and returns the issues', () => {
    const result = importHistory({ format: 'jsonl', text: '{"id":"a","subject":"x"}\n{"id":""}\n' });
    expect(result.jsonl).toBe('{"id":"a","subject":"x"}\n');
    expect(result.issues).toHaveLength(1);
  });
});
