import { TriagePacket } from '@triage/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN, startDemoRuntime, type DemoRuntime } from '../helpers/demo-runtime';

let rt: DemoRuntime;

beforeAll(async () => {
  rt = await startDemoRuntime({
    deadlineMs: 400,
    sources: (demo) =>
      [
        // The CRM hangs and the status page fails: the packet must still come back, marked partial.
        ...demo.map((s) => (s.id === 'crm' ? { ...s, fetch: () => new Promise<never>(() => undefined) } : s)),
      ].map((s) =>
        s.id === 'status' ? { ...s, fetch: () => Promise.reject(new Error('503 from status page')) } : s,
      ),
  });
}, 120_000);

afterAll(async () => {
  await rt.close();
});

describe('a packet with failing evidence sources', () => {
  it('returns within the deadline with the failed sections marked and the rest intact', async () => {
    const res = await request(rt.app)
      .get('/v1/cases/ZD-10675/packet?refresh=true')
      .set({ Authorization: `Bearer ${DEMO_TOKEN}` });
    expect(res.status).toBe(200);
    const p = TriagePacket.parse((res.body as { data: unknown }).data);
    const status = Object.fromEntries(p.completeness.sources.map((s) => [s.source, s]));
    expect(status.crm).toMatchObject({ status: 'failed', reason: 'no answer within 400 ms' });
    expect(status.status).toMatchObject({ status: 'failed', reason: 'the source returned an error' });
    expect(status.billing?.status).toBe('ok');
    expect(p.completeness.score).toBeLessThan(1);
    // Without the CRM the tier is the policy default, said as such; without status, the state is unknown.
    const tier = p.classification.find((c) => c.dimension === 'customer_tier');
    expect(tier?.because[0]).toMatchObject({ kind: 'rule', ruleId: 'tier.default' });
    expect(p.classification.find((c) => c.dimension === 'service_state')?.value).toBe('unknown');
    expect(p.evidence.some((e) => e.source === 'logs')).toBe(true);
  });
});
