import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../storage';
import { createTestDb } from '../../testing/db';
import { createDbReplayGuard, createMemoryReplayGuard, type ReplayGuard } from './replay-guard';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});

const at = (seconds: number): Date => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds));

describe.each([
  ['in memory', (clock: () => Date) => createMemoryReplayGuard({ clock })],
  ['in the database', (clock: () => Date) => createDbReplayGuard(db, { clock })],
] as const)('replay guard %s', (name, make) => {
  it('accepts a token once while it lives, and again only after it expired', async () => {
    let now = at(0);
    const guard: ReplayGuard = make(() => now);
    const key = `t1-${name}`;
    expect(await guard.firstUse(key, at(30))).toBe(true);
    expect(await guard.firstUse(key, at(30))).toBe(false);
    expect(await guard.firstUse(`t2-${name}`, at(30))).toBe(true);
    now = at(29);
    expect(await guard.firstUse(key, at(30))).toBe(false);
    now = at(30);
    expect(await guard.firstUse(key, at(59))).toBe(true);
    expect(await guard.firstUse(key, at(59))).toBe(false);
  });
});

describe('the database replay guard', () => {
  it('is shared by every process: a token used on one is refused on another', async () => {
    const clock = () => at(0);
    const first = createDbReplayGuard(db, { clock });
    const second = createDbReplayGuard(db, { clock });
    expect(await first.firstUse('shared', at(30))).toBe(true);
    expect(await second.firstUse('shared', at(30))).toBe(false);
  });

  it('lets exactly one of many simultaneous uses of a token through', async () => {
    const guards = Array.from({ length: 8 }, () => createDbReplayGuard(db, { clock: () => at(0) }));
    const results = await Promise.all(guards.map((g) => g.firstUse('raced', at(30))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('deletes expired keys as it goes, so the table does not grow without end', async () => {
    let now = at(0);
    const guard = createDbReplayGuard(db, { clock: () => now });
    for (let i = 0; i < 5; i++) await guard.firstUse(`old-${i}`, at(10));
    const count = async (): Promise<number> =>
      (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM used_tokens WHERE key LIKE 'old-%'"))[0]
        ?.n ?? -1;
    expect(await count()).toBe(5);
    now = new Date(at(10).getTime() + 61_000);
    await guard.firstUse('new', new Date(now.getTime() + 30_000));
    expect(await count()).toBe(0);
  });
});

describe('the memory replay guard', () => {
  it('fails closed when full of live tokens, and makes room once they expire', async () => {
    let now = at(0);
    const guard = createMemoryReplayGuard({ clock: () => now, maxEntries: 2 });
    expect(await guard.firstUse('a', at(10))).toBe(true);
    expect(await guard.firstUse('b', at(10))).toBe(true);
    expect(await guard.firstUse('c', at(10))).toBe(false);
    now = at(10);
    expect(await guard.firstUse('c', at(20))).toBe(true);
  });
});
