import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../common/hashing';
import { StorageError, toStorageError, type Db } from './db';

/**
 * Where the `.sql` migrations are read from at runtime.
 *
 * They stay plain `.sql` files (reviewable, runnable with psql) instead of strings compiled into the
 * bundle. From source (tsx, vitest) this resolves to `backend/src/storage/migrations/`. In the esbuild
 * bundle `import.meta.url` is `backend/dist/<entry>.js`, so it resolves to `backend/dist/migrations/`:
 * the backend build script copies `src/storage/migrations/` there. Callers with another layout pass
 * `migrationsDir` explicitly.
 */
export const DEFAULT_MIGRATIONS_DIR: URL = new URL('./migrations/', import.meta.url);

/** Migration file names: a zero-padded number, an underscore, a slug. Sorting them sorts by number. */
const MIGRATION_FILE = /^(\d{4})_[a-z0-9_-]+\.sql$/;

/**
 * Key for `pg_advisory_xact_lock` while migrating: the same on every process, so two servers starting
 * at once apply each migration once (the second waits, then sees it recorded). Any constant unlikely to
 * be chosen elsewhere does; this is "TDMG" in ASCII.
 */
const MIGRATION_LOCK_KEY = 0x54444d47;

/** One migration file, as read from disk. */
export interface Migration {
  /** File name without `.sql`, e.g. `0001_initial`; the key recorded in `schema_migrations`. */
  version: string;
  sql: string;
  /** SHA-256 of the file, to refuse to run when an applied migration was edited afterwards. */
  checksum: string;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

/** Reads the migrations in a directory, in order. */
export async function readMigrations(dir: URL | string = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  let names: string[];
  try {
    names = await readdir(path);
  } catch (e) {
    throw new StorageError('migration_failed', `cannot read the migrations folder ${path}`, { cause: e });
  }
  const files = names.filter((name) => name.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const name of files) {
    if (!MIGRATION_FILE.test(name)) {
      throw new StorageError('migration_failed', `migration file name ${name} is not NNNN_slug.sql`);
    }
    const sql = await readFile(`${path}/${name}`, 'utf8');
    migrations.push({ version: name.slice(0, -'.sql'.length), sql, checksum: sha256Hex(sql) });
  }
  if (migrations.length === 0) throw new StorageError('migration_failed', `no migrations found in ${path}`);
  return migrations;
}

/**
 * Applies the pending migrations in order, each once, each in its own transaction together with its
 * row in `schema_migrations`, so a failed migration leaves nothing behind. Safe when several processes
 * start at once against one PostgreSQL: every transaction first takes a transaction-scoped advisory
 * lock and re-reads what is applied. Objects are created in the connection's `search_path` schema.
 *
 * Pass `migrations` (from {@link readMigrations}) to read them before opening the database.
 *
 * @throws StorageError `migration_failed` if a migration fails, or if an applied migration's file has
 * changed since (edit a migration by adding a new one).
 */
export async function migrate(
  db: Db,
  options: { migrationsDir?: URL | string; migrations?: readonly Migration[] } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? (await readMigrations(options.migrationsDir));
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    const applied = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      // Created under the lock: two concurrent CREATE TABLE IF NOT EXISTS can still collide in pg_type.
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const rows = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      const existing = rows[0];
      if (existing !== undefined) {
        if (existing.checksum !== migration.checksum) {
          throw new StorageError(
            'migration_failed',
            `migration ${migration.version} was changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      try {
        await tx.exec(migration.sql);
      } catch (e) {
        const cause = toStorageError(e, `migration ${migration.version}`);
        throw new StorageError('migration_failed', `migration ${migration.version} failed`, { cause });
      }
      await tx.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [
        migration.version,
        migration.checksum,
      ]);
      return true;
    });
    (applied ? result.applied : result.alreadyApplied).push(migration.version);
  }
  return result;
}
