/**
 * CRASH TEST (issue 5, "done when"): a worker process is SIGKILLed at random points while it carries
 * 200 approved write-backs to a fake Zendesk and a fake Jira Service Management, through the product's
 * own Zendesk and JSM write-back targets, and restarted until the queue drains. Two tenants, five
 * Zendesk tickets and five JSM requests each, ten write-backs per ticket: internal notes, public replies
 * and (Zendesk) tag adds, some JSM replies with identical text. Every write-back must take effect
 * exactly once at its desk, every row must end `done`, each ticket's writes must land in enqueue order,
 * and the audit chains must verify.
 *
 * The fake desks keep their state in this process and apply every write they get, with no dedup of
 * their own (a repeated comment is a second comment). They also answer a seeded share of all requests
 * with 429 (before applying) or 503 (after applying), so unknown outcomes come both from kills and from
 * the network. Kill times are seeded; where a kill lands still depends on scheduling, which is the
 * point: any interleaving must give exactly-once.
 *
 * On PGlite (`npm test`) the database is a data folder on disk that parent and child open one at a
 * time (PGlite allows one process per folder): the parent seeds and closes it, then inspects only after
 * the last child has exited. On PostgreSQL (`npm run test:pg`) it is a schema of `TEST_DATABASE_URL`.
 * About 15 s on PostgreSQL and 60 s on PGlite (two cores), most of it child start-up.
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
import type { ActionKind } from '@triage/shared';
import { startFakeJsm, type FakeJsm } from '../connectors/testing/fake-jsm';
import { startFakeZendesk, type FakeZendesk } from '../connectors/testing/fake-zendesk';
import { jiraMarkerProperty } from '../connectors/jira';
import { zendeskMarkerTag } from '../connectors/zendesk';
import { toJsmWikiText, toZendeskHtml } from '../domain/drafting';
import { approvalOf, seedPacket } from './testing/seed';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const CHILD = join(REPO_ROOT, 'backend', 'src', 'jobs', 'testing', 'crash-worker.ts');

const SEED = 0x5eed_0005;
const WRITE_BACKS = 200;
const TENANTS = ['crash-acme', 'crash-globex'];
/** Per tenant and desk; each gets WRITE_BACKS / (2 tenants × 2 desks × 5) = 10 write-backs. */
const TICKETS_PER_DESK = 5;
const zendeskTicketOf = (tenant: number, t: number) => 1101 + tenant * 1000 + t;
const jsmIssueOf = (tenant: number, t: number) => `${tenant === 0 ? 'ACME' : 'GLX'}-${t + 1}`;
const ZENDESK_TICKETS = [0, 1].flatMap((n) => [0, 1, 2, 3, 4].map((t) => zendeskTicketOf(n, t)));
const JSM_ISSUES = [0, 1].flatMap((n) => [0, 1, 2, 3, 4].map((t) => jsmIssueOf(n, t)));
/** JSM replies drawn from two texts, so one request carries identical comments of different write-backs. */
const CANNED_REPLIES = [
  'Thanks for your patience: we are looking into the failed exports.',
  'We found the cause and are rolling out a fix today.',
];
/** Share of all requests each fake desk answers with a fault (half 429, half 503 after applying). */
const FAULT_RATE = 0.06;
/**
 * When each child is killed: once it has finished `runs` worker runs (drawn uniformly from the range),
 * plus a delay drawn from [0, `jitterMs`), so the SIGKILL lands anywhere inside the next run (claim,
 * marker check, desk calls, the closing transaction) or between runs. Counting runs rather than
 * wall-clock time keeps the number of kills the same on a fast machine and on a loaded one. A run takes
 * ~10–20 ms on PostgreSQL but ~70–150 ms on PGlite (an on-disk WASM database syncing every commit),
 * where each life also pays ~2 s to open the database and ~1 s on its first run; PGlite lives are
 * longer, so that the run stays near a minute.
 */
const KILL_PLAN = {
  postgres: { runs: { min: 0, max: 16 }, jitterMs: 40 },
  pglite: { runs: { min: 2, max: 32 }, jitterMs: 200 },
} as const;
/** When one child is killed: after `afterRuns` finished runs, plus `jitterMs`. */
interface Kill {
  afterRuns: number;
  jitterMs: number;
}
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
  system: 'zendesk' | 'jsm';
  ref: string;
  action: ActionKind;
  /** The approved text (comments) or the one tag added (`set-tags`). */
  text: string;
  key: string;
}

/** Which desk, ticket, action and text write-back `i` gets. */
function planOf(
  i: number,
  random: () => number,
): Omit<Planned, 'id' | 'key'> & { payload: Record<string, unknown> } {
  const tenantIndex = i % TENANTS.length;
  const tenant = TENANTS[tenantIndex] ?? 'crash-acme';
  const j = Math.floor(i / TENANTS.length);
  const t = Math.floor(j / 2) % TICKETS_PER_DESK;
  const draw = random();
  if (j % 2 === 0) {
    const ref = String(zendeskTicketOf(tenantIndex, t));
    if (draw < 0.4) {
      const text = `Internal note ${i}: checked the export worker logs.`;
      return {
        tenant,
        system: 'zendesk',
        ref,
        action: 'internal-note',
        text,
        payload: { body: text, public: false },
      };
    }
    if (draw < 0.8) {
      const text = `Reply ${i}: the export is fixed, please try again.`;
      return {
        tenant,
        system: 'zendesk',
        ref,
        action: 'public-reply',
        text,
        payload: { body: text, public: true },
      };
    }
    const tag = `triage_step_${i}`;
    return { tenant, system: 'zendesk', ref, action: 'set-tags', text: tag, payload: { tags: [tag] } };
  }
  const ref = jsmIssueOf(tenantIndex, t);
  if (draw < 0.5) {
    const text = `Internal note ${i}: [see] the *export* logs {code}.`;
    return { tenant, system: 'jsm', ref, action: 'internal-note', text, payload: { body: text } };
  }
  const text = CANNED_REPLIES[i % CANNED_REPLIES.length] ?? '';
  return { tenant, system: 'jsm', ref, action: 'public-reply', text, payload: { body: text } };
}

/** Approves and enqueues the write-backs the way the approval use case does: one transaction each. */
async function seedQueue(db: Db): Promise<Planned[]> {
  await migrate(db);
  const planned: Planned[] = [];
  const random = seeded(SEED + 3);
  for (const tenant of TENANTS) await seedPacket(db, tenant, 'pk-1');
  for (let i = 0; i < WRITE_BACKS; i += 1) {
    const { payload, ...plan } = planOf(i, random);
    const { tenant } = plan;
    const actionId = `act-${i}`;
    const approval = approvalOf(tenant, actionId, payload, { actionType: plan.action });
    const wb = await db.transaction(async (tx) => {
      await createApprovalsRepository(tx).insert(tenant, approval);
      const row = await createWriteBacksRepository(tx).enqueue(tx, {
        tenant,
        id: `wb-${i}`,
        approvalId: approval.id,
        actionId,
        target: { system: plan.system, ref: plan.ref },
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
    planned.push({ ...plan, id: wb.id, key: wb.idempotencyKey });
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
  /** Lets it open the database, and SIGKILLs it as `kill` says (unless it drains first). */
  go(kill: Kill): Promise<Life>;
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
  let onProgress: (() => void) | null = null;
  let onLoaded: (() => void) | null = null;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    if (onLoaded !== null && out.includes('loaded\n')) {
      onLoaded();
      onLoaded = null;
    }
    onProgress?.();
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
    async go(kill) {
      let timer: NodeJS.Timeout | undefined;
      onProgress = () => {
        if (!out.includes('ready\n') || runsIn(out) < kill.afterRuns) return;
        timer = setTimeout(killGroup, kill.jitterMs);
        onProgress = null;
      };
      onProgress();
      child.stdin.write('go\n');
      const { code, signal } = await exited;
      clearTimeout(timer);
      const drained = out.includes('drained\n');
      const runs = runsIn(out);
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

/** How many worker runs a child reported. */
function runsIn(out: string): number {
  return out.split('\n').filter((l) => l.startsWith('run ')).length;
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

/**
 * Who each change at the fake Zendesk belongs to: a comment by the marker tag its own update carried
 * (one per idempotency key), a tag add by the tag. Unknown changes map to undefined.
 */
function zendeskLedger(desk: FakeZendesk, planned: readonly Planned[]) {
  const byMarker = new Map(planned.map((p) => [zendeskMarkerTag(p.key), p]));
  const byTag = new Map(planned.filter((p) => p.action === 'set-tags').map((p) => [p.text, p]));
  return desk.effects.map((e) => {
    const owner =
      e.kind === 'comment'
        ? e.addedTags.map((t) => byMarker.get(t)).find((p) => p !== undefined)
        : e.addedTags.map((t) => byTag.get(t)).find((p) => p !== undefined);
    return { ref: String(e.ticketId), effect: e, owner };
  });
}

/**
 * Who each comment at the fake JSM belongs to: the write-back whose marker property, done, names it.
 * A comment no marker names, or one two markers name, fails the exactly-once check.
 */
function jsmLedger(desk: FakeJsm, planned: readonly Planned[]) {
  const owners = new Map<string, Planned[]>();
  const markers = new Map<string, unknown>();
  for (const p of planned.filter((x) => x.system === 'jsm')) {
    const marker = desk.property(p.ref, jiraMarkerProperty(p.key));
    markers.set(p.key, marker);
    const id = (marker as { externalId?: unknown } | undefined)?.externalId;
    if (typeof id === 'string') owners.set(id, [...(owners.get(id) ?? []), p]);
  }
  return {
    markers,
    comments: desk.effects.map((e) => ({
      ref: e.issueKey,
      effect: e,
      owners: owners.get(e.commentId) ?? [],
    })),
  };
}

describe('CRASH TEST: write-backs survive SIGKILL of the worker', () => {
  it(`carries ${WRITE_BACKS} write-backs to fake Zendesk and JSM desks, exactly once each, through random kills`, async () => {
    const random = seeded(SEED);
    const store = await createStore();
    const zendesk = await startFakeZendesk({
      tickets: ZENDESK_TICKETS,
      random: seeded(SEED + 1),
      faultRate: FAULT_RATE,
    });
    const jsm = await startFakeJsm({ issues: JSM_ISSUES, random: seeded(SEED + 2), faultRate: FAULT_RATE });
    try {
      const setupDb = await store.open();
      let planned: Planned[];
      try {
        planned = await seedQueue(setupDb);
      } finally {
        await setupDb.close();
      }

      const env = { ...store.childEnv, CRASH_ZENDESK_URL: zendesk.baseUrl, CRASH_JSM_URL: jsm.baseUrl };
      let kills = 0;
      let drained = false;
      let next = spawnChild(env);
      try {
        for (let lives = 0; lives < MAX_LIVES && !drained; lives += 1) {
          const current = next;
          await current.loaded;
          const plan = KILL_PLAN[store.kind];
          const running = current.go({
            afterRuns: plan.runs.min + Math.floor(random() * (plan.runs.max - plan.runs.min + 1)),
            jitterMs: random() * plan.jitterMs,
          });
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
      // The test only means something if the worker really died mid-queue, many times, and both desks
      // really threw both kinds of fault.
      expect(kills).toBeGreaterThanOrEqual(5);
      for (const faults of [zendesk.faults, jsm.faults]) {
        expect(faults.throttled).toBeGreaterThan(0);
        expect(faults.lostAnswers).toBeGreaterThan(0);
      }
      const zendeskPlanned = planned.filter((p) => p.system === 'zendesk');
      const jsmPlanned = planned.filter((p) => p.system === 'jsm');
      expect(zendeskPlanned.length).toBeGreaterThan(0);
      expect(jsmPlanned.length).toBeGreaterThan(0);

      // Zendesk, exactly once: every comment write-back is one comment on its ticket with its visibility
      // and text, every tag was added once, and no change belongs to nobody.
      const zLedger = zendeskLedger(zendesk, planned);
      expect(zLedger.filter((l) => l.owner === undefined)).toEqual([]);
      for (const p of zendeskPlanned) {
        const mine = zLedger.filter((l) => l.owner === p);
        expect(mine, `${p.key} (${p.action})`).toHaveLength(1);
        const { effect } = mine[0] ?? { effect: undefined };
        expect(String(effect?.ticketId)).toBe(p.ref);
        if (p.action === 'set-tags') {
          expect(zendesk.tagsOf(Number(p.ref))).toContain(p.text);
        } else {
          expect(effect).toMatchObject({ kind: 'comment', public: p.action === 'public-reply' });
          expect(effect?.kind === 'comment' && effect.htmlBody.startsWith(toZendeskHtml(p.text))).toBe(true);
        }
      }
      expect(zendesk.effects).toHaveLength(zendeskPlanned.length);

      // JSM, exactly once: every write-back's marker is done and names a comment of its own, with its
      // text and visibility; every comment on the desk is named by exactly one marker.
      const jLedger = jsmLedger(jsm, planned);
      for (const p of jsmPlanned) {
        expect(jLedger.markers.get(p.key), p.key).toMatchObject({ state: 'done', writeBack: p.key });
      }
      expect(jLedger.comments.filter((c) => c.owners.length !== 1)).toEqual([]);
      for (const { effect, owners } of jLedger.comments) {
        const p = owners[0];
        expect(effect.issueKey).toBe(p?.ref);
        expect(effect.body).toBe(toJsmWikiText(p?.text ?? ''));
        expect(effect.public).toBe(p?.action === 'public-reply');
      }
      expect(jsm.effects).toHaveLength(jsmPlanned.length);

      // One ticket's writes land in enqueue order.
      const landed = [
        ...zLedger.map((l) => ({ system: 'zendesk', ref: l.ref, key: l.owner?.key })),
        ...jLedger.comments.map((c) => ({ system: 'jsm', ref: c.ref, key: c.owners[0]?.key })),
      ];
      const refs = new Set(planned.map((p) => `${p.system}/${p.ref}`));
      for (const ref of refs) {
        const enqueued = planned.filter((p) => `${p.system}/${p.ref}` === ref).map((p) => p.key);
        const applied = landed.filter((l) => `${l.system}/${l.ref}` === ref).map((l) => l.key);
        expect(applied, ref).toEqual(enqueued);
      }

      const db = await store.open();
      try {
        const rows = await db.query<{ status: string; n: number }>(
          'SELECT status, count(*) AS n FROM write_backs GROUP BY status',
        );
        expect(rows).toEqual([{ status: 'done', n: WRITE_BACKS }]);
        const audit = createAuditRepository(db);
        let confirmed = 0;
        for (const tenant of TENANTS) {
          expect((await audit.verify(tenant)).ok).toBe(true);
          // Each write-back's success is recorded once, as executed or confirmed by its marker.
          const finals = (await audit.list(tenant, { limit: 10_000 })).filter(
            (e) => e.action === 'write-back.executed' || e.action === 'write-back.confirmed',
          );
          const ids = finals.map((e) => e.object.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(ids.length).toBe(planned.filter((p) => p.tenant === tenant).length);
          confirmed += finals.filter((e) => e.action === 'write-back.confirmed').length;
        }
        // Some unknown outcomes were settled by a marker rather than a second write.
        expect(confirmed).toBeGreaterThan(0);
      } finally {
        await db.close();
      }
    } finally {
      await zendesk.close();
      await jsm.close();
      await store.destroy();
    }
  }, 240_000);
});
