import type { Evidence } from '@triage/shared';
import { describe, expect, it } from 'vitest';
import { gatherEvidence } from './gather';
import { createRegistry } from './registry';
import type { EvidenceSource } from './types';

function item(id: string, source: string): Evidence {
  return {
    id,
    source,
    kind: 'log',
    title: id,
    excerpt: '',
    url: null,
    observedAt: '2026-11-20T10:00:00Z',
    redactions: [],
    sensitive: false,
    attributes: {},
  };
}

function source(id: string, behaviour: (signal: AbortSignal) => Promise<Evidence[]>): EvidenceSource {
  return { id, capabilities: ['logs'], fetch: (q) => behaviour(q.signal) };
}

const query = {
  tenant: 't1',
  record: { id: 'C-1', subject: 'x' },
  now: new Date(),
  window: { from: new Date(0), to: new Date() },
};

describe('gatherEvidence', () => {
  it('keeps what healthy sources found when one throws and one hangs, within the deadline', async () => {
    let aborted = false;
    const errors: string[] = [];
    const result = await gatherEvidence(
      [
        source('good', () => Promise.resolve([item('good:1', 'good')])),
        source('broken', () => Promise.reject(new Error('connection refused: secret-host:443'))),
        source(
          'hung',
          (signal) => new Promise<Evidence[]>(() => signal.addEventListener('abort', () => (aborted = true))),
        ),
      ],
      query,
      { deadlineMs: 120, onError: (id) => errors.push(id) },
    );
    // A hung source that the deadline did not cut would hang this test until Vitest's timeout.
    expect(result.evidence.map((e) => e.id)).toEqual(['good:1']);
    const byId = Object.fromEntries(result.reports.map((r) => [r.source, r]));
    expect(byId.good?.status).toBe('ok');
    expect(byId.broken).toMatchObject({ status: 'failed', reason: 'the source returned an error' });
    expect(byId.broken?.reason).not.toContain('secret-host');
    expect(byId.hung).toMatchObject({ status: 'failed', reason: 'no answer within 120 ms' });
    expect(aborted).toBe(true);
    expect(errors.sort()).toEqual(['broken', 'hung']);
  });

  it('reports a source that answers late in the deadline as slow', async () => {
    let t = 0;
    const result = await gatherEvidence([source('slowish', () => Promise.resolve([]))], query, {
      deadlineMs: 100,
      clock: () => (t += 90),
    });
    expect(result.reports[0]?.status).toBe('slow');
  });

  it('keeps one fact reached through two sources once, by deep link', async () => {
    const a = {
      ...item('status:incident:7', 'status'),
      kind: 'incident' as const,
      url: 'https://status.example/incidents/7',
    };
    const b = {
      ...item('statuspage:incident:7', 'statuspage'),
      kind: 'incident' as const,
      url: 'https://status.example/incidents/7',
    };
    const c = {
      ...item('statuspage:incident:8', 'statuspage'),
      kind: 'incident' as const,
      url: 'https://status.example/incidents/8',
    };
    const result = await gatherEvidence(
      [source('status', () => Promise.resolve([a])), source('statuspage', () => Promise.resolve([b, c]))],
      query,
      { deadlineMs: 100 },
    );
    expect(result.evidence.map((e) => e.id)).toEqual(['status:incident:7', 'statuspage:incident:8']);
  });

  it('keeps evidence seen by two sources once', async () => {
    const result = await gatherEvidence(
      [
        source('a', () => Promise.resolve([item('x:1', 'a')])),
        source('b', () => Promise.resolve([item('x:1', 'b'), item('x:2', 'b')])),
      ],
      query,
      { deadlineMs: 100 },
    );
    expect(result.evidence.map((e) => e.id)).toEqual(['x:1', 'x:2']);
  });
});

describe('createRegistry', () => {
  it('finds sources by id and capability and refuses duplicate ids', () => {
    const a = source('a', () => Promise.resolve([]));
    const registry = createRegistry([a]);
    expect(registry.byId('a')).toBe(a);
    expect(registry.byCapability('logs')).toEqual([a]);
    expect(registry.byCapability('billing')).toEqual([]);
    expect(() => createRegistry([a, a])).toThrow(/share the id "a"/);
  });
});
