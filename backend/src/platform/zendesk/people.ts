import {
  createZendeskClient,
  zendeskConfigSchema,
  zendeskSecretsSchema,
  type ZendeskClient,
} from '../../connectors/zendesk';
import type { CredentialCipher } from '../../infrastructure/crypto';
import { createGuardedClient, type GuardedClient } from '../../infrastructure/http';
import type { Logger } from '../../infrastructure/logger';
import type { ConnectorsRepository } from '../../storage';

/** What Zendesk says about an agent: its own role name (`admin`, `agent`, `end-user`) and display name. */
export interface ZendeskPerson {
  role: string | null;
  name?: string;
}

/** Looks agents up in the tenant's own Zendesk account. */
export interface ZendeskPeople {
  /** Null when the tenant has no usable Zendesk connector or the lookup failed (the caller falls back). */
  lookup(tenant: string, userId: string): Promise<ZendeskPerson | null>;
}

/** The product roles a Zendesk role grants, highest first; `refuse` for people who are not agents. */
export type RoleDecision = { roles: string[] } | 'refuse';

/**
 * Zendesk role → product roles (least privilege; README, "Zendesk sidebar"):
 * `admin` → `admin`; `agent` (including light agents and custom agent roles) → `agent`; `end-user` → no
 * sidebar at all; unknown, or no lookup possible → `agent`, the lowest role. Higher product roles
 * (`specialist`, `team-lead`) are never inferred from Zendesk data the tenant has not mapped.
 */
export function productRolesFor(person: ZendeskPerson | null): RoleDecision {
  switch (person?.role) {
    case 'admin':
      return { roles: ['admin'] };
    case 'end-user':
      return 'refuse';
    default:
      return { roles: ['agent'] };
  }
}

export interface ConnectorPeopleOptions {
  connectors: Pick<ConnectorsRepository, 'list'>;
  cipher: Pick<CredentialCipher, 'open'>;
  logger: Logger;
  /** Development and tests: the connector may point at a local fake Zendesk. */
  allowInsecureLocal: boolean;
  timeoutMs?: number;
  clock?: () => Date;
  /** How long one person's answer is reused. Default 5 minutes (a role change shows up on the next load after it). */
  cacheMs?: number;
}

/**
 * {@link ZendeskPeople} over the tenant's configured `zendesk` connector (its credentials, its SSRF-guarded
 * client): `GET /api/v2/users/{id}.json`. Answers are cached briefly per tenant and person, so opening
 * ticket after ticket costs Zendesk one request per agent every few minutes.
 */
export function createConnectorPeople(options: ConnectorPeopleOptions): ZendeskPeople & { close(): void } {
  const clock = options.clock ?? (() => new Date());
  const cacheMs = options.cacheMs ?? 5 * 60 * 1000;
  const timeoutMs = options.timeoutMs ?? 2000;
  const cache = new Map<string, { at: number; person: ZendeskPerson | null }>();
  let http: GuardedClient | undefined;

  async function clientFor(tenant: string): Promise<ZendeskClient | null> {
    const stored = (await options.connectors.list(tenant)).find((c) => c.type === 'zendesk' && c.enabled);
    if (!stored || stored.sealedSecrets === null) return null;
    const config = zendeskConfigSchema.safeParse(stored.config);
    if (!config.success) return null;
    const secrets = zendeskSecretsSchema.safeParse(
      JSON.parse(options.cipher.open(stored.sealedSecrets, tenant)),
    );
    if (!secrets.success) return null;
    http ??= createGuardedClient({
      timeoutMs,
      maxResponseBytes: 1_000_000,
      allowInsecureLocal: options.allowInsecureLocal,
    });
    return createZendeskClient({ http, baseUrl: config.data.baseUrl, secrets: secrets.data });
  }

  return {
    async lookup(tenant, userId) {
      const key = `${tenant}\u0000${userId}`;
      const now = clock().getTime();
      const hit = cache.get(key);
      if (hit && now - hit.at < cacheMs) return hit.person;
      let person: ZendeskPerson | null = null;
      try {
        const client = await clientFor(tenant);
        const id = Number(userId);
        if (client && Number.isSafeInteger(id) && id > 0) {
          const user = await client.getUser(id, AbortSignal.timeout(timeoutMs));
          const name = typeof user.name === 'string' ? user.name : undefined;
          person = { role: user.role ?? null, ...(name ? { name } : {}) };
        }
      } catch (err) {
        options.logger.warn({ tenant, err }, 'zendesk role lookup failed; using the lowest role');
        return null;
      }
      cache.set(key, { at: now, person });
      return person;
    },
    close() {
      http?.close();
    },
  };
}
