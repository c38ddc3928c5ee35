import { describe, expect, it } from 'vitest';
import type { TriagePacket } from '../contracts/triage-packet';
import { toPacketView } from './packet-view';

const HASH = 'a'.repeat(64);

const packet: TriagePacket = {
  id: 'pkt_1',
  tenant: 't1',
  caseRef: 'ZD-1',
  subject: '<b>Checkout</b> down',
  builtAt: '2026-11-20T12:00:00.000Z',
  engineVersion: 'triage-engine/test',
  inputsDigest: HASH,
  modelVersion: null,
  classification: [
    {
      dimension: 'severity',
      value: 'sev1',
      confidence: 0.856,
      because: [{ kind: 'rule', ruleId: 'sev.outage', detail: 'outage words' }],
    },
    {
      dimension: 'sla',
      value: 'breached',
      confidence: 0.9,
      because: [{ kind: 'rule', ruleId: 'sla.x', detail: 'due 10:00' }],
    },
    {
      dimension: 'label:intent',
      value: 'card_arrival',
      confidence: 0.5,
      because: [{ kind: 'model', model: 'm', detail: 'word "card"' }],
    },
  ],
  flags: [
    {
      flag: 'billing',
      raised: false,
      confidence: 0.7,
      because: [{ kind: 'rule', ruleId: 'billing.none', detail: 'no' }],
    },
    {
      flag: 'customer-impacting',
      raised: true,
      confidence: 0.8,
      because: [{ kind: 'evidence', evidenceId: 'status:incident:1', detail: 'open incident' }],
    },
  ],
  evidence: [
    {
      id: 'status:incident:1',
      source: 'status',
      kind: 'incident',
      title: 'Checkout errors',
      excerpt: 'investigating',
      url: 'https://status.example/1',
      observedAt: '2026-11-20T11:00:00Z',
      redactions: [],
      sensitive: false,
      attributes: {},
    },
    {
      id: 'logs:log:1',
      source: 'logs',
      kind: 'log',
      title: 'secret',
      excerpt: 'key',
      url: null,
      observedAt: '2026-11-20T11:00:00Z',
      redactions: [{ kind: 'secret', count: 1 }],
      sensitive: true,
      attributes: {},
    },
  ],
  missing: [
    {
      key: 'affected_users',
      why: 'decides severity',
      question: 'How many users?',
      templateId: 'q@1',
      because: [{ kind: 'rule', ruleId: 'missing.affected_users', detail: 'x' }],
    },
  ],
  matches: [
    {
      kind: 'incident',
      ref: 'status:incident:1',
      title: 'Checkout errors',
      url: 'https://status.example/1',
      score: 0.851,
      why: 'open',
      duplicate: false,
      because: [{ kind: 'evidence', evidenceId: 'status:incident:1', detail: 'x' }],
    },
  ],
  route: {
    queue: null,
    confidence: 0.41,
    needsHuman: true,
    threshold: 0.6,
    alternatives: [{ queue: 'payments', confidence: 0.41 }],
    because: [{ kind: 'rule', ruleId: 'routing.threshold', detail: 'below' }],
  },
  firstAction: {
    text: 'Confirm the incident.',
    because: [{ kind: 'evidence', evidenceId: 'status:incident:1', detail: 'x' }],
  },
  timeline: [],
  drafts: [],
  proposedActions: [],
  completeness: {
    score: 0.5,
    sources: [
      { source: 'status', status: 'ok', latencyMs: 10, items: 1 },
      { source: 'logs', status: 'ok', latencyMs: 10, items: 1 },
      { source: 'crm', status: 'failed', latencyMs: 1500, items: 0, reason: 'no answer within 1500 ms' },
    ],
  },
};

describe('toPacketView', () => {
  const view = toPacketView(packet);

  it('puts the SLA in its own clock and the other dimensions in the summary, as percentages', () => {
    expect(view.sla).toEqual({ state: 'breached', tone: 'danger', detail: 'due 10:00' });
    expect(view.summary.map((c) => [c.label, c.value, c.confidencePct])).toEqual([
      ['Severity', 'sev1', 86],
      ['Intent', 'card_arrival', 50],
    ]);
  });

  it('gives the sidebar the SLA due times and breach risk when the packet has them', () => {
    const withTimes = toPacketView({
      ...packet,
      classification: packet.classification.map((c) =>
        c.dimension === 'sla'
          ? {
              ...c,
              facts: {
                firstResponseDueAt: '2026-11-20T10:00:00.000Z',
                resolutionDueAt: '2026-11-21T08:00:00.000Z',
                breachRisk: 'breached',
                minutesLeft: -120,
              },
            }
          : c,
      ),
    });
    expect(withTimes.sla).toEqual({
      state: 'breached',
      tone: 'danger',
      detail: 'due 10:00',
      dueAt: '2026-11-20T10:00:00.000Z',
      resolutionDueAt: '2026-11-21T08:00:00.000Z',
      breachRisk: 'breached',
    });
  });

  it('shows raised flags only, with their citations', () => {
    expect(view.flags).toEqual([
      {
        key: 'customer-impacting',
        label: 'Customer-impacting',
        tone: 'danger',
        reasons: [{ ref: 'status:incident:1', kind: 'evidence', text: 'open incident' }],
      },
    ]);
  });

  it('groups evidence by source and keeps a failed source visible with its reason', () => {
    expect(view.evidence.map((g) => [g.source, g.status, g.items.length, g.reason])).toEqual([
      ['status', 'ok', 1, null],
      ['logs', 'ok', 1, null],
      ['crm', 'failed', 0, 'no answer within 1500 ms'],
    ]);
    expect(view.evidence[1]?.items[0]).toMatchObject({ sensitive: true, excerpt: '' });
    expect(view.completenessPct).toBe(50);
  });

  it('says when a person must route, and keeps customer text as plain strings', () => {
    expect(view.route).toMatchObject({ queue: null, needsHuman: true, confidencePct: 41 });
    expect(view.subject).toBe('<b>Checkout</b> down');
    expect(view.matches[0]).toMatchObject({ kind: 'incident', label: 'Incidents' });
    expect(view.missing[0]).toMatchObject({ label: 'Number of affected users', question: 'How many users?' });
  });

  it('names its parts in the desk’s language, leaving what the packet says as written', () => {
    const german = toPacketView(packet, { locale: 'de' });
    expect(german.summary.map((c) => c.label)).toEqual(['Schweregrad', 'Intent']);
    expect(german.flags[0]?.label).toBe('Kundenwirksam');
    expect(german.matches[0]?.label).toBe('Störungen');
    expect(german.missing[0]).toMatchObject({
      label: 'Anzahl betroffener Nutzer',
      question: 'How many users?',
    });
    expect(german.summary[0]?.reasons).toEqual(view.summary[0]?.reasons);
    // Regional locales take their language; one not shipped takes English.
    expect(toPacketView(packet, { locale: 'fr-CA' }).matches[0]?.label).toBe('Incidents');
    expect(toPacketView(packet, { locale: 'es-419' }).flags[0]?.label).toBe('Afecta al cliente');
    expect(toPacketView(packet, { locale: 'pt-BR' })).toEqual(view);
  });
});
