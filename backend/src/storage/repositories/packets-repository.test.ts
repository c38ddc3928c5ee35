import type { Evidence, TriagePacket } from '@triage/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../testing/db';
import type { Db } from '../db';
import { createCasesRepository } from './cases-repository';
import { createPacketsRepository, type PacketsRepository } from './packets-repository';

function evidence(id: string, overrides: Partial<Evidence> = {}): Evidence {
  return {
    id,
    source: 'crm',
    kind: 'account',
    title: `Evidence ${id}`,
    excerpt: 'Tier: gold',
    url: null,
    observedAt: '2024-05-01T10:00:00.000Z',
    redactions: [],
    sensitive: false,
    attributes: { tier: 'gold' },
    ...overrides,
  };
}

function packet(tenant: string, id: string, overrides: Partial<TriagePacket> = {}): TriagePacket {
  const because = [{ kind: 'rule' as const, ruleId: 'r1', detail: 'test' }];
  return {
    id,
    tenant,
    caseRef: 'case-1',
    subject: 'Login fails',
    builtAt: '2024-05-01T10:00:00.000Z',
    engineVersion: '1.0.0',
    inputsDigest: 'a'.repeat(64),
    modelVersion: null,
    classification: [{ dimension: 'product', value: 'sso', confidence: 0.9, because }],
    flags: [{ flag: 'routine', raised: false, confidence: 0.8, because }],
    evidence: [evidence('e2'), evidence('e1', { kind: 'order', source: 'shop' })],
    missing: [],
    matches: [],
    route: {
      queue: 'identity',
      confidence: 0.9,
      needsHuman: false,
      threshold: 0.6,
      alternatives: [],
      because,
    },
    firstAction: { text: 'Check the IdP certificate', because },
    timeline: [{ at: '2024-05-01T09:00:00.000Z', kind: 'created', summary: 'Case opened' }],
    drafts: [],
    proposedActions: [],
    completeness: { score: 1, sources: [{ source: 'crm', status: 'ok', latencyMs: 12, items: 1 }] },
    ...overrides,
  };
}

describe('packets repository', () => {
  let db: Db;
  let packets: PacketsRepository;
  beforeAll(async () => {
    db = await createTestDb();
    packets = createPacketsRepository(db);
    const cases = createCasesRepository(db);
    for (const tenant of ['p-a', 'p-b', 'p-atomic']) {
      await cases.upsert(tenant, { id: 'case-1', subject: 'Login fails' });
    }
  });
  afterAll(async () => {
    await db.close();
  });

  it('saves a packet with its evidence and returns the latest per case', async () => {
    const older = packet('p-a', 'pk-old', { builtAt: '2024-05-01T10:00:00.000Z' });
    const newer = packet('p-a', 'pk-new', { builtAt: '2024-05-01T11:00:00.000Z', subject: 'Newer' });
    await packets.save('p-a', newer);
    await packets.save('p-a', older);

    expect(await packets.latestForCase('p-a', 'case-1')).toEqual(newer);
    expect(await packets.get('p-a', 'pk-old')).toEqual(older);
    expect((await packets.evidenceOf('p-a', 'pk-new')).map((e) => e.id)).toEqual(['e2', 'e1']);
    expect(await packets.latestForCase('p-a', 'no-such-case')).toBeNull();
  });

  it('breaks a builtAt tie by the later save', async () => {
    const builtAt = '2024-06-01T00:00:00.000Z';
    await packets.save('p-a', packet('p-a', 'tie-1', { builtAt }));
    await packets.save('p-a', packet('p-a', 'tie-2', { builtAt }));
    expect((await packets.latestForCase('p-a', 'case-1'))?.id).toBe('tie-2');
  });

  it('keeps tenants apart', async () => {
    await packets.save('p-b', packet('p-b', 'pk-b'));
    expect(await packets.get('p-a', 'pk-b')).toBeNull();
    expect(await packets.evidenceOf('p-a', 'pk-b')).toEqual([]);
    expect((await packets.latestForCase('p-b', 'case-1'))?.id).toBe('pk-b');
    await expect(packets.save('p-a', packet('p-b', 'pk-forged'))).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('requires the case to be stored in the same tenant', async () => {
    await expect(packets.save('p-c', packet('p-c', 'pk-orphan'))).rejects.toMatchObject({
      code: 'foreign_key_violation',
    });
  });

  it('writes neither the packet nor any evidence when the evidence insert fails', async () => {
    // Two evidence items with one id: the packet row goes in first, then the evidence statement fails.
    const broken = packet('p-atomic', 'pk-broken', { evidence: [evidence('dup'), evidence('dup')] });
    await expect(packets.save('p-atomic', broken)).rejects.toMatchObject({ code: 'unique_violation' });

    expect(await packets.get('p-atomic', 'pk-broken')).toBeNull();
    const counts = await db.query<{ packets: number; evidence: number }>(
      `SELECT (SELECT count(*) FROM packets WHERE tenant_id = $1) AS packets,
              (SELECT count(*) FROM evidence WHERE tenant_id = $1) AS evidence`,
      ['p-atomic'],
    );
    expect(counts).toEqual([{ packets: 0, evidence: 0 }]);
  });

  it('rolls back with the caller’s transaction', async () => {
    await expect(
      db.transaction(async (tx) => {
        await createPacketsRepository(tx).save('p-atomic', packet('p-atomic', 'pk-outer'));
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect(await packets.get('p-atomic', 'pk-outer')).toBeNull();
    expect(await packets.evidenceOf('p-atomic', 'pk-outer')).toEqual([]);
  });
});
