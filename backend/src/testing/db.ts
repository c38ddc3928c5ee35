import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import type { Db } from '../storage/db';
import { migrate } from '../storage/migrate';
import { openPgDb } from '../storage/pg-db';
import { openPgliteDb } from '../storage/pglite-db';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a migrated PGlite data-folder tarball to clone per test file; null on PostgreSQL runs. */
    pgliteTemplatePath: string | null;
  }
}
/**
 * A fresh, migrated database for one test file, isolated from every other file's:
 * - default: an in-memory PGlite cloned from the run's migrated template (see `db-global-setup.ts`);
 * - with `TEST_DATABASE_URL` set: a new schema with a random name on that PostgreSQL, which `close()`
 *   drops again (`npm run test:pg` sets the variable).
 *
 * Files share nothing; tests within a file share the database, so give each test its own tenant.
 *
 * @example
 * let db: Db;
 * beforeAll(async () => { db = await createTestDb(); });
 * afterAll(async () => { await db.close(); });
 */
export async function createTestDb(): Promise<Db> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return createPostgresTestDb(url);
  const template = templatePath();
  if (template === null) {
    // No global setup ran (another vitest config): pay for initdb here instead.
    const db = await openPgliteDb({ inMemory: true });
    await migrate(db);
    return db;
  }
  const bytes = await readFile(template);
  return openPgliteDb({ inMemory: true, loadDataDir: new Blob([new Uint8Array(bytes)]) });
}

/** Which database the tests run on, for the rare assertion that differs (none should). */
export function testDbKind(): Db['kind'] {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

function templatePath(): string | null {
  try {
    return inject('pgliteTemplatePath');
  } catch {
    return null;
  }
}

async function createPostgresTestDb(url: string): Promise<Db> {
  // Lower-case letters and digits only: safe to splice into DDL and into the search_path option.
  const schema = `triage_test_${randomBytes(6).toString('hex')}`;
  await admin(url, `CREATE SCHEMA ${schema}`);
  const db = openPgDb({
    connectionString: url,
    options: `-c search_path=${schema}`,
    max: 5,
    applicationName: 'triage-desk-tests',
  });
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    await admin(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    throw e;
  }
  return new SchemaScopedDb(db, async () => {
    await admin(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'triage-desk-tests' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Delegates to the pool and drops the test schema on close. */
class SchemaScopedDb implements Db {
  readonly kind: Db['kind'];

  constructor(
    private readonly inner: Db,
    private readonly dropSchema: () => Promise<void>,
  ) {
    this.kind = inner.kind;
  }

  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.inner.query<T>(sql, params);
  }

  exec(sql: string): Promise<void> {
    return this.inner.exec(sql);
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.inner.transaction(fn);
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.dropSchema();
  }
}
