import type { Evidence } from '@triage/shared';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from './errors';
import { gatherEvidence } from './gather';
import { createResilience, describeSourceFault } from './resilience';
import type { EvidenceQuery, EvidenceSource } from './types';

function query(deadlineAt?: number): EvidenceQuery {
  return {
    tenant: 't1',
    record: { id: 'C-1', subject: 'x' },
    now: new Date(),
    window: { from: new Date(0), to: new Date() },
    signal: new AbortController().signal,
    ...(deadlineAt === undefined ? {} : { deadlineAt }),
  };
}

function scripted(outcomes: (Error | Evidence[])[]): EvidenceSource & { calls: number } {
  const s = {
    id: 'crm',
    capabilities: ['account'] as const,
    calls: 0,
    fetch() {
      const next = outcomes[Math.min(s.calls, outcomes.length - 1)];
      s.calls += 1;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next ?? []);
    },
  };
  return s;
}

describe('createResilience', () => {
  it('retries a rate-limited read once, waiting exactly Retry-After, when it fits before the deadline', async () => {
    const waits: number[] = [];
    const r = createResilience({ clock: () => 1_000, sleep: (ms) => (waits.push(ms), Promise.resolve()) });
    const source = scripted([new ConnectorError('rate_limited', 'x', { retryAfterMs: 300 }), []]);
    await expect(r.wrap('t1', source).fetch(query(2_000))).resolves.toEqual([]);
    expect(source.calls).toBe(2);
    expect(waits).toEqual([300]);
  });

  it('does not retry when Retry-After would pass the deadline, nor faults that are not retryable', async () => {
    const r = createResilience({ clock: () => 1_000, sleep: () => Promise.resolve() });
    const late = scripted([new ConnectorError('rate_limited', 'x', { retryAfterMs: 5_000 }), []]);
    await expect(r.wrap('t1', late).fetch(query(2_000))).rejects.toMatchObject({ code: 'rate_limited' });
    expect(late.calls).toBe(1);
    const auth = scripted([new ConnectorError('auth', 'x'), []]);
    await expect(r.wrap('t2', auth).fetch(query(60_000))).rejects.toMatchObject({ code: 'auth' });
    expect(auth.calls).toBe(1);
  });

  it('opens the circuit after five consecutive faults, per tenant, and half-opens on schedule', async () => {
    let now = 0;
    const r = createResilience({
      failuresToOpen: 5,
      halfOpenAfterMs: 30,
      clock: () => now,
      sleep: () => Promise.resolve(),
    });
    const failing = scripted([new ConnectorError('auth', 'x')]);
    const wrapped = r.wrap('t1', failing);
    for (let i = 0; i < 5; i++) await expect(wrapped.fetch(query())).rejects.toMatchObject({ code: 'auth' });
    expect(failing.calls).toBe(5);
    const open = await wrapped.fetch(query()).catch((e: unknown) => e);
    expect(describeSourceFault(open).status).toBe('circuit-open');
    expect(failing.calls).toBe(5);
    // Another tenant's circuit for the same connector type is untouched.
    const other = scripted([[]]);
    await expect(r.wrap('t2', { ...other, id: 'crm' }).fetch(query())).resolves.toEqual([]);
    // After the half-open delay one trial call goes through again.
    await new Promise((resolve) => setTimeout(resolve, 40));
    now += 40;
    await expect(wrapped.fetch(query())).rejects.toMatchObject({ code: 'auth' });
    expect(failing.calls).toBe(6);
  });

  it('does not count "not found" as a fault', async () => {
    const r = createResilience({ failuresToOpen: 2 });
    const missing = scripted([new ConnectorError('not_found', 'x')]);
    const wrapped = r.wrap('t1', missing);
    for (let i = 0; i < 4; i++)
      await expect(wrapped.fetch(query())).rejects.toMatchObject({ code: 'not_found' });
    expect(missing.calls).toBe(4);
  });
});

describe('gatherEvidence with connector faults', () => {
  it('shows each fault as a status with a reason a person can act on', async () => {
    const result = await gatherEvidence(
      [
        {
          id: 'auth',
          capabilities: ['account'],
          fetch: () => Promise.reject(new ConnectorError('auth', 'HubSpot answered 401')),
        },
        {
          id: 'limited',
          capabilities: ['billing'],
          fetch: () => Promise.reject(new ConnectorError('rate_limited', 'x', { retryAfterMs: 7_000 })),
        },
        {
          id: 'down',
          capabilities: ['logs'],
          fetch: () => Promise.reject(new ConnectorError('unavailable', 'x', { status: 500 })),
        },
      ],
      {
        tenant: 't1',
        record: { id: 'C-1', subject: 'x' },
        now: new Date(),
        window: { from: new Date(0), to: new Date() },
      },
      { deadlineMs: 200 },
    );
    expect(Object.fromEntries(result.reports.map((r) => [r.source, r.reason]))).toEqual({
      auth: 'the source refused the credentials: an admin should update them',
      limited: 'rate limited by the source (retry after 7 s)',
      down: 'the source is unavailable (HTTP 500)',
    });
  });
});
