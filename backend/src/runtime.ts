import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { createCatalog, type ConnectorCatalog } from './connectors/catalog';
import { createResilience } from './connectors/resilience';
import { TenantConfig } from './domain/tenant-config';
import { createCredentialCipher, type CredentialCipherOptions } from './infrastructure/crypto';
import { createConnectorAdmin } from './usecases/manage-connectors';
import { createTenantSources } from './usecases/tenant-sources';
import { adminRouter } from './web/routes/admin/router';
import { createApp } from './app';
import { createDemoSources } from './connectors/demo';
import type { EvidenceSource } from './connectors/types';
import { DEMO_TENANT, seedDemoTenant } from './demo/seed-demo-tenant';
import type { Config } from './infrastructure/config';
import type { Logger } from './infrastructure/logger';
import { createRepositories, type Db } from './storage';
import { createTriageService } from './usecases/create-triage-service';
import { retrainTenantModel } from './usecases/retrain-tenant-model';
import { createEngineCache } from './usecases/tenant-engine';
import type { TriageService } from './usecases/triage-service';
import { createPreviewRouter } from './web/routes/preview/router';

export interface Runtime {
  app: Express;
  services: TriageService;
  /** Waits for background work (model retrains) to settle. */
  drain(): Promise<void>;
}

export interface RuntimeOptions {
  config: Config;
  logger: Logger;
  db: Db;
  clock?: () => Date;
  /**
   * Evidence sources per tenant. Default: the tenant's configured connectors, plus the demo sources for
   * the demo tenant.
   */
  sourcesFor?: (tenant: string) => Promise<readonly EvidenceSource[]>;
  /** Connector types available to tenants; defaults to every shipped connector. */
  catalog?: ConnectorCatalog;
  /** Keys for connector credentials; defaults to the config's, or (outside production) a throwaway key. */
  credentialKeys?: CredentialCipherOptions;
}

/**
 * Wires the product over one database: repositories, engine cache, evidence sources, use cases and the
 * HTTP app. The same wiring serves `npm start`, the CLI and the end-to-end tests.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { config, logger, db } = options;
  const repos = createRepositories(db);
  const engines = createEngineCache({ models: repos.models, cases: repos.cases });
  const demoSources = createDemoSources({ records: repos.sourceRecords, cases: repos.cases });
  const catalog = options.catalog ?? createCatalog();
  const cipher = createCredentialCipher(credentialKeysFor(options));
  const tenantSources = createTenantSources({
    repos,
    catalog,
    cipher,
    resilience: createResilience(),
    allowInsecureLocal: config.connectorAllowInsecureLocal,
    requestTimeoutMs: config.packetDeadlineMs,
    builtIn: (tenant) => (tenant === DEMO_TENANT ? demoSources : []),
    redactionPolicy: async (tenant) => {
      const stored = await repos.tenants.get(tenant);
      const parsed = TenantConfig.safeParse(stored?.config);
      return { redactIpAddresses: parsed.success ? parsed.data.evidencePolicy.redactIpAddresses : true };
    },
    clock: options.clock ?? (() => new Date()),
  });
  const connectorAdmin = createConnectorAdmin({
    repos,
    catalog,
    cipher,
    sources: tenantSources,
    allowInsecureLocal: config.connectorAllowInsecureLocal,
  });
  const sourcesFor = options.sourcesFor ?? ((tenant: string) => tenantSources.sourcesFor(tenant));
  const services = createTriageService({
    db,
    repos,
    engines,
    sourcesFor,
    deadlineMs: config.packetDeadlineMs,
    clock: options.clock ?? (() => new Date()),
    onSourceError: (tenant, source, error) =>
      logger.warn({ tenant, source, err: error }, 'evidence source failed'),
    onRetrainError: (tenant, error) => logger.error({ tenant, err: error }, 'model retrain failed'),
  });
  const app = createApp({
    config,
    logger,
    services,
    ready: async () => {
      await db.query('select 1');
    },
    extraRouters:
      config.nodeEnv === 'production'
        ? []
        : [createPreviewRouter({ services, tenant: DEMO_TENANT, title: 'Demo workspace' })],
    apiRouters: [adminRouter({ connectors: connectorAdmin })],
  });
  return {
    app,
    services,
    async drain() {
      await Promise.all([...services.retrains.values()]);
      tenantSources.close();
    },
  };
}

function credentialKeysFor(options: RuntimeOptions): CredentialCipherOptions {
  const keys = options.credentialKeys ?? options.config.credentialKeys;
  if (keys) return keys;
  // loadConfig already refuses production without keys; this guards hand-built configs.
  if (options.config.nodeEnv === 'production') throw new Error('CREDENTIAL_KEYS are required in production');
  return { keys: { ephemeral: randomBytes(32) }, activeKid: 'ephemeral' };
}

/**
 * Seeds the demo tenant on first start and trains its first model, so the demo opens on a learned engine.
 *
 * @returns whether anything was seeded.
 */
export async function prepareDemoTenant(db: Db, logger: Logger, now = new Date()): Promise<boolean> {
  const seeded = await seedDemoTenant(db, now);
  const repos = createRepositories(db);
  const engines = createEngineCache({ models: repos.models, cases: repos.cases });
  if (seeded) {
    const version = await retrainTenantModel({ repos, engines }, DEMO_TENANT);
    logger.info({ tenant: DEMO_TENANT, model: version }, 'demo tenant seeded and trained');
  }
  return seeded;
}
