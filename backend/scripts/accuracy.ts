/**
 * `npm run accuracy`: runs `eval` on the two public datasets in `../shared/data/` with the split the
 * README states, renders the engine-against-baseline tables, writes them into README.md between
 * `<!-- accuracy:start -->` and `<!-- accuracy:end -->` (formatted as `npm run format` would), and
 * prints them. Deterministic: the same code and data give the same table.
 *
 * Options: `--data-dir DIR` (default `../shared/data`, relative to the repository root) and
 * `--check` (exit 1 if README.md's table differs from a fresh run instead of writing it).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import * as prettier from 'prettier';
import { EvaluationReportJson } from '../src/usecases/evaluate-model';
import {
  renderAccuracyTable,
  replaceMarkedSection,
  type AccuracyRun,
} from '../src/usecases/render-accuracy-table';

const run = promisify(execFile);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Plan {
  dataset: string;
  file: string;
  splitArgs: string[];
  split: string;
  labels: string[];
  duplicates: boolean;
}

const PLANS: readonly Plan[] = [
  {
    dataset: 'BANKING77',
    file: 'banking77-train.jsonl',
    splitArgs: ['--test-every', '5'],
    split: 'every 5th line',
    labels: ['intent', 'category'],
    duplicates: false,
  },
  {
    dataset: 'SeaMonkey',
    file: 'seamonkey.jsonl',
    splitArgs: ['--test-every', '5'],
    split: 'every 5th line',
    labels: ['resolution_class', 'priority'],
    duplicates: true,
  },
  {
    // SeaMonkey's labels are small (509 and 115 cases): five folds test each labelled case once,
    // five times the cases of one split behind each figure and its sign test.
    dataset: 'SeaMonkey',
    file: 'seamonkey.jsonl',
    splitArgs: ['--folds', '5'],
    split: '5 folds',
    labels: ['resolution_class', 'priority'],
    duplicates: false,
  },
  {
    // Duplicates do not depend on the split, so the time split adds only its label rows.
    dataset: 'SeaMonkey',
    file: 'seamonkey.jsonl',
    splitArgs: ['--split', 'time'],
    split: 'newest 20 %',
    labels: ['resolution_class', 'priority'],
    duplicates: false,
  },
];

async function evaluate(plan: Plan, dataDir: string): Promise<AccuracyRun> {
  const history = join(dataDir, plan.file);
  const shown = relative(root, history);
  const args = ['eval', '--history', history, ...plan.splitArgs, '--json'];
  process.stderr.write(`eval ${shown} ${plan.splitArgs.join(' ')}\n`);
  const { stdout } = await run(
    join(root, 'node_modules/.bin/tsx'),
    [join(root, 'backend/src/cli/main.ts'), ...args],
    // INIT_CWD is where npm was invoked; the CLI resolves paths from it, so pin it to the root.
    { cwd: root, env: { ...process.env, INIT_CWD: root }, maxBuffer: 64 * 1024 * 1024 },
  );
  const report = EvaluationReportJson.parse(JSON.parse(stdout));
  return {
    dataset: plan.dataset,
    split: plan.split,
    command: `npm run -s triage -- eval --history ${shown} ${plan.splitArgs.join(' ')} --json`,
    report,
    labels: plan.labels,
    duplicates: plan.duplicates,
  };
}

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, check: { type: 'boolean' } },
});
const dataDir = resolve(root, values['data-dir'] ?? '../shared/data');
const runs: AccuracyRun[] = [];
// One at a time: each run trains a model and the machine is shared.
for (const plan of PLANS) runs.push(await evaluate(plan, dataDir));

const readmePath = join(root, 'README.md');
const readme = await readFile(readmePath, 'utf8');
const table = renderAccuracyTable(runs);
const config = (await prettier.resolveConfig(readmePath)) ?? {};
const updated = await prettier.format(replaceMarkedSection(readme, table), {
  ...config,
  filepath: readmePath,
});
const section = updated.slice(
  updated.indexOf('<!-- accuracy:start -->'),
  updated.indexOf('<!-- accuracy:end -->'),
);
console.log(section.replace('<!-- accuracy:start -->', '').trim());
if (values.check) {
  if (updated !== readme) {
    console.error('README.md accuracy table is out of date: run `npm run accuracy`');
    process.exitCode = 1;
  }
} else if (updated !== readme) {
  await writeFile(readmePath, updated);
  console.error('README.md updated');
} else {
  console.error('README.md already up to date');
}
