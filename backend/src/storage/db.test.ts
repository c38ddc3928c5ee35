import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { parsePgTimestamp, StorageError, type Db } from './db';

describe('Db port', () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
    await db.exec(`
      CREATE TABLE port_probe (id int PRIMARY KEY, at timestamptz, doc jsonb, big bigint, amount numeric, day date);
    `);
  });
  afterAll(async () => {
    await db.close();
  });

  it('returns the same JS values on both drivers', async () => {
    await db.query('INSERT INTO port_probe VALUES ($1, $2, $3::jsonb, $4, $5, $6)', [
      1,
      '2024-05-01T12:34:56.789+02:00',
      JSON.stringify({ a: [1, 'x', null], b: { c: true } }),
      9_007_199_254_740_991,
      '12.50',
      '2024-05-01',
    ]);
    const rows = await db.query('SELECT id, at, doc, big, amount, day FROM port_probe WHERE id = $1', [1]);
    expect(rows).toEqual([
      {
        id: 1,
        at: '2024-05-01T10:34:56.789Z',
        doc: { a: [1, 'x', null], b: { c: true } },
        big: 9_007_199_254_740_991,
        amount: '12.50',
        day: '2024-05-01',
      },
    ]);
    const [counted] = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM port_probe');
    expect(counted?.n).toBe(1);
  });

  it('runs server-side time in UTC on both', async () => {
    const [row] = await db.query<{ tz: string }>('SELECT current_setting($1) AS tz', ['TimeZone']);
    expect(row?.tz).toMatch(/^(UTC|Etc\/UTC)$/);
  });

  it('commits a transaction that resolves and rolls back one that rejects', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO port_probe (id) VALUES (2)');
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO port_probe (id) VALUES (3)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const ids = await db.query<{ id: number }>('SELECT id FROM port_probe WHERE id IN (2, 3) ORDER BY id');
    expect(ids).toEqual([{ id: 2 }]);
  });

  it('nests transactions as savepoints', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO port_probe (id) VALUES (4)');
      await expect(
        tx.transaction(async (inner) => {
          await inner.query('INSERT INTO port_probe (id) VALUES (5)');
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
      await tx.transaction(async (inner) => {
        await inner.query('INSERT INTO port_probe (id) VALUES (6)');
      });
    });
    const ids = await db.query<{ id: number }>('SELECT id FROM port_probe WHERE id IN (4, 5, 6) ORDER BY id');
    expect(ids).toEqual([{ id: 4 }, { id: 6 }]);
  });

  it('runs multi-statement scripts with exec', async () => {
    await db.exec('INSERT INTO port_probe (id) VALUES (7); INSERT INTO port_probe (id) VALUES (8);');
    const ids = await db.query<{ id: number }>('SELECT id FROM port_probe WHERE id IN (7, 8) ORDER BY id');
    expect(ids).toEqual([{ id: 7 }, { id: 8 }]);
  });

  it('refuses to close a transaction handle', async () => {
    await db.transaction(async (tx) => {
      await expect(tx.close()).rejects.toBeInstanceOf(StorageError);
    });
  });
});

describe('parsePgTimestamp', () => {
  it.each([
    ['2024-05-01 10:00:00+00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01 10:00:00.123456+00', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01 12:00:00+02', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01 15:30:00+05:30', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01 10:00:00', '2024-05-01T10:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parsePgTimestamp(text)).toBe(iso);
  });
});
