/**
 * The Atlassian tokens Forge forwards with each invocation (`x-forge-oauth-system`, `x-forge-oauth-user`),
 * held in this process's memory only (PLATFORMS.md 2.5): never written to the database, a log or an
 * error. Forge has no refresh endpoint, so the next invocation or trigger brings a fresh token; after a
 * restart a tenant has none until then, and write-backs wait (the worker retries with backoff).
 *
 * Tokens are opaque to us. A system token is valid for at least 55 minutes after it is forwarded, so it
 * is kept 50; a person's token is kept 15 minutes after their last call (an approval's lifetime), so a
 * write they approved is authored by them, and dropped sooner when Jira refuses it.
 */
export interface ForgeTokenStore {
  /** Records what one verified invocation forwarded. */
  remember(entry: {
    tenant: string;
    installationId: string;
    apiBaseUrl: string;
    systemToken?: string | undefined;
    user?: { accountId: string; token: string } | undefined;
  }): void;
  /** The newest system token of the tenant's installation, with where to use it. */
  system(tenant: string): { token: string; apiBaseUrl: string; installationId: string } | undefined;
  /** A person's newest user token on the tenant's site. */
  user(tenant: string, accountId: string): { token: string; apiBaseUrl: string } | undefined;
  /** Where the tenant's Jira is, as the last invocation said, even when no token is held any more. */
  apiBaseUrl(tenant: string): string | undefined;
  /** Drops a token Jira answered 401 to. */
  forget(tenant: string, token: string): void;
}

export interface TokenStoreOptions {
  clock?: () => Date;
  systemTtlMs?: number;
  userTtlMs?: number;
  /** Bounds memory: the oldest person's token is dropped first. */
  maxUserTokens?: number;
}

interface Held {
  token: string;
  apiBaseUrl: string;
  installationId: string;
  until: number;
}

export function createForgeTokenStore(options: TokenStoreOptions = {}): ForgeTokenStore {
  const clock = options.clock ?? (() => new Date());
  const systemTtl = options.systemTtlMs ?? 50 * 60_000;
  const userTtl = options.userTtlMs ?? 15 * 60_000;
  const maxUsers = options.maxUserTokens ?? 10_000;
  const systems = new Map<string, Held>();
  const users = new Map<string, Held>();
  const bases = new Map<string, string>();
  const userKey = (tenant: string, accountId: string) => `${tenant}\u0000${accountId}`;

  function live(map: Map<string, Held>, key: string): Held | undefined {
    const held = map.get(key);
    if (held && held.until > clock().getTime()) return held;
    if (held) map.delete(key);
    return undefined;
  }

  return {
    remember(entry) {
      const now = clock().getTime();
      bases.set(entry.tenant, entry.apiBaseUrl);
      const base = { apiBaseUrl: entry.apiBaseUrl, installationId: entry.installationId };
      if (entry.systemToken)
        systems.set(entry.tenant, { ...base, token: entry.systemToken, until: now + systemTtl });
      if (entry.user) {
        const key = userKey(entry.tenant, entry.user.accountId);
        // Re-inserting moves the person to the newest end of the map's order.
        users.delete(key);
        users.set(key, { ...base, token: entry.user.token, until: now + userTtl });
        while (users.size > maxUsers) {
          const oldest = users.keys().next().value;
          if (oldest === undefined) break;
          users.delete(oldest);
        }
      }
    },
    system(tenant) {
      const held = live(systems, tenant);
      return held && { token: held.token, apiBaseUrl: held.apiBaseUrl, installationId: held.installationId };
    },
    user(tenant, accountId) {
      const held = live(users, userKey(tenant, accountId));
      return held && { token: held.token, apiBaseUrl: held.apiBaseUrl };
    },
    apiBaseUrl(tenant) {
      return bases.get(tenant);
    },
    forget(tenant, token) {
      if (systems.get(tenant)?.token === token) systems.delete(tenant);
      for (const [key, held] of users) {
        if (held.token === token && key.startsWith(`${tenant}\u0000`)) users.delete(key);
      }
    },
  };
}
