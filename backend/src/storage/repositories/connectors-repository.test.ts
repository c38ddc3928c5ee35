import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../testing/db';
import type { Db } from '../db';
import { createConnectorsRepository } from './connectors-repository';

let db: Db;

beforeAll(async () => {
  db = await createTestDb();
});

afterAll(async () => {
  await db.close();
});

describe('connectors repository', () => {
  it('stores, lists, keeps secrets on update without new ones, and isolates tenants', async () => {
    const repo = createConnectorsRepository(db);
    await repo.upsert('acme', {
      id: 'crm',
      type: 'hubspot',
      config: { portalId: '1' },
      sealedSecrets: 'v1.k.x.y.z',
      enabled: true,
    });
    const updated = await repo.upsert('acme', {
      id: 'crm',
      type: 'hubspot',
      config: { portalId: '2' },
      enabled: false,
    });
    expect(updated).toMatchObject({ config: { portalId: '2' }, sealedSecrets: 'v1.k.x.y.z', enabled: false });
    const cleared = await repo.upsert('acme', {
      id: 'crm',
      type: 'hubspot',
      config: { portalId: '2' },
      sealedSecrets: null,
      enabled: true,
    });
    expect(cleared.sealedSecrets).toBeNull();
    expect(await repo.get('globex', 'crm')).toBeNull();
    expect(await repo.list('globex')).toEqual([]);
    expect((await repo.list('acme')).map((c) => c.id)).toEqual(['crm']);
    expect(await repo.remove('globex', 'crm')).toBe(false);
    expect(await repo.remove('acme', 'crm')).toBe(true);
    expect(await repo.list('acme')).toEqual([]);
  });

  it('refuses ids that are not simple slugs', async () => {
    const repo = createConnectorsRepository(db);
    await expect(
      repo.upsert('acme', { id: 'Bad Id', type: 'x', config: {}, enabled: true }),
    ).rejects.toThrow();
  });
});
