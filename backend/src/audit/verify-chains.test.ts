import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { createAuditRepository, type AuditRepository, type Db } from '../storage/index';
import { listAuditTenants } from './tenants';
import { appendEvents, TAMPER_CASES, tamper, truncateTail } from './testing/tamper';
import { verifyAuditChains } from './verify-chains';

describe('listAuditTenants and verifyAuditChains', () => {
  let db: Db;
  let audit: AuditRepository;
  beforeAll(async () => {
    db = await createTestDb();
    audit = createAuditRepository(db);
  });
  afterAll(async () => {
    await db.close();
  });

  it('finds no tenants in an empty database, and that verifies', async () => {
    expect(await listAuditTenants(db)).toEqual([]);
    expect(await verifyAuditChains(audit, [])).toEqual({ ok: true, tenants: [] });
  });

  it('lists every tenant with events, sorted, and verifies each chain', async () => {
    await appendEvents(db, 'zeta', 3);
    await appendEvents(db, 'alpha', 4);
    await appendEvents(db, 'zeta', 1);
    expect(await listAuditTenants(db)).toEqual(['alpha', 'zeta']);
    const verdict = await verifyAuditChains(audit, await listAuditTenants(db), { pageSize: 2 });
    expect(verdict).toEqual({
      ok: true,
      tenants: [
        { tenant: 'alpha', ok: true, events: 4, head: await audit.head('alpha'), checkpointChecked: false },
        { tenant: 'zeta', ok: true, events: 4, head: await audit.head('zeta'), checkpointChecked: false },
      ],
    });
    expect(verdict.tenants[0]?.ok && verdict.tenants[0].head?.seq).toBe(4);
  });

  it('reports an unknown tenant as an empty, intact chain', async () => {
    expect(await verifyAuditChains(audit, ['nobody', 'nobody'])).toEqual({
      ok: true,
      tenants: [{ tenant: 'nobody', ok: true, events: 0, head: null, checkpointChecked: false }],
    });
  });

  it.each(TAMPER_CASES.map((c, i) => ({ ...c, tenant: `tampered-${i}` })))(
    'detects $name at seq $firstBadSeq',
    async ({ apply, tenant, firstBadSeq, fault }) => {
      await appendEvents(db, tenant, 5);
      await appendEvents(db, `${tenant}-bystander`, 2);
      expect((await verifyAuditChains(audit, [tenant])).ok).toBe(true);
      await apply(db, tenant);
      const verdict = await verifyAuditChains(audit, [tenant, `${tenant}-bystander`]);
      expect(verdict.ok).toBe(false);
      expect(verdict.tenants).toEqual([
        { tenant, ok: false, events: firstBadSeq - 1, firstBadSeq, fault, checkpointChecked: false },
        expect.objectContaining({ tenant: `${tenant}-bystander`, ok: true, events: 2 }),
      ]);
    },
  );

  it('detects a truncated tail against the expected head only', async () => {
    await appendEvents(db, 'tail', 5);
    const head = await audit.head('tail');
    if (head === null) throw new Error('no head');
    const expectedHeads = new Map([['tail', head]]);
    expect(await verifyAuditChains(audit, ['tail'], { expectedHeads })).toMatchObject({
      ok: true,
      tenants: [{ tenant: 'tail', ok: true, events: 5, checkpointChecked: true }],
    });
    await truncateTail(db, 'tail', 4);
    expect((await verifyAuditChains(audit, ['tail'])).ok).toBe(true);
    expect(await verifyAuditChains(audit, ['tail'], { expectedHeads })).toEqual({
      ok: false,
      tenants: [
        {
          tenant: 'tail',
          ok: false,
          events: 3,
          firstBadSeq: 4,
          fault: 'checkpoint_mismatch',
          checkpointChecked: true,
        },
      ],
    });
  });

  it('detects a chain deleted entirely when the tenant is named with its head', async () => {
    await appendEvents(db, 'gone', 2);
    const head = await audit.head('gone');
    if (head === null) throw new Error('no head');
    await truncateTail(db, 'gone', 1);
    expect(await listAuditTenants(db)).not.toContain('gone');
    expect(await verifyAuditChains(audit, ['gone'], { expectedHeads: new Map([['gone', head]]) })).toEqual({
      ok: false,
      tenants: [
        {
          tenant: 'gone',
          ok: false,
          events: 0,
          firstBadSeq: 1,
          fault: 'checkpoint_mismatch',
          checkpointChecked: true,
        },
      ],
    });
  });

  it('reports rows moved to a tenant id the repositories refuse as unreadable, not as a crash', async () => {
    await appendEvents(db, 'renamed', 2);
    await tamper(db, [
      {
        sql: "UPDATE audit_events SET tenant_id = 'not a tenant!' WHERE tenant_id = $1",
        params: ['renamed'],
      },
    ]);
    expect(await listAuditTenants(db)).toContain('not a tenant!');
    const verdict = await verifyAuditChains(audit, ['not a tenant!', 'alpha']);
    expect(verdict.ok).toBe(false);
    expect(verdict.tenants).toEqual([
      {
        tenant: 'not a tenant!',
        ok: false,
        events: 0,
        firstBadSeq: null,
        fault: 'unreadable',
        checkpointChecked: false,
      },
      expect.objectContaining({ tenant: 'alpha', ok: true }),
    ]);
  });
});
