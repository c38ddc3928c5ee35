import type { Evidence, Match, Reason } from '@triage/shared';
import type { ProductDef, TroubleshootingStep } from '../tenant-config';
import { round, type CaseFacts } from './case-facts';
import { matchesWord } from './classify';
import { factsOf, IncidentFacts, KnownIssueFacts, ReleaseFacts } from './evidence-attributes';
import type { SimilarCase, TriageInput } from './types';
import { CASE_INDEX_MODEL } from './version';

const STOP = new Set(
  'the a an and or of to in on for with is are was were be been it this that we our you your i my me not no can cannot could after before from at by as but when since have has had do does did error issue problem please help all its they them there their will would should what which who how why any some also just still now get got one out about into than then only more very our'.split(
    ' ',
  ),
);

/** Whether a shared term is worth showing a person as a reason (not a stopword, a number or a fragment). */
export function isInformativeTerm(term: string): boolean {
  return term.length >= 3 && !STOP.has(term) && !/^\d+$/.test(term);
}

function terms(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}_.-]+/u)
      .map((t) => t.replace(/^[.-]+|[.-]+$/g, ''))
      .filter((t) => t.length >= 3 && !STOP.has(t)),
  );
}

function overlap(a: Set<string>, b: Set<string>): string[] {
  const out: string[] = [];
  for (const t of a) if (b.has(t)) out.push(t);
  return out;
}

const DAY = 86_400_000;

export interface Matched {
  matches: Match[];
  knownIssues: Match[];
  releases: Match[];
  troubleshooting: { step: TroubleshootingStep; match: Match }[];
}

/**
 * Matches a case against known issues, defects, incidents, releases, approved troubleshooting steps and
 * similar earlier cases. Error signatures are first-class: an exact signature hit outweighs any amount of
 * word overlap. Scores are in [0, 1] and every match says why.
 */
export function matchCase(input: TriageInput, facts: CaseFacts, product: ProductDef | null): Matched {
  const caseTerms = terms(facts.text);
  const signatures = new Set(input.signatures.map((s) => s.toLowerCase()));
  const created = input.record.created_at ? Date.parse(input.record.created_at) : input.now.getTime();
  const matches: Match[] = [];

  const scoreKnown = (e: Evidence, productId: string, component: string | null, signature: string | null) => {
    const reasons: string[] = [];
    let score = 0;
    if (
      signature &&
      (signatures.has(signature.toLowerCase()) || facts.text.includes(signature.toLowerCase()))
    ) {
      score += 0.6;
      reasons.push(`same error signature ${signature}`);
    }
    if (product && productId === product.id) {
      score += 0.15;
      reasons.push(`same product (${productId})`);
    }
    if (component && matchesWord(facts.text, component.replace(/[-_]/g, ' '))) {
      score += 0.1;
      reasons.push(`mentions component ${component}`);
    }
    const shared = overlap(caseTerms, terms(`${e.title} ${e.excerpt}`));
    if (shared.length > 0) {
      score += Math.min(0.3, 0.06 * shared.length);
      reasons.push(`shared terms: ${shared.slice(0, 5).join(', ')}`);
    }
    return { score: round(Math.min(1, score)), reasons };
  };

  const knownIssues: Match[] = [];
  for (const { evidence: e, facts: k } of factsOf(input.evidence, 'known-issue', KnownIssueFacts)) {
    const { score, reasons } = scoreKnown(e, k.product, k.component, k.signature);
    if (score < 0.35) continue;
    const m: Match = {
      kind: 'known-issue',
      ref: e.id,
      title: e.title,
      url: e.url,
      score,
      why: `${reasons.join('; ')}; status ${k.status}`,
      ...(k.workaround ? { resolution: k.workaround } : {}),
      duplicate: false,
      because: [{ kind: 'evidence', evidenceId: e.id, detail: reasons.join('; ') }],
    };
    knownIssues.push(m);
  }
  for (const { evidence: e, facts: k } of factsOf(input.evidence, 'defect', KnownIssueFacts)) {
    const { score, reasons } = scoreKnown(e, k.product, k.component, k.signature);
    if (score < 0.35) continue;
    matches.push({
      kind: 'defect',
      ref: e.id,
      title: e.title,
      url: e.url,
      score,
      why: `${reasons.join('; ')}; status ${k.status}`,
      duplicate: false,
      because: [{ kind: 'evidence', evidenceId: e.id, detail: reasons.join('; ') }],
    });
  }
  matches.push(...knownIssues);

  for (const { evidence: e, facts: i } of factsOf(input.evidence, 'incident', IncidentFacts)) {
    const start = Date.parse(i.startedAt);
    const end = i.resolvedAt ? Date.parse(i.resolvedAt) : Infinity;
    const overlapsInTime = created >= start - 2 * 3_600_000 && created <= end + 3_600_000;
    const sameProduct = product?.id === i.product;
    if (!overlapsInTime || !sameProduct) continue;
    const shared = overlap(caseTerms, terms(`${e.title} ${i.components.join(' ')}`));
    const score = round(Math.min(1, 0.55 + (i.resolvedAt ? 0 : 0.2) + Math.min(0.2, 0.05 * shared.length)));
    const why = `${i.resolvedAt ? 'resolved' : 'open'} incident on ${i.product} overlapping the case's start time${shared.length ? `; shared terms: ${shared.slice(0, 4).join(', ')}` : ''}`;
    matches.push({
      kind: 'incident',
      ref: e.id,
      title: e.title,
      url: e.url,
      score,
      why,
      duplicate: false,
      because: [{ kind: 'evidence', evidenceId: e.id, detail: why }],
    });
  }

  const releases: Match[] = [];
  for (const { evidence: e, facts: r } of factsOf(input.evidence, 'release', ReleaseFacts)) {
    if (!product || r.product !== product.id) continue;
    const released = Date.parse(r.releasedAt);
    const lag = created - released;
    if (Number.isNaN(released) || lag < 0 || lag > 14 * DAY) continue;
    const hours = Math.round(lag / 3_600_000);
    const touched = r.components.filter((c) => matchesWord(facts.text, c.replace(/[-_]/g, ' ')));
    const score = round(Math.min(1, 0.3 + 0.4 * Math.exp(-lag / (3 * DAY)) + (touched.length ? 0.2 : 0)));
    const why = `onset ${hours} h after release ${r.version} of ${r.product}${touched.length ? `, which touched ${touched.join(', ')}` : ''}`;
    releases.push({
      kind: 'release',
      ref: e.id,
      title: e.title,
      url: e.url,
      score,
      why,
      duplicate: false,
      because: [{ kind: 'evidence', evidenceId: e.id, detail: why }],
    });
  }
  releases.sort((a, b) => b.score - a.score);
  matches.push(...releases.slice(0, 2));

  const troubleshooting: Matched['troubleshooting'] = [];
  for (const step of input.config.troubleshooting) {
    if (product && step.product !== product.id) continue;
    const hits = step.keywords.filter((k) => matchesWord(facts.text, k));
    if (hits.length === 0) continue;
    const score = round(Math.min(1, 0.4 + 0.15 * hits.length + (product ? 0.1 : 0)));
    const match: Match = {
      kind: 'troubleshooting-step',
      ref: step.id,
      title: step.title,
      url: null,
      score,
      why: `mentions ${hits.map((h) => `"${h}"`).join(', ')}`,
      resolution: step.steps.join(' → '),
      duplicate: false,
      because: [
        {
          kind: 'rule',
          ruleId: `troubleshooting.${step.id}`,
          detail: `approved steps for ${step.product}: keywords ${hits.join(', ')}`,
        },
      ],
    };
    troubleshooting.push({ step, match });
  }
  troubleshooting.sort((a, b) => b.match.score - a.match.score);
  matches.push(...troubleshooting.slice(0, 3).map((t) => t.match));

  matches.push(...similarCaseMatches(input.similar));
  matches.sort((a, b) => b.score - a.score);
  return { matches, knownIssues: knownIssues.sort((a, b) => b.score - a.score), releases, troubleshooting };
}

/** Similar earlier cases; a very close one is flagged as a likely duplicate. */
export function similarCaseMatches(similar: readonly SimilarCase[]): Match[] {
  return similar.slice(0, 5).map((raw): Match => {
    const s = { ...raw, matchedTerms: raw.matchedTerms.filter(isInformativeTerm) };
    const because: Reason[] = [
      {
        kind: 'model',
        model: CASE_INDEX_MODEL,
        detail: `shared terms: ${s.matchedTerms.slice(0, 6).join(', ') || 'n/a'}`,
      },
    ];
    return {
      kind: 'similar-case',
      ref: s.ref,
      title: s.title,
      url: s.url,
      score: round(s.score),
      why: `${s.solved ? 'resolved' : 'earlier'} case sharing ${s.matchedTerms.slice(0, 5).join(', ') || 'its wording'}${s.queue ? `; handled by ${s.queue}` : ''}`,
      ...(s.resolution ? { resolution: s.resolution } : {}),
      duplicate: s.score >= 0.8,
      because,
    };
  });
}
