import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TriagePacket } from '@triage/shared';
import { z } from 'zod';
import { ModelRollbackResponse, ModelVersionList } from '../../backend/src/usecases/manage-models';
import { bearer as as, startDemoRuntime, zendeskSession, type DemoRuntime } from '../helpers/demo-runtime';

let rt: DemoRuntime;
let admin: string;
let agent: string;

beforeAll(async () => {
  rt = await startDemoRuntime();
  admin = await zendeskSession(rt, '7', ['admin']);
  agent = await zendeskSession(rt, '8', ['agent']);
}, 120_000);

afterAll(async () => {
  await rt.close();
});

async function versions(token: string) {
  const res = await request(rt.app).get('/v1/admin/models').set(as(token)).expect(200);
  return ModelVersionList.parse(z.object({ data: z.unknown() }).parse(res.body).data).versions;
}

async function packetModel(): Promise<string | null> {
  const res = await request(rt.app).get('/v1/cases/ZD-10665/packet?refresh=true').set(as(agent)).expect(200);
  return TriagePacket.parse(z.object({ data: z.unknown() }).parse(res.body).data).modelVersion;
}

describe('model versions over the admin API', () => {
  it('lists the trained versions, retrains when imported history grows, and lets an admin roll back', async () => {
    const [first, ...none] = await versions(agent);
    expect(none).toEqual([]);
    expect(first).toMatchObject({ current: true, retiredAt: null });
    expect(first?.trainedOn).toBeGreaterThan(100);
    expect(await packetModel()).toBe(first?.version);

    // Nothing earlier to go back to yet.
    const early = await request(rt.app).post('/v1/admin/models/rollback').set(as(admin));
    expect(early.status).toBe(409);
    expect((early.body as { error: { code: string } }).error.code).toBe('conflict');

    // The history grows by a fifth (labelled copies under new ids): the import retrains.
    const [row] = await rt.db.query<{ n: number }>(
      "select count(*)::int as n from cases where tenant_id = 'demo' and record->'labels' is not null",
    );
    const copies = await rt.db.query<{ record: Record<string, unknown> }>(
      `select record from cases where tenant_id = 'demo' and record->'labels' is not null order by ref limit ${Math.ceil((row?.n ?? 0) / 5)}`,
    );
    const content = copies
      .map(({ record }) => JSON.stringify({ ...record, id: `${String(record.id)}-grown` }))
      .join('\n');
    await request(rt.app)
      .post('/v1/history/import')
      .set(as(admin))
      .send({ format: 'jsonl', content })
      .expect(200);
    await expect.poll(async () => (await versions(agent)).length, { timeout: 60_000, interval: 250 }).toBe(2);
    const [second, previous] = await versions(agent);
    expect(second).toMatchObject({ current: true });
    expect(previous).toMatchObject({ version: first?.version, current: false });
    expect(await packetModel()).toBe(second?.version);

    // An agent may look but not roll back.
    await request(rt.app).post('/v1/admin/models/rollback').set(as(agent)).expect(403);
    expect((await versions(agent))[0]?.version).toBe(second?.version);

    const res = await request(rt.app).post('/v1/admin/models/rollback').set(as(admin)).expect(200);
    expect(ModelRollbackResponse.parse((res.body as { data: unknown }).data)).toEqual({
      retired: second?.version,
      current: first?.version,
    });
    const after = await versions(agent);
    expect(after.find((v) => v.current)?.version).toBe(first?.version);
    expect(after.find((v) => v.version === second?.version)?.retiredAt).not.toBeNull();
    expect(await packetModel()).toBe(first?.version);

    const [audit] = await rt.db.query<{ actor_id: string; object_id: string }>(
      "select actor_id, object_id from audit_events where tenant_id = 'demo' and action = 'model.rolled-back'",
    );
    expect(audit).toEqual({ actor_id: 'zendesk:7', object_id: second?.version });
  }, 180_000);

  it('shows one workspace only its own versions', async () => {
    const other = await zendeskSession(rt, '9', ['admin'], 'other');
    const res = await request(rt.app).get('/v1/admin/models').set(as(other)).expect(200);
    expect(ModelVersionList.parse((res.body as { data: unknown }).data).versions).toEqual([]);
    await request(rt.app).post('/v1/admin/models/rollback').set(as(other)).expect(409);
  });
});
