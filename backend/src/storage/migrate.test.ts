import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import type { Db } from './db';
import { migrate, readMigrations } from './migrate';

describe('migrate', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('records every migration once and applies nothing on a second run', async () => {
    const migrations = await readMigrations();
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(migrations.map((m) => m.version));
    const rows = await db.query<{ version: string; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations ORDER BY version',
    );
    expect(rows).toEqual(migrations.map((m) => ({ version: m.version, checksum: m.checksum })));
  });

  it('is safe when several processes migrate at once', async () => {
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    for (const result of results) expect(result.applied).toEqual([]);
    const [{ count } = { count: -1 }] = await db.query<{ count: number }>(
      'SELECT count(*) AS count FROM schema_migrations',
    );
    expect(count).toBe((await readMigrations()).length);
  });

  it('refuses to run when an applied migration was edited', async () => {
    await db
      .transaction(async (tx) => {
        await tx.query("UPDATE schema_migrations SET checksum = 'edited' WHERE version = '0001_initial'");
        await expect(migrate(tx)).rejects.toMatchObject({ code: 'migration_failed' });
        // Roll the edit back by failing the transaction on purpose.
        throw new Error('rollback');
      })
      .catch((e: unknown) => {
        if (!(e instanceof Error) || e.message !== 'rollback') throw e;
      });
    expect((await migrate(db)).applied).toEqual([]);
  });
});
