import type { Reason } from '../contracts/common';
import type { Classification, FlagKey } from '../contracts/classification';
import type { MatchKind } from '../contracts/match';
import type { TriagePacket } from '../contracts/triage-packet';
import { labelIn, viewLabels } from './labels';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export interface ReasonView {
  /** The cited id: an evidence id, a rule id or a model name. */
  ref: string;
  kind: Reason['kind'];
  text: string;
}

export interface ChipView {
  key: string;
  label: string;
  value: string;
  confidencePct: number;
  tone: Tone;
  reasons: ReasonView[];
}

export interface FlagView {
  key: FlagKey;
  label: string;
  tone: Tone;
  reasons: ReasonView[];
}

export interface PacketView {
  caseRef: string;
  subject: string;
  builtAt: string;
  engineVersion: string;
  summary: ChipView[];
  flags: FlagView[];
  route: {
    queue: string | null;
    confidencePct: number;
    needsHuman: boolean;
    alternatives: { queue: string; confidencePct: number }[];
    reasons: ReasonView[];
  };
  sla: {
    state: string;
    tone: Tone;
    detail: string;
    /** When the first response is due (ISO 8601), when the policy gives one. */
    dueAt?: string;
    /** When the resolution is due (ISO 8601), when the policy gives one. */
    resolutionDueAt?: string;
    /** none, low, medium, high or breached: how close the case is to missing its current target. */
    breachRisk?: string;
  } | null;
  firstAction: { text: string; reasons: ReasonView[] };
  evidence: {
    source: string;
    status: string;
    tone: Tone;
    reason: string | null;
    items: {
      id: string;
      kind: string;
      title: string;
      excerpt: string;
      url: string | null;
      observedAt: string;
      sensitive: boolean;
    }[];
  }[];
  completenessPct: number;
  missing: { key: string; label: string; why: string; question: string }[];
  matches: {
    kind: MatchKind;
    label: string;
    items: {
      ref: string;
      title: string;
      url: string | null;
      scorePct: number;
      why: string;
      resolution: string | null;
      duplicate: boolean;
    }[];
  }[];
  drafts: {
    id: string;
    kind: string;
    label: string;
    visibility: string;
    body: string;
    riskClasses: string[];
    payloadHash: string;
    approvalRoles: string[];
    fourEyes: boolean;
  }[];
  actions: {
    id: string;
    kind: string;
    title: string;
    target: string;
    riskClasses: string[];
    autonomy: string;
    approvalRoles: string[];
    fourEyes: boolean;
  }[];
}

const FLAG_TONES: Record<FlagKey, Tone> = {
  routine: 'success',
  known: 'info',
  'missing-evidence': 'warning',
  'customer-impacting': 'danger',
  engineering: 'info',
  billing: 'info',
  'unsafe-for-automation': 'danger',
};

function reasonView(r: Reason): ReasonView {
  switch (r.kind) {
    case 'evidence':
      return { ref: r.evidenceId, kind: r.kind, text: r.detail };
    case 'rule':
      return { ref: r.ruleId, kind: r.kind, text: r.detail };
    case 'model':
      return { ref: r.model, kind: r.kind, text: r.detail };
  }
}

function slaTimes(
  facts: Classification['facts'],
): Pick<NonNullable<PacketView['sla']>, 'dueAt' | 'resolutionDueAt' | 'breachRisk'> {
  const text = (key: string) => {
    const v = facts?.[key];
    return typeof v === 'string' ? v : undefined;
  };
  const dueAt = text('firstResponseDueAt');
  const resolutionDueAt = text('resolutionDueAt');
  const breachRisk = text('breachRisk');
  return {
    ...(dueAt ? { dueAt } : {}),
    ...(resolutionDueAt ? { resolutionDueAt } : {}),
    ...(breachRisk ? { breachRisk } : {}),
  };
}

function pct(x: number): number {
  return Math.round(x * 100);
}

function toneFor(dimension: string, value: string): Tone {
  const v = value.toLowerCase();
  if (dimension === 'severity') return v === 'sev1' ? 'danger' : v === 'sev2' ? 'warning' : 'neutral';
  if (dimension === 'sla') return v === 'breached' ? 'danger' : v === 'at-risk' ? 'warning' : 'success';
  if (dimension === 'sentiment')
    return v === 'negative' ? 'warning' : v === 'positive' ? 'success' : 'neutral';
  if (dimension === 'business_impact')
    return v === 'high' ? 'danger' : v === 'medium' ? 'warning' : 'neutral';
  if (dimension === 'service_state') return v === 'degraded' || v === 'outage' ? 'danger' : 'success';
  if (dimension === 'customer_tier') return v === 'enterprise' ? 'info' : 'neutral';
  return 'neutral';
}

function humanize(s: string): string {
  return s
    .replace(/^label:/, '')
    .replace(/[_-]+/g, ' ')
    .replace(/^./, (c) => c.toUpperCase());
}

export interface PacketViewOptions {
  /**
   * The desk's locale for the labels (`de`, `fr-ca`, ...; English when absent or not shipped). What
   * the packet itself says (values, reasons, evidence, drafts) is shown as the backend wrote it.
   */
  locale?: string;
}

/**
 * The packet as both sidebars render it: ordered for a glance (summary, flags, route), then the detail.
 * Pure and deterministic; strings are data to be rendered as text, never as markup.
 */
export function toPacketView(packet: TriagePacket, options: PacketViewOptions = {}): PacketView {
  const labels = viewLabels(options.locale);
  const sla = packet.classification.find((c) => c.dimension === 'sla');
  const sourceReports = new Map(packet.completeness.sources.map((s) => [s.source, s]));
  const bySource = new Map<string, PacketView['evidence'][number]>();
  for (const report of packet.completeness.sources) {
    bySource.set(report.source, {
      source: report.source,
      status: report.status,
      tone:
        report.status === 'ok'
          ? 'success'
          : report.status === 'not-configured'
            ? 'neutral'
            : report.status === 'slow'
              ? 'warning'
              : 'danger',
      reason: report.reason ?? null,
      items: [],
    });
  }
  for (const e of packet.evidence) {
    let group = bySource.get(e.source);
    if (!group) {
      const report = sourceReports.get(e.source);
      group = { source: e.source, status: report?.status ?? 'ok', tone: 'success', reason: null, items: [] };
      bySource.set(e.source, group);
    }
    group.items.push({
      id: e.id,
      kind: e.kind,
      title: e.title,
      // Security-sensitive evidence is shown only after approval; the sidebar says it exists, not what it says.
      excerpt: e.sensitive ? '' : e.excerpt,
      url: e.url,
      observedAt: e.observedAt,
      sensitive: e.sensitive,
    });
  }
  const matchGroups = new Map<MatchKind, PacketView['matches'][number]>();
  for (const m of packet.matches) {
    let group = matchGroups.get(m.kind);
    if (!group) {
      group = { kind: m.kind, label: labels.match[m.kind], items: [] };
      matchGroups.set(m.kind, group);
    }
    group.items.push({
      ref: m.ref,
      title: m.title,
      url: m.url,
      scorePct: pct(m.score),
      why: m.why,
      resolution: m.resolution ?? null,
      duplicate: m.duplicate,
    });
  }
  return {
    caseRef: packet.caseRef,
    subject: packet.subject,
    builtAt: packet.builtAt,
    engineVersion: packet.engineVersion,
    summary: packet.classification
      .filter((c) => c.dimension !== 'sla')
      .map((c) => ({
        key: c.dimension,
        label: labelIn(labels, 'dimension', c.dimension, humanize(c.dimension)),
        value: c.value,
        confidencePct: pct(c.confidence),
        tone: toneFor(c.dimension, c.value),
        reasons: c.because.map(reasonView),
      })),
    flags: packet.flags
      .filter((f) => f.raised)
      .map((f) => ({
        key: f.flag,
        label: labels.flag[f.flag],
        tone: FLAG_TONES[f.flag],
        reasons: f.because.map(reasonView),
      })),
    route: {
      queue: packet.route.queue,
      confidencePct: pct(packet.route.confidence),
      needsHuman: packet.route.needsHuman,
      alternatives: packet.route.alternatives.map((a) => ({
        queue: a.queue,
        confidencePct: pct(a.confidence),
      })),
      reasons: packet.route.because.map(reasonView),
    },
    sla: sla
      ? {
          state: sla.value,
          tone: toneFor('sla', sla.value),
          detail: sla.because.map((r) => r.detail).join('; '),
          ...slaTimes(sla.facts),
        }
      : null,
    firstAction: { text: packet.firstAction.text, reasons: packet.firstAction.because.map(reasonView) },
    evidence: [...bySource.values()],
    completenessPct: pct(packet.completeness.score),
    missing: packet.missing.map((m) => ({
      key: m.key,
      label: labelIn(labels, 'missing', m.key, humanize(m.key)),
      why: m.why,
      question: m.question,
    })),
    matches: [...matchGroups.values()],
    drafts: packet.drafts.map((d) => ({
      id: d.id,
      kind: d.kind,
      label: labels.draft[d.kind],
      visibility: d.payload.visibility,
      body: d.payload.body,
      riskClasses: d.riskClasses,
      payloadHash: d.payloadHash,
      approvalRoles: d.requiredApprovals.roles,
      fourEyes: d.requiredApprovals.fourEyes,
    })),
    actions: packet.proposedActions.map((a) => ({
      id: a.id,
      kind: a.kind,
      title: a.title,
      target: `${a.target.system}:${a.target.ref}`,
      riskClasses: a.riskClasses,
      autonomy: a.autonomy,
      approvalRoles: a.requiredApprovals.roles,
      fourEyes: a.requiredApprovals.fourEyes,
    })),
  };
}
