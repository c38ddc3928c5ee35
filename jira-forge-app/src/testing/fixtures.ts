import type { ActionView, TriagePacket } from '@triage/shared';

const HASH = 'a'.repeat(64);

/** A small valid packet for SUP-842, with one failed source; override any field. */
export function packetFixture(overrides: Partial<TriagePacket> = {}): TriagePacket {
  return {
    id: 'pkt_1',
    tenant: 'site-1',
    caseRef: 'SUP-842',
    subject: 'Invoice PDF incomplete',
    builtAt: new Date().toISOString(),
    engineVersion: 'triage-engine/test',
    inputsDigest: HASH,
    modelVersion: null,
    classification: [
      {
        dimension: 'severity',
        value: 'sev3',
        confidence: 0.91,
        because: [{ kind: 'rule', ruleId: 'sev.x', detail: 'no outage words' }],
      },
    ],
    flags: [
      {
        flag: 'billing',
        raised: true,
        confidence: 0.8,
        because: [{ kind: 'rule', ruleId: 'billing.words', detail: 'mentions an invoice' }],
      },
    ],
    evidence: [],
    missing: [],
    matches: [],
    route: {
      queue: 'billing-ops',
      confidence: 0.91,
      needsHuman: false,
      threshold: 0.6,
      alternatives: [],
      because: [{ kind: 'rule', ruleId: 'route.billing', detail: 'invoice words' }],
    },
    firstAction: {
      text: 'Compare the invoice lines with the PDF.',
      because: [{ kind: 'rule', ruleId: 'ts.pdf', detail: 'approved step' }],
    },
    timeline: [],
    drafts: [],
    proposedActions: [],
    completeness: {
      score: 0.8,
      sources: [
        { source: 'jira', status: 'ok', latencyMs: 10, items: 1 },
        {
          source: 'billing',
          status: 'failed',
          latencyMs: 1500,
          items: 0,
          reason: 'no answer within 1500 ms',
        },
      ],
    },
    ...overrides,
  };
}

/** The engine's proposed internal note on SUP-842, not yet touched by anyone; override any field. */
export function noteFixture(overrides: Partial<ActionView> = {}): ActionView {
  return {
    id: 'pkt_1~note',
    packetId: 'pkt_1',
    caseRef: 'SUP-842',
    proposalId: 'note',
    kind: 'internal-note',
    title: 'Post the triage summary as an internal note',
    target: { system: 'jsm', ref: 'SUP-842' },
    riskClasses: [],
    payload: { body: 'Triage summary', public: false },
    payloadHash: HASH,
    requiredApprovals: { roles: ['agent'], fourEyes: false, expiresInMinutes: 60 },
    autonomy: 'act-with-approval',
    writable: true,
    state: 'proposed',
    requester: null,
    approval: null,
    closure: null,
    supersededBy: null,
    supersedes: null,
    commitments: [],
    links: [],
    hiddenCharactersRemoved: false,
    writeBack: null,
    ...overrides,
  };
}
