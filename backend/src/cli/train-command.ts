import { z } from 'zod';
import { trainModel } from '../usecases/train-model';
import { EXIT, resolvePath, type Command } from './context';
import { parseCommandArgs } from './args';
import { readHistory, writeHistoryFile, writeModelDir } from './files';

const usage = 'triage train --history cases.jsonl --model model-dir/ [--json]';

const Args = z.object({
  positionals: z.array(z.string()).max(0, 'train takes no positional arguments'),
  history: z.string({ error: '--history <cases.jsonl> is required' }).min(1),
  model: z.string({ error: '--model <dir> is required' }).min(1),
  json: z.boolean().default(false),
});

/** `train`: learns every label key of a history and saves the model into a directory. */
export const trainCommand: Command = {
  summary: 'train one calibrated classifier per label key of a history',
  usage,
  async run(argv, context) {
    const args = parseCommandArgs(
      argv,
      { history: { type: 'string' }, model: { type: 'string' }, json: { type: 'boolean' } },
      Args,
      usage,
    );
    const records = await readHistory(resolvePath(context, args.history));
    context.stderr(`training on ${records.length} cases...\n`);
    const result = trainModel({ records });
    const file = await writeModelDir(resolvePath(context, args.model), result.serialised);
    await writeHistoryFile(resolvePath(context, args.model), records);
    const summary = { ...result.summary, model: file };
    if (args.json) {
      context.stdout(`${JSON.stringify(summary)}\n`);
    } else {
      context.stdout(`model ${summary.version} written to ${file} (${summary.train_ms} ms)\n`);
      for (const [key, l] of Object.entries(summary.labels)) {
        context.stdout(
          `  ${key}: ${l.classes} classes, ${l.trainedOn} cases, temperature ${l.temperature}, ${l.calibration}\n`,
        );
      }
    }
    return EXIT.ok;
  },
};
