import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditEvent } from '@triage/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditCheckpoint, type ChainsVerdict } from '../audit/index';
import { appendEvents, borrowDb, TAMPER_CASES, truncateTail } from '../audit/testing/tamper';
import { createAuditRepository, type Db } from '../storage/index';
import { createTestDb } from '../testing/db';
import { createAuditCommand } from './audit-command';
import { CliError } from './context';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-audit-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  out: string;
  err: string;
  /** How often the command opened and closed the injected database. */
  opened: number;
  closed: number;
}

/** Runs `audit …` against `db`, mapping a thrown CliError to its exit code as `runCli` does. */
async function audit(db: Db | null, ...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  let opened = 0;
  const borrowed = db === null ? null : borrowDb(db);
  const command = createAuditCommand({
    openDb: () => {
      opened += 1;
      if (borrowed === null) throw new Error('this run must not open the database');
      return Promise.resolve(borrowed);
    },
    now: () => new Date('2025-06-01T12:00:00.000Z'),
  });
  let code: number;
  try {
    code = await command.run(argv, { cwd: dir, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    code = e.exitCode;
    err += `${e.message}\n`;
  }
  return { code, out, err, opened, closed: borrowed?.closed ?? 0 };
}

function verdictOf(run: Run): ChainsVerdict {
  return JSON.parse(run.out) as ChainsVerdict;
}

describe('audit verify --all', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('passes an empty database: zero tenants, exit 0, database closed', async () => {
    const run = await audit(db, 'verify', '--all');
    expect(run).toMatchObject({ code: 0, opened: 1, closed: 1 });
    expect(run.out).toBe('ok: no audit events, 0 tenants\n');
    expect(verdictOf(await audit(db, 'verify', '--all', '--json'))).toEqual({ ok: true, tenants: [] });
  });

  it('verifies two tenants, then fails (exit 1) once one is tampered with', async () => {
    await appendEvents(db, 'demo', 5);
    await appendEvents(db, 'acme', 3);
    const ok = await audit(db, 'verify', '--all');
    expect(ok.code).toBe(0);
    const demoHead = await createAuditRepository(db).head('demo');
    expect(ok.out).toBe(
      [
        `acme: ok, 3 events, head 3/${(await createAuditRepository(db).head('acme'))?.rowHash ?? ''}`,
        `demo: ok, 5 events, head 5/${demoHead?.rowHash ?? ''}`,
        'ok: 2 tenant(s) verified, 0 failed',
        '',
      ].join('\n'),
    );

    const [update] = TAMPER_CASES;
    if (update === undefined) throw new Error('no tamper cases');
    await update.apply(db, 'demo');
    const bad = await audit(db, 'verify', '--all');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(
      'demo: FAILED, first bad seq 3: row_hash_mismatch (2 events intact before it)\n',
    );
    expect(bad.out).toContain('acme: ok, 3 events');
    expect(bad.out).toContain('TAMPERING DETECTED: 2 tenant(s) verified, 1 failed');
    expect((await audit(db, 'verify', '--tenant', 'acme')).code).toBe(0);
    expect(bad.closed).toBe(1);
  });
});

describe('audit verify', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it.each(TAMPER_CASES.map((c, i) => ({ ...c, tenant: `cli-tampered-${i}` })))(
    'exits 1 on $name, reporting seq $firstBadSeq',
    async ({ apply, tenant, firstBadSeq, fault }) => {
      await appendEvents(db, tenant, 5);
      expect((await audit(db, 'verify', '--tenant', tenant)).code).toBe(0);
      await apply(db, tenant);
      const run = await audit(db, 'verify', '--tenant', tenant, '--json');
      expect(run.code).toBe(1);
      expect(verdictOf(run)).toEqual({
        ok: false,
        tenants: [
          { tenant, ok: false, events: firstBadSeq - 1, firstBadSeq, fault, checkpointChecked: false },
        ],
      });
    },
  );

  it('detects a truncated tail against a checkpoint written by `audit checkpoint`', async () => {
    await appendEvents(db, 'tail', 5);
    const written = await audit(db, 'checkpoint', '--tenant', 'tail', '--out', 'heads/tail.json');
    expect(written.code).toBe(0);
    expect(written.out).toContain('unsigned');
    const checkpoint = AuditCheckpoint.parse(
      JSON.parse(await readFile(join(dir, 'heads/tail.json'), 'utf8')),
    );
    const head = await createAuditRepository(db).head('tail');
    expect(checkpoint).toMatchObject({ tenant: 'tail', ...head, exportedAt: '2025-06-01T12:00:00.000Z' });

    expect((await audit(db, 'verify', '--checkpoint', 'heads/tail.json')).code).toBe(0);
    await truncateTail(db, 'tail', 4);
    // The chain alone still looks whole...
    expect((await audit(db, 'verify', '--tenant', 'tail')).code).toBe(0);
    // ...the checkpoint shows the missing tail, whichever way the tenant is chosen.
    for (const argv of [
      ['--checkpoint', 'heads/tail.json'],
      ['--tenant', 'tail', '--checkpoint', join(dir, 'heads/tail.json')],
      ['--all', '--checkpoint', 'heads/tail.json'],
    ]) {
      const run = await audit(db, 'verify', ...argv, '--json');
      expect(run.code).toBe(1);
      expect(verdictOf(run).tenants).toContainEqual({
        tenant: 'tail',
        ok: false,
        events: 3,
        firstBadSeq: 4,
        fault: 'checkpoint_mismatch',
        checkpointChecked: true,
      });
    }
  });

  it('verifies a checkpointed tenant whose chain was deleted entirely, even with --all', async () => {
    await appendEvents(db, 'wiped', 2);
    expect((await audit(db, 'checkpoint', '--tenant', 'wiped', '--out', 'wiped.json')).code).toBe(0);
    await truncateTail(db, 'wiped', 1);
    const run = await audit(db, 'verify', '--all', '--checkpoint', 'wiped.json');
    expect(run.code).toBe(1);
    expect(run.out).toContain('wiped: FAILED, first bad seq 1: checkpoint_mismatch');
  });

  it('refuses to checkpoint an empty or broken chain (exit 1, no file)', async () => {
    const empty = await audit(db, 'checkpoint', '--tenant', 'nobody', '--out', 'nobody.json');
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('no audit events');
    const broken = await audit(db, 'checkpoint', '--tenant', 'cli-tampered-0', '--out', 'broken.json');
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('broken at seq 3');
    const files = await readdir(dir);
    expect(files).not.toContain('nobody.json');
    expect(files).not.toContain('broken.json');
  });
});

describe('audit export', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
    await appendEvents(db, 'demo', 6);
    await appendEvents(db, 'other', 2);
  });
  afterAll(async () => {
    await db.close();
  });

  async function readJsonl(path: string): Promise<AuditEvent[]> {
    const text = await readFile(join(dir, path), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    return text
      .trimEnd()
      .split('\n')
      .map((line) => AuditEvent.parse(JSON.parse(line)));
  }

  it('writes the tenant’s events as JSON Lines equal to list(), relative to the invocation directory', async () => {
    const run = await audit(db, 'export', '--tenant', 'demo', '--out', 'exports/demo.jsonl');
    expect(run.code).toBe(0);
    expect(run.out).toBe(`6 audit events of demo (seq 1..6) written to ${join(dir, 'exports/demo.jsonl')}\n`);
    expect(await readJsonl('exports/demo.jsonl')).toEqual(await createAuditRepository(db).list('demo'));
    expect(run.closed).toBe(1);
  });

  it('exports after a seq, and an empty range as an empty file', async () => {
    expect(
      (await audit(db, 'export', '--tenant', 'demo', '--out', 'tail.jsonl', '--after-seq', '4')).code,
    ).toBe(0);
    expect((await readJsonl('tail.jsonl')).map((e) => e.seq)).toEqual([5, 6]);
    const none = await audit(db, 'export', '--tenant', 'nobody', '--out', 'none.jsonl');
    expect(none).toMatchObject({
      code: 0,
      out: expect.stringContaining('0 audit events of nobody') as unknown,
    });
    expect(await readFile(join(dir, 'none.jsonl'), 'utf8')).toBe('');
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fails with exit 1 and a clear message when the file cannot be written', async () => {
    await writeFile(join(dir, 'a-file'), '');
    const run = await audit(db, 'export', '--tenant', 'demo', '--out', 'a-file/demo.jsonl');
    expect(run.code).toBe(1);
    expect(run.err).toContain(`cannot write ${join(dir, 'a-file/demo.jsonl')}`);
    expect(run.closed).toBe(1);
  });
});

describe('audit usage errors', () => {
  beforeAll(async () => {
    await writeFile(join(dir, 'not-json.json'), '{');
    await writeFile(join(dir, 'not-a-checkpoint.json'), JSON.stringify({ tenant: 'demo', seq: 1 }));
    await writeFile(
      join(dir, 'demo-head.json'),
      JSON.stringify({
        tenant: 'demo',
        seq: 1,
        rowHash: 'a'.repeat(64),
        ts: '2025-01-01T00:00:00.000Z',
        exportedAt: '2025-01-01T00:00:00.000Z',
      }),
    );
  });

  it.each([
    [[]],
    [['frobnicate']],
    [['verify']],
    [['verify', '--tenant', 'demo', '--all']],
    [['verify', '--tenant', 'not a tenant']],
    [['verify', '--all', '--bogus']],
    [['verify', '--all', 'extra']],
    [['verify', '--checkpoint', 'missing.json']],
    [['verify', '--checkpoint', 'not-json.json']],
    [['verify', '--checkpoint', 'not-a-checkpoint.json']],
    [['verify', '--tenant', 'acme', '--checkpoint', 'demo-head.json']],
    [['verify', '--checkpoint', 'demo-head.json', '--checkpoint', 'demo-head.json']],
    [['export', '--out', 'x.jsonl']],
    [['export', '--tenant', 'demo']],
    [['export', '--tenant', 'demo', '--out', 'x.jsonl', '--after-seq', '-1']],
    [['export', '--tenant', 'demo', '--out', 'x.jsonl', '--after-seq', 'soon']],
    [['checkpoint', '--tenant', 'demo']],
  ])('exits 2 without opening the database: %j', async (argv) => {
    const run = await audit(null, ...argv);
    expect(run.code).toBe(2);
    expect(run.err).not.toBe('');
    expect(run.opened).toBe(0);
  });
});
