import pg from 'pg';
import type { PoolClient, PoolConfig } from 'pg';
import { PARSERS, StorageError, type Db } from './db';

/** Options for {@link openPgDb}. */
export interface PgDbOptions {
  connectionString: string;
  /** Pool size; pg's default is 10. */
  max?: number;
  /**
   * Extra server settings sent at connect time, e.g. `-c search_path=test_abc`. `TimeZone=UTC` is
   * always added so server-side date arithmetic matches PGlite's (which runs in UTC).
   */
  options?: string;
  /** Application name shown in `pg_stat_activity`. */
  applicationName?: string;
  /**
   * Called when an idle pooled connection fails (server restart, network). pg removes the client from
   * the pool itself; without a listener Node would crash on the unhandled `error` event.
   */
  onIdleError?: (error: Error) => void;
}

/** This pool's parsers: the shared table first, pg's defaults for every other type. */
const getTypeParser: typeof pg.types.getTypeParser = (oid, format) => {
  const own = format === 'binary' ? undefined : PARSERS[oid];
  if (own !== undefined) return own;
  const fallback: unknown = pg.types.getTypeParser(oid, format);
  return fallback;
};

/**
 * Opens a `pg` pool behind the {@link Db} port. Type parsers are set on this pool's clients only
 * (not `pg.types` globally), so another library sharing the process keeps pg's defaults.
 * Connects lazily: the first query reports an unreachable server.
 */
export function openPgDb(options: PgDbOptions): Db {
  const config: PoolConfig = {
    connectionString: options.connectionString,
    options: ['-c TimeZone=UTC', options.options].filter(Boolean).join(' '),
    application_name: options.applicationName ?? 'triage-desk',
    types: { getTypeParser },
  };
  if (options.max !== undefined) config.max = options.max;
  const pool = new pg.Pool(config);
  pool.on('error', (error) => options.onIdleError?.(error));
  return new PgPoolDb(pool);
}

class PgPoolDb implements Db {
  readonly kind = 'postgres' as const;
  #closed = false;

  constructor(private readonly pool: pg.Pool) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    // Always the extended protocol (params array, even empty): one statement, values never spliced.
    const result = await this.pool.query(sql, [...params]);
    return result.rows as T[];
  }

  async exec(sql: string): Promise<void> {
    // No params: pg uses the simple protocol, which accepts several statements.
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const result = await fn(new PgClientDb(client, 1));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection is unusable; destroy it instead of returning it to the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error('rollback failed');
        }
        throw e;
      }
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.pool.end();
  }
}

/** A transaction on one checked-out client; nested transactions are savepoints. */
class PgClientDb implements Db {
  readonly kind = 'postgres' as const;

  constructor(
    private readonly client: PoolClient,
    private readonly depth: number,
  ) {}

  async query<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const result = await this.client.query(sql, [...params]);
    return result.rows as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const savepoint = `sp_${this.depth}`;
    await this.client.query(`SAVEPOINT ${savepoint}`);
    try {
      const result = await fn(new PgClientDb(this.client, this.depth + 1));
      await this.client.query(`RELEASE SAVEPOINT ${savepoint}`);
      return result;
    } catch (e) {
      await this.client.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      throw e;
    }
  }

  close(): Promise<void> {
    return Promise.reject(new StorageError('invalid_input', 'close the root Db, not a transaction handle'));
  }
}
