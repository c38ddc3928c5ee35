import type { CaseRecord, Evidence, TriagePacket } from '@triage/shared';
import { TriagePacket as TriagePacketSchema } from '@triage/shared';
import { describe, expect, it } from 'vitest';
import { hashJson } from '../../common/hashing';
import { TenantConfig, type TenantConfigInput } from '../tenant-config';
import { triage } from './assemble';
import { citableRuleIds } from './builtin-rules';
import type { LabelPrediction, TriageInput } from './types';

const NOW = new Date('2026-11-20T12:00:00Z');

const CONFIG_INPUT: TenantConfigInput = {
  name: 'Acme Cloud',
  products: [
    { id: 'billing', name: 'Acme Billing', keywords: ['invoice', 'billing', 'charged', 'refund'] },
    {
      id: 'sync',
      name: 'Acme Sync',
      keywords: ['webhook', 'sync', 'connector'],
      components: ['webhooks', 'connectors'],
    },
  ],
  slaPolicy: {
    defaultTier: 'standard',
    tiers: {
      enterprise: {
        sev1: { firstResponseMinutes: 30, resolutionMinutes: 240 },
        sev2: { firstResponseMinutes: 60, resolutionMinutes: 480 },
        sev3: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
        sev4: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
      },
      standard: {
        sev1: { firstResponseMinutes: 60, resolutionMinutes: 480 },
        sev2: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
        sev3: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
        sev4: { firstResponseMinutes: 1440, resolutionMinutes: 5760 },
      },
    },
  },
  severityRules: [
    {
      id: 'sev.outage-enterprise',
      description: 'outage at an enterprise account',
      priority: 10,
      when: {
        all: [
          { fact: 'tier', operator: 'equals', value: 'enterprise' },
          { fact: 'text', operator: 'containsAny', value: ['outage', 'down'] },
        ],
      },
      severity: 'sev1',
    },
  ],
  routing: {
    threshold: 0.6,
    rules: [
      {
        id: 'route.billing',
        description: 'billing words go to billing ops',
        priority: 5,
        when: { fact: 'product', operator: 'equals', value: 'billing' },
        queue: 'billing-ops',
      },
    ],
  },
  templates: [
    {
      id: 'ack',
      kind: 'acknowledgement',
      locale: 'en',
      version: 1,
      title: 'Ack',
      body: 'Hi {{customer_name}}, we are looking into {{case_ref}}. — {{agent_name}}',
    },
    {
      id: 'ask',
      kind: 'request-info',
      locale: 'en',
      version: 1,
      title: 'Ask',
      body: 'Hi {{customer_name}}, to help with {{case_ref}} could you tell us:\n{{missing_questions}}',
    },
    {
      id: 'inc',
      kind: 'incident-update',
      locale: 'en',
      version: 1,
      title: 'Incident',
      body: 'Hi {{customer_name}}, {{incident_title}} is {{incident_status}}. Follow it at {{status_page_url}}.',
    },
    {
      id: 'ki',
      kind: 'workaround',
      locale: 'en',
      version: 1,
      title: 'Workaround',
      body: 'Hi {{customer_name}}, this matches {{known_issue_title}}. Workaround: {{workaround}}',
    },
    ...(
      [
        'account_id',
        'time_window',
        'reproduction_steps',
        'environment',
        'affected_users',
        'permissions',
        'customer_authorization',
        'error_text',
        'order_or_invoice',
      ] as const
    ).map((k) => ({
      id: `q-${k.replace(/_/g, '-')}`,
      kind: 'question' as const,
      locale: 'en',
      version: 1,
      title: k,
      body: `Question about ${k}?`,
      missingKey: k,
    })),
  ],
  troubleshooting: [
    {
      id: 'ts-webhooks',
      product: 'sync',
      title: 'Check webhook deliveries',
      keywords: ['webhook'],
      steps: ['Open the delivery log and look for 4xx responses.', 'Replay one delivery.'],
    },
  ],
  approvalPolicy: {
    actions: {
      'internal-note': { autonomy: 'act-with-approval', roles: ['agent'] },
      'public-reply': { autonomy: 'act-with-approval', roles: ['agent', 'specialist'] },
      'set-tags': { autonomy: 'act-with-approval', roles: ['agent'] },
      escalation: { autonomy: 'act-with-approval', roles: ['team-lead'] },
    },
    fourEyesRiskClasses: ['root-cause-statement', 'service-credit', 'security-sensitive-evidence'],
  },
};
const CONFIG = TenantConfig.parse(CONFIG_INPUT);

function evidence(partial: Partial<Evidence> & Pick<Evidence, 'id' | 'kind' | 'source'>): Evidence {
  return {
    title: partial.id,
    excerpt: '',
    url: null,
    observedAt: '2026-11-20T08:00:00Z',
    redactions: [],
    sensitive: false,
    attributes: {},
    ...partial,
  };
}

const ACCOUNT = evidence({
  id: 'crm:account:acct-1',
  source: 'crm',
  kind: 'account',
  attributes: { accountId: 'acct-1', name: 'Globex', tier: 'enterprise', arr: 250000, owner: 'Dana' },
});
const INVOICE = evidence({
  id: 'billing:invoice:INV-2026-0412',
  source: 'billing',
  kind: 'invoice',
  attributes: { invoiceId: 'INV-2026-0412', status: 'paid', amount: 1200, currency: 'USD' },
});
const INCIDENT = evidence({
  id: 'status:incident:INC-7',
  source: 'status',
  kind: 'incident',
  title: 'Webhook deliveries delayed',
  url: 'https://status.acme.example/INC-7',
  attributes: {
    product: 'sync',
    components: ['webhooks'],
    status: 'investigating',
    impact: 'major',
    startedAt: '2026-11-20T09:00:00Z',
    resolvedAt: null,
  },
});
const KNOWN = evidence({
  id: 'knowledge:known-issue:KI-3',
  source: 'knowledge',
  kind: 'known-issue',
  title: 'KI-3: Sync stalls with SYNC-409',
  attributes: {
    product: 'sync',
    component: 'webhooks',
    status: 'open',
    signature: 'SYNC-409',
    workaround: 'Re-authorise the connector.',
    fixedIn: null,
  },
});

function input(record: Partial<CaseRecord>, extra: Partial<TriageInput> = {}): TriageInput {
  return {
    id: 'pkt_test',
    tenant: 't1',
    record: {
      id: 'ZD-1',
      created_at: '2026-11-20T10:00:00Z',
      channel: 'email',
      requester: { name: 'Kim', email: 'kim@globex.test' },
      ...record,
    },
    evidence: [ACCOUNT],
    sources: [
      { source: 'crm', status: 'ok', latencyMs: 5, items: 1 },
      { source: 'status', status: 'ok', latencyMs: 5, items: 0 },
    ],
    config: CONFIG,
    signatures: [],
    predictions: [],
    modelVersion: null,
    similar: [],
    now: NOW,
    ...extra,
  };
}

function flag(p: TriagePacket, name: string): boolean {
  return p.flags.find((f) => f.flag === name)?.raised ?? false;
}

function classification(p: TriagePacket, dimension: string): string | undefined {
  return p.classification.find((c) => c.dimension === dimension)?.value;
}

function expectCitationsResolve(p: TriagePacket): void {
  const ids = new Set(p.evidence.map((e) => e.id));
  const reasons = [
    ...p.classification.flatMap((c) => c.because),
    ...p.flags.flatMap((f) => f.because),
    ...p.matches.flatMap((m) => m.because),
    ...p.route.because,
  ];
  expect(reasons.length).toBeGreaterThan(0);
  for (const r of reasons) if (r.kind === 'evidence') expect(ids.has(r.evidenceId)).toBe(true);
  for (const c of p.classification) expect(c.because.length).toBeGreaterThan(0);
  for (const f of p.flags) expect(f.because.length).toBeGreaterThan(0);
}

describe('triage', () => {
  it('produces a packet that parses with the contract and cites only evidence it carries', () => {
    const p = triage(
      input(
        {
          subject: 'Charged twice on INV-2026-0412',
          description: 'We were charged twice for invoice INV-2026-0412 yesterday.',
        },
        { evidence: [ACCOUNT, INVOICE] },
      ),
    );
    expect(TriagePacketSchema.safeParse(p).success).toBe(true);
    expectCitationsResolve(p);
    expect(p.flags.map((f) => f.flag).sort()).toEqual([
      'billing',
      'customer-impacting',
      'engineering',
      'known',
      'missing-evidence',
      'routine',
      'unsafe-for-automation',
    ]);
  });

  it('flags billing from the cited invoice and routes by the tenant rule', () => {
    const p = triage(
      input(
        {
          subject: 'Charged twice on INV-2026-0412',
          description: 'We were charged twice for invoice INV-2026-0412 yesterday.',
        },
        { evidence: [ACCOUNT, INVOICE] },
      ),
    );
    const billing = p.flags.find((f) => f.flag === 'billing');
    expect(billing?.raised).toBe(true);
    expect(billing?.because.some((r) => r.kind === 'evidence' && r.evidenceId === INVOICE.id)).toBe(true);
    expect(p.missing.map((m) => m.key)).not.toContain('order_or_invoice');
    expect(p.route.queue).toBe('billing-ops');
    expect(p.route.because[0]).toMatchObject({ kind: 'rule', ruleId: 'route.billing' });
    expect(classification(p, 'customer_tier')).toBe('enterprise');
  });

  it('lists what a vague report is missing, each with an approved question', () => {
    const p = triage(
      input(
        {
          subject: 'It does not work',
          description: 'The page is broken, please fix.',
          requester: { email: 'x@unknown.test' },
        },
        { evidence: [] },
      ),
    );
    const keys = p.missing.map((m) => m.key);
    expect(keys).toEqual(
      expect.arrayContaining(['account_id', 'time_window', 'error_text', 'affected_users']),
    );
    expect(flag(p, 'missing-evidence')).toBe(true);
    for (const m of p.missing) expect(m.question).toBe(`Question about ${m.key}?`);
    const ask = p.drafts.find((d) => d.kind === 'request-info');
    expect(ask?.payload.body).toContain('Question about time_window?');
  });

  it('marks a leaked key unsafe for automation and proposes an escalation', () => {
    const p = triage(
      input({
        subject: 'Our API key leaked',
        description: 'I think our API key was exposed in a public repo.',
      }),
    );
    const unsafe = p.flags.find((f) => f.flag === 'unsafe-for-automation');
    expect(unsafe?.raised).toBe(true);
    expect(unsafe?.because.some((r) => r.kind === 'rule' && r.ruleId === 'unsafe.security')).toBe(true);
    expect(flag(p, 'routine')).toBe(false);
    expect(p.proposedActions.some((a) => a.kind === 'escalation')).toBe(true);
  });

  it('connects a case to an open incident: service state, known flag, first action and incident update', () => {
    const p = triage(
      input(
        {
          subject: 'Webhooks are down',
          description: 'Our webhook deliveries stopped since 09:30 UTC, outage for all users.',
        },
        { evidence: [ACCOUNT, INCIDENT] },
      ),
    );
    expect(classification(p, 'service_state')).toBe('outage');
    expect(classification(p, 'severity')).toBe('sev1');
    expect(flag(p, 'known')).toBe(true);
    expect(flag(p, 'customer-impacting')).toBe(true);
    expect(p.matches.find((m) => m.kind === 'incident')?.ref).toBe(INCIDENT.id);
    expect(p.firstAction.text).toContain('Webhook deliveries delayed');
    const update = p.drafts.find((d) => d.kind === 'incident-update');
    expect(update?.payload.body).toContain('https://status.acme.example/INC-7');
    expectCitationsResolve(p);
  });

  it('matches a known issue by its error signature and offers the workaround', () => {
    const p = triage(
      input(
        { subject: 'Sync fails', description: 'Connector sync fails with SYNC-409 since this morning.' },
        { evidence: [ACCOUNT, KNOWN], signatures: ['SYNC-409'] },
      ),
    );
    const ki = p.matches.find((m) => m.kind === 'known-issue');
    expect(ki?.ref).toBe(KNOWN.id);
    expect(ki?.score).toBeGreaterThanOrEqual(0.6);
    expect(p.drafts.find((d) => d.kind === 'workaround')?.payload.body).toContain(
      'Re-authorise the connector.',
    );
    expect(flag(p, 'engineering')).toBe(true);
  });

  it('fills template slots with customer text as data, never as template syntax', () => {
    const p = triage(
      input({
        subject: 'Question',
        description: 'How do I export?',
        requester: { name: '{{agent_name}} <script>alert(1)</script>\u202E', email: 'k@globex.test' },
      }),
    );
    const ack = p.drafts.find((d) => d.kind === 'acknowledgement');
    expect(ack).toBeDefined();
    expect(ack?.payload.body).toContain('{ {agent_name} }');
    expect(ack?.payload.body).not.toContain('\u202E');
    expect(ack?.payload.body.match(/Acme Cloud Support/g)?.length).toBe(1);
    expect(ack?.payloadHash).toBe(hashJson(ack?.payload));
    for (const a of p.proposedActions) expect(a.payloadHash).toBe(hashJson(a.payload));
  });

  it('asks a person to route when the learned queue is below the threshold', () => {
    const weak: LabelPrediction = {
      key: 'queue',
      classes: [
        { value: 'sync-squad', p: 0.41 },
        { value: 'billing-ops', p: 0.3 },
      ],
      explanation: ['word "export"'],
      model: 'case-model/queue@test',
    };
    const p = triage(
      input(
        { subject: 'Question about exports', description: 'How do I export my data?' },
        { predictions: [weak] },
      ),
    );
    expect(p.route.needsHuman).toBe(true);
    expect(p.route.queue).toBeNull();
    expect(p.route.alternatives[0]).toEqual({ queue: 'sync-squad', confidence: 0.41 });
    expect(p.route.because.some((r) => r.kind === 'rule' && r.ruleId === 'routing.threshold')).toBe(true);
  });

  it('reports the first-response SLA as breached when no agent has replied in time', () => {
    const p = triage(
      input({
        created_at: '2026-11-19T12:00:00Z',
        subject: 'Sync down',
        description: 'Our sync is down, outage.',
      }),
    );
    expect(classification(p, 'sla')).toBe('breached');
    const within = triage(
      input({
        created_at: '2026-11-20T11:50:00Z',
        subject: 'How to export',
        description: 'How do I export?',
      }),
    );
    expect(classification(within, 'sla')).toBe('within');
  });

  it('is deterministic: the same inputs give the same digest and statements', () => {
    const a = triage(
      input(
        { subject: 'Sync fails', description: 'SYNC-409 again' },
        { signatures: ['SYNC-409'], evidence: [ACCOUNT, KNOWN] },
      ),
    );
    const b = triage(
      input(
        { subject: 'Sync fails', description: 'SYNC-409 again' },
        { signatures: ['SYNC-409'], evidence: [ACCOUNT, KNOWN] },
      ),
    );
    expect(a.inputsDigest).toBe(b.inputsDigest);
    expect(a).toEqual(b);
    const c = triage(
      input(
        { subject: 'Sync fails', description: 'SYNC-409 again!' },
        { signatures: ['SYNC-409'], evidence: [ACCOUNT, KNOWN] },
      ),
    );
    expect(c.inputsDigest).not.toBe(a.inputsDigest);
  });

  it('detects German and answers in the tenant default when no German template exists', () => {
    const p = triage(
      input({
        subject: 'Rechnung doppelt',
        description: 'Wir haben die Rechnung zweimal bezahlt und bitte um Erstattung, das ist nicht korrekt.',
      }),
    );
    expect(classification(p, 'language')).toBe('de');
    expect(p.drafts.every((d) => d.payload.locale === 'en')).toBe(true);
  });
});

describe('routing against history', () => {
  it('hands a rule-routed case to a person when the learned queue strongly disagrees', () => {
    const disagree: LabelPrediction = {
      key: 'queue',
      classes: [
        { value: 'sync-squad', p: 0.95 },
        { value: 'billing-ops', p: 0.01 },
      ],
      explanation: [],
      model: 'case-model/queue@test',
    };
    const p = triage(
      input(
        { subject: 'Invoice question', description: 'Where is my invoice?', product: 'billing' },
        { predictions: [disagree] },
      ),
    );
    expect(p.route.needsHuman).toBe(true);
    expect(p.route.alternatives.map((a) => a.queue)).toEqual(['billing-ops', 'sync-squad']);
    expect(p.route.because.some((r) => r.kind === 'model' && r.detail.startsWith('history disagrees'))).toBe(
      true,
    );
  });
});

describe('not over-reading a case', () => {
  it('does not tie an incident to a case whose product is unknown', () => {
    const p = triage(
      input(
        { subject: 'it doesnt work', description: 'it doesnt work. please fix' },
        { evidence: [ACCOUNT, INCIDENT] },
      ),
    );
    expect(classification(p, 'product')).toBe('unknown');
    expect(classification(p, 'service_state')).toBe('unknown');
    expect(p.matches.some((m) => m.kind === 'incident')).toBe(false);
    expect(p.missing.map((m) => m.key)).toEqual(expect.arrayContaining(['error_text', 'time_window']));
  });

  it('asks a how-to question for nothing it does not need and raises no billing or engineering flag', () => {
    const error = evidence({
      id: 'errors:error-event:9',
      source: 'errors',
      kind: 'error-event',
      title: 'TypeError: x',
      attributes: { product: 'billing', release: '1.0', count: 3, signature: 'TypeError' },
    });
    const p = triage(
      input(
        {
          subject: 'How do I set up invoice reminders?',
          description: 'How do I send automatic reminders for my invoices?',
          product: 'billing',
        },
        { evidence: [ACCOUNT, INVOICE, error] },
      ),
    );
    expect(p.missing.map((m) => m.key)).not.toContain('time_window');
    expect(p.missing.map((m) => m.key)).not.toContain('order_or_invoice');
    expect(flag(p, 'billing')).toBe(false);
    expect(flag(p, 'engineering')).toBe(false);
    expect(flag(p, 'routine')).toBe(true);
  });
});

describe('every dimension with its reasons', () => {
  it('gives the SLA due times and breach risk, and hands the risk to resolution once the first response is met', () => {
    const waiting = triage(
      input({ created_at: '2026-11-20T08:30:00Z', subject: 'Sync question', description: 'The sync fails.' }),
    );
    // Enterprise sev3: first response in 240 min, resolution in 1440; 210 min have passed.
    const sla = waiting.classification.find((c) => c.dimension === 'sla');
    expect(sla).toMatchObject({
      value: 'at-risk',
      facts: {
        firstResponseDueAt: '2026-11-20T12:30:00.000Z',
        resolutionDueAt: '2026-11-21T08:30:00.000Z',
        breachRisk: 'high',
        minutesLeft: 30,
      },
    });
    expect(sla?.because.map((r) => r.kind === 'rule' && r.ruleId)).toEqual([
      'sla.enterprise.sev3.first-response',
      'sla.enterprise.sev3.resolution',
    ]);
    const answered = triage(
      input({
        created_at: '2026-11-20T08:30:00Z',
        subject: 'Sync question',
        description: 'The sync fails.',
        comments: [
          { author_role: 'agent', public: true, created_at: '2026-11-20T08:40:00Z', body: 'Looking.' },
        ],
      }),
    );
    expect(answered.classification.find((c) => c.dimension === 'sla')).toMatchObject({
      value: 'met',
      facts: { breachRisk: 'low' },
    });
  });

  it('keeps the tenant severity rule when the model disagrees, lowering confidence and saying so', () => {
    const severity: LabelPrediction = {
      key: 'severity',
      classes: [
        { value: 'sev3', p: 0.8 },
        { value: 'sev1', p: 0.1 },
      ],
      explanation: [],
      model: 'case-model/severity@test',
    };
    const p = triage(
      input(
        { subject: 'Outage', description: 'Our sync is down for everyone.' },
        { predictions: [severity] },
      ),
    );
    const c = p.classification.find((x) => x.dimension === 'severity');
    expect(c?.value).toBe('sev1');
    expect(c?.confidence).toBe(0.75);
    expect(c?.because[1]).toMatchObject({ kind: 'model', model: 'case-model/severity@test' });
    expect(c?.because[1]?.detail).toContain('history suggests sev3');
  });

  it('cites the CRM account for business impact, valuable or not, and an open incident it overlaps', () => {
    const p = triage(
      input(
        { subject: 'Webhooks down', description: 'Webhook deliveries are down since 09:30 UTC.' },
        { evidence: [ACCOUNT, INCIDENT] },
      ),
    );
    const impact = p.classification.find((c) => c.dimension === 'business_impact');
    const cited = impact?.because.flatMap((r) => (r.kind === 'evidence' ? [r.evidenceId] : []));
    expect(cited).toEqual([ACCOUNT.id, INCIDENT.id]);
  });

  it('does not tie an incident on one component to a case about another component', () => {
    const other = triage(
      input(
        { subject: 'Connector question', description: 'Our connectors stopped pulling ledger records.' },
        { evidence: [ACCOUNT, INCIDENT] },
      ),
    );
    const state = other.classification.find((c) => c.dimension === 'service_state');
    expect(state?.value).toBe('operational');
    expect(state?.because).toContainEqual({
      kind: 'evidence',
      evidenceId: INCIDENT.id,
      detail: 'open incident "Webhook deliveries delayed" affects webhooks, not connectors',
    });
    const same = triage(
      input(
        { subject: 'Webhooks', description: 'Our webhook deliveries stopped: the webhooks are down.' },
        { evidence: [ACCOUNT, INCIDENT] },
      ),
    );
    expect(classification(same, 'service_state')).toBe('outage');
  });

  it('raises unsafe-for-automation for each kind of risk, each citing the rule or the evidence', () => {
    const cases: [string, string][] = [
      ['unsafe.security', 'Our admin account was hacked and credentials were exposed.'],
      ['unsafe.legal', 'Our lawyer will start legal action if this is not fixed.'],
      ['unsafe.data-loss', 'After the sync we lost all our customer records, data loss everywhere.'],
      ['unsafe.account-change', 'Please transfer ownership of the account to me.'],
      ['unsafe.regulated-data', 'The export contains HIPAA medical record data.'],
      ['unsafe.executive', 'Our CEO wants an answer today.'],
      ['unsafe.legal', 'Wir werden rechtliche Schritte einleiten, unser Anwalt ist informiert.'],
    ];
    for (const [ruleId, description] of cases) {
      const unsafe = triage(input({ subject: 'Case', description })).flags.find(
        (f) => f.flag === 'unsafe-for-automation',
      );
      expect(unsafe?.raised, description).toBe(true);
      expect(
        unsafe?.because.some((r) => r.kind === 'rule' && r.ruleId === ruleId),
        description,
      ).toBe(true);
    }
    const leakedLog = evidence({
      id: 'logs:log:1',
      source: 'logs',
      kind: 'log',
      sensitive: true,
      redactions: [{ kind: 'secret', count: 1 }],
    });
    const p = triage(
      input({ subject: 'Sync', description: 'The sync fails.' }, { evidence: [ACCOUNT, leakedLog] }),
    );
    const unsafe = p.flags.find((f) => f.flag === 'unsafe-for-automation');
    expect(unsafe?.raised).toBe(true);
    expect(unsafe?.because).toContainEqual(
      expect.objectContaining({ kind: 'evidence', evidenceId: leakedLog.id }),
    );
    expect(p.evidence.map((e) => e.id)).toContain(leakedLog.id);
  });

  it('starts with the matched troubleshooting step, naming an open incident beside it', () => {
    const p = triage(
      input(
        { subject: 'Webhooks down', description: 'Our webhook deliveries stopped since 09:30 UTC.' },
        { evidence: [ACCOUNT, INCIDENT] },
      ),
    );
    expect(p.firstAction.text).toBe(
      'Check webhook deliveries: Open the delivery log and look for 4xx responses. Open incident "Webhook deliveries delayed" matches this case.',
    );
    expect(
      p.firstAction.because.map((r) =>
        r.kind === 'rule' ? r.ruleId : r.kind === 'evidence' ? r.evidenceId : r.model,
      ),
    ).toEqual(['troubleshooting.ts-webhooks', INCIDENT.id]);
  });

  it('cites only rule ids the tenant configuration or the built-in catalogue knows', () => {
    const known = citableRuleIds(CONFIG);
    const packets = [
      triage(input({ subject: 'Charged twice on INV-2026-0412', description: 'Charged twice yesterday.' })),
      triage(input({ subject: 'it doesnt work', description: 'broken' }, { evidence: [] })),
      triage(
        input(
          { subject: 'Webhooks down', description: 'Outage since 09:30.' },
          { evidence: [ACCOUNT, INCIDENT] },
        ),
      ),
      triage(input({ created_at: undefined, subject: 'How do I export?' })),
    ];
    for (const p of packets) {
      const ruleIds = [
        ...p.classification.flatMap((c) => c.because),
        ...p.flags.flatMap((f) => f.because),
        ...p.missing.flatMap((m) => m.because),
        ...p.matches.flatMap((m) => m.because),
        ...p.route.because,
        ...p.firstAction.because,
      ].flatMap((r) => (r.kind === 'rule' ? [r.ruleId] : []));
      for (const id of ruleIds) expect(known.has(id), id).toBe(true);
    }
  });
});
