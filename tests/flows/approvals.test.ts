import { ActionDetailResponse, ActionView, CaseActionsResponse } from '@triage/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WriteBackRequest, WriteBackTarget } from '../../backend/src/connectors/types';
import { TenantConfig } from '../../backend/src/domain/tenant-config';
import { createRepositories } from '../../backend/src/storage';
import { startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

/** A target that records every write: the port's far side, so the worker and gate under test are real. */
function recordingTarget(system: string) {
  const writes: WriteBackRequest[] = [];
  const target: WriteBackTarget = {
    id: `recording-${system}`,
    system,
    actions: ['internal-note', 'public-reply', 'set-tags', 'crm-note', 'engineering-issue', 'escalation'],
    write(req) {
      writes.push(req);
      return Promise.resolve({ externalId: `c-${writes.length}`, url: null });
    },
    findMarker(req) {
      const hit = writes.findIndex((w) => w.idempotencyKey === req.idempotencyKey);
      return Promise.resolve(hit < 0 ? null : { externalId: `c-${hit + 1}`, url: null });
    },
  };
  return { target, writes };
}

let rt: DemoRuntime;
const desk = recordingTarget('zendesk');
let alice: string;
let bob: string;
let outsider: string;
/** Added to the real time: lets a test move past an approval's expiry. */
let skewMs = 0;

beforeAll(async () => {
  rt = await startDemoRuntime({
    targetFor: (tenant) => Promise.resolve(tenant === 'demo' ? desk.target : undefined),
    clock: () => new Date(Date.now() + skewMs),
  });
  alice = (await rt.sessions.mint({ tenant: 'demo', sub: '1001', desk: 'zendesk', roles: ['agent'] })).token;
  bob = (await rt.sessions.mint({ tenant: 'demo', sub: '1002', desk: 'zendesk', roles: ['team-lead'] }))
    .token;
  outsider = (await rt.sessions.mint({ tenant: 'other', sub: '9', desk: 'zendesk', roles: ['admin'] })).token;
}, 120_000);

afterAll(async () => {
  await rt.close();
});

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

async function actionsOf(caseRef: string, token = alice): Promise<CaseActionsResponse> {
  await request(rt.app).get(`/v1/cases/${caseRef}/packet`).set(as(token)).expect(200);
  const res = await request(rt.app).get(`/v1/cases/${caseRef}/actions`).set(as(token));
  expect(res.status).toBe(200);
  return CaseActionsResponse.parse((res.body as { data: unknown }).data);
}

async function detail(id: string, token = alice): Promise<ActionDetailResponse> {
  const res = await request(rt.app)
    .get(`/v1/actions/${encodeURIComponent(id)}`)
    .set(as(token));
  expect(res.status).toBe(200);
  return ActionDetailResponse.parse((res.body as { data: unknown }).data);
}

function post(path: string, token: string, body: object) {
  return request(rt.app).post(path).set(as(token)).send(body);
}

function reply(list: CaseActionsResponse): ActionView {
  const found = list.actions.find((a) => a.kind === 'public-reply');
  if (!found) throw new Error('the demo packet proposes no reply');
  return found;
}

describe('the approval workflow over HTTP', () => {
  it('edit → approve → written back exactly once, with every step audited to the right actor', async () => {
    const before = reply(await actionsOf('ZD-10665'));
    expect(before.state).toBe('proposed');
    expect(before.requester).toBeNull();

    const edited = await post(`/v1/actions/${before.id}/edit`, alice, {
      payloadHash: before.payloadHash,
      body: 'Hello, we are looking into the sync failure and will update you.',
    });
    expect(edited.status).toBe(201);
    const next = ActionView.parse((edited.body as { data: unknown }).data);
    expect(next.id).not.toBe(before.id);
    expect(next.supersedes).toBe(before.id);
    expect(next.payloadHash).not.toBe(before.payloadHash);
    expect(next.requester?.id).toBe('zendesk:1001');
    expect((await detail(before.id)).action.state).toBe('superseded');

    // Approving what you saw before the edit approves nothing.
    const stale = await post(`/v1/actions/${before.id}/approve`, alice, { payloadHash: before.payloadHash });
    expect(stale.status).toBe(409);

    const approved = await post(`/v1/actions/${next.id}/approve`, alice, { payloadHash: next.payloadHash });
    expect(approved.status).toBe(200);
    const view = ActionView.parse((approved.body as { data: unknown }).data);
    expect(view.state).toBe('approved');
    expect(view.writeBack?.status).toBe('queued');

    const runs = await rt.drainWriteBacks();
    expect(runs.map((r) => r.outcome.kind)).toEqual(['executed']);
    expect(desk.writes).toHaveLength(1);
    expect(desk.writes[0]?.payload).toEqual(next.payload);
    expect(desk.writes[0]?.ref).toBe('ZD-10665');
    await rt.drainWriteBacks();
    expect(desk.writes).toHaveLength(1);

    const done = await detail(next.id);
    expect(done.action.state).toBe('done');
    expect(done.action.writeBack?.externalId).toBe('c-1');
    const trail = done.audit.map((e) => `${e.actor.kind}:${e.action}`);
    expect(trail).toEqual(
      expect.arrayContaining([
        'person:action.proposed',
        'person:approval.granted',
        'system:write-back.attempt.started',
      ]),
    );
    // The history runs from the engine's draft through the edit to the write.
    expect(trail.indexOf('engine:draft.created')).toBe(0);
    expect(trail).toContain('person:action.superseded');
    const granted = done.audit.find((e) => e.action === 'approval.granted');
    expect(granted?.actor.id).toBe('zendesk:1001');
    expect(granted?.payloadHash).toBe(next.payloadHash);
  });

  it('an edit after approval voids it: the queued write-back never runs', async () => {
    const start = reply(await actionsOf('ZD-10666'));
    await post(`/v1/actions/${start.id}/approve`, alice, { payloadHash: start.payloadHash }).expect(200);
    const res = await post(`/v1/actions/${start.id}/edit`, alice, {
      payloadHash: start.payloadHash,
      body: 'A different text than the one approved.',
    });
    expect(res.status).toBe(201);
    const writesBefore = desk.writes.length;
    await rt.drainWriteBacks();
    expect(desk.writes.length).toBe(writesBefore);
    const old = await detail(start.id);
    expect(old.action.state).toBe('superseded');
    expect(old.action.writeBack?.status).toBe('failed');
  });

  it('a commitment in the text brings four-eyes: the author cannot approve it, a second person can', async () => {
    const note = (await actionsOf('ZD-10667')).actions.find((a) => a.kind === 'internal-note');
    if (!note) throw new Error('no internal note proposed');
    const res = await post(`/v1/actions/${note.id}/edit`, alice, {
      payloadHash: note.payloadHash,
      body: 'Customer is upset. We will credit your account for the outage.',
    });
    const edited = ActionView.parse((res.body as { data: unknown }).data);
    expect(edited.riskClasses).toContain('service-credit');
    expect(edited.requiredApprovals.fourEyes).toBe(true);
    expect(edited.commitments.map((c) => c.kind)).toContain('credit');

    const own = await post(`/v1/actions/${edited.id}/approve`, alice, { payloadHash: edited.payloadHash });
    expect(own.status).toBe(403);
    expect((own.body as { error: { reason: string } }).error.reason).toBe('four_eyes');

    const second = await post(`/v1/actions/${edited.id}/approve`, bob, { payloadHash: edited.payloadHash });
    expect(second.status).toBe(200);
    expect(ActionView.parse((second.body as { data: unknown }).data).approval?.approver.id).toBe(
      'zendesk:1002',
    );
    const audit = (await detail(edited.id)).audit.map((e) => e.action);
    expect(audit).toContain('approve.refused:four_eyes');
  });

  it('reject and revoke close an action; a rejected action cannot then be approved', async () => {
    const list = await actionsOf('ZD-10668');
    const tags = list.actions.find((a) => a.kind === 'set-tags');
    if (!tags) throw new Error('no tags proposed');
    const rejected = await post(`/v1/actions/${tags.id}/reject`, bob, {
      payloadHash: tags.payloadHash,
      reason: 'wrong product',
    });
    expect(rejected.status).toBe(200);
    expect(ActionView.parse((rejected.body as { data: unknown }).data).state).toBe('rejected');
    const late = await post(`/v1/actions/${tags.id}/approve`, bob, { payloadHash: tags.payloadHash });
    expect(late.status).toBe(409);
    expect((late.body as { error: { reason: string } }).error.reason).toBe('not_pending');

    const r = reply(list);
    await post(`/v1/actions/${r.id}/approve`, alice, { payloadHash: r.payloadHash }).expect(200);
    const revoked = await post(`/v1/actions/${r.id}/revoke`, alice, { reason: 'sent by phone instead' });
    expect(revoked.status).toBe(200);
    expect(ActionView.parse((revoked.body as { data: unknown }).data).state).toBe('revoked');
    await rt.drainWriteBacks();
    expect(desk.writes.filter((w) => w.ref === 'ZD-10668')).toEqual([]);
  });

  it('two people approving at once end with exactly one approval and one write', async () => {
    const r = reply(await actionsOf('ZD-10671'));
    const results = await Promise.all(
      [alice, bob, alice, bob].map((token) =>
        post(`/v1/actions/${r.id}/approve`, token, { payloadHash: r.payloadHash }),
      ),
    );
    expect(results.map((x) => x.status).sort()).toEqual([200, 409, 409, 409]);
    const approvals = await rt.db.query<{ n: number }>(
      `select count(*)::int as n from approvals where tenant_id = 'demo' and action_id = $1`,
      [r.id],
    );
    expect(approvals[0]?.n).toBe(1);
    await rt.drainWriteBacks();
    expect(desk.writes.filter((w) => w.ref === 'ZD-10671')).toHaveLength(1);
  });

  it('an approval that lapses before its write is never written', async () => {
    const r = reply(await actionsOf('ZD-10672'));
    const res = await post(`/v1/actions/${r.id}/approve`, alice, { payloadHash: r.payloadHash });
    const approved = ActionView.parse((res.body as { data: unknown }).data);
    skewMs = approved.requiredApprovals.expiresInMinutes * 60_000 + 1000;
    try {
      // Sessions last 15 minutes too: the person signs in again on the skewed clock.
      const later = (
        await rt.sessions.mint({ tenant: 'demo', sub: '1001', desk: 'zendesk', roles: ['agent'] })
      ).token;
      expect((await detail(r.id, later)).action.state).toBe('expired');
      await rt.drainWriteBacks();
    } finally {
      skewMs = 0;
    }
    expect(desk.writes.filter((w) => w.ref === 'ZD-10672')).toEqual([]);
    const after = await detail(r.id);
    expect(after.action.writeBack?.lastError).toBe('approval_invalid');
  });

  it('a policy tightened after an approval voids it before the write', async () => {
    const r = reply(await actionsOf('ZD-10673'));
    await post(`/v1/actions/${r.id}/approve`, alice, { payloadHash: r.payloadHash }).expect(200);
    const tenants = createRepositories(rt.db).tenants;
    const stored = await tenants.get('demo');
    if (!stored) throw new Error('demo tenant missing');
    const config = TenantConfig.parse(stored.config);
    const tightened = {
      ...config,
      approvalPolicy: {
        ...config.approvalPolicy,
        actions: {
          ...config.approvalPolicy.actions,
          'public-reply': { autonomy: 'act-with-approval' as const, roles: ['team-lead'] },
        },
      },
    };
    await tenants.upsert({ id: 'demo', name: stored.name, config: tightened });
    try {
      await rt.drainWriteBacks();
    } finally {
      await tenants.upsert({ id: 'demo', name: stored.name, config: stored.config });
    }
    expect(desk.writes.filter((w) => w.ref === 'ZD-10673')).toEqual([]);
    expect((await detail(r.id)).action.writeBack?.lastError).toBe('approval_invalid');
  });

  it('a risk-free action set to act is written once per case with no person, and says so', async () => {
    const tenants = createRepositories(rt.db).tenants;
    const stored = await tenants.get('demo');
    if (!stored) throw new Error('demo tenant missing');
    const config = TenantConfig.parse(stored.config);
    const autonomous = {
      ...config,
      approvalPolicy: {
        ...config.approvalPolicy,
        actions: {
          ...config.approvalPolicy.actions,
          'set-tags': { autonomy: 'act' as const, roles: ['agent'] },
        },
      },
    };
    await tenants.upsert({ id: 'demo', name: stored.name, config: autonomous });
    try {
      await request(rt.app).get('/v1/cases/ZD-10674/packet?refresh=true').set(as(alice)).expect(200);
      await request(rt.app).get('/v1/cases/ZD-10674/packet?refresh=true').set(as(alice)).expect(200);
      await rt.drainWriteBacks();
    } finally {
      await tenants.upsert({ id: 'demo', name: stored.name, config: stored.config });
    }
    const writes = desk.writes.filter((w) => w.ref === 'ZD-10674');
    expect(writes.map((w) => w.action)).toEqual(['set-tags']);
    const res = await request(rt.app).get('/v1/cases/ZD-10674/actions').set(as(alice));
    const tags = CaseActionsResponse.parse((res.body as { data: unknown }).data).actions.find(
      (a) => a.kind === 'set-tags',
    );
    expect(tags?.state).toBe('done');
    expect(tags?.requester).toBeNull();
    const trail = (await detail(tags?.id ?? '')).audit.map((e) => `${e.actor.kind}:${e.action}`);
    expect(trail).toEqual(
      expect.arrayContaining([
        'engine:action.proposed',
        'system:write-back.queued',
        'system:write-back.attempt.started',
      ]),
    );
    expect(trail.some((t) => t.startsWith('person:'))).toBe(false);
  });

  it('identity and tenant come only from the verified token', async () => {
    const r = reply(await actionsOf('ZD-10669'));
    // Another tenant's person sees nothing of this tenant's actions.
    const foreign = await post(`/v1/actions/${r.id}/approve`, outsider, { payloadHash: r.payloadHash });
    expect(foreign.status).toBe(404);
    const read = await request(rt.app)
      .get(`/v1/actions/${encodeURIComponent(r.id)}`)
      .set(as(outsider));
    expect(read.status).toBe(404);
    // Body fields naming an actor or tenant are not part of the contract and change nothing.
    const spoof = await post(`/v1/actions/${r.id}/approve`, alice, {
      payloadHash: r.payloadHash,
      approver: { kind: 'person', id: 'zendesk:1002', role: 'admin' },
      tenant: 'other',
    });
    expect(spoof.status).toBe(200);
    expect(ActionView.parse((spoof.body as { data: unknown }).data).approval?.approver.id).toBe(
      'zendesk:1001',
    );

    await request(rt.app)
      .post(`/v1/actions/${r.id}/approve`)
      .send({ payloadHash: r.payloadHash })
      .expect(401);
    const tampered = `${alice.slice(0, -4)}AAAA`;
    await post(`/v1/actions/${r.id}/revoke`, tampered, {}).expect(401);
  });

  it('refuses malformed requests with a field-level error and changes nothing', async () => {
    const r = reply(await actionsOf('ZD-10670'));
    const bad = await post(`/v1/actions/${r.id}/approve`, alice, { payloadHash: 'not-a-hash' });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { code: string } }).error.code).toBe('validation_failed');
    expect((await detail(r.id)).action.state).toBe('proposed');
    const unknown = await post('/v1/actions/pkt_nope~action-x/approve', alice, {
      payloadHash: r.payloadHash,
    });
    expect(unknown.status).toBe(404);
  });
});
