import type { CaseRecord } from '@triage/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../testing/db';
import type { Db } from '../db';
import { createCasesRepository, type CasesRepository, type StoredCase } from './cases-repository';

function caseRecord(overrides: Partial<CaseRecord> & { id: string }): CaseRecord {
  return { subject: `Subject of ${overrides.id}`, status: 'open', ...overrides };
}

/** Minutes after a fixed instant, as ISO. */
function at(minute: number): string {
  return new Date(Date.UTC(2024, 4, 1, 9, 0, 0) + minute * 60_000).toISOString();
}

describe('cases repository', () => {
  let db: Db;
  let cases: CasesRepository;
  beforeAll(async () => {
    db = await createTestDb();
    cases = createCasesRepository(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('counts inserts, updates and unchanged records', async () => {
    const tenant = 'counts';
    const first = await cases.upsertMany(tenant, [
      caseRecord({ id: '1', created_at: at(1) }),
      caseRecord({ id: '2', created_at: at(2) }),
      caseRecord({ id: '3', created_at: at(3) }),
    ]);
    expect(first).toEqual({ inserted: 3, updated: 0, unchanged: 0 });

    const second = await cases.upsertMany(tenant, [
      caseRecord({ id: '1', created_at: at(1) }),
      caseRecord({ id: '2', created_at: at(2), status: 'solved' }),
      caseRecord({ id: '4', created_at: at(4) }),
    ]);
    expect(second).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
    expect((await cases.get(tenant, '2'))?.status).toBe('solved');

    expect(await cases.upsert(tenant, caseRecord({ id: '5' }))).toBe('inserted');
    expect(await cases.upsert(tenant, caseRecord({ id: '5' }))).toBe('unchanged');
    expect(await cases.upsert(tenant, caseRecord({ id: '5', subject: 'new' }))).toBe('updated');
  });

  it('keeps the last record when a ref repeats in one batch', async () => {
    const counts = await cases.upsertMany('dupes', [
      caseRecord({ id: 'x', subject: 'first' }),
      caseRecord({ id: 'x', subject: 'second' }),
    ]);
    expect(counts).toEqual({ inserted: 1, updated: 0, unchanged: 1 });
    expect((await cases.get('dupes', 'x'))?.subject).toBe('second');
  });

  it('writes nothing when one record of a batch fails', async () => {
    const bad = caseRecord({ id: 'bad', created_at: 'not a date' });
    await expect(cases.upsertMany('atomic', [caseRecord({ id: 'ok' }), bad])).rejects.toMatchObject({
      name: 'StorageError',
    });
    expect(await cases.get('atomic', 'ok')).toBeNull();
  });

  it('round-trips the record and derives its columns', async () => {
    const record = caseRecord({
      id: 'rt',
      created_at: '2024-05-01T10:00:00+02:00',
      updated_at: '2024-05-02T08:00:00Z',
      status: 'Pending',
      requester: { id: 'u1', email: 'Ann@Example.com' },
      comments: [{ author_role: 'customer', body: 'It broke', public: true }],
      custom_fields: { plan: 'gold', seats: 12 },
    });
    await cases.upsert('roundtrip', record);
    const stored = await cases.get('roundtrip', 'rt');
    expect(stored).toMatchObject({
      ref: 'rt',
      subject: 'Subject of rt',
      status: 'pending',
      solved: false,
      createdAt: '2024-05-01T08:00:00.000Z',
      updatedAt: '2024-05-02T08:00:00.000Z',
      record,
    });
    expect(stored?.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never crosses tenants: same ref in two tenants, get and list stay apart', async () => {
    await cases.upsert('tenant-a', caseRecord({ id: 'shared-ref', subject: 'A', created_at: at(1) }));
    await cases.upsert('tenant-b', caseRecord({ id: 'shared-ref', subject: 'B', created_at: at(1) }));
    await cases.upsert('tenant-b', caseRecord({ id: 'only-b', subject: 'B only', created_at: at(2) }));

    expect((await cases.get('tenant-a', 'shared-ref'))?.subject).toBe('A');
    expect((await cases.get('tenant-b', 'shared-ref'))?.subject).toBe('B');
    expect(await cases.get('tenant-a', 'only-b')).toBeNull();
    expect(await cases.get('tenant-c', 'shared-ref')).toBeNull();

    const listA = await cases.list('tenant-a', { status: 'all' });
    expect(listA.items.map((c) => [c.ref, c.subject])).toEqual([['shared-ref', 'A']]);
    const listB = await cases.list('tenant-b', { status: 'all' });
    expect(listB.items.map((c) => c.ref)).toEqual(['only-b', 'shared-ref']);

    // A cursor issued for tenant B only pages within the tenant it is used with.
    const pageB = await cases.list('tenant-b', { limit: 1 });
    expect(pageB.nextCursor).not.toBeNull();
    const crossed = await cases.list('tenant-a', { cursor: pageB.nextCursor });
    expect(crossed.items.every((c) => c.subject === 'A')).toBe(true);
  });

  it('paginates with a stable keyset: no duplicates or gaps while cases are added', async () => {
    const tenant = 'paging';
    // Equal created_at values on purpose: the ref breaks ties.
    await cases.upsertMany(
      tenant,
      Array.from({ length: 25 }, (_, i) =>
        caseRecord({
          id: `c${String(i).padStart(2, '0')}`,
          created_at: at(Math.floor(i / 3)),
          status: i % 4 === 0 ? 'solved' : 'open',
        }),
      ),
    );
    const seen: StoredCase[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await cases.list(tenant, { limit: 7, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
      // A newer case arriving mid-walk lands before the cursor and does not shift later pages.
      if (pages === 1) await cases.upsert(tenant, caseRecord({ id: 'late', created_at: at(100) }));
    } while (cursor !== null);

    expect(pages).toBe(4);
    const refs = seen.map((c) => c.ref);
    expect(new Set(refs).size).toBe(25);
    expect(refs).not.toContain('late');
    const keys = seen.map((c) => `${c.createdAt}|${c.ref}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('filters open and solved cases', async () => {
    const tenant = 'status';
    await cases.upsertMany(tenant, [
      caseRecord({ id: 'o1', status: 'open', created_at: at(1) }),
      caseRecord({ id: 'o2', status: 'pending', created_at: at(2) }),
      caseRecord({ id: 'o3', created_at: at(3), status: undefined }),
      caseRecord({ id: 's1', status: 'solved', created_at: at(4) }),
      caseRecord({ id: 's2', status: 'Closed', created_at: at(5) }),
    ]);
    const refs = async (status: 'open' | 'solved' | 'all') =>
      (await cases.list(tenant, { status })).items.map((c) => c.ref);
    expect(await refs('open')).toEqual(['o3', 'o2', 'o1']);
    expect(await refs('solved')).toEqual(['s2', 's1']);
    expect(await refs('all')).toHaveLength(5);
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(cases.list('status', { cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('finds a requester’s and an organization’s history, newest first, within the tenant', async () => {
    const tenant = 'history';
    await cases.upsertMany(tenant, [
      caseRecord({ id: 'h1', created_at: at(1), requester: { id: 'u1', email: 'ann@example.com' } }),
      caseRecord({ id: 'h2', created_at: at(2), requester: { id: 'u2' }, organization: { id: 'org1' } }),
      caseRecord({ id: 'h3', created_at: at(3), requester: { id: 'u1' }, organization: { id: 'org1' } }),
      caseRecord({ id: 'h4', created_at: at(4), requester: { email: 'ANN@example.com' } }),
    ]);
    await cases.upsert(
      'elsewhere',
      caseRecord({ id: 'x1', requester: { id: 'u1' }, organization: { id: 'org1' } }),
    );

    const byRequester = await cases.history(tenant, { requesterId: 'u1' });
    expect(byRequester.map((c) => c.ref)).toEqual(['h3', 'h1']);
    const byEmail = await cases.history(tenant, { requesterEmail: 'Ann@Example.com' });
    expect(byEmail.map((c) => c.ref)).toEqual(['h4', 'h1']);
    const byOrg = await cases.history(tenant, { organizationId: 'org1' }, { excludeRef: 'h3' });
    expect(byOrg.map((c) => c.ref)).toEqual(['h2']);
    const either = await cases.history(tenant, { requesterId: 'u1', organizationId: 'org1' }, { limit: 2 });
    expect(either.map((c) => c.ref)).toEqual(['h3', 'h2']);
    expect(await cases.history(tenant, {})).toEqual([]);
  });

  it('rejects an invalid tenant id instead of matching nothing', async () => {
    await expect(cases.get('', 'x')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
