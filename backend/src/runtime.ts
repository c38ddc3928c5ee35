import type { Express } from 'express';
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
  /** Evidence sources per tenant; defaults to the demo sources for the demo tenant and none elsewhere. */
  sourcesFor?: (tenant: string) => Promise<readonly EvidenceSource[]>;
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
  const sourcesFor =
    options.sourcesFor ?? ((tenant: string) => Promise.resolve(tenant === DEMO_TENANT ? demoSources : []));
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
  });
  return {
    app,
    services,
    async drain() {
      await Promise.all([...services.retrains.values()]);
    },
  };
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
