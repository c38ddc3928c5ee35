import { TriagePacket } from '@triage/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const ack = {
  id: 'ack-standard',
  kind: 'acknowledgement',
  locale: 'en',
  title: 'Acknowledge and take ownership',
  body: 'Hi {{customer_name}},\n\nThanks for reaching out about {{product_name}}. I own {{case_ref}} now.\n\n{{agent_name}}',
  riskClasses: [],
};

describe('the approved-language library', () => {
  it('publishes the next version, audits it, and the next packet drafts from it', async () => {
    const res = await request(rt.app).post('/v1/admin/templates').set(as(admin)).send(ack);
    expect(res.status).toBe(201);
    const published = (res.body as { data: { version: number } }).data;
    expect(published.version).toBe(2);

    const list = await request(rt.app).get('/v1/admin/templates').set(as(agent));
    expect(list.status).toBe(200);
    const versions = (
      list.body as { data: { templates: { id: string; locale: string; version: number }[] } }
    ).data.templates
      .filter((t) => t.id === 'ack-standard' && t.locale === 'en')
      .map((t) => t.version);
    expect(versions).toEqual([2, 1]);

    const packet = await request(rt.app).get('/v1/cases/ZD-10665/packet?refresh=true').set(as(agent));
    const draft = TriagePacket.parse((packet.body as { data: unknown }).data).drafts.find(
      (d) => d.kind === 'acknowledgement',
    );
    expect(draft?.templateVersion).toBe(2);
    expect(draft?.payload.body).toContain('I own ZD-10665 now.');

    const [row] = await rt.db.query<{ actor_id: string }>(
      "select actor_id from audit_events where tenant_id = 'demo' and action = 'template.published'",
    );
    expect(row?.actor_id).toBe('zendesk:7');
  });

  it('refuses an agent, and templates that would carry markup, hidden text or an undeclared promise', async () => {
    await request(rt.app).post('/v1/admin/templates').set(as(agent)).send(ack).expect(403);
    for (const [body, code] of [
      ['Hi {{customer_email}}', 'unknown_slot'],
      ['Hi {{customer_name}} }}', 'stray_braces'],
      ['Hi\u202E {{customer_name}}', 'hidden_characters'],
      ['We will refund you in full by Friday.', 'undeclared_commitment'],
    ] as const) {
      const res = await request(rt.app)
        .post('/v1/admin/templates')
        .set(as(admin))
        .send({ ...ack, id: 'ack-new', body });
      expect(res.status, body).toBe(422);
      const issues = (res.body as { error: { issues: { path: string }[] } }).error.issues;
      expect(issues.map((i) => i.path)).toContain(`body.${code}`);
    }
    const list = await request(rt.app).get('/v1/admin/templates').set(as(admin));
    const ids = (list.body as { data: { templates: { id: string }[] } }).data.templates.map((t) => t.id);
    expect(ids).not.toContain('ack-new');
  });

  it('keeps an id to one kind and locale', async () => {
    const res = await request(rt.app)
      .post('/v1/admin/templates')
      .set(as(admin))
      .send({ ...ack, locale: 'de' });
    expect(res.status).toBe(409);
  });
});
