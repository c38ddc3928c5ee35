import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDb } from '../../testing/db';
import type { Db } from '../db';
import { createModelsRepository, type ModelsRepository } from './models-repository';
import { createTenantsRepository, type TenantsRepository } from './tenants-repository';

const Model = z.object({ weights: z.array(z.number()) });

describe('models repository', () => {
  let db: Db;
  let models: ModelsRepository;
  beforeAll(async () => {
    db = await createTestDb();
    models = createModelsRepository(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('returns the latest model per tenant, parsed with the caller’s schema', async () => {
    expect(await models.latest('m', Model)).toBeNull();
    await models.save('m', {
      version: 'v1',
      trainedOn: 10,
      model: { weights: [1] },
      createdAt: '2024-05-01T00:00:00Z',
    });
    await models.save('m', {
      version: 'v2',
      trainedOn: 20,
      model: { weights: [2] },
      createdAt: '2024-05-02T00:00:00Z',
    });
    await models.save('m-other', { version: 'v9', trainedOn: 5, model: { weights: [9] } });
    expect(await models.latest('m', Model)).toEqual({
      version: 'v2',
      createdAt: '2024-05-02T00:00:00.000Z',
      activatedAt: '2024-05-02T00:00:00.000Z',
      retiredAt: null,
      trainedOn: 20,
      trainingDigest: null,
      metrics: {},
      model: { weights: [2] },
    });
    expect((await models.latest('m-other', Model))?.version).toBe('v9');
  });

  it('keeps every version with its digest and metrics; rolling back retires the current one', async () => {
    const at = (day: number) => `2024-06-0${day}T00:00:00Z`;
    for (const [i, version] of ['r1', 'r2', 'r3'].entries()) {
      await models.save('r', {
        version,
        trainedOn: 100 * (i + 1),
        trainingDigest: `sha256:${version}`,
        metrics: { queue: { accuracy: 0.5 + i / 10 } },
        model: { weights: [i] },
        createdAt: at(i + 1),
      });
    }
    expect((await models.latest('r', Model))?.version).toBe('r3');
    expect(await models.rollback('r', at(5))).toEqual({ retired: 'r3', current: 'r2' });
    const current = await models.latest('r', Model);
    expect(current).toMatchObject({
      version: 'r2',
      trainedOn: 200,
      trainingDigest: 'sha256:r2',
      metrics: { queue: { accuracy: 0.6 } },
      model: { weights: [1] },
    });
    expect((await models.list('r')).map((m) => [m.version, m.retiredAt])).toEqual([
      ['r2', null],
      ['r1', null],
      ['r3', '2024-06-05T00:00:00.000Z'],
    ]);
    expect(await models.has('r', 'r3')).toBe(true);
    expect(await models.has('r', 'r9')).toBe(false);
    expect(await models.rollback('r')).toEqual({ retired: 'r2', current: 'r1' });
    // The last version is never retired: there would be nothing to use.
    expect(await models.rollback('r')).toBeNull();
    expect((await models.latest('r', Model))?.version).toBe('r1');
  });

  it('refuses a duplicate version and a model that does not match the schema', async () => {
    await expect(models.save('m', { version: 'v1', trainedOn: 1, model: {} })).rejects.toMatchObject({
      code: 'unique_violation',
    });
    await models.save('m-bad', { version: 'v1', trainedOn: 1, model: { weights: 'no' } });
    await expect(models.latest('m-bad', Model)).rejects.toMatchObject({ code: 'corrupt_row' });
  });
});

describe('tenants repository', () => {
  let db: Db;
  let tenants: TenantsRepository;
  beforeAll(async () => {
    db = await createTestDb();
    tenants = createTenantsRepository(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('upserts and reads a tenant with its config', async () => {
    const created = await tenants.upsert({
      id: 'acme',
      name: 'Acme',
      config: { templates: [{ id: 'ack' }] },
    });
    expect(created).toMatchObject({ id: 'acme', name: 'Acme', config: { templates: [{ id: 'ack' }] } });
    await tenants.upsert({ id: 'acme', name: 'Acme Inc', config: { threshold: 0.6 } });
    const read = await tenants.get('acme');
    expect(read).toMatchObject({
      id: 'acme',
      name: 'Acme Inc',
      config: { threshold: 0.6 },
      createdAt: created.createdAt,
    });
    expect(await tenants.get('globex')).toBeNull();
  });
});
