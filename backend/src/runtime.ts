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
import { createDemoSources, createDemoWriteBacks } from './connectors/demo';
import { createTenantTargets } from './usecases/tenant-targets';
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
import { createZendeskRouters } from './platform/zendesk/mount';
import { createDbReplayGuard } from './infrastructure/replay/replay-guard';
import type { TextFetcher } from './platform/zendesk';
import { actionsRouter } from './web/routes/actions/router';
import { templatesRouter } from './web/routes/admin/templates-router';
import { modelsRouter } from './web/routes/admin/models-router';
import { createModelAdmin } from './usecases/manage-models';
import { createTemplateLibrary } from './usecases/manage-templates';
import { createActionService, type ActionService } from './usecases/manage-actions';
import { createSessionTokens, type SessionTokens } from './infrastructure/session/session-tokens';
import {
  drainWriteBacks,
  runWriteBackWorker,
  type WriteBackRun,
  type WriteBackWorkerDeps,
} from './jobs/write-back-worker';
import type { WriteBackTarget } from './connectors/types';
import { fileURLToPath } from 'node:url';
import type { FetchImplementation } from 'jose';
import { createForgePlatform, createHarnessSigner, type ForgePlatform } from './platform/forge';
import { forgeApiRouter, forgeEventsRouter } from './web/routes/forge/router';
import { jsmHarnessRouter } from './web/routes/harness/jsm';

export interface Runtime {
  app: Express;
  services: TriageService;
  actions: ActionService;
  sessions: SessionTokens;
  /** Jira Service Management on Forge: FIT verification, forwarded tokens, triggers, the local harness. */
  forge: ForgePlatform;
  /**
   * Runs the write-back worker until `signal` aborts. Several processes may run it against one Postgres:
   * claims are `FOR UPDATE SKIP LOCKED` with leases.
   */
  runWorker(signal: AbortSignal, options?: { idleMs?: number }): Promise<void>;
  /** Runs every due write-back now (tests, the CLI). */
  drainWriteBacks(): Promise<WriteBackRun[]>;
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
  /** Write-back targets per tenant and system. Default: the tenant's configured connectors. */
  targetFor?: (tenant: string, system: string) => Promise<WriteBackTarget | undefined>;
  /** Randomness for backoff jitter; default Math.random. */
  random?: () => number;
  /** Fetches Zendesk app public keys; default: Zendesk's API (tests answer with local keys). */
  zendeskPublicKeyFetch?: TextFetcher;
  /** Forge wiring for tests: how Atlassian's key set is fetched, and where the harness's Jira is. */
  forge?: { jwksFetch?: FetchImplementation; harnessApiBaseUrl?: string };
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
  const keys = credentialKeysFor(options);
  const cipher = createCredentialCipher(keys);
  const clock = options.clock ?? (() => new Date());
  const sessions = createSessionTokens({ keys: keys.keys, activeKid: keys.activeKid, clock });
  const tenantSources = createTenantSources({
    repos,
    catalog,
    cipher,
    resilience: createResilience(),
    allowInsecureLocal: config.connectorAllowInsecureLocal,
    requestTimeoutMs: config.packetDeadlineMs,
    builtIn: (tenant) => (tenant === DEMO_TENANT ? demoSources : []),
    // A JSM site reached through Forge gets its Jira evidence with the app's token unless it configured
    // a Jira connector; the demo workspace's Jira is its dataset.
    live: (tenant, configuredTypes) =>
      tenant === DEMO_TENANT ? [] : forge.jiraEvidence.sourcesFor(tenant, configuredTypes),
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
  const actions = createActionService({ db, clock });
  // Approved writes go through the tenant's configured connectors; the demo tenant's tickets live in
  // this database, so its writes land there.
  const tenantTargets = createTenantTargets({
    repos,
    catalog,
    cipher,
    allowInsecureLocal: config.connectorAllowInsecureLocal,
    requestTimeoutMs: config.packetDeadlineMs,
    clock,
    builtIn: (tenant) => (tenant === DEMO_TENANT ? createDemoWriteBacks({ db, tenant, clock }) : []),
  });
  // The harness key is made only outside production, so production never trusts it.
  // Used platform tokens are remembered in the database, so every process behind a load balancer
  // refuses a token any of them has seen.
  const replay = createDbReplayGuard(db, { clock });
  const forge = createForgePlatform({
    config,
    logger,
    db,
    replay,
    clock,
    fallbackTargets: options.targetFor ?? ((tenant, system) => tenantTargets.targetFor(tenant, system)),
    ...(config.nodeEnv === 'production' ? {} : { harness: createHarnessSigner({ clock }) }),
    ...(options.forge?.jwksFetch ? { jwksFetch: options.forge.jwksFetch } : {}),
  });
  const targetFor = forge.targetFor;
  const workerDeps: WriteBackWorkerDeps = {
    db,
    targets: targetFor,
    gate: (row) => actions.gate(row),
    clock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: options.random ?? Math.random,
  };
  const zendesk = createZendeskRouters({
    config,
    logger,
    sessions,
    services,
    connectors: repos.connectors,
    cipher,
    replay,
    clock,
    demoTenant: DEMO_TENANT,
    ...(options.zendeskPublicKeyFetch ? { fetchPublicKey: options.zendeskPublicKeyFetch } : {}),
  });
  const app = createApp({
    config,
    logger,
    services,
    sessions,
    withForge: (otherwise) => forge.withOtherAuthenticator(otherwise),
    ready: async () => {
      await db.query('select 1');
    },
    extraRouters: [
      ...zendesk.routers,
      forgeEventsRouter({ forge, services, logger }),
      ...(config.nodeEnv === 'production'
        ? []
        : [createPreviewRouter({ services, tenant: DEMO_TENANT, title: 'Demo workspace' })]),
      ...(forge.harness
        ? [
            jsmHarnessRouter({
              signer: forge.harness,
              services,
              tenant: DEMO_TENANT,
              appDir: fileURLToPath(new URL('../../jira-forge-app/harness/dist', import.meta.url)),
              ...(options.forge?.harnessApiBaseUrl ? { apiBaseUrl: options.forge.harnessApiBaseUrl } : {}),
            }),
          ]
        : []),
    ],
    apiRouters: [
      adminRouter({ connectors: connectorAdmin }),
      templatesRouter({ templates: createTemplateLibrary({ db }) }),
      modelsRouter({ models: createModelAdmin({ repos, engines }) }),
      actionsRouter({ actions }),
      forgeApiRouter({ forge, services, logger }),
    ],
  });
  return {
    app,
    services,
    actions,
    sessions,
    forge,
    runWorker(signal, workerOptions = {}) {
      return runWriteBackWorker(workerDeps, {
        signal,
        ...(workerOptions.idleMs === undefined ? {} : { idleMs: workerOptions.idleMs }),
        onError: (err) => logger.error({ err }, 'write-back worker run failed'),
      });
    },
    drainWriteBacks() {
      return drainWriteBacks(workerDeps);
    },
    async drain() {
      await Promise.all([...services.retrains.values()]);
      await forge.syncs.idle();
      forge.close();
      tenantSources.close();
      tenantTargets.close();
      zendesk.close();
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
