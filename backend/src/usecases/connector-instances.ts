import type { ConnectorCatalog } from '../connectors/catalog';
import type { ConnectorDefinition, ConnectorOptions } from '../connectors/definition';
import { ConnectorError } from '../connectors/errors';
import type { CredentialCipher } from '../infrastructure/crypto';
import { createGuardedClient, type GuardedClient } from '../infrastructure/http';
import type { Repositories, StoredConnector } from '../storage';

export interface ConnectorInstancesDeps {
  repos: Pick<Repositories, 'connectors'>;
  catalog: ConnectorCatalog;
  cipher: CredentialCipher;
  /** Development and tests only: connectors may reach http://127.0.0.1. */
  allowInsecureLocal: boolean;
  /** Per-request timeout of the shared guarded client. */
  requestTimeoutMs: number;
  clock: () => Date;
}

/** A stored connector made ready to build: its definition and what the definition's factories take. */
export interface OpenedConnector {
  definition: ConnectorDefinition;
  options: ConnectorOptions;
}

/**
 * What evidence sources and write-back targets share when they are built from a tenant's stored
 * connectors: one lazily created SSRF-guarded client, config parsed with the type's schema, credentials
 * opened from their tenant-bound envelope, and re-sealing after a key rotation.
 */
export function createConnectorInstances(deps: ConnectorInstancesDeps) {
  let http: GuardedClient | undefined;
  const client = () =>
    (http ??= createGuardedClient({
      timeoutMs: deps.requestTimeoutMs,
      maxResponseBytes: 5_000_000,
      allowInsecureLocal: deps.allowInsecureLocal,
    }));

  return {
    /**
     * Parses one stored connector's config and opens its credentials (in memory only, for the build).
     * @throws ConnectorError `config` when the type is unknown, or the config or credentials don't parse.
     */
    open(tenant: string, stored: StoredConnector): OpenedConnector {
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
      return {
        definition,
        options: {
          id: stored.id,
          config: config.data,
          secrets: secrets.data,
          context: { http: client(), secrets: secretValues, clock: deps.clock },
        },
      };
    },

    /**
     * Key rotation: once a new key is active, credentials sealed with an older one are re-sealed the next
     * time the connector is opened, so retired keys can be dropped after every tenant has loaded once.
     * A failure leaves the old token in place (it still opens while its key is held).
     */
    async resealIfRotated(tenant: string, stored: StoredConnector): Promise<void> {
      if (stored.sealedSecrets === null) return;
      try {
        if (!deps.cipher.needsRotation(stored.sealedSecrets)) return;
        const sealedSecrets = deps.cipher.reseal(stored.sealedSecrets, tenant);
        await deps.repos.connectors.upsert(tenant, { ...stored, sealedSecrets });
      } catch {
        return;
      }
    },

    close(): void {
      http?.close();
    },
  };
}
export type ConnectorInstances = ReturnType<typeof createConnectorInstances>;
