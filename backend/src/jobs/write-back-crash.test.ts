/**
 * CRASH TEST (issue 5, "done when"): a worker process is SIGKILLed at random points while it carries
 * 200 approved write-backs to a counting fake desk, and restarted until the queue drains. Every
 * write-back must take effect exactly once (one effect per idempotency key at the desk), every row must
 * end `done`, each ticket's writes must land in enqueue order, and the audit chains must verify.
 *
 * The desk also answers a seeded share of writes with 429 (before applying) or 503 (after applying),
 * so unknown outcomes come both from kills and from the network. Kill times are seeded; where a kill
 * lands still depends on scheduling, which is the point: any interleaving must give exactly-once.
 *
 * On PGlite (`npm test`) the database is a data folder on disk that parent and child open one at a
 * time (PGlite allows one process per folder): the parent seeds and closes it, then inspects only after
 * the last child has exited. On PostgreSQL (`npm run test:pg`) it is a schema of `TEST_DATABASE_URL`.
 * About 10 s on PostgreSQL and 60 s on PGlite (two cores), most of it child start-up.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Db } from '../storage/db';
import { migrate } from '../storage/migrate';
import { openPgDb } from '../storage/pg-db';
import { openPgliteDb } from '../storage/pglite-db';
import { createApprovalsRepository } from '../storage/repositories/approvals-repository';
import { createAuditRepository } from '../storage/repositories/audit-repository';
import { createWriteBacksRepository } from '../storage/repositories/write-backs-repository';
import { startCountingServer } from './testing/counting-target';
import { approvalOf, seedPacket } from './testing/seed';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const CHILD = join(REPO_ROOT, 'backend', 'src', 'jobs', 'testing', 'crash-worker.ts');

const SEED = 0x5eed_0005;
const WRITE_BACKS = 200;
const TENANTS = ['crash-acme', 'crash-globex'];
const TICKETS_PER_TENANT = 10;
/**
 * Each child works this long (after it is ready) before the SIGKILL, drawn uniformly. A write-back
 * takes ~5–10 ms on PostgreSQL once warm (the first one ~300 ms) but ~50 ms on PGlite (an on-disk WASM database syncing every commit,
 * whose ~2 s start-up also dominates each life), so PGlite lives are longer to keep the run near a minute.
 */
const KILL_AFTER_MS = {
  postgres: { min: 100, max: 600 },
  pglite: { min: 150, max: 1500 },
} as const;
/** A stuck loop must fail the test, not hang it. */
const MAX_LIVES = 400;

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with the same kill schedule. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the test database lives, and how the parent and the child open it. */
interface Store {
  kind: Db['kind'];
  open(): Promise<Db>;
  childEnv: Record<string, string>;
  destroy(): Promise<void>;
}

async function createStore(): Promise<Store> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `triage_crash_${randomBytes(6).toString('hex')}`;
    await admin(url, `CREATE SCHEMA ${schema}`);
    return {
      kind: 'postgres',
      open: () =>
        Promise.resolve(openPgDb({ connectionString: url, options: `-c search_path=${schema}`, max: 2 })),
      childEnv: { CRASH_PG_URL: url, CRASH_PG_SCHEMA: schema },
      destroy: () => admin(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`),
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'triage-crash-'));
  return {
    kind: 'pglite',
    open: () => openPgliteDb({ dataDir: join(dir, 'pgdata') }),
    childEnv: { CRASH_PGLITE_DIR: join(dir, 'pgdata') },
    destroy: () => rm(dir, { recursive: true, force: true }),
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** What the parent enqueued, in enqueue order. */
interface Planned {
  tenant: string;
  id: string;
  ref: string;
  key: string;
}

/** Approves and enqueues the write-backs the way the approval use case does: one transaction each. */
async function seedQueue(db: Db): Promise<Planned[]> {
  await migrate(db);
  const planned: Planned[] = [];
  for (const tenant of TENANTS) await seedPacket(db, tenant, 'pk-1');
  for (let i = 0; i < WRITE_BACKS; i += 1) {
    const tenant = TENANTS[i % TENANTS.length] ?? 'crash-acme';
    const ref = `ticket-${Math.floor(i / TENANTS.length) % TICKETS_PER_TENANT}`;
    const actionId = `act-${i}`;
    const payload = { body: `Internal note ${i}`, public: false };
    const approval = approvalOf(tenant, actionId, payload);
    const wb = await db.transaction(async (tx) => {
      await createApprovalsRepository(tx).insert(tenant, approval);
      const row = await createWriteBacksRepository(tx).enqueue(tx, {
        tenant,
        id: `wb-${i}`,
        approvalId: approval.id,
        actionId,
        target: { system: 'counting', ref },
        idempotencyKey: `key-${tenant}-${i}`,
        payload,
        availableAt: new Date(0),
      });
      await createAuditRepository(tx).append(tenant, {
        actor: approval.approver,
        action: 'approval.granted',
        object: { type: 'write-back', id: row.id },
        payloadHash: row.payloadHash,
      });
      return row;
    });
    planned.push({ tenant, id: wb.id, ref, key: wb.idempotencyKey });
  }
  return planned;
}

interface Life {
  killed: boolean;
  drained: boolean;
  runs: number;
}

/** One worker process: started early, told to open the database with {@link Child.go}. */
interface Child {
  /** Resolves once modules are loaded and the child waits for `go`. */
  loaded: Promise<void>;
  /** Lets it open the database, and SIGKILLs it `killAfterMs` after it is ready (unless it drains first). */
  go(killAfterMs: number): Promise<Life>;
  /** Kills an unused child. */
  discard(): Promise<void>;
}

function spawnChild(env: Record<string, string>): Child {
  const child = spawn(TSX, [CHILD], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: the tsx CLI runs the script in a child process of its own, and a SIGKILL
    // cannot be relayed, so the whole group is killed.
    detached: true,
  });
  const pid = child.pid;
  const killGroup = () => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  let out = '';
  let err = '';
  let onReady: (() => void) | null = null;
  let onLoaded: (() => void) | null = null;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    if (onLoaded !== null && out.includes('loaded\n')) {
      onLoaded();
      onLoaded = null;
    }
    if (onReady !== null && out.includes('ready\n')) {
      onReady();
      onReady = null;
    }
  });
  child.stderr.on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      void groupGone(pid).then(() => {
        resolve({ code, signal });
      }, reject);
    });
  });
  const loaded = new Promise<void>((resolve, reject) => {
    onLoaded = resolve;
    void exited.then(() => {
      reject(new Error(`crash-worker exited before loading: ${err.slice(-2000)}`));
    }, reject);
  });
  // A child that is never used must not leave an unhandled rejection behind.
  loaded.catch(() => undefined);
  return {
    loaded,
    async go(killAfterMs) {
      let timer: NodeJS.Timeout | undefined;
      onReady = () => {
        timer = setTimeout(killGroup, killAfterMs);
      };
      child.stdin.write('go\n');
      const { code, signal } = await exited;
      clearTimeout(timer);
      const drained = out.includes('drained\n');
      const runs = out.split('\n').filter((l) => l.startsWith('run ')).length;
      if (signal === 'SIGKILL') return { killed: true, drained, runs };
      if (code === 0 && drained) return { killed: false, drained, runs };
      throw new Error(`crash-worker exited with ${String(code ?? signal)}: ${err.slice(-2000)}`);
    },
    async discard() {
      killGroup();
      await exited.catch(() => undefined);
    },
  };
}

/**
 * Resolves once no live process of the group is left, so the next child never opens the PGlite folder
 * while a killed one still holds it. Zombies (dead, not yet reaped by init) hold no files and are
 * ignored where /proc shows them; elsewhere the wait lasts until they are reaped.
 */
async function groupGone(pgid: number | undefined): Promise<void> {
  if (pgid === undefined) return;
  for (;;) {
    if (!(await groupAlive(pgid))) return;
    await delay(5);
  }
}

async function groupAlive(pgid: number): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces, so split after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[2] === String(pgid) && fields[0] !== 'Z') return true;
  }
  return false;
}

describe('CRASH TEST: write-backs survive SIGKILL of the worker', () => {
  it(`carries ${WRITE_BACKS} write-backs to exactly one effect each through random kills`, async () => {
    const random = seeded(SEED);
    const store = await createStore();
    const server = await startCountingServer({ random: seeded(SEED + 1), faultRate: 0.1 });
    try {
      const setupDb = await store.open();
      let planned: Planned[];
      try {
        planned = await seedQueue(setupDb);
      } finally {
        await setupDb.close();
      }

      const env = { ...store.childEnv, CRASH_TARGET_URL: server.baseUrl };
      let kills = 0;
      let drained = false;
      let next = spawnChild(env);
      try {
        for (let lives = 0; lives < MAX_LIVES && !drained; lives += 1) {
          const current = next;
          await current.loaded;
          const window = KILL_AFTER_MS[store.kind];
          const killAfter = window.min + random() * (window.max - window.min);
          const running = current.go(killAfter);
          // The next child loads while this one works; it opens the database only after this one is gone.
          next = spawnChild(env);
          const life = await running;
          // A child can print `drained` (the queue verified empty) and be killed while it exits.
          if (life.killed && !life.drained) kills += 1;
          drained = life.drained;
        }
      } finally {
        await next.discard();
      }
      expect(drained).toBe(true);
      // The test only means something if the worker really died mid-queue, many times.
      expect(kills).toBeGreaterThanOrEqual(5);

      // Exactly once: one effect per key at the desk, none for keys we never enqueued.
      const counts = server.countsByKey();
      expect([...counts.keys()].sort()).toEqual(planned.map((p) => p.key).sort());
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(server.effects).toHaveLength(WRITE_BACKS);
      // One ticket's writes land in enqueue order.
      for (const tenant of TENANTS) {
        for (let t = 0; t < TICKETS_PER_TENANT; t += 1) {
          const ref = `ticket-${t}`;
          const mine = planned.filter((p) => p.tenant === tenant && p.ref === ref).map((p) => p.key);
          const landed = server.effects
            .filter((e) => e.ref === ref && mine.includes(e.key))
            .map((e) => e.key);
          expect(landed).toEqual(mine);
        }
      }

      const db = await store.open();
      try {
        const rows = await db.query<{ status: string; n: number }>(
          'SELECT status, count(*) AS n FROM write_backs GROUP BY status',
        );
        expect(rows).toEqual([{ status: 'done', n: WRITE_BACKS }]);
        const audit = createAuditRepository(db);
        for (const tenant of TENANTS) {
          expect((await audit.verify(tenant)).ok).toBe(true);
          // Each write-back's success is recorded once, as executed or confirmed by its marker.
          const finals = (await audit.list(tenant, { limit: 5000 })).filter(
            (e) => e.action === 'write-back.executed' || e.action === 'write-back.confirmed',
          );
          const ids = finals.map((e) => e.object.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids.length).toBe(planned.filter((p) => p.tenant === tenant).length);
        }
      } finally {
        await db.close();
      }
    } finally {
      await server.close();
      await store.destroy();
    }
  }, 240_000);
});
