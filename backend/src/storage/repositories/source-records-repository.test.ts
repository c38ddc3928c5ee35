import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../testing/db';
import type { Db } from '../db';
import {
  createSourceRecordsRepository,
  type SourceRecord,
  type SourceRecordsRepository,
} from './source-records-repository';

function order(
  ref: string,
  accountId: string,
  minute: number,
  extra: Record<string, unknown> = {},
): SourceRecord {
  return {
    source: 'shop',
    kind: 'order',
    ref,
    data: { accountId, total: 120, ...extra },
    observedAt: new Date(Date.UTC(2024, 4, 1) + minute * 60_000).toISOString(),
  };
}

describe('source records repository', () => {
  let db: Db;
  let records: SourceRecordsRepository;
  beforeAll(async () => {
    db = await createTestDb();
    records = createSourceRecordsRepository(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('upserts by (source, kind, ref) and counts inserts and updates', async () => {
    expect(
      await records.upsertMany('sr', [
        order('o1', 'acme', 1),
        order('o2', 'acme', 2),
        order('o3', 'globex', 3),
      ]),
    ).toEqual({
      inserted: 3,
      updated: 0,
    });
    expect(
      await records.upsertMany('sr', [
        order('o1', 'acme', 1, { status: 'refunded' }),
        order('o4', 'acme', 4),
      ]),
    ).toEqual({
      inserted: 1,
      updated: 1,
    });
    expect(await records.get('sr', { source: 'shop', kind: 'order', ref: 'o1' })).toEqual(
      order('o1', 'acme', 1, { status: 'refunded' }),
    );
  });

  it('finds by source and kind, newest first', async () => {
    const found = await records.findBySource('sr', 'shop', 'order');
    expect(found.map((r) => r.ref)).toEqual(['o4', 'o3', 'o2', 'o1']);
    expect(await records.findBySource('sr', 'shop', 'invoice')).toEqual([]);
  });

  it('filters on data fields as text, all of them', async () => {
    expect(
      (await records.find('sr', { kind: 'order', where: { accountId: 'acme' } })).map((r) => r.ref),
    ).toEqual(['o4', 'o2', 'o1']);
    expect(
      (await records.find('sr', { kind: 'order', where: { accountId: 'acme', status: 'refunded' } })).map(
        (r) => r.ref,
      ),
    ).toEqual(['o1']);
    // Numbers compare as their text form.
    expect(await records.find('sr', { kind: 'order', where: { total: '120' }, limit: 2 })).toHaveLength(2);
    expect(
      (await records.find('sr', { kind: 'order', observedSince: '2024-05-01T00:03:00.000Z' })).map(
        (r) => r.ref,
      ),
    ).toEqual(['o4', 'o3']);
    // Field names are parameters, not SQL.
    expect(await records.find('sr', { kind: 'order', where: { "x' OR '1'='1": 'y' } })).toEqual([]);
  });

  it('keeps tenants apart', async () => {
    await records.upsertMany('sr-other', [order('o1', 'acme', 9, { secret: true })]);
    expect(await records.get('sr', { source: 'shop', kind: 'order', ref: 'o1' })).not.toMatchObject({
      data: { secret: true },
    });
    expect(await records.find('sr-other', { kind: 'order', where: { accountId: 'acme' } })).toHaveLength(1);
    expect(await records.findBySource('sr-none', 'shop', 'order')).toEqual([]);
  });

  it('rejects a non-ISO observedAt before writing anything', async () => {
    await expect(
      records.upsertMany('sr-bad', [
        order('ok', 'a', 1),
        { ...order('bad', 'a', 2), observedAt: 'yesterday' },
      ]),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await records.findBySource('sr-bad', 'shop', 'order')).toEqual([]);
  });
});
