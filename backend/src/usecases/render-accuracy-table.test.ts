import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from './evaluate-model';
import {
  lossVerdict,
  MissingMarkersError,
  renderAccuracyTable,
  replaceMarkedSection,
  verdict,
} from './render-accuracy-table';

const metrics = (accuracy: number, macro_f1: number, coverage = 0.5) => ({
  n: 200,
  classes: 7,
  accuracy,
  macro_f1,
  top3: 0.99,
  'coverage_at_0.9': coverage,
  'accuracy_at_0.9': 0.98,
  ece: 0.021,
});

function report(): EvaluationReport {
  const ranking = { queries: 46, 'recall@1': 0.6, 'recall@5': 0.8, 'recall@10': 0.85, mrr: 0.68 };
  return {
    cases: { train: 800, test: 200 },
    labels: { intent: metrics(0.9, 0.88), priority: metrics(0.6, 0.3, 0) },
    duplicates: ranking,
    baseline: {
      methods: { labels: 'naive Bayes', duplicates: 'BM25' },
      labels: {
        intent: {
          ...metrics(0.85, 0.84),
          delta: { accuracy: 0.05, macro_f1: 0.04 },
          engine_vs_baseline: { wins: 30, losses: 10, p_value: 0.0022 },
          log_loss: { engine: 0.35, baseline: 0.61 },
          engine_vs_baseline_log_loss: { mean_difference: -0.26, p_value: 0.0001 },
        },
        priority: {
          ...metrics(0.62, 0.35),
          delta: { accuracy: -0.02, macro_f1: -0.05 },
          engine_vs_baseline: { wins: 3, losses: 4, p_value: 1 },
          log_loss: { engine: 0.9, baseline: 0.88 },
          engine_vs_baseline_log_loss: { mean_difference: 0.02, p_value: 0.4 },
        },
      },
      duplicates: {
        ...ranking,
        'recall@1': 0.5,
        mrr: 0.6,
        delta: { 'recall@1': 0.1, 'recall@5': 0, 'recall@10': 0, mrr: 0.08 },
        engine_vs_baseline: { wins: 9, losses: 2, p_value: 0.065 },
      },
    },
    ablation: { intent: { linear: { accuracy: 0.88, ece: 0.01 }, voter: { accuracy: 0.8 } } },
    timing: { train_ms: 1234, predict_ms_per_case: 0.5 },
  };
}

describe('renderAccuracyTable', () => {
  it('puts engine and baseline side by side with the delta and says plainly where the engine is not ahead', () => {
    const table = renderAccuracyTable([
      { dataset: 'Demo', split: 'every 5th line', command: 'eval demo', report: report(), duplicates: true },
    ]);
    const lines = table.split('\n');
    const intent = lines.find((l) => l.includes('`intent`'));
    expect(intent?.split('|').map((c) => c.trim())).toEqual([
      '',
      'Demo',
      '`intent`',
      'every 5th line',
      '200',
      '7',
      '0.900',
      '0.880',
      '0.500',
      '0.980',
      '0.021',
      '0.850',
      '0.840',
      '+0.050',
      '+0.040',
      'engine better (30/10, p = 0.002)',
      '',
    ]);
    const priority = lines.find((l) => l.includes('`priority`'));
    // No case at confidence ≥ 0.9: its accuracy there is not a number worth printing.
    expect(priority).toContain('| 0.000 | – |');
    expect(priority).toContain('−0.020 | −0.050 | **no clear difference** (3/4, p = 1.000)');
    const duplicates = lines.find((l) => l.startsWith('| Demo | 46'));
    expect(duplicates).toContain('+0.080 | **no clear difference** (9/2, p = 0.065)');
    // Each half of the engine alone beside the blend, so a voter that does not help shows.
    expect(lines).toContain('| Demo | `intent` | every 5th line | 0.880 | 0.010 | 0.800 | 0.900 | 0.021 |');
    // How far each can be trusted: calibration, what clears 0.9, and the log loss compared case by case.
    expect(lines).toContain(
      '| Demo | `intent` | every 5th line | 200 | 0.021 | 0.021 | 0.500 | 0.980 | 0.500 | 0.980 | 0.350 | 0.610 | engine better (−0.260, p < 0.001) |',
    );
    expect(lines.filter((l) => l.includes('`priority`'))[1]).toContain(
      '**no clear difference** (+0.020, p = 0.400)',
    );
    expect(table).toContain('eval demo');
    expect(table).not.toContain('1234');
  });

  it('calls a clear loss a loss', () => {
    expect(verdict({ wins: 2, losses: 20, p_value: 0.0001 })).toBe('**baseline better** (2/20, p < 0.001)');
    expect(lossVerdict({ mean_difference: 0.3, p_value: 0.01 })).toBe(
      '**baseline better** (+0.300, p = 0.010)',
    );
  });
});

describe('replaceMarkedSection', () => {
  it('replaces only what lies between the markers, idempotently', () => {
    const doc = '# T\n\n<!-- accuracy:start -->\nold\n<!-- accuracy:end -->\n\nafter\n';
    const once = replaceMarkedSection(doc, '| new |\n');
    expect(once).toBe('# T\n\n<!-- accuracy:start -->\n\n| new |\n\n<!-- accuracy:end -->\n\nafter\n');
    expect(replaceMarkedSection(once, '| new |\n')).toBe(once);
  });

  it('refuses a document without exactly one pair of markers', () => {
    expect(() => replaceMarkedSection('no markers', 'x')).toThrow(MissingMarkersError);
    expect(() => replaceMarkedSection('<!-- accuracy:end --> <!-- accuracy:start -->', 'x')).toThrow(
      MissingMarkersError,
    );
    expect(() =>
      replaceMarkedSection('<!-- accuracy:start --><!-- accuracy:start --><!-- accuracy:end -->', 'x'),
    ).toThrow(MissingMarkersError);
  });
});
