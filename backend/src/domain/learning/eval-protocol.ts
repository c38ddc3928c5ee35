import type { CaseRecord } from '@triage/shared';

/** How `eval` splits a history into training and test cases (DESIGN.md, "The CLI contract"). */
export type SplitSpec =
  { kind: 'every'; k: number } | { kind: 'time' } | { kind: 'field' } | { kind: 'folds'; k: number };

/** A history that cannot be split or evaluated as asked. */
export class EvalProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalProtocolError';
  }
}

/**
 * Time order of a history: line indices sorted by (`created_at`, line index). A record without
 * `created_at` takes the time of the nearest earlier line that has one (or sorts before everything
 * when none does), so undated records stay where the file put them relative to their neighbours;
 * with no dates at all the time order is the file order.
 */
export function timeOrder(records: readonly CaseRecord[]): number[] {
  const times: number[] = [];
  let last = -Infinity;
  for (const r of records) {
    const t = r.created_at === undefined ? Number.NaN : Date.parse(r.created_at);
    if (!Number.isNaN(t)) last = t;
    times.push(last);
  }
  return records
    .map((_, i) => i)
    .sort((a, b) => {
      const ta = times[a] ?? -Infinity;
      const tb = times[b] ?? -Infinity;
      return ta === tb ? a - b : ta < tb ? -1 : 1;
    });
}

function checkK(k: number, flag: string): void {
  if (!Number.isInteger(k) || k < 2) throw new EvalProtocolError(`${flag} needs an integer K >= 2`);
}

/**
 * Which lines are test cases (`true`) under `spec`, one mask per train/test round:
 * - `every`: one round; line i (0-based) is a test case when `i % k == k - 1`;
 * - `folds`: k rounds (k-fold cross-validation); in round r line i is a test case when
 *   `i % k == r`, so every line is tested exactly once and round k - 1 is the `every` split;
 * - `time`: one round; the last `floor(n / 5)` cases in `timeOrder`;
 * - `field`: one round; each record's own `split`; a record without one is a training case.
 *
 * @throws EvalProtocolError when `time` is asked of a history without any `created_at`, when
 *   `field` is asked of one without any `split`, or when `k < 2`.
 */
export function testMasks(records: readonly CaseRecord[], spec: SplitSpec): boolean[][] {
  if (spec.kind !== 'folds') return [testMask(records, spec)];
  checkK(spec.k, '--folds');
  return Array.from({ length: spec.k }, (_, r) => records.map((_, i) => i % spec.k === r));
}

/** The test mask of a one-round split (see `testMasks`); `folds` gives its last round. */
export function testMask(records: readonly CaseRecord[], spec: SplitSpec): boolean[] {
  switch (spec.kind) {
    case 'every':
    case 'folds': {
      checkK(spec.k, spec.kind === 'every' ? '--test-every' : '--folds');
      return records.map((_, i) => i % spec.k === spec.k - 1);
    }
    case 'time': {
      if (!records.some((r) => r.created_at !== undefined)) {
        throw new EvalProtocolError('--split time needs created_at, and no record in this history has one');
      }
      const mask = records.map(() => false);
      const order = timeOrder(records);
      const nTest = Math.floor(records.length / 5);
      for (const i of order.slice(order.length - nTest)) mask[i] = true;
      return mask;
    }
    case 'field': {
      if (!records.some((r) => r.split !== undefined)) {
        throw new EvalProtocolError('--split field needs a "split" on the records, and none has one');
      }
      return records.map((r) => r.split === 'test');
    }
  }
}

/** A duplicate query: a case whose `duplicate_of` names a case earlier in time order. */
export interface DuplicateQuery {
  /** Line index of the query case. */
  line: number;
  /** Ids of the cases that count as a hit: earlier (in time order) members of its cluster. */
  targets: Set<string>;
}

/**
 * The duplicate queries of a history, in time order. Clusters are the connected components of the
 * `duplicate_of` links (links to ids not in the file are ignored); a query is any case whose
 * `duplicate_of` names a case earlier in time order, whatever the split, and a hit is any cluster
 * member earlier than the query.
 */
export function duplicateQueries(records: readonly CaseRecord[]): DuplicateQuery[] {
  const lineOf = new Map<string, number>();
  records.forEach((r, i) => {
    if (!lineOf.has(r.id)) lineOf.set(r.id, i);
  });
  const parent = records.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while ((parent[root] ?? root) !== root) root = parent[root] ?? root;
    for (let j = i; (parent[j] ?? j) !== root;) {
      const next = parent[j] ?? j;
      parent[j] = root;
      j = next;
    }
    return root;
  };
  records.forEach((r, i) => {
    const target = r.duplicate_of ? lineOf.get(r.duplicate_of) : undefined;
    if (target !== undefined) parent[find(i)] = find(target);
  });
  const order = timeOrder(records);
  const position = new Array<number>(records.length);
  order.forEach((line, pos) => (position[line] = pos));
  const members = new Map<number, number[]>();
  records.forEach((_, i) => {
    const root = find(i);
    members.set(root, [...(members.get(root) ?? []), i]);
  });
  const queries: DuplicateQuery[] = [];
  for (const line of order) {
    const r = records[line];
    const target = r?.duplicate_of ? lineOf.get(r.duplicate_of) : undefined;
    if (!r || target === undefined || (position[target] ?? 0) >= (position[line] ?? 0)) continue;
    const targets = new Set(
      (members.get(find(line)) ?? [])
        .filter((m) => (position[m] ?? 0) < (position[line] ?? 0))
        .map((m) => records[m]?.id ?? ''),
    );
    queries.push({ line, targets });
  }
  return queries;
}
