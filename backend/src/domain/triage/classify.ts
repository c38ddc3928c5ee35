import type { Classification, Evidence, Reason } from '@triage/shared';
import { describeTrace, matchRules, type Facts } from '../rules';
import type { ProductDef, Severity } from '../tenant-config';
import { detectLanguage, readSentiment, round, type CaseFacts } from './case-facts';
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
  const relevantIncidents = product ? incidents.filter((i) => i.facts.product === product.id) : [];
  const degraded = factsOf(evidence, 'status-component', StatusComponentFacts).filter(
    (s) => product !== null && s.facts.status !== 'operational' && s.facts.product === product.id,
  );
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
    const statusSource = input.sources.find((s) => s.source === 'status');
    list.push(
      statusSource?.status === 'ok'
        ? {
            dimension: 'service_state',
            value: 'operational',
            confidence: 0.8,
            because: [
              ruleReason(
                'service.no-open-incident',
                `no open incident or degraded component for ${product.id}`,
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
  if (
    /\b(?:outage|down|unavailable|cannot access|can't access|production is|prod is|blocked|stopped working|ausfall|caído)\b/.test(
      facts.text,
    )
  ) {
    impactScore += 1;
    impactReasons.push(
      ruleReason('impact.outage-words', 'the customer describes an outage or a blocked workflow'),
    );
  }
  if (account && (account.facts.arr ?? 0) >= 100_000) {
    impactScore += 1;
    impactReasons.push(evidenceReason(account.evidence, `account ARR ${account.facts.arr ?? 0}`));
  }
  const firstIncident = relevantIncidents[0];
  if (firstIncident) {
    impactScore += 1;
    impactReasons.push(evidenceReason(firstIncident.evidence, 'an open incident affects this product'));
  }
  const impact = impactScore >= 3 ? 'high' : impactScore >= 1 ? 'medium' : 'low';
  list.push({
    dimension: 'business_impact',
    value: impact,
    confidence: round(impactReasons.length === 0 ? 0.5 : Math.min(0.9, 0.55 + 0.1 * impactReasons.length)),
    because: impactReasons.length
      ? impactReasons
      : [
          ruleReason(
            'impact.no-signal',
            'no affected-user count, outage words, high-value account or incident',
          ),
        ],
  });

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
    if (learnedSeverity && learnedSevTop?.value === severity)
      because.push(modelReason(learnedSeverity, `the model agrees (p=${learnedSevTop.p.toFixed(2)})`));
    list.push({
      dimension: 'severity',
      value: severity,
      confidence: because.length > 1 ? 0.92 : 0.85,
      because,
    });
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

  // Language: so that routing and drafts use the customer's language.
  const lang = detectLanguage(facts.customerTurns.join(' ') || facts.subject);
  list.push({
    dimension: 'language',
    value: lang.language,
    confidence: lang.confidence,
    because: [ruleReason('language.stopwords', `${lang.hits} function words of ${lang.language}`)],
  });

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
    language: lang.language,
    impact,
    activeIncidents: relevantIncidents.map((i) => i.evidence),
    account: account?.evidence ?? null,
    ruleFacts: { ...ruleFacts, severity, impact, language: lang.language },
  };
}

function isSeverity(v: string): v is Severity {
  return v === 'sev1' || v === 'sev2' || v === 'sev3' || v === 'sev4';
}

/**
 * SLA state from the policy's first-response target for (tier, severity) and the case's timestamps:
 * met (an agent replied publicly in time), within, at-risk (past the policy's at-risk share) or breached.
 */
function classifySla(input: TriageInput, tier: string, severity: Severity): Classification {
  const { slaPolicy } = input.config;
  const targets = slaPolicy.tiers[tier] ?? slaPolicy.tiers[slaPolicy.defaultTier];
  const target = targets?.[severity];
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
    };
  }
  const due = created + target.firstResponseMinutes * 60_000;
  const firstReply = (input.record.comments ?? [])
    .filter((c) => c.author_role === 'agent' && c.public !== false && c.created_at)
    .map((c) => Date.parse(c.created_at ?? ''))
    .filter((t) => !Number.isNaN(t))
    .sort((a, b) => a - b)[0];
  const ruleId = `sla.${tier}.${severity}.first-response`;
  const dueIso = new Date(due).toISOString();
  if (firstReply !== undefined) {
    const met = firstReply <= due;
    return {
      dimension: 'sla',
      value: met ? 'met' : 'breached',
      confidence: 0.95,
      because: [
        ruleReason(
          ruleId,
          `first response ${met ? 'within' : 'after'} ${target.firstResponseMinutes} min (due ${dueIso})`,
        ),
      ],
    };
  }
  const now = input.now.getTime();
  const elapsed = (now - created) / (target.firstResponseMinutes * 60_000);
  const minutesLeft = Math.round((due - now) / 60_000);
  const value = elapsed >= 1 ? 'breached' : elapsed >= slaPolicy.atRiskFraction ? 'at-risk' : 'within';
  const detail =
    value === 'breached'
      ? `first response was due ${dueIso} (${-minutesLeft} min ago; target ${target.firstResponseMinutes} min)`
      : `first response due ${dueIso} (${minutesLeft} min left of ${target.firstResponseMinutes})`;
  return { dimension: 'sla', value, confidence: 0.9, because: [ruleReason(ruleId, detail)] };
}
