import type { ConnectorCatalog } from '../connectors/catalog';
import type { ConnectorSource } from '../connectors/definition';
import { ConnectorError } from '../connectors/errors';
import type { Resilience } from '../connectors/resilience';
import { withRedactionPolicy } from '../connectors/redaction-policy';
import type { EvidenceQuery, EvidenceSource } from '../connectors/types';
import type { RedactOptions } from '../domain/redaction';
import type { CredentialCipher } from '../infrastructure/crypto';
import type { Repositories, StoredConnector } from '../storage';
import { createConnectorInstances } from './connector-instances';

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
  /**
   * Sources that depend on what this process currently knows rather than on stored configuration (a
   * Forge site's Jira, once Forge has said where it is), asked for each packet. `configuredTypes` are
   * the tenant's enabled connector types, so such a source can step aside for a configured one.
   */
  live?: (tenant: string, configuredTypes: ReadonlySet<string>) => readonly EvidenceSource[];
  /** The tenant's evidence redaction policy (from its configuration); the strictest when it has none. */
  redactionPolicy: (tenant: string) => Promise<RedactOptions>;
  clock: () => Date;
}

interface Loaded {
  sources: readonly EvidenceSource[];
  configuredTypes: ReadonlySet<string>;
  policy: RedactOptions;
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
  const cache = new Map<string, Promise<Loaded>>();
  const instances = createConnectorInstances(deps);

  /**
   * Builds one configured connector.
   * @throws ConnectorError `config` when the type is unknown, or the config or credentials don't parse.
   */
  function build(tenant: string, stored: StoredConnector): ConnectorSource {
    const { definition, options } = instances.open(tenant, stored);
    return definition.create(options);
  }

  /** Behind the process's breaker, bulkhead and retry policy, and the tenant's redaction policy. */
  function guard(tenant: string, source: EvidenceSource, policy: RedactOptions): EvidenceSource {
    const guarded = deps.resilience.wrap(tenant, source);
    return { ...guarded, fetch: (q: EvidenceQuery) => withRedactionPolicy(policy, () => guarded.fetch(q)) };
  }

  async function load(tenant: string): Promise<Loaded> {
    const [stored, policy] = await Promise.all([
      deps.repos.connectors.list(tenant),
      deps.redactionPolicy(tenant),
    ]);
    const sources: EvidenceSource[] = [...deps.builtIn(tenant)];
    for (const c of stored) {
      if (!c.enabled) continue;
      await instances.resealIfRotated(tenant, c);
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
    return {
      sources: sources.map((s) => guard(tenant, s, policy)),
      configuredTypes: new Set(stored.filter((c) => c.enabled).map((c) => c.type)),
      policy,
    };
  }

  return {
    build,
    async sourcesFor(tenant: string): Promise<readonly EvidenceSource[]> {
      let loading = cache.get(tenant);
      if (!loading) {
        loading = load(tenant);
        loading.catch(() => cache.delete(tenant));
        cache.set(tenant, loading);
      }
      const loaded = await loading;
      const live = deps.live?.(tenant, loaded.configuredTypes) ?? [];
      return live.length === 0
        ? loaded.sources
        : [...loaded.sources, ...live.map((s) => guard(tenant, s, loaded.policy))];
    },
    /** Forgets a tenant's sources and circuit state after its connectors changed. */
    invalidate(tenant: string): void {
      cache.delete(tenant);
      deps.resilience.reset(tenant);
    },
    close(): void {
      instances.close();
    },
  };
}
export type TenantSources = ReturnType<typeof createTenantSources>;
