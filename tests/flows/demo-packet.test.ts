import { TriagePacket, type Reason } from '@triage/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../../backend/src/storage';
import { DEMO_TOKEN, OTHER_TOKEN, startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

let rt: DemoRuntime;

beforeAll(async () => {
  rt = await startDemoRuntime();
}, 120_000);

afterAll(async () => {
  await rt.close();
});

function auth(token = DEMO_TOKEN) {
  return { Authorization: `Bearer ${token}` };
}

async function packetOf(caseRef: string): Promise<TriagePacket> {
  const res = await request(rt.app).get(`/v1/cases/${caseRef}/packet`).set(auth());
  expect(res.status).toBe(200);
  return TriagePacket.parse((res.body as { data: unknown }).data);
}

async function counts() {
  const [packets] = await rt.db.query<{ n: number }>('select count(*)::int as n from packets');
  const [cases] = await rt.db.query<{ n: number }>('select count(*)::int as n from cases');
  const [audit] = await rt.db.query<{ n: number }>('select count(*)::int as n from audit_events');
  return { packets: packets?.n, cases: cases?.n, audit: audit?.n };
}

/** Every statement cites something, and every cited evidence id is in the packet. */
function expectEverythingCited(p: TriagePacket): void {
  const ids = new Set(p.evidence.map((e) => e.id));
  const cite = (r: Reason) =>
    r.kind === 'evidence'
      ? ids.has(r.evidenceId)
      : r.kind === 'rule'
        ? r.ruleId.length > 0
        : r.model.length > 0;
  for (const c of p.classification) {
    expect(c.because.length, c.dimension).toBeGreaterThan(0);
    expect(c.because.every(cite), c.dimension).toBe(true);
  }
  for (const f of p.flags) {
    expect(f.because.length, f.flag).toBeGreaterThan(0);
    expect(f.because.every(cite), f.flag).toBe(true);
  }
  for (const m of p.matches) {
    expect(m.because.length, m.ref).toBeGreaterThan(0);
    expect(m.because.every(cite), m.ref).toBe(true);
  }
  expect(p.route.because.every(cite)).toBe(true);
  expect(p.firstAction.because.every(cite)).toBe(true);
}

describe('a demo ticket, end to end', () => {
  it('lists the open demo tickets', async () => {
    const res = await request(rt.app).get('/v1/cases?status=open&limit=50').set(auth());
    expect(res.status).toBe(200);
    const refs = (res.body as { data: { cases: { caseRef: string }[] } }).data.cases.map((c) => c.caseRef);
    expect(refs.length).toBe(15);
    expect(refs).toContain('ZD-10675');
  });

  it('builds the incident ticket packet: every statement cited, incident matched, routed, drafted', async () => {
    const p = await packetOf('ZD-10675');
    expectEverythingCited(p);
    const dim = (d: string) => p.classification.find((c) => c.dimension === d)?.value;
    expect(dim('product')).toBe('payments');
    expect(dim('severity')).toBe('sev1');
    expect(dim('customer_tier')).toBe('enterprise');
    expect(dim('service_state')).toBe('outage');
    expect(p.flags.find((f) => f.flag === 'customer-impacting')?.raised).toBe(true);
    expect(p.flags.find((f) => f.flag === 'known')?.raised).toBe(true);
    expect(p.matches.some((m) => m.kind === 'incident')).toBe(true);
    expect(p.matches.some((m) => m.kind === 'release')).toBe(true);
    expect(p.matches.some((m) => m.kind === 'similar-case')).toBe(true);
    expect(p.route.queue).toBe('payments-squad');
    expect(p.drafts.map((d) => d.kind)).toContain('incident-update');
    expect(p.completeness.sources.every((s) => s.status === 'ok')).toBe(true);
    expect(p.modelVersion).not.toBeNull();
  });

  it('builds a packet for every open demo ticket in which every citation resolves', async () => {
    const res = await request(rt.app).get('/v1/cases?status=open&limit=50').set(auth());
    const refs = (res.body as { data: { cases: { caseRef: string }[] } }).data.cases.map((c) => c.caseRef);
    for (const ref of refs) expectEverythingCited(await packetOf(ref));
  });

  it('serves the stored packet again and rebuilds it on request', async () => {
    const first = await packetOf('ZD-10669');
    const again = await packetOf('ZD-10669');
    expect(again.id).toBe(first.id);
    const rebuilt = await request(rt.app).post('/v1/cases/ZD-10669/packet').set(auth());
    expect(rebuilt.status).toBe(200);
    const p = TriagePacket.parse((rebuilt.body as { data: unknown }).data);
    expect(p.id).not.toBe(first.id);
    expect(p.inputsDigest).toBe(first.inputsDigest);
  });

  it('keeps the audit chain valid across packet builds', async () => {
    const verification = await createRepositories(rt.db).audit.verify('demo');
    expect(verification.ok).toBe(true);
    const actions = await rt.db.query<{ action: string; actor_kind: string }>(
      "select action, actor_kind from audit_events where tenant_id = 'demo' order by seq",
    );
    expect(actions.some((a) => a.action === 'packet.built' && a.actor_kind === 'engine')).toBe(true);
    expect(actions.some((a) => a.action === 'evidence.ok' && a.actor_kind === 'connector')).toBe(true);
    expect(actions.some((a) => a.action === 'packet.classified' && a.actor_kind === 'engine')).toBe(true);
    expect(actions.some((a) => a.action === 'draft.created' && a.actor_kind === 'engine')).toBe(true);
  });
});

describe('bad requests change nothing', () => {
  it('answers an unknown case with 404 case_not_found', async () => {
    const before = await counts();
    const res = await request(rt.app).get('/v1/cases/ZD-99999/packet').set(auth());
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'case_not_found' } });
    expect(await counts()).toEqual(before);
  });

  it('does not let another tenant read or rebuild a demo case', async () => {
    const before = await counts();
    for (const res of [
      await request(rt.app).get('/v1/cases/ZD-10675/packet').set(auth(OTHER_TOKEN)),
      await request(rt.app).post('/v1/cases/ZD-10675/packet').set(auth(OTHER_TOKEN)),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'case_not_found' } });
    }
    const list = await request(rt.app).get('/v1/cases').set(auth(OTHER_TOKEN));
    expect((list.body as { data: { cases: unknown[] } }).data.cases).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('rejects malformed JSON and wrong types without storing anything', async () => {
    const before = await counts();
    const malformed = await request(rt.app)
      .post('/v1/packets')
      .set(auth())
      .set('Content-Type', 'application/json')
      .send('{"case": {');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ ok: false, error: { code: 'invalid_json' } });
    const wrong = await request(rt.app)
      .post('/v1/packets')
      .set(auth())
      .send({ case: { id: 42, subject: ['x'] } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await counts()).toEqual(before);
  });
});

describe('posting and importing cases', () => {
  it('builds a packet for a posted case, in the caller tenant only', async () => {
    const res = await request(rt.app)
      .post('/v1/packets')
      .set(auth())
      .send({
        case: {
          id: 'ZD-20001',
          created_at: new Date().toISOString(),
          subject: 'Webhook deliveries failing with SYNC-429-BACKOFF-EXHAUSTED',
          description: 'Our Ledger connector stalled again with SYNC-429-BACKOFF-EXHAUSTED.',
          channel: 'web',
        },
      });
    expect(res.status).toBe(201);
    const p = TriagePacket.parse((res.body as { data: unknown }).data);
    expect(p.caseRef).toBe('ZD-20001');
    expect(p.matches.some((m) => m.kind === 'known-issue')).toBe(true);
    const foreign = await request(rt.app).get('/v1/cases/ZD-20001/packet').set(auth(OTHER_TOKEN));
    expect(foreign.status).toBe(404);
  });

  it('imports history lines and reports the bad ones with their line numbers', async () => {
    const content = [
      JSON.stringify({ id: 'H-1', subject: 'Refund for INV-2026-0001', labels: { queue: 'billing-ops' } }),
      '{not json',
      JSON.stringify({ id: 'H-2' }),
      JSON.stringify({
        id: 'H-3',
        description: 'Webhook retries exhausted',
        labels: { queue: 'integrations-squad' },
      }),
    ].join('\n');
    const res = await request(rt.app)
      .post('/v1/history/import')
      .set(auth())
      .send({ format: 'jsonl', content });
    expect(res.status).toBe(200);
    const data = (res.body as { data: { imported: number; rejected: { line: number }[] } }).data;
    expect(data.imported).toBe(2);
    expect(data.rejected.map((r) => r.line)).toEqual([2, 3]);
    await rt.drain();
  });
});
