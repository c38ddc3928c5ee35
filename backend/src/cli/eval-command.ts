import { z } from 'zod';
import type { SplitSpec } from '../domain/learning/index';
import { evaluateModel, type EvaluationReport } from '../usecases/evaluate-model';
import { EXIT, resolvePath, type Command } from './context';
import { parseCommandArgs } from './args';
import { readHistory } from './files';

const usage =
  'triage eval --history cases.jsonl [--test-every K | --folds K | --split time | --split field] [--json]';

const wholeNumber = z
  .string()
  .regex(/^\d+$/, 'K is a whole number')
  .transform(Number)
  .pipe(z.number().int().min(2, 'K must be at least 2'));

const Args = z
  .object({
    positionals: z.array(z.string()).max(0, 'eval takes no positional arguments'),
    history: z.string({ error: '--history <cases.jsonl> is required' }).min(1),
    'test-every': wholeNumber.optional(),
    folds: wholeNumber.optional(),
    split: z.enum(['time', 'field'], { error: '--split is "time" or "field"' }).optional(),
    json: z.boolean().default(false),
  })
  .refine((a) => [a['test-every'], a.folds, a.split].filter((x) => x !== undefined).length <= 1, {
    error: 'give one of --test-every, --folds and --split, not several',
  });

function splitOf(args: z.infer<typeof Args>): SplitSpec {
  if (args.split) return { kind: args.split };
  if (args.folds !== undefined) return { kind: 'folds', k: args.folds };
  // Without a choice, every fifth line is held out: it needs no dates and matches DESIGN.md's example.
  return { kind: 'every', k: args['test-every'] ?? 5 };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function formatReport(report: EvaluationReport): string {
  const lines = [
    report.folds
      ? `cases: ${report.cases.test} tested once each over ${report.folds} folds of about ${report.cases.train} training cases`
      : `cases: ${report.cases.train} train, ${report.cases.test} test`,
  ];
  for (const [key, m] of Object.entries(report.labels)) {
    lines.push(
      `${key}: n=${m.n} classes=${m.classes} accuracy=${pct(m.accuracy)} macro_f1=${m.macro_f1.toFixed(3)} ` +
        `top3=${pct(m.top3)} coverage@0.9=${pct(m['coverage_at_0.9'])} accuracy@0.9=${pct(m['accuracy_at_0.9'])} ` +
        `ece=${m.ece.toFixed(3)}`,
    );
  }
  const d = report.duplicates;
  lines.push(
    `duplicates: ${d.queries} queries, recall@1=${pct(d['recall@1'])} recall@5=${pct(d['recall@5'])} ` +
      `recall@10=${pct(d['recall@10'])} mrr=${d.mrr.toFixed(3)}`,
  );
  lines.push(
    `timing: train ${report.timing.train_ms} ms, predict ${report.timing.predict_ms_per_case} ms/case`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `eval`: backtests the engine on a history (DESIGN.md protocol). With `--json` stdout carries
 * exactly one JSON object; progress always goes to stderr.
 */
export const evalCommand: Command = {
  summary: 'backtest the engine on a history and report accuracy, calibration and duplicate recall',
  usage,
  async run(argv, context) {
    const args = parseCommandArgs(
      argv,
      {
        history: { type: 'string' },
        'test-every': { type: 'string' },
        folds: { type: 'string' },
        split: { type: 'string' },
        json: { type: 'boolean' },
      },
      Args,
      usage,
    );
    const records = await readHistory(resolvePath(context, args.history));
    const report = evaluateModel({
      records,
      split: splitOf(args),
      onProgress: (message) => {
        context.stderr(`${message}...\n`);
      },
    });
    context.stdout(args.json ? `${JSON.stringify(report)}\n` : formatReport(report));
    return EXIT.ok;
  },
};
