import type { Classification, Evidence, Reason } from '@triage/shared';
import { chooseLocale, detectLanguage, LANGUAGE_DETECTOR, type LanguageDetection } from '../language';
import { describeTrace, matchRules, type Facts } from '../rules';
import type { ProductDef, Severity, TenantConfig } from '../tenant-config';
import { readSentiment, round, type CaseFacts } from './case-facts';
import {
  AccountFacts,
  factsOf,
  HistoryFacts,
  IncidentFacts,
  StatusComponentFacts,
} from './evidence-attributes';
import type { LabelPrediction, TriageInput } from './types';

export interface Classified {
  list: Classification[];
  product: ProductDef | null;
  tier: string;
  severity: Severity;
  /** ISO 639-1 code of the customer's language, or `und` when it could not be told reliably. */
  language: string;
  impact: 'high' | 'medium' | 'low';
  activeIncidents: Evidence[];
  account: Evidence | null;
  ruleFacts: Facts;
}

const PRIORITY_TO_SEVERITY: Record<string, Severity> = {
  urgent: 'sev1',
  critical: 'sev1',
  high: 'sev2',
  normal: 'sev3',
  medium: 'sev3',
  low: 'sev4',
};

function ruleReason(ruleId: string, detail: string): Reason {
  return { kind: 'rule', ruleId, detail };
}

function evidenceReason(e: Evidence, detail: string): Reason {
  return { kind: 'evidence', evidenceId: e.id, detail };
}

function modelReason(p: LabelPrediction, detail: string): Reason {
  return { kind: 'model', model: p.model, detail };
}

function prediction(input: TriageInput, key: string): LabelPrediction | undefined {
  return input.predictions.find((p) => p.key === key);
}

function classifyProduct(
  input: TriageInput,
  facts: CaseFacts,
): { c: Classification; product: ProductDef | null } {
  const { products } = input.config;
  const field = input.record.product?.toLowerCase();
  const byField = field
    ? products.find((p) => p.id.toLowerCase() === field || p.name.toLowerCase() === field)
    : undefined;
  if (byField) {
    return {
      product: byField,
      c: {
        dimension: 'product',
        value: byField.id,
        confidence: 0.95,
        because: [ruleReason('product.field', `the case's product field is "${byField.id}"`)],
      },
    };
  }
  const scored = products
    .map((p) => {
      const hits = p.keywords.filter((k) => matchesWord(facts.text, k));
      return { p, hits };
    })
    .filter((s) => s.hits.length > 0)
    .sort((a, b) => b.hits.length - a.hits.length);
  const learned = prediction(input, 'product');
  const top = scored[0];
  if (top) {
    const runnerUp = scored[1]?.hits.length ?? 0;
    const confidence = round(Math.min(0.95, 0.55 + 0.1 * top.hits.length - 0.1 * runnerUp));
    const because: Reason[] = [
      ruleReason(
        `product.keywords.${top.p.id}`,
        `mentions ${top.hits
          .slice(0, 4)
          .map((h) => `"${h}"`)
          .join(', ')}`,
      ),
    ];
    const learnedTop = learned?.classes[0];
    if (learned && learnedTop?.value === top.p.id)
      because.push(modelReason(learned, `the model agrees (p=${learnedTop.p.toFixed(2)})`));
    return {
      product: top.p,
      c: { dimension: 'product', value: top.p.id, confidence: Math.max(0.3, confidence), because },
    };
  }
  const learnedTop = learned?.classes[0];
  if (learned && learnedTop) {
    const product = products.find((p) => p.id === learnedTop.value) ?? null;
    return {
      product,
      c: {
        dimension: 'product',
        value: learnedTop.value,
        confidence: round(learnedTop.p),
        because: [modelReason(learned, learned.explanation.slice(0, 3).join('; ') || 'learned from history')],
      },
    };
  }
  return {
    product: null,
    c: {
      dimension: 'product',
      value: 'unknown',
      confidence: 0.2,
      because: [ruleReason('product.none', 'no product keyword or field matched')],
    },
  };
}

export function matchesWord(text: string, phrase: string): boolean {
  const p = phrase.toLowerCase();
  if (/[^\p{L}\p{N}]/u.test(p)) return text.includes(p);
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(p)}(?:$|[^\\p{L}\\p{N}])`, 'u').test(text);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Classifies every dimension of DESIGN.md. Each value carries a confidence and the evidence, rule or model
 * that produced it. Rules written by the tenant win over the learned model where both speak, because a
 * team's explicit policy (an SLA contract, an outage rule) is not something history should out-vote.
 */
export function classify(input: TriageInput, facts: CaseFacts): Classified {
  const list: Classification[] = [];
  const { config, record, evidence } = input;

  const { c: productC, product } = classifyProduct(input, facts);
  list.push(productC);

  // Channel: the desk knows it.
  list.push(
    record.channel
      ? {
          dimension: 'channel',
          value: record.channel,
          confidence: 1,
          because: [ruleReason('channel.field', `the desk recorded channel "${record.channel}"`)],
        }
      : {
          dimension: 'channel',
          value: 'unknown',
          confidence: 0.2,
          because: [ruleReason('channel.none', 'the desk recorded no channel')],
        },
  );

  // Customer tier: CRM evidence, else the policy's default.
  const accounts = factsOf(evidence, 'account', AccountFacts);
  const account = accounts[0];
  const tier = account?.facts.tier ?? config.slaPolicy.defaultTier;
  list.push(
    account
      ? {
          dimension: 'customer_tier',
          value: tier,
          confidence: 0.95,
          because: [evidenceReason(account.evidence, `CRM account ${account.facts.name} is ${tier}`)],
        }
      : {
          dimension: 'customer_tier',
          value: tier,
          confidence: 0.4,
          because: [ruleReason('tier.default', `no CRM account found; policy default tier is ${tier}`)],
        },
  );

  // Current service state: open incidents and degraded components of this product.
  const incidents = factsOf(evidence, 'incident', IncidentFacts).filter(
    (i) => i.facts.resolvedAt === null && i.facts.status !== 'resolved',
  );
  // Without a product, no incident can be tied to the case; the state is unknown rather than guessed.
  const productIncidents = product ? incidents.filter((i) => i.facts.product === product.id) : [];
  // An incident on one component does not touch a case about another component of the same product: a
  // payouts question is not hit by a checkout outage. A case that names no component could be hit by any.
  const named = (product?.components ?? []).filter((c) => matchesWord(facts.text, c.replace(/[-_]/g, ' ')));
  const elsewhere = productIncidents.filter(
    (i) =>
      named.length > 0 && i.facts.components.length > 0 && !i.facts.components.some((c) => named.includes(c)),
  );
  const relevantIncidents = productIncidents.filter((i) => !elsewhere.includes(i));
  const norm = (x: string) => x.toLowerCase().replace(/[-_\s]+/g, ' ');
  const productDegraded = factsOf(evidence, 'status-component', StatusComponentFacts).filter(
    (s) => product !== null && s.facts.status !== 'operational' && s.facts.product === product.id,
  );
  const degradedElsewhere = productDegraded.filter(
    (s) => named.length > 0 && !named.some((c) => norm(s.evidence.title).includes(norm(c))),
  );
  const degraded = productDegraded.filter((s) => !degradedElsewhere.includes(s));
  if (relevantIncidents.length > 0 || degraded.length > 0) {
    const major =
      relevantIncidents.some((i) => i.facts.impact === 'critical' || i.facts.impact === 'major') ||
      degraded.some((d) => d.facts.status.includes('outage'));
    list.push({
      dimension: 'service_state',
      value: major ? 'outage' : 'degraded',
      confidence: 0.9,
      because: [
        ...relevantIncidents.map((i) =>
          evidenceReason(
            i.evidence,
            `incident "${i.evidence.title}" is ${i.facts.status} (${i.facts.impact})`,
          ),
        ),
        ...degraded.map((d) =>
          evidenceReason(d.evidence, `status component ${d.evidence.title} is ${d.facts.status}`),
        ),
      ],
    });
  } else if (!product) {
    list.push({
      dimension: 'service_state',
      value: 'unknown',
      confidence: 0.3,
      because: [
        ruleReason(
          'service.product-unknown',
          incidents.length
            ? `${incidents.length} open incident(s) elsewhere; the product is not identified, so none is tied to this case`
            : 'the product is not identified',
        ),
      ],
    });
  } else {
    const components = factsOf(evidence, 'status-component', StatusComponentFacts).filter(
      (s) => s.facts.product === product.id,
    );
    // A status page that answered and lists this product's components as operational is evidence of
    // health; a status source that answered with nothing open is a rule's reading of an empty result.
    const statusAnswered = input.sources.some((s) => /status/i.test(s.source) && s.status === 'ok');
    list.push(
      components.length > 0 || statusAnswered || elsewhere.length > 0 || degradedElsewhere.length > 0
        ? {
            dimension: 'service_state',
            value: 'operational',
            confidence: components.length > 0 ? 0.85 : 0.8,
            because: [
              ruleReason(
                'service.no-open-incident',
                `no open incident or degraded component for ${named.length ? named.join(', ') : product.id}`,
              ),
              ...elsewhere.map((i) =>
                evidenceReason(
                  i.evidence,
                  `open incident "${i.evidence.title}" affects ${i.facts.components.join(', ')}, not ${named.join(', ')}`,
                ),
              ),
              ...degradedElsewhere.map((d) =>
                evidenceReason(
                  d.evidence,
                  `status component ${d.evidence.title} is ${d.facts.status}; this case is about ${named.join(', ')}`,
                ),
              ),
              ...components
                .slice(0, 3)
                .map((c) =>
                  evidenceReason(c.evidence, `status component ${c.evidence.title} is ${c.facts.status}`),
                ),
            ],
          }
        : {
            dimension: 'service_state',
            value: 'unknown',
            confidence: 0.2,
            because: [ruleReason('service.status-unavailable', 'the status source was not available')],
          },
    );
  }

  // Business impact: affected users, account value, outage words, incident overlap.
  const impactReasons: Reason[] = [];
  let impactScore = 0;
  if (facts.mentionsAllUsers) {
    impactScore += 2;
    impactReasons.push(ruleReason('impact.all-users', 'the customer says all or no users are affected'));
  } else if (facts.affectedUsers !== null) {
    const n = facts.affectedUsers;
    impactScore += n >= 50 ? 2 : n >= 5 ? 1 : 0;
    impactReasons.push(ruleReason('impact.affected-users', `${n} affected users reported`));
  }
  const outageWords = OUTAGE_WORDS.filter((w) => matchesWord(facts.text, w));
  if (outageWords.length > 0) {
    impactScore += 1;
    impactReasons.push(
      ruleReason(
        'impact.outage-words',
        `the customer describes an outage or a blocked workflow: ${outageWords
          .slice(0, 3)
          .map((w) => `"${w}"`)
          .join(', ')}`,
      ),
    );
  }
  // The account is cited whatever its value, so that "why not high" shows the ARR it was judged on.
  let accountIsSignal = false;
  if (account) {
    const arr = account.facts.arr;
    const valuable = (arr ?? 0) >= HIGH_VALUE_ARR;
    if (valuable) impactScore += 1;
    accountIsSignal = valuable;
    impactReasons.push(
      evidenceReason(
        account.evidence,
        arr === null
          ? `account value unknown (${account.facts.tier} tier)`
          : `account ARR ${arr.toLocaleString('en-US')}${valuable ? ', a high-value account' : `, below ${HIGH_VALUE_ARR.toLocaleString('en-US')}`}`,
      ),
    );
  }
  const firstIncident = relevantIncidents[0];
  if (firstIncident) {
    impactScore += 1;
    impactReasons.push(
      evidenceReason(
        firstIncident.evidence,
        `open incident "${firstIncident.evidence.title}" affects this product`,
      ),
    );
  }
  const impact = impactScore >= 3 ? 'high' : impactScore >= 1 ? 'medium' : 'low';
  const impactSignals = impactReasons.length - (account && !accountIsSignal ? 1 : 0);
  list.push({
    dimension: 'business_impact',
    value: impact,
    confidence: round(impactSignals === 0 ? 0.5 : Math.min(0.9, 0.55 + 0.1 * impactSignals)),
    because: impactSignals
      ? impactReasons
      : [
          ruleReason(
            'impact.no-signal',
            'no affected-user count, outage words, high-value account or incident',
          ),
          ...impactReasons,
        ],
  });

  // Language: detected before any rule runs, so that severity and routing rules can use it.
  const lang = classifyLanguage(config, facts);
  list.push(lang.c);

  // Severity: tenant rules, then the learned model, then the desk priority.
  const learnedCategory = prediction(input, 'category')?.classes[0]?.value ?? null;
  const ruleFacts: Facts = {
    text: facts.text,
    product: product?.id ?? null,
    channel: record.channel ?? null,
    tier,
    priority: record.priority?.toLowerCase() ?? null,
    tags: record.tags ?? [],
    category: learnedCategory,
    affectedUsers: facts.affectedUsers,
    openIncident: relevantIncidents.length > 0,
    language: lang.detection.language,
    languageConfidence: lang.detection.confidence,
  };
  const severityMatch = matchRules(config.severityRules, ruleFacts)[0];
  const learnedSeverity = prediction(input, 'severity');
  const learnedSevTop = learnedSeverity?.classes[0];
  const priorityKey = record.priority?.toLowerCase();
  const prioritySeverity = priorityKey ? PRIORITY_TO_SEVERITY[priorityKey] : undefined;
  let severity: Severity;
  if (severityMatch) {
    severity = severityMatch.rule.severity;
    const because: Reason[] = [
      ruleReason(
        severityMatch.rule.id,
        `${severityMatch.rule.description} (${describeTrace(severityMatch.trace)})`,
      ),
    ];
    // The tenant's rule sets the value; the learned model only moves the confidence.
    let confidence = 0.85;
    if (learnedSeverity && learnedSevTop?.value === severity) {
      because.push(modelReason(learnedSeverity, `the model agrees (p=${learnedSevTop.p.toFixed(2)})`));
      confidence = 0.92;
    } else if (learnedSeverity && learnedSevTop && learnedSevTop.p >= 0.5) {
      const p = learnedSeverity.classes.find((c) => c.value === severity)?.p ?? 0;
      because.push(
        modelReason(
          learnedSeverity,
          `history suggests ${learnedSevTop.value} (p=${learnedSevTop.p.toFixed(2)}; ${severity} p=${p.toFixed(2)}); the tenant rule wins`,
        ),
      );
      confidence = 0.75;
    }
    list.push({ dimension: 'severity', value: severity, confidence, because });
  } else if (learnedSeverity && learnedSevTop && isSeverity(learnedSevTop.value) && learnedSevTop.p >= 0.5) {
    severity = learnedSevTop.value;
    list.push({
      dimension: 'severity',
      value: severity,
      confidence: round(learnedSevTop.p),
      because: [
        modelReason(
          learnedSeverity,
          learnedSeverity.explanation.slice(0, 3).join('; ') || 'learned from history',
        ),
      ],
    });
  } else if (prioritySeverity) {
    severity = prioritySeverity;
    list.push({
      dimension: 'severity',
      value: severity,
      confidence: 0.6,
      because: [ruleReason('severity.priority-field', `desk priority "${record.priority ?? ''}"`)],
    });
  } else {
    severity = 'sev3';
    list.push({
      dimension: 'severity',
      value: severity,
      confidence: 0.4,
      because: [ruleReason('severity.default', 'no severity rule, model or priority applied')],
    });
  }

  list.push(classifySla(input, tier, severity));

  // Sentiment.
  const sentiment = readSentiment(facts.customerTurns);
  list.push({
    dimension: 'sentiment',
    value: sentiment.value,
    confidence: sentiment.confidence,
    because: [
      ruleReason(
        'sentiment.lexicon',
        sentiment.cues.length
          ? `cues: ${sentiment.cues.join(', ')}`
          : 'no strong wording in customer turns (latest weighted most)',
      ),
    ],
  });

  // Prior escalations: the requester's and organization's history.
  const history = factsOf(evidence, 'case-history', HistoryFacts);
  const escalated = history.filter((h) => h.facts.escalated);
  list.push(
    escalated.length > 0
      ? {
          dimension: 'prior_escalations',
          value: String(escalated.length),
          confidence: 0.9,
          because: escalated
            .slice(0, 5)
            .map((h) => evidenceReason(h.evidence, `${h.facts.caseRef} was escalated`)),
        }
      : history.length > 0
        ? {
            dimension: 'prior_escalations',
            value: '0',
            confidence: 0.85,
            because: history
              .slice(0, 3)
              .map((h) => evidenceReason(h.evidence, `${history.length} earlier cases, none escalated`)),
          }
        : {
            dimension: 'prior_escalations',
            value: '0',
            confidence: input.sources.some((s) => s.source === 'desk-history' && s.status === 'ok')
              ? 0.8
              : 0.3,
            because: [ruleReason('history.none', 'no earlier cases from this requester or organization')],
          },
  );

  // Every other label the team's history carries (category, intent, ...), as learned.
  for (const p of input.predictions) {
    if (p.key === 'queue' || p.key === 'severity' || p.key === 'product') continue;
    const top = p.classes[0];
    if (!top) continue;
    list.push({
      dimension: `label:${p.key}`,
      value: top.value,
      confidence: round(top.p),
      because: [modelReason(p, p.explanation.slice(0, 3).join('; ') || 'learned from history')],
    });
  }

  return {
    list,
    product,
    tier,
    severity,
    language: lang.detection.language,
    impact,
    activeIncidents: relevantIncidents.map((i) => i.evidence),
    account: account?.evidence ?? null,
    ruleFacts: { ...ruleFacts, severity, impact },
  };
}

function isSeverity(v: string): v is Severity {
  return v === 'sev1' || v === 'sev2' || v === 'sev3' || v === 'sev4';
}

/** Breach risk from the share of a target window already used. */
function riskOf(elapsedShare: number, atRiskFraction: number): 'low' | 'medium' | 'high' | 'breached' {
  if (elapsedShare >= 1) return 'breached';
  if (elapsedShare >= atRiskFraction) return 'high';
  if (elapsedShare >= atRiskFraction / 2) return 'medium';
  return 'low';
}

function minutesBetween(from: number, to: number): number {
  return Math.round((to - from) / 60_000);
}

/**
 * SLA state from the policy's targets for (tier, severity) and the case's timestamps. The value is the
 * first-response state: met (an agent replied publicly in time), within, at-risk (past the policy's
 * at-risk share) or breached. Once the first response is settled, the breach risk follows the
 * resolution target; the facts carry both due times.
 */
function classifySla(input: TriageInput, tier: string, severity: Severity): Classification {
  const { slaPolicy } = input.config;
  const tierKey = slaPolicy.tiers[tier] ? tier : slaPolicy.defaultTier;
  const target = slaPolicy.tiers[tierKey]?.[severity];
  const created = input.record.created_at ? Date.parse(input.record.created_at) : NaN;
  if (!target || Number.isNaN(created)) {
    return {
      dimension: 'sla',
      value: 'unknown',
      confidence: 0.3,
      because: [
        ruleReason(
          'sla.no-target',
          target ? 'the case has no creation time' : `no SLA target for ${tier}/${severity}`,
        ),
      ],
      facts: { breachRisk: null, firstResponseDueAt: null, resolutionDueAt: null, minutesLeft: null },
    };
  }
  const now = input.now.getTime();
  const responseDue = created + target.firstResponseMinutes * 60_000;
  const resolutionDue = created + target.resolutionMinutes * 60_000;
  const firstReply = (input.record.comments ?? [])
    .filter((c) => c.author_role === 'agent' && c.public !== false && c.created_at)
    .map((c) => Date.parse(c.created_at ?? ''))
    .filter((t) => !Number.isNaN(t))
    .sort((a, b) => a - b)[0];
  const responseRule = `sla.${tierKey}.${severity}.first-response`;
  const resolutionRule = `sla.${tierKey}.${severity}.resolution`;
  const responseIso = new Date(responseDue).toISOString();
  const resolutionIso = new Date(resolutionDue).toISOString();
  const tierNote = tierKey === tier ? '' : ` (tier ${tier} has no policy; ${tierKey} applies)`;
  const resolutionShare = (now - created) / (target.resolutionMinutes * 60_000);
  const resolutionRisk = riskOf(resolutionShare, slaPolicy.atRiskFraction);
  const resolutionReason = ruleReason(
    resolutionRule,
    resolutionRisk === 'breached'
      ? `resolution was due ${resolutionIso} (${minutesBetween(resolutionDue, now)} min ago; target ${target.resolutionMinutes} min)`
      : `resolution due ${resolutionIso} (${minutesBetween(now, resolutionDue)} min left of ${target.resolutionMinutes}); breach risk ${resolutionRisk}`,
  );

  if (firstReply !== undefined) {
    const met = firstReply <= responseDue;
    return {
      dimension: 'sla',
      value: met ? 'met' : 'breached',
      confidence: 0.95,
      because: [
        ruleReason(
          responseRule,
          `first response ${met ? 'within' : 'after'} ${target.firstResponseMinutes} min (due ${responseIso})${tierNote}`,
        ),
        resolutionReason,
      ],
      facts: {
        firstResponseDueAt: responseIso,
        resolutionDueAt: resolutionIso,
        // A met first response hands the risk over to the resolution target.
        breachRisk: met ? resolutionRisk : 'breached',
        minutesLeft: minutesBetween(now, resolutionDue),
      },
    };
  }
  const responseShare = (now - created) / (target.firstResponseMinutes * 60_000);
  const risk = riskOf(responseShare, slaPolicy.atRiskFraction);
  const value = risk === 'breached' ? 'breached' : risk === 'high' ? 'at-risk' : 'within';
  const minutesLeft = minutesBetween(now, responseDue);
  const detail =
    value === 'breached'
      ? `first response was due ${responseIso} (${-minutesLeft} min ago; target ${target.firstResponseMinutes} min)${tierNote}`
      : `first response due ${responseIso} (${minutesLeft} min left of ${target.firstResponseMinutes}); breach risk ${risk}${tierNote}`;
  return {
    dimension: 'sla',
    value,
    confidence: 0.9,
    because: [ruleReason(responseRule, detail), resolutionReason],
    facts: {
      firstResponseDueAt: responseIso,
      resolutionDueAt: resolutionIso,
      breachRisk: risk,
      minutesLeft,
    },
  };
}

// Words for "it is down" or "we are blocked", in the languages the product ships approved text in.
const OUTAGE_WORDS = [
  'outage',
  'down',
  'unavailable',
  'cannot access',
  "can't access",
  'production is',
  'prod is',
  'blocked',
  'stopped working',
  'ausfall',
  'nicht erreichbar',
  'funktioniert nicht',
  'caído',
  'caída',
  'no funciona',
  'panne',
  'hors service',
  'ne fonctionne plus',
  'inaccessible',
];

/** ARR from which an account counts as high-value for business impact. */
const HIGH_VALUE_ARR = 100_000;

/**
 * The customer's language, read from what they wrote: their latest message when it alone is clear
 * (customers switch language mid-thread), else everything they wrote. An undetermined language is
 * reported as such, and drafts fall back to the tenant default locale.
 */
function classifyLanguage(
  config: TenantConfig,
  facts: CaseFacts,
): { c: Classification; detection: LanguageDetection } {
  const turns = facts.customerTurns;
  const latest = turns.length > 1 ? turns[turns.length - 1] : undefined;
  const fromLatest = latest ? detectLanguage(latest) : undefined;
  const useLatest = fromLatest?.reliable === true;
  const detection =
    fromLatest?.reliable === true ? fromLatest : detectLanguage([facts.subject, ...turns].join('\n'));
  const scope = useLatest ? "the customer's latest message" : 'the customer text';
  const locales = [...new Set(config.templates.map((t) => t.locale))];
  const choice = chooseLocale(detection.language, locales, config.defaultLocale);
  const [best, second] = detection.candidates;
  const scores = best
    ? `${best.language} ${best.score.toFixed(2)}${second ? ` ahead of ${second.language} ${second.score.toFixed(2)}` : ''}`
    : 'no candidate';
  const because: Reason[] = detection.reliable
    ? [
        {
          kind: 'model',
          model: LANGUAGE_DETECTOR,
          detail: `${scores} over ${detection.letters} letters of ${scope}`,
        },
      ]
    : [
        {
          kind: 'model',
          model: LANGUAGE_DETECTOR,
          detail:
            detection.letters === 0
              ? `no natural-language text in ${scope}`
              : `${detection.letters} letters of ${scope} are too few or too mixed to tell (${scores}); not acted on`,
        },
        ruleReason(
          'language.fallback',
          `drafts and questions use the tenant default locale ${choice.locale}`,
        ),
      ];
  if (detection.reliable && choice.fallback)
    because.push(ruleReason('language.fallback', `no approved ${detection.language} text; ${choice.detail}`));
  return {
    detection,
    c: {
      dimension: 'language',
      value: detection.language,
      confidence: detection.confidence,
      because,
      facts: {
        guess: detection.guess,
        reliable: detection.reliable,
        letters: detection.letters,
        locale: choice.locale,
      },
    },
  };
}
