import type { ActionKind, CaseRecord } from '@triage/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Db, type Repositories } from '../../storage';
import { createTestDb } from '../../testing/db';
import type { WriteBackTarget } from '../types';
import { createDemoSources, createDemoWriteBacks } from './index';

let db: Db;
let repos: Repositories;
let tenantSeq = 0;
const signal = new AbortController().signal;
const AT = '2026-11-20T12:00:00.000Z';

beforeAll(async () => {
  db = await createTestDb();
  repos = createRepositories(db);
});
afterAll(() => db.close());

const zendeskCase: CaseRecord = {
  id: 'ZD-10665',
  source: 'zendesk',
  created_at: '2026-11-20T09:00:00Z',
  subject: 'Checkout fails with 502',
  description: 'Since this morning every checkout fails.',
  comments: [{ author_role: 'customer', public: true, created_at: '2026-11-20T09:00:00Z', body: 'Help' }],
  organization: { id: 'acct-1', name: 'Acme' },
  tags: ['checkout'],
  product: 'payments',
  custom_fields: { product_area: 'checkout-api' },
};
const jsmCase: CaseRecord = { id: 'SUP-2210', source: 'jira', subject: 'SSO loop', tags: [] };

/** A fresh demo tenant with two cases, one CRM account and one existing defect. */
async function demoTenant() {
  const tenant = `demo-${++tenantSeq}`;
  await repos.cases.upsertMany(tenant, [zendeskCase, jsmCase]);
  await repos.sourceRecords.upsertMany(tenant, [
    {
      source: 'crm',
      kind: 'account',
      ref: 'acct-1',
      observedAt: AT,
      data: { id: 'acct-1', name: 'Acme', domain: 'acme.test' },
    },
    {
      source: 'engineering',
      kind: 'defect',
      ref: 'ENG-497',
      observedAt: AT,
      data: { key: 'ENG-497', title: 'Old bug' },
    },
  ]);
  const targets = createDemoWriteBacks({ db, tenant, clock: () => new Date(AT) });
  const target = (system: string): WriteBackTarget => {
    const t = targets.find((x) => x.system === system);
    if (!t) throw new Error(`no demo target for ${system}`);
    return t;
  };
  return { tenant, target };
}

function request(ref: string, action: ActionKind, payload: Record<string, unknown>, key: string) {
  return { ref, action, payload, idempotencyKey: key, signal };
}

async function caseRecord(tenant: string, ref: string): Promise<CaseRecord> {
  const stored = await repos.cases.get(tenant, ref);
  if (!stored) throw new Error(`no case ${ref}`);
  return stored.record;
}

describe('the demo desk write-back targets', () => {
  it('serve every proposal target system, URL-less', async () => {
    const { target } = await demoTenant();
    for (const system of ['zendesk', 'jsm', 'jira', 'crm', 'escalation-queue'])
      expect(target(system).system).toBe(system);
    expect(target('zendesk').actions).toEqual(['internal-note', 'public-reply', 'set-tags', 'set-fields']);
  });

  it('append an approved internal note to the stored case once, and find it by its key', async () => {
    const { tenant, target } = await demoTenant();
    const zendesk = target('zendesk');
    const note = request(
      'ZD-10665',
      'internal-note',
      { body: 'Triage: payments, sev2', public: false },
      'k1',
    );

    expect(await zendesk.findMarker(note)).toBeNull();
    const result = await zendesk.write(note);
    expect(result).toEqual({ externalId: 'ZD-10665:comment:2', url: null });
    expect(await zendesk.findMarker(note)).toEqual(result);

    // A retry after an unknown outcome has no second effect.
    expect(await zendesk.write(note)).toEqual(result);
    const record = await caseRecord(tenant, 'ZD-10665');
    expect(record.comments).toHaveLength(2);
    expect(record.comments?.[1]).toEqual({
      author_role: 'agent',
      public: false,
      created_at: AT,
      author_id: 'triage',
      body: 'Triage: payments, sev2',
    });
    expect(record.updated_at).toBe(AT);
  });

  it('write exactly once when the same write-back is sent concurrently', async () => {
    const { tenant, target } = await demoTenant();
    const reply = request('10665', 'public-reply', { body: 'We are on it.', public: true }, 'k-race');
    const results = await Promise.all([1, 2, 3, 4].map(() => target('zendesk').write(reply)));
    expect(new Set(results.map((r) => r.externalId))).toEqual(new Set(['ZD-10665:comment:2']));
    const record = await caseRecord(tenant, 'ZD-10665');
    expect(record.comments?.filter((c) => c.body === 'We are on it.')).toHaveLength(1);
    expect(record.comments?.at(-1)?.public).toBe(true);
  });

  it('add tags to a JSM request without repeating existing ones', async () => {
    const { tenant, target } = await demoTenant();
    const tags = request('sup-2210', 'set-tags', { tags: ['triage_sev2', 'triage_sev2', 'sso'] }, 'k2');
    await target('jsm').write(tags);
    await target('jsm').write(request('SUP-2210', 'set-tags', { tags: ['sso', 'triage_known'] }, 'k3'));
    expect((await caseRecord(tenant, 'SUP-2210')).tags).toEqual(['triage_sev2', 'sso', 'triage_known']);
    expect(await target('jsm').findMarker(tags)).toEqual({ externalId: null, url: null });
  });

  it('set the ticket priority on a Zendesk case, and refuse field writes it cannot honour', async () => {
    const { tenant, target } = await demoTenant();
    await target('zendesk').write(
      request('ZD-10665', 'set-fields', { fields: [], priority: 'urgent' }, 'k4'),
    );
    expect((await caseRecord(tenant, 'ZD-10665')).priority).toBe('urgent');
    await expect(
      target('zendesk').write(request('ZD-10665', 'set-fields', { fields: [{ id: 1, value: 'x' }] }, 'k5')),
    ).rejects.toThrow();
  });

  it('file an engineering issue the next packet sees as a defect', async () => {
    const { tenant, target } = await demoTenant();
    const issue = request(
      'ENG',
      'engineering-issue',
      {
        project: 'ENG',
        summary: '[payments] Checkout fails with 502',
        signatures: ['HTTP 502'],
        evidenceIds: [],
        linkBack: 'ZD-10665',
      },
      'k4',
    );
    expect(await target('jira').write(issue)).toEqual({ externalId: 'ENG-498', url: null });
    expect(await target('jira').findMarker(issue)).toEqual({ externalId: 'ENG-498', url: null });

    const knowledge = createDemoSources({ records: repos.sourceRecords, cases: repos.cases }).find(
      (s) => s.id === 'knowledge',
    );
    const evidence = await knowledge?.fetch({
      tenant,
      record: zendeskCase,
      now: new Date(AT),
      window: { from: new Date(0), to: new Date(AT) },
      signal,
    });
    expect(evidence?.find((e) => e.id === 'engineering:defect:ENG-498')).toMatchObject({
      title: 'ENG-498: [payments] Checkout fails with 502',
      attributes: { product: 'payments', component: 'checkout-api', status: 'open' },
    });
  });

  it('record CRM notes and escalations as demo records', async () => {
    const { tenant, target } = await demoTenant();
    const note = await target('crm').write(
      request(
        'crm:account:acct-1',
        'crm-note',
        { accountEvidenceId: 'crm:account:acct-1', note: 'Sev2' },
        'k5',
      ),
    );
    const notes = await repos.sourceRecords.findBySource(tenant, 'crm', 'note');
    expect(notes.map((n) => n.data)).toEqual([
      { id: note.externalId, accountId: 'acct-1', note: 'Sev2', createdAt: AT },
    ]);

    const escalation = await target('escalation-queue').write(
      request('ZD-10665', 'escalation', { caseRef: 'ZD-10665', reasons: ['customer-impacting'] }, 'k6'),
    );
    const escalations = await repos.sourceRecords.findBySource(tenant, 'escalations', 'escalation');
    expect(escalations.map((e) => e.data)).toEqual([
      {
        id: escalation.externalId,
        caseRef: 'ZD-10665',
        reasons: ['customer-impacting'],
        severity: null,
        createdAt: AT,
      },
    ]);
  });

  it('leave neither an effect nor a marker when a write is refused', async () => {
    const { tenant, target } = await demoTenant();
    const missingCase = request('ZD-999', 'internal-note', { body: 'x' }, 'k7');
    await expect(target('zendesk').write(missingCase)).rejects.toMatchObject({ code: 'not_found' });
    expect(await target('zendesk').findMarker(missingCase)).toBeNull();

    const noAccount = request('crm:account:nobody', 'crm-note', { note: 'x' }, 'k8');
    await expect(target('crm').write(noAccount)).rejects.toMatchObject({ code: 'not_found' });
    expect(await target('crm').findMarker(noAccount)).toBeNull();

    const badTags = request('ZD-10665', 'set-tags', { tags: ['two words'] }, 'k9');
    await expect(target('zendesk').write(badTags)).rejects.toMatchObject({ code: 'config' });
    await expect(
      target('zendesk').write(request('ZD-10665', 'engineering-issue', {}, 'k10')),
    ).rejects.toMatchObject({ code: 'config' });
    await expect(
      target('zendesk').write(request('ZD-10665', 'internal-note', { body: 'x' }, 'bad key')),
    ).rejects.toMatchObject({ code: 'config' });

    expect(await caseRecord(tenant, 'ZD-10665')).toEqual(zendeskCase);
  });
});
