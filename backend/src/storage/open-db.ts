import { join } from 'node:path';
import type { Db } from './db';
import { migrate, readMigrations } from './migrate';
import { openPgDb } from './pg-db';
import { openPgliteDb } from './pglite-db';

/** Options for {@link openDb}. */
export type OpenDbOptions = (
  | {
      /** `postgres://…`: use that PostgreSQL. Empty or absent: embedded PGlite under `dataDir`. */
      databaseUrl?: string | undefined;
      /** The app's data folder; PGlite keeps its files in `<dataDir>/pglite`. */
      dataDir: string;
      /** Pool size on PostgreSQL. */
      poolSize?: number;
      /** Called when an idle pooled PostgreSQL connection fails (pass the logger). */
      onIdleError?: (error: Error) => void;
    }
  | {
      /** A throwaway embedded database (tests, one-off CLI runs). */
      inMemory: true;
    }
) & {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Where the `.sql` migrations are; see `DEFAULT_MIGRATIONS_DIR`. */
  migrationsDir?: URL | string;
};

/**
 * Opens the database the configuration asks for and brings its schema up to date: PostgreSQL when a
 * `databaseUrl` is given (the production path), otherwise PGlite persisted in `<dataDir>/pglite`
 * (so `npm start` needs no server), or an in-memory PGlite.
 *
 * @example
 * const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: './data' });
 *
 * @throws StorageError `migration_failed` when a migration fails, or a driver error when PostgreSQL
 * is unreachable. After a failed migration the database is closed before the error propagates.
 */
export async function openDb(options: OpenDbOptions): Promise<Db> {
  // Read the files first: a missing migrations folder fails before any database work.
  const migrations = options.migrate === false ? [] : await readMigrations(options.migrationsDir);
  let db: Db;
  if ('inMemory' in options) {
    db = await openPgliteDb({ inMemory: true });
  } else if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    db = openPgDb({
      connectionString: options.databaseUrl,
      ...(options.poolSize === undefined ? {} : { max: options.poolSize }),
      ...(options.onIdleError === undefined ? {} : { onIdleError: options.onIdleError }),
    });
  } else {
    db = await openPgliteDb({ dataDir: join(options.dataDir, 'pglite') });
  }
  if (options.migrate !== false) {
    try {
      await migrate(db, { migrations });
    } catch (e) {
      await db.close().catch(() => undefined);
      throw e;
    }
  }
  return db;
}
