import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TriagePacket } from '@triage/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticHistory } from '../domain/learning/testing/generators';
import { EvaluationReportJson } from '../usecases/evaluate-model';
import { readModelDir } from './files';
import { runCli } from './run-cli';

let dir = '';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    cwd: dir,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-cli-'));
  await writeFile(
    join(dir, 'cases.jsonl'),
    syntheticHistory(40)
      .map((r) => JSON.stringify(r))
      .join('\n'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runCli', () => {
  it('imports a csv with --map, resolving paths against the invocation directory', async () => {
    await writeFile(join(dir, 'export.csv'), 'Key,Title\nK-1,Printer down\nK-2,\n');
    const { code, out, err } = await run(
      'import',
      'export.csv',
      '--format',
      'csv',
      '--map',
      'Key=id',
      '--map',
      'Title=subject',
      '--out',
      'out/cases.jsonl',
    );
    expect(code).toBe(1);
    expect(out).toMatch(/imported 1 case\(s\).*1 row\(s\) rejected/);
    expect(err).toMatch(/line 3: .*subject or a description/);
    expect(await readFile(join(dir, 'out/cases.jsonl'), 'utf8')).toBe(
      '{"id":"K-1","subject":"Printer down"}\n',
    );
  });

  it('imports Jira search JSON and Jira CSV exports', async () => {
    await writeFile(
      join(dir, 'search.json'),
      JSON.stringify({
        issues: [
          {
            key: 'SUP-1',
            fields: {
              summary: 'Printer down',
              created: '2024-01-02T03:04:05.000+0100',
              issuetype: { name: 'Bug' },
            },
          },
        ],
      }),
    );
    const json = await run('import', 'search.json', '--format', 'jira-json', '--out', 'jira.jsonl');
    expect(json.code).toBe(0);
    expect(json.err).toBe('');
    expect(await readFile(join(dir, 'jira.jsonl'), 'utf8')).toBe(
      '{"id":"SUP-1","source":"jira","created_at":"2024-01-02T03:04:05.000+01:00","subject":"Printer down","labels":{"issue_type":"Bug"}}\n',
    );
    await writeFile(
      join(dir, 'export-jira.csv'),
      'Summary,Issue key,Created\nScanner down,SUP-2,02/Jan/24 3:04 PM\nBad,SUP-3,someday\n',
    );
    const csv = await run('import', 'export-jira.csv', '--format', 'jira-csv', '--out', 'jira-csv.jsonl');
    expect(csv.code).toBe(1);
    expect(csv.err).toMatch(/line 3: Created "someday"/);
    expect(await readFile(join(dir, 'jira-csv.jsonl'), 'utf8')).toBe(
      '{"id":"SUP-2","source":"jira","created_at":"2024-01-02T15:04:00Z","subject":"Scanner down"}\n',
    );
  });

  it('evaluates over folds, each case tested once, in words or as JSON', async () => {
    const json = await run('eval', '--history', 'cases.jsonl', '--folds', '4', '--json');
    expect(json.code, json.err).toBe(0);
    const report = EvaluationReportJson.parse(JSON.parse(json.out));
    expect(report.folds).toBe(4);
    expect(report.cases).toEqual({ train: 30, test: 40 });
    const words = await run('eval', '--history', 'cases.jsonl', '--folds', '4');
    expect(words.out).toMatch(/^cases: 40 tested once each over 4 folds of about 30 training cases$/m);
  });

  it('trains and saves a model that loads back', async () => {
    const { code, out } = await run('train', '--history', 'cases.jsonl', '--model', 'model', '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(out) as { version: string; labels: Record<string, unknown> };
    expect(Object.keys(summary.labels)).toEqual(['queue', 'topic']);
    expect((await readModelDir(join(dir, 'model'))).version).toBe(summary.version);
  });

  it('builds an offline packet from a trained model, matching similar cases of its history', async () => {
    expect((await run('train', '--history', 'cases.jsonl', '--model', 'pmodel')).code).toBe(0);
    const history = (await readFile(join(dir, 'cases.jsonl'), 'utf8')).trim().split('\n');
    const first = JSON.parse(history[0] ?? '{}') as { id: string; subject?: string; description?: string };
    await writeFile(
      join(dir, 'case.json'),
      JSON.stringify({ id: 'NEW-1', subject: first.subject, description: first.description }),
    );
    const { code, out } = await run('packet', '--model', 'pmodel', '--case', 'case.json');
    expect(code).toBe(0);
    const packet = TriagePacket.parse(JSON.parse(out));
    expect(packet.caseRef).toBe('NEW-1');
    expect(packet.classification.some((c) => c.dimension === 'label:topic')).toBe(true);
    expect(packet.route.because.some((r) => r.kind === 'model')).toBe(true);
    expect(packet.matches.find((m) => m.kind === 'similar-case')?.ref).toBe(first.id);
    await writeFile(join(dir, 'bad-case.json'), JSON.stringify({ id: 'X' }));
    const bad = await run('packet', '--model', 'pmodel', '--case', 'bad-case.json');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/subject or a description/);
  });

  it('rejects bad arguments and unknown commands with exit code 2 and nothing on stdout', async () => {
    for (const argv of [
      ['eval', '--history', 'cases.jsonl', '--test-every', '1'],
      ['eval', '--history', 'cases.jsonl', '--split', 'random'],
      ['eval', '--history', 'cases.jsonl', '--split', 'time', '--test-every', '3'],
      ['eval', '--history', 'cases.jsonl', '--folds', '5', '--test-every', '5'],
      ['eval', '--history', 'cases.jsonl', '--folds', '1'],
      ['eval', '--bogus'],
      ['frobnicate'],
      ['packet', '--model', 'model'],
    ]) {
      const { code, out, err } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(out).toBe('');
      expect(err).not.toBe('');
    }
  });

  it('fails on a missing or invalid history with the line numbers', async () => {
    expect((await run('eval', '--history', 'nope.jsonl')).err).toMatch(/no such file/);
    await writeFile(join(dir, 'bad.jsonl'), '{"id":"a","subject":"x"}\n{oops\n');
    const { code, err } = await run('train', '--history', 'bad.jsonl', '--model', 'm');
    expect(code).toBe(1);
    expect(err).toMatch(/line 2: not JSON/);
  });
});
