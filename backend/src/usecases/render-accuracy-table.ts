import type { LabelMetrics, PairedComparison, PairedMeanComparison } from '../domain/learning/index';
import type { EvaluationReport } from './evaluate-model';

/** One `eval` run to report: which file, how it was split, and what to show from it. */
export interface AccuracyRun {
  dataset: string;
  /** How the split reads in the table, e.g. `every 5th line` or `newest 20 %`. */
  split: string;
  /** The command that produced `report`, shown under the table so anyone can rerun it. */
  command: string;
  report: EvaluationReport;
  /** Label keys to show, in this order (all of the report's keys when absent). */
  labels?: readonly string[];
  /** Whether to show this run's duplicate retrieval. */
  duplicates: boolean;
}

/** A difference is called clear when the paired sign test puts it below this chance level. */
export const CLEAR_DIFFERENCE_P = 0.05;

const num = (x: number): string => x.toFixed(3);
const delta = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

/** A p-value as the verdicts print it. */
const pText = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/**
 * How the engine compares with the baseline on one row, in words. "Beats" needs the engine ahead on
 * more paired items than behind, with the sign test below `CLEAR_DIFFERENCE_P`; anything else is
 * said plainly.
 */
export function verdict(paired: PairedComparison): string {
  const p = pText(paired.p_value);
  const split = `${paired.wins}/${paired.losses}`;
  if (paired.p_value < CLEAR_DIFFERENCE_P) {
    return paired.wins > paired.losses
      ? `engine better (${split}, ${p})`
      : `**baseline better** (${split}, ${p})`;
  }
  return `**no clear difference** (${split}, ${p})`;
}

/** The same, for a mean loss compared case by case (lower is better; `mean_difference` is engine − baseline). */
export function lossVerdict(paired: PairedMeanComparison): string {
  const p = pText(paired.p_value);
  const difference = delta(paired.mean_difference);
  if (paired.p_value < CLEAR_DIFFERENCE_P) {
    return paired.mean_difference < 0
      ? `engine better (${difference}, ${p})`
      : `**baseline better** (${difference}, ${p})`;
  }
  return `**no clear difference** (${difference}, ${p})`;
}

/** Accuracy at confidence ≥ 0.9, or a dash when no case got there (0 would read as all wrong). */
const atConfidence = (m: LabelMetrics): string =>
  m['coverage_at_0.9'] > 0 ? num(m['accuracy_at_0.9']) : '–';

/** The cells every label row starts with. */
const rowStart = (run: AccuracyRun, key: string, engine: LabelMetrics): (string | number)[] => [
  run.dataset,
  `\`${key}\``,
  run.split,
  engine.n,
];

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The alignment row: columns for which `text` holds align left, numbers right. */
function alignRow(n: number, text: (column: number) => boolean): string {
  return row(Array.from({ length: n }, (_, i) => (text(i) ? ':--' : '--:')));
}

/** The label rows to show: each run's keys in order, with the engine's and the baseline's figures. */
function labelRows(runs: readonly AccuracyRun[]) {
  return runs.flatMap((run) =>
    (run.labels ?? Object.keys(run.report.labels)).flatMap((key) => {
      const engine = run.report.labels[key];
      const baseline = run.report.baseline.labels[key];
      return engine && baseline ? [{ run, key, engine, baseline }] : [];
    }),
  );
}

/**
 * The README's accuracy section: one table of label accuracy (engine against naive Bayes) and one
 * of duplicate retrieval (engine against plain BM25), each row with its paired verdict, then the
 * commands that produced them. Pure and deterministic: timings are left out on purpose.
 */
export function renderAccuracyTable(runs: readonly AccuracyRun[]): string {
  const lines: string[] = [];
  const labelHeader = [
    'dataset',
    'label',
    'split',
    'test cases',
    'classes',
    'accuracy',
    'macro-F1',
    'coverage@0.9',
    'accuracy@0.9',
    'ECE',
    'baseline accuracy',
    'baseline macro-F1',
    'Δ accuracy',
    'Δ macro-F1',
    'engine vs baseline (cases won/lost, sign test)',
  ];
  lines.push(
    row(labelHeader),
    alignRow(labelHeader.length, (i) => i < 3 || i === labelHeader.length - 1),
  );
  for (const { run, key, engine, baseline } of labelRows(runs)) {
    lines.push(
      row([
        ...rowStart(run, key, engine),
        engine.classes,
        num(engine.accuracy),
        num(engine.macro_f1),
        num(engine['coverage_at_0.9']),
        atConfidence(engine),
        num(engine.ece),
        num(baseline.accuracy),
        num(baseline.macro_f1),
        delta(baseline.delta.accuracy),
        delta(baseline.delta.macro_f1),
        verdict(baseline.engine_vs_baseline),
      ]),
    );
  }
  const confidenceHeader = [
    'dataset',
    'label',
    'split',
    'test cases',
    'ECE',
    'baseline ECE',
    'coverage@0.9',
    'accuracy@0.9',
    'baseline coverage@0.9',
    'baseline accuracy@0.9',
    'log loss',
    'baseline log loss',
    'engine vs baseline (mean log-loss difference, paired randomisation test)',
  ];
  lines.push(
    '',
    row(confidenceHeader),
    alignRow(confidenceHeader.length, (i) => i < 3 || i === confidenceHeader.length - 1),
  );
  for (const { run, key, engine, baseline } of labelRows(runs)) {
    lines.push(
      row([
        ...rowStart(run, key, engine),
        num(engine.ece),
        num(baseline.ece),
        num(engine['coverage_at_0.9']),
        atConfidence(engine),
        num(baseline['coverage_at_0.9']),
        atConfidence(baseline),
        num(baseline.log_loss.engine),
        num(baseline.log_loss.baseline),
        lossVerdict(baseline.engine_vs_baseline_log_loss),
      ]),
    );
  }
  const duplicateRuns = runs.filter((r) => r.duplicates);
  if (duplicateRuns.length > 0) {
    const dupHeader = [
      'dataset',
      'queries',
      'recall@1',
      'recall@5',
      'recall@10',
      'MRR',
      'BM25 recall@1',
      'BM25 recall@5',
      'BM25 recall@10',
      'BM25 MRR',
      'Δ MRR',
      'engine vs BM25 (queries won/lost, sign test)',
    ];
    lines.push(
      '',
      row(dupHeader),
      alignRow(dupHeader.length, (i) => i < 1 || i === dupHeader.length - 1),
    );
    for (const run of duplicateRuns) {
      const e = run.report.duplicates;
      const b = run.report.baseline.duplicates;
      lines.push(
        row([
          run.dataset,
          e.queries,
          num(e['recall@1']),
          num(e['recall@5']),
          num(e['recall@10']),
          num(e.mrr),
          num(b['recall@1']),
          num(b['recall@5']),
          num(b['recall@10']),
          num(b.mrr),
          delta(b.delta.mrr),
          verdict(b.engine_vs_baseline),
        ]),
      );
    }
  }
  const parts = runs.flatMap((run) =>
    (run.labels ?? Object.keys(run.report.labels)).flatMap((key) => {
      const engine = run.report.labels[key];
      const alone = run.report.ablation[key];
      return engine && alone ? [{ run, key, engine, alone }] : [];
    }),
  );
  if (parts.length > 0) {
    const partsHeader = [
      'dataset',
      'label',
      'split',
      'linear model alone: accuracy',
      'ECE',
      'nearest-cases voter alone: accuracy',
      'blend: accuracy',
      'ECE',
    ];
    lines.push(
      '',
      row(partsHeader),
      alignRow(partsHeader.length, (i) => i < 3),
    );
    for (const { run, key, engine, alone } of parts) {
      lines.push(
        row([
          run.dataset,
          `\`${key}\``,
          run.split,
          num(alone.linear.accuracy),
          num(alone.linear.ece),
          num(alone.voter.accuracy),
          num(engine.accuracy),
          num(engine.ece),
        ]),
      );
    }
  }
  const methods = runs[0]?.report.baseline.methods;
  if (methods) {
    lines.push(
      '',
      `Baselines, run on the same split in the same \`eval\`: ${methods.labels} for labels; ${methods.duplicates} for duplicates.`,
    );
  }
  lines.push('', 'Produced by:', '', '```sh', ...[...new Set(runs.map((r) => r.command))], '```');
  return `${lines.join('\n')}\n`;
}

/** Thrown when a document lacks the markers the generated section goes between. */
export class MissingMarkersError extends Error {
  constructor(start: string, end: string) {
    super(`expected one "${start}" followed by one "${end}"`);
    this.name = 'MissingMarkersError';
  }
}

export const ACCURACY_START = '<!-- accuracy:start -->';
export const ACCURACY_END = '<!-- accuracy:end -->';

/**
 * Replaces what lies between the start and end markers with `content`, keeping the markers and
 * everything outside them.
 *
 * @throws MissingMarkersError unless each marker occurs exactly once, start before end.
 */
export function replaceMarkedSection(
  document: string,
  content: string,
  start = ACCURACY_START,
  end = ACCURACY_END,
): string {
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (
    from < 0 ||
    to < from ||
    document.indexOf(start, from + start.length) >= 0 ||
    document.indexOf(end, to + end.length) >= 0
  ) {
    throw new MissingMarkersError(start, end);
  }
  return `${document.slice(0, from + start.length)}\n\n${content.trim()}\n\n${document.slice(to)}`;
}
