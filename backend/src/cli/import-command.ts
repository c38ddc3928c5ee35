import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { IMPORT_FORMATS, parseColumnMappings } from '../importers/index';
import { importHistory } from '../usecases/import-history';
import { EXIT, resolvePath, type Command } from './context';
import { parseCommandArgs } from './args';
import { readText } from './files';

const usage =
  'triage import <file> --format zendesk|jira-json|jira-csv|csv|jsonl [--map "Column=field" ...] --out cases.jsonl [--json]';

const Args = z.object({
  positionals: z.array(z.string()).length(1, 'give exactly one input file'),
  format: z.enum(IMPORT_FORMATS, { error: `--format is one of ${IMPORT_FORMATS.join(', ')}` }),
  map: z.array(z.string()).default([]),
  out: z.string({ error: '--out <cases.jsonl> is required' }).min(1),
  json: z.boolean().default(false),
});

/**
 * `import`: converts an export into CaseRecord JSON Lines. Valid records are written to `--out`;
 * every rejected row is listed on stderr with its line, and then the exit code is 1.
 */
export const importCommand: Command = {
  summary: 'convert a desk export into CaseRecord JSON Lines',
  usage,
  async run(argv, context) {
    const args = parseCommandArgs(
      argv,
      {
        format: { type: 'string' },
        map: { type: 'string', multiple: true },
        out: { type: 'string' },
        json: { type: 'boolean' },
      },
      Args,
      usage,
    );
    const input = resolvePath(context, args.positionals[0] ?? '');
    const out = resolvePath(context, args.out);
    const result = importHistory({
      text: await readText(input),
      format: args.format,
      mappings: parseColumnMappings(args.map),
    });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, result.jsonl, 'utf8');
    for (const issue of result.issues)
      context.stderr(`${input}: ${issue.unit} ${issue.line}: ${issue.reason}\n`);
    const summary = { imported: result.records.length, rejected: result.issues.length, out };
    if (args.json) context.stdout(`${JSON.stringify({ ...summary, issues: result.issues })}\n`);
    else
      context.stdout(
        `imported ${summary.imported} case(s) into ${out}; ${summary.rejected} row(s) rejected\n`,
      );
    return result.issues.length ? EXIT.failure : EXIT.ok;
  },
};
