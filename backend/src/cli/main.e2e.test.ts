import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aCase, syntheticHistory } from '../domain/learning/testing/generators';

const repoRoot = resolve(import.meta.dirname, '../../..');
let dir = '';

const LabelReport = z.strictObject({
  n: z.number(),
  classes: z.number(),
  accuracy: z.number(),
  macro_f1: z.number(),
  top3: z.number(),
  'coverage_at_0.9': z.number(),
  'accuracy_at_0.9': z.number(),
  ece: z.number(),
});
const EvalReport = z.strictObject({
  cases: z.strictObject({ train: z.number(), test: z.number() }),
  labels: z.record(z.string(), LabelReport),
  duplicates: z.strictObject({
    queries: z.number(),
    'recall@1': z.number(),
    'recall@5': z.number(),
    'recall@10': z.number(),
    mrr: z.number(),
  }),
  // Beyond DESIGN.md's shape: the same-run baselines and the engine's parts alone.
  baseline: z
    .object({ labels: z.record(z.string(), LabelReport.extend({ delta: z.unknown() }).loose()) })
    .loose(),
  ablation: z.record(z.string(), z.unknown()),
  timing: z.strictObject({ train_ms: z.number(), predict_ms_per_case: z.number() }),
});

function triage(...args: string[]) {
  // npx resets INIT_CWD to its own cwd, so files are passed as absolute paths here; resolving
  // relative paths against INIT_CWD is covered in run-cli.test.ts.
  return spawnSync('npx', ['tsx', 'backend/src/cli/main.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-e2e-'));
  const records = syntheticHistory(50);
  records.push(
    aCase({
      id: 'dup-a',
      created_at: '2025-02-01T00:00:00Z',
      subject: 'duplex printer jams',
      labels: { topic: 'crash' },
    }),
    aCase({
      id: 'dup-b',
      created_at: '2025-02-02T00:00:00Z',
      subject: 'printer jams in duplex',
      duplicate_of: 'dup-a',
    }),
  );
  await writeFile(join(dir, 'cases.jsonl'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('triage eval (spawned CLI)', () => {
  it('prints exactly one JSON object in the DESIGN.md shape on stdout', () => {
    const result = triage('eval', '--history', join(dir, 'cases.jsonl'), '--test-every', '5', '--json');
    expect(result.status, result.stderr).toBe(0);
    const report = EvalReport.parse(JSON.parse(result.stdout));
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(report.cases).toEqual({ train: 42, test: 10 });
    expect(Object.keys(report.labels).sort()).toEqual(['queue', 'topic']);
    expect(Object.keys(report.baseline.labels).sort()).toEqual(['queue', 'topic']);
    expect(report.duplicates.queries).toBe(1);
    expect(report.duplicates['recall@1']).toBe(1);
  }, 60_000);

  it('exits non-zero with a clear message when --split time has no dates', async () => {
    await writeFile(join(dir, 'undated.jsonl'), '{"id":"a","subject":"x","labels":{"q":"1"}}\n');
    const result = triage('eval', '--history', join(dir, 'undated.jsonl'), '--split', 'time', '--json');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/--split time needs created_at/);
  }, 60_000);
});
