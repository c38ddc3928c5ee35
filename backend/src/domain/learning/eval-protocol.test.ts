import { describe, expect, it } from 'vitest';
import { duplicateQueries, EvalProtocolError, testMask, testMasks, timeOrder } from './index';
import { aCase } from './testing/generators';

const lines = (mask: boolean[]): number[] => mask.flatMap((t, i) => (t ? [i] : []));

describe('testMask', () => {
  const ten = Array.from({ length: 10 }, (_, i) => aCase({ id: `c${i}` }));

  it('--test-every K holds out 0-based lines with i % K == K-1', () => {
    expect(lines(testMask(ten, { kind: 'every', k: 5 }))).toEqual([4, 9]);
    expect(lines(testMask(ten, { kind: 'every', k: 3 }))).toEqual([2, 5, 8]);
    expect(() => testMask(ten, { kind: 'every', k: 1 })).toThrow(EvalProtocolError);
  });

  it('--folds K tests every line exactly once over K rounds, the last being --test-every K', () => {
    const rounds = testMasks(ten, { kind: 'folds', k: 3 });
    expect(rounds.map(lines)).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
    expect(rounds[2]).toEqual(testMask(ten, { kind: 'every', k: 3 }));
    expect(testMasks(ten, { kind: 'every', k: 5 })).toEqual([testMask(ten, { kind: 'every', k: 5 })]);
    expect(() => testMasks(ten, { kind: 'folds', k: 1 })).toThrow(/--folds/);
  });

  it('--split time holds out the last floor(n/5) in (created_at, line) order', () => {
    const records = [
      aCase({ id: 'a', created_at: '2025-01-05T00:00:00Z' }),
      aCase({ id: 'b', created_at: '2025-01-01T00:00:00Z' }),
      aCase({ id: 'c', created_at: '2025-01-09T00:00:00Z' }),
      aCase({ id: 'd', created_at: '2025-01-09T00:00:00Z' }),
      aCase({ id: 'e', created_at: '2025-01-02T00:00:00Z' }),
      aCase({ id: 'f', created_at: '2025-01-03T00:00:00Z' }),
      aCase({ id: 'g', created_at: '2025-01-04T00:00:00Z' }),
      aCase({ id: 'h', created_at: '2025-01-06T00:00:00Z' }),
      aCase({ id: 'i', created_at: '2025-01-07T00:00:00Z' }),
      aCase({ id: 'j', created_at: '2025-01-08T00:00:00Z' }),
      aCase({ id: 'k', created_at: '2025-01-01T12:00:00+02:00' }),
    ];
    // 11 cases → 2 test cases: the tie on 01-09 is broken by line, so c (2) and d (3) are last.
    expect(lines(testMask(records, { kind: 'time' }))).toEqual([2, 3]);
    expect(() => testMask(ten, { kind: 'time' })).toThrow(/created_at/);
  });

  it('--split field follows each record, missing split meaning train', () => {
    const records = [
      aCase({ id: 'a', split: 'train' }),
      aCase({ id: 'b', split: 'test' }),
      aCase({ id: 'c' }),
    ];
    expect(lines(testMask(records, { kind: 'field' }))).toEqual([1]);
    expect(() => testMask(ten, { kind: 'field' })).toThrow(/split/);
  });
});

describe('timeOrder', () => {
  it('lets undated records inherit the time of the line before them', () => {
    const records = [
      aCase({ id: 'a', created_at: '2025-01-03T00:00:00Z' }),
      aCase({ id: 'b' }),
      aCase({ id: 'c', created_at: '2025-01-01T00:00:00Z' }),
      aCase({ id: 'd' }),
    ];
    // Effective times: a 01-03, b 01-03, c 01-01, d 01-01 → c, d, a, b.
    expect(timeOrder(records)).toEqual([2, 3, 0, 1]);
    expect(timeOrder([aCase({ id: 'x' }), aCase({ id: 'y' })])).toEqual([0, 1]);
  });
});

describe('duplicateQueries', () => {
  it('makes clusters from links and counts only earlier members as hits', () => {
    const records = [
      aCase({ id: 'a', created_at: '2025-01-01T00:00:00Z' }),
      aCase({ id: 'b', created_at: '2025-01-02T00:00:00Z', duplicate_of: 'a' }),
      aCase({ id: 'x', created_at: '2025-01-03T00:00:00Z' }),
      aCase({ id: 'c', created_at: '2025-01-04T00:00:00Z', duplicate_of: 'b' }),
      aCase({ id: 'd', created_at: '2025-01-05T00:00:00Z', duplicate_of: 'missing' }),
      // e points at a later case: not a query, but it joins the x cluster.
      aCase({ id: 'e', created_at: '2025-01-01T00:00:00Z', duplicate_of: 'x' }),
    ];
    const queries = duplicateQueries(records).map((q) => ({
      id: records[q.line]?.id,
      targets: [...q.targets].sort(),
    }));
    expect(queries).toEqual([
      { id: 'b', targets: ['a'] },
      { id: 'c', targets: ['a', 'b'] },
    ]);
  });

  it('returns no queries without links', () => {
    expect(duplicateQueries([aCase({ id: 'a' }), aCase({ id: 'b' })])).toEqual([]);
  });
});
