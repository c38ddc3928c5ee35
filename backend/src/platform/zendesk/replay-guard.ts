/**
 * Remembers which signed tokens were already exchanged, until they expire (PLATFORMS.md §3.1, "Replay").
 * A ZAF signed-URL token is meant for one page load; presenting it again is either a replay or a bug.
 */
export interface ReplayGuard {
  /**
   * Records `tokenHash` as used until `expiresAt`.
   *
   * @returns true the first time, false when it was already recorded and has not yet expired.
   */
  firstUse(tokenHash: string, expiresAt: Date): boolean;
}

export interface ReplayGuardOptions {
  clock?: () => Date;
  /** Entries kept at most; beyond it the oldest give way, so a flood cannot exhaust memory. */
  maxEntries?: number;
}

/**
 * An in-process replay guard. Behind a load balancer each process keeps its own memory, so a token could be
 * exchanged once per process within its few minutes of life; a shared store closes that gap (see the
 * Zendesk section of the README).
 */
export function createReplayGuard(options: ReplayGuardOptions = {}): ReplayGuard {
  const clock = options.clock ?? (() => new Date());
  const maxEntries = options.maxEntries ?? 100_000;
  // Insertion order is expiry order closely enough (tokens live about five minutes), so the sweep stops
  // at the first live entry.
  const seen = new Map<string, number>();

  function sweep(now: number): void {
    for (const [hash, expiresAt] of seen) {
      if (expiresAt > now) break;
      seen.delete(hash);
    }
  }

  return {
    firstUse(tokenHash, expiresAt) {
      const now = clock().getTime();
      sweep(now);
      const known = seen.get(tokenHash);
      if (known !== undefined && known > now) return false;
      if (seen.size >= maxEntries) {
        const oldest = seen.keys().next();
        if (!oldest.done) seen.delete(oldest.value);
      }
      seen.set(tokenHash, expiresAt.getTime());
      return true;
    },
  };
}
