import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR } from './migrate';
import { openDb } from './open-db';
import { createTenantsRepository } from './repositories/tenants-repository';

describe('openDb', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-open-db-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // initdb on disk plus a reopen: seconds on a quiet machine, much more on a busy CI runner. PGlite-only
  // behaviour, so the PostgreSQL run (test:pg) skips it rather than pay for it twice.
  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    'persists PGlite under <dataDir>/pglite, migrating from a copied folder as the bundle does',
    { timeout: 120_000 },
    async () => {
      // The build copies src/storage/migrations next to the bundle; reading from a copy is that path.
      const migrationsDir = join(dir, 'dist', 'migrations');
      await cp(fileURLToPath(DEFAULT_MIGRATIONS_DIR), migrationsDir, { recursive: true });
      const dataDir = join(dir, 'data');

      const db = await openDb({ dataDir, migrationsDir });
      expect(db.kind).toBe('pglite');
      await createTenantsRepository(db).upsert({ id: 'acme', name: 'Acme', config: {} });
      await db.close();
      expect((await stat(join(dataDir, 'pglite', 'PG_VERSION'))).isFile()).toBe(true);

      const reopened = await openDb({ dataDir, databaseUrl: '' });
      expect(await createTenantsRepository(reopened).get('acme')).toMatchObject({ name: 'Acme' });
      await reopened.close();
    },
  );

  it('fails before opening anything when the migrations folder is missing', async () => {
    await expect(openDb({ inMemory: true, migrationsDir: join(dir, 'nowhere') })).rejects.toMatchObject({
      code: 'migration_failed',
    });
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))('opens PostgreSQL when a URL is given', async () => {
    const db = await openDb({ databaseUrl: process.env.TEST_DATABASE_URL, dataDir: dir, migrate: false });
    expect(db.kind).toBe('postgres');
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await db.close();
  });
});
