import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TenantId } from '@triage/shared';
import { z } from 'zod';
import {
  AuditCheckpoint,
  AuditCheckpointError,
  checkpointHead,
  createAuditCheckpoint,
  listAuditTenants,
  verifyAuditChains,
  writeAuditJsonl,
  type TenantChainVerdict,
} from '../audit/index';
import { ConfigError, loadConfig } from '../infrastructure/config';
import { createAuditRepository, openDb, type AuditHead, type Db } from '../storage/index';
import { parseCommandArgs } from './args';
import { CliError, EXIT, resolvePath, type CliContext, type Command } from './context';
import { readText } from './files';

const verifyUsage = 'triage audit verify [--tenant <id> | --all] [--checkpoint head.json ...] [--json]';
const exportUsage = 'triage audit export --tenant <id> --out audit.jsonl [--after-seq N]';
const checkpointUsage = 'triage audit checkpoint --tenant <id> --out head.json';
const usage = [
  'triage audit verify|export|checkpoint ...',
  `    ${verifyUsage}`,
  `    ${exportUsage}`,
  `    ${checkpointUsage}`,
  '  verify exits 0 when every chain verifies, 1 when any does not (tampering), 2 on usage errors.',
  '  Checkpoints are unsigned for now: keep them where the database administrators cannot write.',
].join('\n');

const RequiredTenant = z.string({ error: '--tenant <id> is required' }).pipe(TenantId);
const NoPositionals = (sub: string) =>
  z.array(z.string()).max(0, `audit ${sub} takes no further positional arguments`);

const VerifyArgs = z
  .object({
    positionals: NoPositionals('verify'),
    tenant: TenantId.optional(),
    all: z.boolean().default(false),
    checkpoint: z.array(z.string().min(1)).default([]),
    json: z.boolean().default(false),
  })
  .refine((a) => !(a.all && a.tenant !== undefined), { error: 'give --tenant or --all, not both' })
  .refine((a) => a.all || a.tenant !== undefined || a.checkpoint.length > 0, {
    error: 'give --tenant <id>, --all, or a --checkpoint naming the tenant',
  });

const ExportArgs = z.object({
  positionals: NoPositionals('export'),
  tenant: RequiredTenant,
  out: z.string({ error: '--out <file.jsonl> is required' }).min(1),
  'after-seq': z
    .string()
    .regex(/^\d+$/, 'must be a non-negative integer')
    .transform(Number)
    .refine(Number.isSafeInteger, 'is too large')
    .default(0),
});

const CheckpointArgs = z.object({
  positionals: NoPositionals('checkpoint'),
  tenant: RequiredTenant,
  out: z.string({ error: '--out <head.json> is required' }).min(1),
});

/** What the audit command needs from outside, injectable for tests. */
export interface AuditCommandDeps {
  /** Opens the database for one run; the command closes it when done. */
  openDb: () => Promise<Db>;
  /** The clock for `exportedAt`. */
  now: () => Date;
}

/**
 * Opens the product's database the way the server does: `DATABASE_URL` when set, else PGlite in
 * `DATA_DIR`, with pending migrations applied. PGlite allows one process per folder, so do not run
 * this against a data folder a running server holds.
 */
async function openProductDb(): Promise<Db> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, EXIT.usage, { cause: e });
    throw e;
  }
  return openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: true });
}

async function readCheckpoint(path: string): Promise<AuditCheckpoint> {
  // A missing or malformed checkpoint is a usage error (2), never a verdict on the chain (1).
  let text: string;
  try {
    text = await readText(path);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), EXIT.usage, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliError(`${path}: not valid JSON (${(e as Error).message})`, EXIT.usage, { cause: e });
  }
  const parsed = AuditCheckpoint.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CliError(`${path}: not an audit checkpoint: ${issues}`, EXIT.usage, { cause: parsed.error });
  }
  return parsed.data;
}

/**
 * Writes `path` via a sibling temporary file renamed into place, so a failed run never leaves a
 * half-written file (parent folders are created).
 */
async function writeAtomically<T>(path: string, write: (tmp: string) => Promise<T>): Promise<T> {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const result = await write(tmp);
    await rename(tmp, path);
    return result;
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    // File-system failures become one clear line; database errors pass through as they are.
    if (e instanceof Error && 'syscall' in e) {
      throw new CliError(`cannot write ${path}: ${e.message}`, EXIT.failure, { cause: e });
    }
    throw e;
  }
}

function describeVerdict(v: TenantChainVerdict): string {
  const against = v.checkpointChecked ? ', checkpoint matched' : '';
  if (v.ok) {
    const head = v.head === null ? 'empty chain' : `head ${v.head.seq}/${v.head.rowHash}`;
    return `${v.tenant}: ok, ${v.events} events, ${head}${against}\n`;
  }
  const where = v.firstBadSeq === null ? 'rows unreadable' : `first bad seq ${v.firstBadSeq}`;
  return `${v.tenant}: FAILED, ${where}: ${v.fault} (${v.events} events intact before it)\n`;
}

/** Parses a subcommand's arguments (and reads its input files), then returns the work to run on the db. */
type Prepared = (db: Db) => Promise<number>;

async function verify(argv: readonly string[], context: CliContext): Promise<Prepared> {
  const args = parseCommandArgs(
    argv,
    {
      tenant: { type: 'string' },
      all: { type: 'boolean' },
      checkpoint: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
    VerifyArgs,
    verifyUsage,
  );
  const expectedHeads = new Map<string, AuditHead>();
  for (const file of args.checkpoint) {
    const checkpoint = await readCheckpoint(resolvePath(context, file));
    if (args.tenant !== undefined && checkpoint.tenant !== args.tenant) {
      throw new CliError(
        `${file}: the checkpoint is for tenant ${checkpoint.tenant}, not ${args.tenant}\nusage: ${verifyUsage}`,
        EXIT.usage,
      );
    }
    if (expectedHeads.has(checkpoint.tenant)) {
      throw new CliError(
        `two checkpoints for tenant ${checkpoint.tenant}\nusage: ${verifyUsage}`,
        EXIT.usage,
      );
    }
    expectedHeads.set(checkpoint.tenant, checkpointHead(checkpoint));
  }
  return async (db) => {
    // A checkpointed tenant is verified even when no rows are left (its whole chain deleted).
    const tenants = args.all
      ? [...new Set([...(await listAuditTenants(db)), ...expectedHeads.keys()])]
      : args.tenant !== undefined
        ? [args.tenant]
        : [...expectedHeads.keys()];
    const verdict = await verifyAuditChains(createAuditRepository(db), tenants, { expectedHeads });
    if (args.json) {
      context.stdout(`${JSON.stringify(verdict)}\n`);
    } else {
      for (const v of verdict.tenants) context.stdout(describeVerdict(v));
      const failed = verdict.tenants.filter((v) => !v.ok).length;
      context.stdout(
        verdict.tenants.length === 0
          ? 'ok: no audit events, 0 tenants\n'
          : `${failed === 0 ? 'ok' : 'TAMPERING DETECTED'}: ${verdict.tenants.length} tenant(s) verified, ${failed} failed\n`,
      );
    }
    return verdict.ok ? EXIT.ok : EXIT.failure;
  };
}

function exportEvents(argv: readonly string[], context: CliContext): Prepared {
  const args = parseCommandArgs(
    argv,
    { tenant: { type: 'string' }, out: { type: 'string' }, 'after-seq': { type: 'string' } },
    ExportArgs,
    exportUsage,
  );
  const tenant = args.tenant;
  const path = resolvePath(context, args.out);
  return async (db) => {
    // Opened before any row is read, so an unwritable path fails at once; `wx`: the name is fresh.
    const summary = await writeAtomically(path, async (tmp) =>
      writeAuditJsonl(createAuditRepository(db), tenant, (await open(tmp, 'wx')).createWriteStream(), {
        afterSeq: args['after-seq'],
      }),
    );
    const range = summary.count === 0 ? '' : ` (seq ${summary.firstSeq ?? ''}..${summary.lastSeq ?? ''})`;
    context.stdout(`${summary.count} audit events of ${tenant}${range} written to ${path}\n`);
    return EXIT.ok;
  };
}

function checkpoint(argv: readonly string[], context: CliContext, now: () => Date): Prepared {
  const args = parseCommandArgs(
    argv,
    { tenant: { type: 'string' }, out: { type: 'string' } },
    CheckpointArgs,
    checkpointUsage,
  );
  const tenant = args.tenant;
  const path = resolvePath(context, args.out);
  return async (db) => {
    let head: AuditCheckpoint;
    try {
      head = await createAuditCheckpoint(createAuditRepository(db), tenant, now());
    } catch (e) {
      if (e instanceof AuditCheckpointError) throw new CliError(e.message, EXIT.failure, { cause: e });
      throw e;
    }
    await writeAtomically(path, (tmp) => writeFile(tmp, `${JSON.stringify(head, null, 2)}\n`, 'utf8'));
    context.stdout(
      `checkpoint of ${tenant} at seq ${head.seq}/${head.rowHash} written to ${path}\n` +
        '(unsigned: store it off the database; pass it to `audit verify --checkpoint` to detect truncation)\n',
    );
    return EXIT.ok;
  };
}

const SUBCOMMANDS = ['verify', 'export', 'checkpoint'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

function isSubcommand(name: string | undefined): name is Subcommand {
  return (SUBCOMMANDS as readonly (string | undefined)[]).includes(name);
}

/**
 * Builds the `audit` command over injectable dependencies; {@link auditCommand} is the one wired into
 * the CLI. The command only parses, opens the database and prints; the work is in `backend/src/audit`.
 */
export function createAuditCommand(deps: Partial<AuditCommandDeps> = {}): Command {
  const open = deps.openDb ?? openProductDb;
  const now = deps.now ?? (() => new Date());
  return {
    summary: 'verify, export or checkpoint the hash-chained audit trail of the database',
    usage,
    async run(argv, context) {
      const [sub, ...rest] = argv;
      if (!isSubcommand(sub)) {
        const what = sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`;
        throw new CliError(`${what}\nusage: ${usage}`, EXIT.usage);
      }
      // Arguments and checkpoint files first: a usage error must not create or migrate a database.
      const work =
        sub === 'verify'
          ? await verify(rest, context)
          : sub === 'export'
            ? exportEvents(rest, context)
            : checkpoint(rest, context, now);
      const db = await open();
      try {
        return await work(db);
      } finally {
        await db.close();
      }
    },
  };
}

/** `audit`: the audit trail's verifier, exporter and checkpoint writer (PLATFORMS.md 3.4). */
export const auditCommand: Command = createAuditCommand();
