import { createDemoSources } from '../../backend/src/connectors/demo';
import type { EvidenceSource, WriteBackTarget } from '../../backend/src/connectors/types';
import { loadConfig } from '../../backend/src/infrastructure/config';
import { createLogger } from '../../backend/src/infrastructure/logger';
import {
  createRuntime,
  prepareDemoTenant,
  type Runtime,
  type RuntimeOptions,
} from '../../backend/src/runtime';
import { createRepositories, type Db } from '../../backend/src/storage';
import { createTestDb } from '../../backend/src/testing/db';

export const DEMO_TOKEN = 'demo-token-0123456789abcdef';
export const OTHER_TOKEN = 'other-token-0123456789abcdef';

export interface DemoRuntime extends Runtime {
  db: Db;
  close(): Promise<void>;
}

export interface DemoRuntimeOptions {
  deadlineMs?: number;
  /** Replaces the demo tenant's evidence sources (fault injection). Default: the product's own wiring. */
  sources?: (demo: readonly EvidenceSource[]) => readonly EvidenceSource[];
  /** More environment for loadConfig, e.g. CONNECTOR_ALLOW_INSECURE_LOCAL. */
  env?: Record<string, string>;
  /** Where log lines go (tests that read the logs). Default: nowhere. */
  logDestination?: { write(line: string): void };
  /** Write-back targets per tenant and system. Default: the product's own wiring. */
  targetFor?: (tenant: string, system: string) => Promise<WriteBackTarget | undefined>;
  /** The runtime's clock (approval expiry, backoff). Default: the real one. */
  clock?: () => Date;
  /** Forge wiring (where the JSM harness's Jira is). */
  forge?: RuntimeOptions['forge'];
}

/**
 * The real product over a fresh test database with the demo tenant seeded and trained, and two
 * development tokens: one for the demo tenant and one for an unrelated tenant "other".
 */
export async function startDemoRuntime(options: DemoRuntimeOptions = {}): Promise<DemoRuntime> {
  const db = await createTestDb();
  const logger = options.logDestination
    ? createLogger({ level: 'debug', destination: options.logDestination })
    : createLogger({ level: 'silent' });
  await prepareDemoTenant(db, logger);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DEV_TOKENS: `${DEMO_TOKEN}=demo,${OTHER_TOKEN}=other`,
    PACKET_DEADLINE_MS: String(options.deadlineMs ?? 1500),
    ...options.env,
  });
  const repos = createRepositories(db);
  const demo = createDemoSources({ records: repos.sourceRecords, cases: repos.cases });
  const replaced = options.sources?.(demo);
  const runtime = createRuntime({
    config,
    logger,
    db,
    ...(replaced
      ? { sourcesFor: (tenant: string) => Promise.resolve(tenant === 'demo' ? replaced : []) }
      : {}),
    ...(options.targetFor ? { targetFor: options.targetFor } : {}),
    ...(options.forge ? { forge: options.forge } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...runtime,
    db,
    async close() {
      await runtime.drain();
      await db.close();
    },
  };
}

/** A Zendesk desk session for person `sub` with `roles`, as a sidebar holds one after signing in. */
export async function zendeskSession(
  rt: Runtime,
  sub: string,
  roles: string[],
  tenant = 'demo',
): Promise<string> {
  return (await rt.sessions.mint({ tenant, sub, desk: 'zendesk', roles })).token;
}

/** The Authorization header for a token. */
export const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });
