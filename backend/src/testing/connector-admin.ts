import { randomBytes } from 'node:crypto';
import { createCatalog } from '../connectors/catalog';
import { createResilience } from '../connectors/resilience';
import { createCredentialCipher } from '../infrastructure/crypto';
import type { AuditRepository, ConnectorsRepository, StoredConnector } from '../storage';
import { createConnectorAdmin, type ConnectorAdmin } from '../usecases/manage-connectors';
import { createTenantSources } from '../usecases/tenant-sources';

/**
 * Connector administration over in-memory storage, for web-layer tests that need its routes mounted.
 * Loopback URLs are allowed unless `allowInsecureLocal: false` asks for the production URL rules.
 */
export function createInMemoryConnectorAdmin(options: { allowInsecureLocal?: boolean } = {}): ConnectorAdmin {
  const allowInsecureLocal = options.allowInsecureLocal ?? true;
  const rows = new Map<string, StoredConnector>();
  const key = (tenant: string, id: string) => `${tenant}\u0000${id}`;
  const connectors: ConnectorsRepository = {
    upsert(tenant, c) {
      const now = new Date().toISOString();
      const old = rows.get(key(tenant, c.id));
      const row: StoredConnector = {
        id: c.id,
        type: c.type,
        config: c.config,
        sealedSecrets: c.sealedSecrets === undefined ? (old?.sealedSecrets ?? null) : c.sealedSecrets,
        enabled: c.enabled,
        createdAt: old?.createdAt ?? now,
        updatedAt: now,
      };
      rows.set(key(tenant, c.id), row);
      return Promise.resolve(row);
    },
    get: (tenant, id) => Promise.resolve(rows.get(key(tenant, id)) ?? null),
    list: (tenant) =>
      Promise.resolve([...rows.entries()].filter(([k]) => k.startsWith(`${tenant}\u0000`)).map(([, v]) => v)),
    remove: (tenant, id) => Promise.resolve(rows.delete(key(tenant, id))),
  };
  const audit = { append: () => Promise.resolve(undefined) } as unknown as AuditRepository;
  const catalog = createCatalog();
  const cipher = createCredentialCipher({ keys: { test: randomBytes(32) }, activeKid: 'test' });
  const sources = createTenantSources({
    repos: { connectors },
    catalog,
    cipher,
    resilience: createResilience(),
    allowInsecureLocal,
    requestTimeoutMs: 1000,
    builtIn: () => [],
    redactionPolicy: () => Promise.resolve({}),
    clock: () => new Date(),
  });
  return createConnectorAdmin({
    repos: { connectors, audit },
    catalog,
    cipher,
    sources,
    allowInsecureLocal,
  });
}
