import type { ConnectorCatalog } from '../connectors/catalog';
import type { ConnectorSource } from '../connectors/definition';
import { ConnectorError } from '../connectors/errors';
import type { Resilience } from '../connectors/resilience';
import { withRedactionPolicy } from '../connectors/redaction-policy';
import type { EvidenceQuery, EvidenceSource } from '../connectors/types';
import type { RedactOptions } from '../domain/redaction';
import type { CredentialCipher } from '../infrastructure/crypto';
import { createGuardedClient, type GuardedClient } from '../infrastructure/http';
import type { Repositories, StoredConnector } from '../storage';

export interface TenantSourcesDeps {
  repos: Pick<Repositories, 'connectors'>;
  catalog: ConnectorCatalog;
  cipher: CredentialCipher;
  resilience: Resilience;
  /** Development and tests only: connectors may reach http://127.0.0.1. */
  allowInsecureLocal: boolean;
  /** Per-request timeout inside the packet deadline. */
  requestTimeoutMs: number;
  /** Sources every packet of a tenant gets besides its configured connectors (the demo tenant's). */
  builtIn: (tenant: string) => readonly EvidenceSource[];
  /** The tenant's evidence redaction policy (from its configuration); the strictest when it has none. */
  redactionPolicy: (tenant: string) => Promise<RedactOptions>;
  clock: () => Date;
}

/** A source standing in for a connector that cannot be built: it fails with the reason, every time. */
function brokenSource(stored: StoredConnector, error: ConnectorError): EvidenceSource {
  return { id: stored.id, capabilities: [], fetch: () => Promise.reject(error) };
}

/**
 * The evidence sources of each tenant, built from its stored connector configuration: config parsed with
 * the connector's schema, credentials opened from their tenant-bound envelope, every source behind the
 * process's breaker, bulkhead and retry policy. Cached per tenant until its connectors change.
 */
export function createTenantSources(deps: TenantSourcesDeps) {
  const cache = new Map<string, Promise<readonly EvidenceSource[]>>();
  let http: GuardedClient | undefined;
  const client = () =>
    (http ??= createGuardedClient({
      timeoutMs: deps.requestTimeoutMs,
      maxResponseBytes: 5_000_000,
      allowInsecureLocal: deps.allowInsecureLocal,
    }));

  /**
   * Builds one configured connector.
   * @throws ConnectorError `config` when the type is unknown, or the config or credentials don't parse.
   */
  function build(tenant: string, stored: StoredConnector): ConnectorSource {
    const definition = deps.catalog.byType(stored.type);
    if (!definition) throw new ConnectorError('config', `unknown connector type "${stored.type}"`);
    const config = definition.configSchema.safeParse(stored.config);
    if (!config.success)
      throw new ConnectorError('config', `connector "${stored.id}" has an invalid configuration`);
    let rawSecrets: unknown = {};
    if (stored.sealedSecrets !== null) {
      try {
        rawSecrets = JSON.parse(deps.cipher.open(stored.sealedSecrets, tenant)) as unknown;
      } catch (e) {
        throw new ConnectorError('config', `connector "${stored.id}" credentials cannot be opened`, {
          cause: e,
        });
      }
    }
    const secrets = definition.secretsSchema.safeParse(rawSecrets);
    if (!secrets.success)
      throw new ConnectorError('config', `connector "${stored.id}" is missing credentials`);
    const secretValues = Object.fromEntries(
      Object.entries(secrets.data as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    );
    return definition.create({
      id: stored.id,
      config: config.data,
      secrets: secrets.data,
      context: { http: client(), secrets: secretValues, clock: deps.clock },
    });
  }

  /**
   * Key rotation: once a new key is active, credentials sealed with an older one are re-sealed the next
   * time the tenant's sources load, so retired keys can be dropped after every tenant has loaded once.
   * A failure leaves the old token in place (it still opens while its key is held).
   */
  async function resealIfRotated(tenant: string, stored: StoredConnector): Promise<void> {
    if (stored.sealedSecrets === null) return;
    try {
      if (!deps.cipher.needsRotation(stored.sealedSecrets)) return;
      const sealedSecrets = deps.cipher.reseal(stored.sealedSecrets, tenant);
      await deps.repos.connectors.upsert(tenant, { ...stored, sealedSecrets });
    } catch {
      return;
    }
  }

  async function load(tenant: string): Promise<readonly EvidenceSource[]> {
    const [stored, policy] = await Promise.all([
      deps.repos.connectors.list(tenant),
      deps.redactionPolicy(tenant),
    ]);
    const sources: EvidenceSource[] = [...deps.builtIn(tenant)];
    for (const c of stored) {
      if (!c.enabled) continue;
      await resealIfRotated(tenant, c);
      try {
        sources.push(build(tenant, c));
      } catch (e) {
        sources.push(
          brokenSource(
            c,
            e instanceof ConnectorError ? e : new ConnectorError('config', 'invalid connector', { cause: e }),
          ),
        );
      }
    }
    return sources.map((s) => {
      const guarded = deps.resilience.wrap(tenant, s);
      return { ...guarded, fetch: (q: EvidenceQuery) => withRedactionPolicy(policy, () => guarded.fetch(q)) };
    });
  }

  return {
    build,
    sourcesFor(tenant: string): Promise<readonly EvidenceSource[]> {
      let sources = cache.get(tenant);
      if (!sources) {
        sources = load(tenant);
        sources.catch(() => cache.delete(tenant));
        cache.set(tenant, sources);
      }
      return sources;
    },
    /** Forgets a tenant's sources and circuit state after its connectors changed. */
    invalidate(tenant: string): void {
      cache.delete(tenant);
      deps.resilience.reset(tenant);
    },
    close(): void {
      http?.close();
    },
  };
}
export type TenantSources = ReturnType<typeof createTenantSources>;
