import type { Flag, MissingItem, Reason } from '@triage/shared';
import { evaluate, matchRules, type Facts } from '../rules';
import type { CaseFacts } from './case-facts';
import type { Classified } from './classify';
import { ErrorEventFacts, factsOf, InvoiceFacts } from './evidence-attributes';
import type { Matched } from './match';
import type { TriageInput } from './types';

interface UnsafeRule {
  id: string;
  description: string;
  priority: number;
  when: { fact: string; operator: 'containsAny'; value: string[] };
}

/**
 * Reasons a case must not be handled automatically, one rule per kind of risk. These are engine rules, not
 * tenant rules, so that no configuration can switch off the check for a legal threat or a leaked key. The
 * words cover the languages the product ships approved text in (en, de, fr, es).
 */
const UNSAFE_RULES: UnsafeRule[] = [
  {
    id: 'unsafe.security',
    description: 'security or data exposure',
    priority: 10,
    when: {
      fact: 'text',
      operator: 'containsAny',
      value: [
        'leak',
        'leaked',
        'breach',
        'compromised',
        'exposed',
        'hacked',
        'unauthorized access',
        'phishing',
        'stolen',
        'vulnerability',
        'api key was',
        'credentials were',
        'datenleck',
        'filtración',
        'fuite de données',
        'piratage',
        'piraté',
        'kompromittiert',
        'gehackt',
        'comprometida',
        'acceso no autorizado',
        'accès non autorisé',
      ],
    },
  },
  {
    id: 'unsafe.legal',
    description: 'legal threat',
    priority: 10,
    when: {
      fact: 'text',
      operator: 'containsAny',
      value: [
        'lawyer',
        'attorney',
        'legal action',
        'sue',
        'lawsuit',
        'court',
        'legal team',
        'anwalt',
        'abogado',
        'gdpr complaint',
        'regulator',
        'rechtliche schritte',
        'klage',
        'avocat',
        'poursuites',
        'action en justice',
        'demanda judicial',
        'acciones legales',
      ],
    },
  },
  {
    id: 'unsafe.data-loss',
    description: 'data loss',
    priority: 9,
    when: {
      fact: 'text',
      operator: 'containsAny',
      value: [
        'data loss',
        'lost data',
        'lost all',
        'deleted all',
        'data is gone',
        'data disappeared',
        'records disappeared',
        'missing records',
        'wiped',
        'datenverlust',
        'pérdida de datos',
        'gelöscht',
        'se borraron',
        'perte de données',
        'données perdues',
        'supprimées',
      ],
    },
  },
  {
    id: 'unsafe.account-change',
    description: 'destructive or account-changing request',
    priority: 8,
    when: {
      fact: 'text',
      operator: 'containsAny',
      value: [
        'delete our account',
        'delete my account',
        'close our account',
        'change the owner',
        'change owner',
        'transfer ownership',
        'account owner',
        'remove admin',
        'make me admin',
        'reset mfa',
        'disable mfa',
        'disable 2fa',
        'change the billing email',
        'merge accounts',
        'purge',
        'konto löschen',
        'inhaber ändern',
        'eliminar nuestra cuenta',
        'cambiar el propietario',
        'supprimer notre compte',
        'changer le propriétaire',
      ],
    },
  },
  {
    id: 'unsafe.regulated-data',
    description: 'regulated data',
    priority: 7,
    when: {
      fact: 'text',
      operator: 'containsAny',
      value: [
        'hipaa',
        'phi',
        'pci',
        'card number',
        'social security',
        'passport number',
        'medical record',
        'kartennummer',
        'número de tarjeta',
        'numéro de carte',
        'patientendaten',
        'datos médicos',
        'dossier médical',
      ],
    },
  },
  {
    id: 'unsafe.executive',
    description: 'executive escalation',
    priority: 6,
    when: {
      fact: 'text',
      operator: 'containsAny',
      value: [
        'ceo',
        'cfo',
        'cto',
        'our vp',
        'executive',
        'board',
        'escalate to your management',
        'your manager',
        'geschäftsführer',
        'vorstand',
        'director general',
        'directeur général',
        'pdg',
      ],
    },
  },
];

// Money the customer was charged, owes or wants back makes a case billing. Words that only set the scene
// ("invoice", "subscription") count when there are two of them; "payment" alone names a payments product.
const CHARGE_WORDS = [
  'charged',
  'refund',
  'overcharged',
  'double charged',
  'charged twice',
  'card declined',
  'chargeback',
  'disputed',
  'billed',
  'past due',
  'payment failed',
  'failed payment',
  'abgebucht',
  'erstattung',
  'cobro',
  'reembolso',
];
const BILLING_CONTEXT_WORDS = [
  'invoice',
  'billing',
  'subscription',
  'receipt',
  'credit card',
  'rechnung',
  'factura',
];
const ENGINEERING_WORDS = [
  'error',
  'exception',
  'bug',
  'crash',
  'crashes',
  'crashed',
  'stack trace',
  'timeout',
  'timed out',
  '500',
  '502',
  '503',
  'regression',
  'broken',
  'fails',
  'failing',
  'not working',
  "doesn't work",
];

function rule(ruleId: string, detail: string): Reason {
  return { kind: 'rule', ruleId, detail };
}

export interface Flagged {
  flags: Flag[];
  unsafe: boolean;
  billing: boolean;
  engineering: boolean;
  customerImpacting: boolean;
  known: boolean;
}

/** Raises (or explicitly does not raise) each of the seven flags, each with its reasons. */
export function flagCase(
  input: TriageInput,
  facts: CaseFacts,
  classified: Classified,
  matched: Matched,
  missing: readonly MissingItem[],
): Flagged {
  const ruleFacts: Facts = { ...classified.ruleFacts };
  const flags: Flag[] = [];

  // Unsafe for automation: the case text (rules) and the evidence (what redaction found in it).
  const unsafeHits = matchRules(UNSAFE_RULES, ruleFacts);
  const unsafeReasons: Reason[] = unsafeHits.map((h) => {
    const hit = h.trace.find((t) => t.result);
    const words = Array.isArray(hit?.expected)
      ? hit.expected.filter(
          (w) => evaluate({ fact: 'text', operator: 'contains', value: w }, ruleFacts).matched,
        )
      : [];
    return rule(
      h.rule.id,
      `${h.rule.description}: ${words
        .slice(0, 3)
        .map((w) => `"${w}"`)
        .join(', ')}`,
    );
  });
  const secretEvidence = input.evidence.filter(
    (e) => e.sensitive || e.redactions.some((r) => r.kind === 'secret'),
  );
  const cardEvidence = input.evidence.filter(
    (e) => !secretEvidence.includes(e) && e.redactions.some((r) => r.kind === 'card' || r.kind === 'iban'),
  );
  for (const e of secretEvidence.slice(0, 3))
    unsafeReasons.push({
      kind: 'evidence',
      evidenceId: e.id,
      detail: 'security or data exposure: the evidence held a secret or security-sensitive text (withheld)',
    });
  for (const e of cardEvidence.slice(0, 3))
    unsafeReasons.push({
      kind: 'evidence',
      evidenceId: e.id,
      detail: 'regulated data: the evidence held card or bank account numbers (redacted)',
    });
  const unsafe = unsafeReasons.length > 0;
  flags.push({
    flag: 'unsafe-for-automation',
    raised: unsafe,
    confidence: unsafe ? 0.9 : 0.8,
    because: unsafe
      ? unsafeReasons
      : [
          rule(
            'unsafe.none',
            'no security, legal, data-loss, account-change, regulated-data or executive signal',
          ),
        ],
  });

  // Billing.
  const chargeWords = CHARGE_WORDS.filter((w) => facts.text.includes(w));
  const contextWords = BILLING_CONTEXT_WORDS.filter((w) => facts.text.includes(w));
  const billingWords = [...chargeWords, ...contextWords];
  const invoices = factsOf(input.evidence, 'invoice', InvoiceFacts);
  const mentionedInvoices = invoices.filter((i) =>
    facts.invoiceRefs.includes(i.facts.invoiceId.toUpperCase()),
  );
  const troubled = invoices.filter((i) =>
    ['past_due', 'disputed', 'failed', 'refunded'].includes(i.facts.status),
  );
  const learnedCategory = classified.list.find((c) => c.dimension === 'label:category');
  const learnedBilling = Boolean(
    learnedCategory &&
    /billing|payment|refund|invoice/.test(learnedCategory.value) &&
    learnedCategory.confidence >= 0.5,
  );
  const billing =
    chargeWords.length > 0 || contextWords.length >= 2 || mentionedInvoices.length > 0 || learnedBilling;
  const billingReasons: Reason[] = [];
  if (billing && billingWords.length > 0) {
    billingReasons.push(
      rule(
        chargeWords.length > 0 ? 'billing.charge-words' : 'billing.context-words',
        `mentions ${billingWords
          .slice(0, 4)
          .map((w) => `"${w}"`)
          .join(', ')}`,
      ),
    );
  }
  for (const i of mentionedInvoices)
    billingReasons.push({
      kind: 'evidence',
      evidenceId: i.evidence.id,
      detail: `the customer cites invoice ${i.facts.invoiceId} (${i.facts.status})`,
    });
  if (billing)
    for (const i of troubled.slice(0, 2))
      billingReasons.push({
        kind: 'evidence',
        evidenceId: i.evidence.id,
        detail: `invoice ${i.facts.invoiceId} is ${i.facts.status}`,
      });
  if (learnedBilling && learnedCategory) billingReasons.push(...learnedCategory.because);
  flags.push({
    flag: 'billing',
    raised: billing,
    confidence: billing ? Math.min(0.95, 0.6 + 0.1 * billingReasons.length) : 0.75,
    because: billing
      ? billingReasons
      : [
          rule(
            'billing.none',
            contextWords.length
              ? `mentions only ${contextWords.map((w) => `"${w}"`).join(', ')}: no charge, refund or cited invoice`
              : 'no charge or refund words, invoice references or billing category',
          ),
        ],
  });

  // Engineering.
  const engWords = ENGINEERING_WORDS.filter((w) => facts.text.includes(w));
  const engReasons: Reason[] = [];
  if (input.signatures.length > 0)
    engReasons.push(
      rule('engineering.signatures', `error signatures: ${input.signatures.slice(0, 4).join(', ')}`),
    );
  for (const m of matched.matches.filter((x) => x.kind === 'defect' || x.kind === 'known-issue').slice(0, 2))
    engReasons.push(...m.because);
  // An account's error events matter only when the case reports a fault in the same product.
  const reportsFault = input.signatures.length > 0 || engWords.length > 0;
  const productId = classified.product?.id;
  if (reportsFault && productId) {
    for (const { evidence: e } of factsOf(input.evidence, 'error-event', ErrorEventFacts)
      .filter((x) => x.facts.product === productId)
      .slice(0, 2))
      engReasons.push({
        kind: 'evidence',
        evidenceId: e.id,
        detail: `error event in ${productId}: ${e.title}`,
      });
  }
  if (engWords.length >= 2)
    engReasons.push(
      rule(
        'engineering.words',
        `mentions ${engWords
          .slice(0, 4)
          .map((w) => `"${w}"`)
          .join(', ')}`,
      ),
    );
  const engineering =
    engReasons.length > 0 &&
    !(engReasons.length === 1 && engWords.length >= 2 && billing && input.signatures.length === 0);
  flags.push({
    flag: 'engineering',
    raised: engineering,
    confidence: engineering ? Math.min(0.95, 0.55 + 0.1 * engReasons.length) : 0.7,
    because: engineering
      ? engReasons
      : [rule('engineering.none', 'no error signature, defect, error event or failure wording')],
  });

  // Customer-impacting.
  const impactC = classified.list.find((c) => c.dimension === 'business_impact');
  const impactReasons: Reason[] = [];
  // A valuable account alone does not make a case customer-impacting; something must be affecting them.
  const impactSignals = (impactC?.because ?? []).filter(
    (r) => r.kind === 'rule' && r.ruleId !== 'impact.no-signal',
  );
  if (
    impactC &&
    (classified.impact === 'high' || (classified.impact === 'medium' && impactSignals.length > 0))
  )
    impactReasons.push(...impactC.because);
  for (const e of classified.activeIncidents.slice(0, 2))
    impactReasons.push({
      kind: 'evidence',
      evidenceId: e.id,
      detail: 'an open incident affects this product',
    });
  if (classified.severity === 'sev1' || classified.severity === 'sev2') {
    const sev = classified.list.find((c) => c.dimension === 'severity');
    if (sev) impactReasons.push(...sev.because);
  }
  const customerImpacting = impactReasons.length > 0;
  flags.push({
    flag: 'customer-impacting',
    raised: customerImpacting,
    confidence: customerImpacting ? 0.85 : 0.7,
    because: customerImpacting
      ? dedupe(impactReasons)
      : [rule('impact.none', 'low business impact, no open incident, severity sev3/sev4')],
  });

  // Known.
  const strongKnown = matched.matches.filter(
    (m) => (m.kind === 'known-issue' || m.kind === 'incident') && m.score >= 0.6,
  );
  flags.push({
    flag: 'known',
    raised: strongKnown.length > 0,
    confidence: strongKnown.length ? (strongKnown[0]?.score ?? 0.6) : 0.7,
    because: strongKnown.length
      ? strongKnown.flatMap((m) => m.because).slice(0, 3)
      : [rule('known.none', 'no known issue or incident matched with score ≥ 0.6')],
  });

  // Missing evidence.
  flags.push({
    flag: 'missing-evidence',
    raised: missing.length > 0,
    confidence: 0.85,
    because: missing.length
      ? missing.map((m) => rule(`missing.${m.key}`, m.why)).slice(0, 5)
      : [rule('missing.none', 'everything this kind of case needs is present')],
  });

  // Routine: nothing above calls for a specialist's judgment.
  const routineBlockers = [
    unsafe && 'unsafe',
    customerImpacting && 'customer-impacting',
    engineering && 'engineering',
    (classified.severity === 'sev1' || classified.severity === 'sev2') && 'high severity',
  ].filter(Boolean);
  const routine = routineBlockers.length === 0;
  flags.push({
    flag: 'routine',
    raised: routine,
    confidence: routine ? 0.75 : 0.85,
    because: [
      rule(
        routine ? 'routine.clear' : 'routine.blocked',
        routine
          ? 'not unsafe, not customer-impacting, no engineering signal, severity sev3/sev4'
          : `not routine: ${routineBlockers.join(', ')}`,
      ),
    ],
  });

  return { flags, unsafe, billing, engineering, customerImpacting, known: strongKnown.length > 0 };
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
