import {
  visibleCase,
  type Completeness,
  type Evidence,
  type Reason,
  type SourceReport,
  type TimelineEntry,
  type TriagePacket,
} from '@triage/shared';
import { hashJson } from '../../common/hashing';
import { readCase } from './case-facts';
import { classify } from './classify';
import { draftUpdates, proposeActions } from './drafts';
import { flagCase } from './flags';
import { matchCase } from './match';
import { findMissing } from './missing';
import { firstActionFor, routeCase } from './route';
import type { TriageInput } from './types';
import { ENGINE_VERSION } from './version';

export { ENGINE_VERSION } from './version';

const KEEP_UNCITED: Partial<Record<Evidence['kind'], number>> = {
  ticket: 1,
  account: 1,
  'case-history': 5,
  log: 5,
  'error-event': 5,
  invoice: 5,
};

function completenessOf(sources: readonly SourceReport[]): Completeness {
  const configured = sources.filter((s) => s.status !== 'not-configured');
  const points = configured.reduce(
    (sum, s) => sum + (s.status === 'ok' ? 1 : s.status === 'slow' ? 0.5 : 0),
    0,
  );
  return {
    score: configured.length ? Math.round((points / configured.length) * 1000) / 1000 : 0,
    sources: [...sources],
  };
}

function citedIds(reasons: Iterable<Reason>): Set<string> {
  const ids = new Set<string>();
  for (const r of reasons) if (r.kind === 'evidence') ids.add(r.evidenceId);
  return ids;
}

/**
 * Builds a triage packet from a case and everything gathered about it. Pure: no I/O, no clock (the time
 * comes in as `now`), so the same input gives the same packet and tests can pin every statement.
 */
export function triage(input: TriageInput): TriagePacket {
  const facts = readCase(input.record);
  const classified = classify(input, facts);
  const matched = matchCase(input, facts, classified.product);
  const missing = findMissing(input, facts, classified);
  const flagged = flagCase(input, facts, classified, matched, missing);
  const route = routeCase(input, classified);
  const firstAction = firstActionFor(matched, missing, classified);
  const drafts = draftUpdates(input, classified, matched, missing, {
    queue: route.queue,
    // The same cases proposeActions escalates: the customer hears it from an approved text.
    escalated: flagged.unsafe || (flagged.customerImpacting && classified.severity === 'sev1'),
  });

  const raised = flagged.flags.filter((f) => f.raised).map((f) => f.flag);
  const summary = [
    `Triage ${input.record.id}: ${classified.list
      .filter((c) =>
        ['product', 'severity', 'customer_tier', 'sla', 'business_impact', 'sentiment', 'language'].includes(
          c.dimension,
        ),
      )
      .map((c) => `${c.dimension}=${c.value}`)
      .join(', ')}`,
    `Flags: ${raised.join(', ') || 'none'}`,
    `Route: ${route.queue ?? 'needs a person'} (${Math.round(route.confidence * 100)}%)`,
    `First action: ${firstAction.text}`,
    ...matched.matches.slice(0, 3).map((m) => `Match: ${m.kind} ${m.title} (${Math.round(m.score * 100)}%)`),
    ...(missing.length ? [`Missing: ${missing.map((m) => m.key).join(', ')}`] : []),
  ].join('\n');
  const proposedActions = proposeActions(input, classified, flagged, matched, drafts, summary);

  const allReasons: Reason[] = [
    ...classified.list.flatMap((c) => c.because),
    ...flagged.flags.flatMap((f) => f.because),
    ...matched.matches.flatMap((m) => m.because),
    ...missing.flatMap((m) => m.because),
    ...route.because,
    ...firstAction.because,
  ];
  const cited = citedIds(allReasons);
  const kept = new Map<Evidence['kind'], number>();
  const evidence = input.evidence.filter((e) => {
    if (cited.has(e.id)) return true;
    const n = kept.get(e.kind) ?? 0;
    if (n < (KEEP_UNCITED[e.kind] ?? 0)) {
      kept.set(e.kind, n + 1);
      return true;
    }
    return false;
  });
  // Matches cite evidence by id; the match's own ref must also be resolvable when it is evidence.
  const evidenceIds = new Set(evidence.map((e) => e.id));
  for (const m of matched.matches)
    if (m.kind !== 'similar-case' && m.kind !== 'troubleshooting-step' && !evidenceIds.has(m.ref)) {
      const e = input.evidence.find((x) => x.id === m.ref);
      if (e) {
        evidence.push(e);
        evidenceIds.add(e.id);
      }
    }

  const timeline: TimelineEntry[] = [];
  if (input.record.created_at)
    timeline.push({
      at: input.record.created_at,
      kind: 'case-created',
      summary: `case opened${input.record.channel ? ` via ${input.record.channel}` : ''}`,
    });
  for (const c of input.record.comments ?? []) {
    if (c.created_at)
      timeline.push({
        at: c.created_at,
        kind: `${c.author_role}-comment`,
        summary: `${c.author_role} ${c.public === false ? 'internal note' : 'comment'}`,
      });
  }
  for (const e of evidence) {
    if (e.kind === 'incident' || e.kind === 'release' || e.kind === 'error-event' || e.kind === 'log') {
      timeline.push({ at: e.observedAt, kind: e.kind, summary: e.title, evidenceId: e.id });
    }
  }
  timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const inputsDigest = hashJson({
    engine: ENGINE_VERSION,
    record: visibleCase(input.record),
    evidence: input.evidence.map((e) => ({ id: e.id, excerpt: e.excerpt, attributes: e.attributes })),
    signatures: input.signatures,
    model: input.modelVersion,
    config: input.config,
    similar: input.similar.map((s) => [s.ref, s.score]),
  });

  return {
    id: input.id,
    tenant: input.tenant,
    caseRef: input.record.id,
    subject: facts.subject,
    builtAt: input.now.toISOString(),
    engineVersion: ENGINE_VERSION,
    inputsDigest,
    modelVersion: input.modelVersion,
    classification: classified.list,
    flags: flagged.flags,
    evidence,
    missing,
    matches: matched.matches,
    route,
    firstAction,
    timeline,
    drafts,
    proposedActions,
    completeness: completenessOf(input.sources),
  };
}
