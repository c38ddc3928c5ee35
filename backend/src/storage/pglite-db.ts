import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { PARSERS, StorageError, type Db } from './db';

/** Options for {@link openPgliteDb}. */
export type PgliteDbOptions =
  /** Persisted in this folder (created if missing). One process per folder: PGlite takes no lock. */
  | { dataDir: string }
  /** In memory, gone on close; optionally starting from a `dumpDataDir` tarball (test clones). */
  | { inMemory: true; loadDataDir?: Blob };

/**
 * Opens an embedded PGlite (WASM PostgreSQL) behind the {@link Db} port. PGlite runs one connection:
 * queries queue, and a transaction holds the instance until it ends.
 */
export async function openPgliteDb(options: PgliteDbOptions): Promise<Db> {
  const parsers = { ...PARSERS };
  let pglite: PGlite;
  if ('dataDir' in options) {
    await mkdir(options.dataDir, { recursive: true });
    pglite = await PGlite.create(options.dataDir, { parsers });
  } else {
    pglite = await PGlite.create(
      options.loadDataDir === undefined ? { parsers } : { parsers, loadDataDir: options.loadDataDir },
    );
  }
  return new PgliteDb(pglite);
}

/** A {@link Db} that also exposes PGlite's data-folder dump, for the test harness's template. */
export interface PgliteDbHandle extends Db {
  readonly kind: 'pglite';
  /** An uncompressed tarball of the data folder, loadable with `{ inMemory: true, loadDataDir }`. */
  dumpDataDir(): Promise<Blob>;
}

/** Narrows a {@link Db} to the PGlite adapter (for dump/load in tests). */
export function isPgliteDbHandle(db: Db): db is PgliteDbHandle {
  return db instanceof PgliteDb;
}

class PgliteDb implements PgliteDbHandle {
  readonly kind = 'pglite' as const;

  constructor(private readonly pglite: PGlite) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.pglite.query<T>(sql, [...params]);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.pglite.exec(sql);
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.pglite.transaction((tx) => fn(new PgliteTxDb(tx, 1)));
  }

  dumpDataDir(): Promise<Blob> {
    // 'none': the tarball only crosses a temp file within one test run; gzip would cost more than it saves.
    return this.pglite.dumpDataDir('none');
  }

  async close(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

class PgliteTxDb implements Db {
  readonly kind = 'pglite' as const;

  constructor(
    private readonly tx: Transaction,
    private readonly depth: number,
  ) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.tx.query<T>(sql, [...params]);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.tx.exec(sql);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const savepoint = `sp_${this.depth}`;
    await this.tx.exec(`SAVEPOINT ${savepoint}`);
    try {
      const result = await fn(new PgliteTxDb(this.tx, this.depth + 1));
      await this.tx.exec(`RELEASE SAVEPOINT ${savepoint}`);
      return result;
    } catch (e) {
      await this.tx.exec(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      throw e;
    }
  }

  close(): Promise<void> {
    return Promise.reject(new StorageError('invalid_input', 'close the root Db, not a transaction handle'));
  }
}
