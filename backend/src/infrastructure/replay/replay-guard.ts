import type { Db } from '../../storage';

/**
 * Remembers which signed platform tokens were already used, until they expire (PLATFORMS.md §3.1,
 * "Replay"). A ZAF signed-URL token is meant for one page load and a Forge invocation token for one
 * call; presenting one again is either a replay or a bug, and is refused either way.
 */
export interface ReplayGuard {
  /**
   * Records `key` as used until `expiresAt`.
   *
   * @returns true the first time, false when it was already recorded and has not yet expired (or
   *   when the guard cannot remember one more token: it fails closed).
   */
  firstUse(key: string, expiresAt: Date): Promise<boolean>;
}

export interface ReplayGuardOptions {
  clock?: () => Date;
}

/**
 * A replay guard for one process, for tests and tools that have no database. Bounded: when it is
 * full of live tokens it refuses rather than forget one that could then be replayed. Only tokens
 * whose signature was already verified reach it, so nobody but the platform can fill it.
 */
export function createMemoryReplayGuard(
  options: ReplayGuardOptions & { maxEntries?: number } = {},
): ReplayGuard {
  const clock = options.clock ?? (() => new Date());
  const maxEntries = options.maxEntries ?? 100_000;
  const seen = new Map<string, number>();
  return {
    firstUse(key, expiresAt) {
      const now = clock().getTime();
      const known = seen.get(key);
      if (known !== undefined && known > now) return Promise.resolve(false);
      if (seen.size >= maxEntries) {
        for (const [k, until] of seen) if (until <= now) seen.delete(k);
        if (seen.size >= maxEntries) return Promise.resolve(false);
      }
      seen.set(key, expiresAt.getTime());
      return Promise.resolve(true);
    },
  };
}

/** How often, at most, the database guard deletes expired keys. */
const SWEEP_EVERY_MS = 60_000;

/**
 * The replay guard every backend process shares: one row per used token in `used_tokens`. The
 * insert either claims the key (new, or its earlier use has expired) or finds it live and returns
 * nothing; on PostgreSQL a second process inserting the same key at the same moment waits for the
 * first to commit and then finds it live, so exactly one of them wins. Expired keys are deleted at
 * most once a minute per process.
 */
export function createDbReplayGuard(db: Db, options: ReplayGuardOptions = {}): ReplayGuard {
  const clock = options.clock ?? (() => new Date());
  let lastSweep = -Infinity;
  return {
    async firstUse(key, expiresAt) {
      const now = clock();
      if (now.getTime() - lastSweep >= SWEEP_EVERY_MS) {
        lastSweep = now.getTime();
        await db.query('DELETE FROM used_tokens WHERE expires_at <= $1', [now.toISOString()]);
      }
      const claimed = await db.query<{ key: string }>(
        `INSERT INTO used_tokens (key, expires_at) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at
           WHERE used_tokens.expires_at <= $3
         RETURNING key`,
        [key, expiresAt.toISOString(), now.toISOString()],
      );
      return claimed.length === 1;
    },
  };
}
