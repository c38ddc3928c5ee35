import { ActionView, TriagePacket } from '@triage/shared';

const HASH = 'b'.repeat(64);

/** A small valid packet: one answering source, one failed, a missing item and a route. Overrides win. */
export function packetFixture(overrides: Partial<TriagePacket> = {}): TriagePacket {
  const rule = { kind: 'rule', ruleId: 'r1', detail: 'rule matched' } as const;
  return TriagePacket.parse({
    id: 'pkt-1',
    tenant: 'acme',
    caseRef: 'ZD-4321',
    subject: 'Checkout fails with 502',
    builtAt: '2026-03-02T10:14:00Z',
    engineVersion: 'test',
    inputsDigest: HASH,
    modelVersion: null,
    classification: [
      { dimension: 'severity', value: 'sev2', confidence: 0.8, because: [rule] },
      { dimension: 'sla', value: 'at-risk', confidence: 0.9, because: [rule] },
    ],
    flags: [{ flag: 'customer-impacting', raised: true, confidence: 0.8, because: [rule] }],
    evidence: [
      {
        id: 'status:1',
        source: 'statuspage',
        kind: 'incident',
        title: 'Checkout errors',
        excerpt: 'investigating',
        url: 'https://status.example/1',
        observedAt: '2026-03-02T10:00:00Z',
        redactions: [],
        sensitive: false,
        attributes: {},
      },
    ],
    missing: [
      {
        key: 'account_id',
        why: 'to find the logs',
        question: 'Which account id?',
        templateId: 'q@1',
        because: [rule],
      },
    ],
    matches: [],
    route: {
      queue: 'payments-squad',
      confidence: 0.92,
      needsHuman: false,
      threshold: 0.6,
      alternatives: [],
      because: [rule],
    },
    firstAction: { text: 'Check the payment gateway errors.', because: [rule] },
    timeline: [],
    drafts: [],
    proposedActions: [],
    completeness: {
      score: 0.5,
      sources: [
        { source: 'statuspage', status: 'ok', latencyMs: 10, items: 1 },
        { source: 'sentry', status: 'failed', latencyMs: 1500, items: 0, reason: 'no answer within 1500 ms' },
      ],
    },
    ...overrides,
  });
}

/** A proposed internal note an agent may approve. Overrides win. */
export function actionFixture(overrides: Partial<ActionView> = {}): ActionView {
  return ActionView.parse({
    id: 'pkt-1~note',
    packetId: 'pkt-1',
    caseRef: 'ZD-4321',
    proposalId: 'note',
    kind: 'internal-note',
    title: 'Post the triage summary',
    target: { system: 'zendesk', ref: 'ZD-4321' },
    riskClasses: [],
    payload: { body: 'Triage summary: payments, sev2.', visibility: 'internal' },
    payloadHash: 'c'.repeat(64),
    requiredApprovals: { roles: ['agent'], fourEyes: false, expiresInMinutes: 15 },
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
  });
}
