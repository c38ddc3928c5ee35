import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CaseRecord, visibleCase } from '@triage/shared';
import { describe, expect, it } from 'vitest';

const DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

describe('CaseRecord', () => {
  for (const file of ['seamonkey.jsonl', 'banking77-train.jsonl']) {
    it.skipIf(!existsSync(`${DATA}${file}`))(`parses every line of the shared ${file}`, () => {
      const lines = readFileSync(`${DATA}${file}`, 'utf8').trim().split('\n');
      const bad = lines
        .map((l, i) => ({ i, r: CaseRecord.safeParse(JSON.parse(l)) }))
        .filter((x) => !x.r.success);
      expect(bad.map((b) => b.i + 1)).toEqual([]);
      expect(lines.length).toBeGreaterThan(1000);
    });
  }

  it('requires an id and a subject or a description', () => {
    expect(CaseRecord.safeParse({ id: 'a', subject: 'x' }).success).toBe(true);
    expect(CaseRecord.safeParse({ id: 'a', description: 'x' }).success).toBe(true);
    expect(CaseRecord.safeParse({ id: 'a' }).success).toBe(false);
    expect(CaseRecord.safeParse({ id: 'a', subject: '   ' }).success).toBe(false);
    expect(CaseRecord.safeParse({ subject: 'x' }).success).toBe(false);
    expect(CaseRecord.safeParse({ id: 'a', subject: 'x', created_at: 'yesterday' }).success).toBe(false);
  });

  it('hides ground truth and split markers from what the engine sees', () => {
    const record = CaseRecord.parse({
      id: 'a',
      subject: 'x',
      labels: { queue: 'q' },
      duplicate_of: 'b',
      split: 'test',
    });
    expect(visibleCase(record)).toEqual({ id: 'a', subject: 'x' });
  });
});
