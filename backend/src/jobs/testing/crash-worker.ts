/**
 * Child process of the write-back crash test (`write-back-crash.test.ts`); not part of the product.
 * Opens the test database, prints `ready`, then runs the real worker with the product's Zendesk and
 * JSM write-back targets (built through their connector definitions) until the queue is drained and
 * prints `drained`. The parent SIGKILLs it at random points and starts it again.
 *
 * Environment:
 * - `CRASH_ZENDESK_URL`, `CRASH_JSM_URL`: the parent's fake Zendesk and fake JSM (loopback http).
 * - `CRASH_PGLITE_DIR`: a PGlite data folder (the parent has closed it; one process per folder), or
 * - `CRASH_PG_URL` and `CRASH_PG_SCHEMA`: a PostgreSQL database and the test's schema.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectorContext } from '../../connectors/definition';
import { jiraConfigSchema, jiraConnector, jiraSecretsSchema } from '../../connectors/jira';
import type { WriteBackTarget } from '../../connectors/types';
import { zendeskConfigSchema, zendeskConnector, zendeskSecretsSchema } from '../../connectors/zendesk';
import { createGuardedClient } from '../../infrastructure/http';
import type { Db } from '../../storage/db';
import { openPgDb } from '../../storage/pg-db';
import { openPgliteDb } from '../../storage/pglite-db';
import { createApprovalsRepository } from '../../storage/repositories/approvals-repository';
import { createWriteBacksRepository } from '../../storage/repositories/write-backs-repository';
import { runOnce, type WriteBackWorkerDeps } from '../write-back-worker';

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

async function openDb(): Promise<Db> {
  const dir = env('CRASH_PGLITE_DIR');
  if (dir !== undefined) return openPgliteDb({ dataDir: dir });
  const url = env('CRASH_PG_URL');
  const schema = env('CRASH_PG_SCHEMA');
  if (url === undefined || schema === undefined || !/^[a-z0-9_]+$/.test(schema)) {
    throw new Error('set CRASH_PGLITE_DIR, or CRASH_PG_URL and CRASH_PG_SCHEMA');
  }
  return openPgDb({ connectionString: url, options: `-c search_path=${schema}`, max: 2 });
}

/** Resolves when the parent writes `go` on stdin. */
function waitForGo(): Promise<void> {
  return new Promise((resolve, reject) => {
    let input = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      input += chunk;
      if (input.includes('go\n')) {
        process.stdin.pause();
        resolve();
      }
    });
    process.stdin.on('end', () => {
      reject(new Error('stdin closed before go'));
    });
  });
}

/**
 * The write ports by target system, as the product builds them from stored connectors: `zendesk` from
 * the Zendesk definition, `jsm` from the Jira one. Loopback http is allowed here only, as in the
 * connectors' contract tests.
 */
function createTargets(zendeskUrl: string, jsmUrl: string): Map<string, WriteBackTarget> {
  const context: ConnectorContext = {
    http: createGuardedClient({ timeoutMs: 2000, maxResponseBytes: 2_000_000, allowInsecureLocal: true }),
    secrets: {},
    clock: () => new Date(),
  };
  const zendesk = zendeskConnector.createWriteBack?.({
    id: 'crash-zendesk',
    config: zendeskConfigSchema.parse({ subdomain: 'crash', baseUrl: zendeskUrl }),
    secrets: zendeskSecretsSchema.parse({ email: 'triage@crash.example', apiToken: 'crash-zendesk-token' }),
    context,
  });
  const jsm = jiraConnector.createWriteBack?.({
    id: 'crash-jsm',
    config: jiraConfigSchema.parse({ baseUrl: jsmUrl, siteUrl: 'https://crash.atlassian.net' }),
    secrets: jiraSecretsSchema.parse({ email: 'triage@crash.example', apiToken: 'crash-jira-token' }),
    context,
  });
  if (zendesk === undefined || jsm === undefined) throw new Error('a desk connector lost its write-back');
  return new Map([
    ['zendesk', zendesk],
    ['jsm', jsm],
  ]);
}

async function main(): Promise<void> {
  const zendeskUrl = env('CRASH_ZENDESK_URL');
  const jsmUrl = env('CRASH_JSM_URL');
  if (zendeskUrl === undefined || jsmUrl === undefined)
    throw new Error('set CRASH_ZENDESK_URL and CRASH_JSM_URL');
  // Everything up to here (tsx, modules, the PGlite WASM) loads while the previous child still runs;
  // the database is opened only once the parent says that child is gone.
  process.stdout.write('loaded\n');
  await waitForGo();
  const db = await openDb();
  const targets = createTargets(zendeskUrl, jsmUrl);
  const approvals = createApprovalsRepository(db);
  const deps: WriteBackWorkerDeps = {
    db,
    targets: (_tenant, system) => targets.get(system),
    // The approval must still be an approval of exactly this payload.
    gate: async (row) => {
      const approval = await approvals.get(row.tenant, row.approvalId);
      return approval?.decision === 'approved' && approval.payloadHash === row.payloadHash;
    },
    clock: () => new Date(),
    sleep: (ms) => delay(ms),
    random: Math.random,
    // Short enough that a killed child's row is reclaimed by the next child soon after it starts, longer
    // than any call (callTimeoutMs) so a live child never loses its own row. A JSM marker check that
    // settles an intent makes several calls, hence more room than one request needs.
    leaseMs: 1000,
    callTimeoutMs: 600,
    // Kills count as attempts, and a row can be hit by several; this test is about exactly-once
    // effects, while the 5-attempt cap is covered by the worker's unit tests.
    maxAttempts: 100,
    backoff: { baseMs: 5, capMs: 40 },
  };
  await db.query('SELECT 1');
  process.stdout.write('ready\n');
  const queue = createWriteBacksRepository(db);
  for (;;) {
    const run = await runOnce(deps);
    if (run !== null) {
      process.stdout.write(`run ${run.outcome.kind}\n`);
      continue;
    }
    if ((await queue.countUnfinished()) === 0) break;
    // Rows waiting for a retry, or leased by a killed predecessor until its lease runs out.
    await delay(10);
  }
  await db.close();
  // Exit explicitly: the parent waits for the exit, and an idle keep-alive socket or the paused stdin
  // pipe must not keep a finished worker around.
  process.stdout.write('drained\n', () => process.exit(0));
}

main().catch((e: unknown) => {
  process.stderr.write(`crash-worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
