/**
 * Child process of the write-back crash test (`write-back-crash.test.ts`); not part of the product.
 * Opens the test database, prints `ready`, then runs the real worker until the queue is drained and
 * prints `drained`. The parent SIGKILLs it at random points and starts it again.
 *
 * Environment:
 * - `CRASH_TARGET_URL`: the counting fake desk.
 * - `CRASH_PGLITE_DIR`: a PGlite data folder (the parent has closed it; one process per folder), or
 * - `CRASH_PG_URL` and `CRASH_PG_SCHEMA`: a PostgreSQL database and the test's schema.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Db } from '../../storage/db';
import { openPgDb } from '../../storage/pg-db';
import { openPgliteDb } from '../../storage/pglite-db';
import { createApprovalsRepository } from '../../storage/repositories/approvals-repository';
import { createWriteBacksRepository } from '../../storage/repositories/write-backs-repository';
import { runOnce, type WriteBackWorkerDeps } from '../write-back-worker';
import { createCountingTarget } from './counting-target';

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

async function main(): Promise<void> {
  const targetUrl = env('CRASH_TARGET_URL');
  if (targetUrl === undefined) throw new Error('set CRASH_TARGET_URL');
  // Everything up to here (tsx, modules, the PGlite WASM) loads while the previous child still runs;
  // the database is opened only once the parent says that child is gone.
  process.stdout.write('loaded\n');
  await waitForGo();
  const db = await openDb();
  const target = createCountingTarget(targetUrl, { timeoutMs: 1000 });
  const approvals = createApprovalsRepository(db);
  const deps: WriteBackWorkerDeps = {
    db,
    targets: (_tenant, system) => (system === target.system ? target : undefined),
    // The approval must still be an approval of exactly this payload.
    gate: async (row) => {
      const approval = await approvals.get(row.tenant, row.approvalId);
      return approval?.decision === 'approved' && approval.payloadHash === row.payloadHash;
    },
    clock: () => new Date(),
    sleep: (ms) => delay(ms),
    random: Math.random,
    // Short enough that a killed child's row is reclaimed by the next child right away, longer than
    // any call (callTimeoutMs) so a live child never loses its own row.
    leaseMs: 400,
    callTimeoutMs: 300,
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
  process.stdout.write('drained\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`crash-worker: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
