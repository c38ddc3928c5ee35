import type { Draft, DraftKind, MissingItem, ProposedAction, RiskClass } from '@triage/shared';
import { hashJson } from '../../common/hashing';
import { renderTemplate, type SlotValues } from '../drafting';
import type { ApprovalPolicy, TenantConfig } from '../tenant-config';
import type { Classified } from './classify';
import type { Flagged } from './flags';
import type { Matched } from './match';
import type { TriageInput } from './types';

function requiredApprovals(
  policy: ApprovalPolicy,
  kind: ProposedAction['kind'],
  riskClasses: readonly RiskClass[],
) {
  const action = policy.actions[kind];
  return {
    roles: action?.roles ?? ['team-lead'],
    fourEyes: riskClasses.some((r) => policy.fourEyesRiskClasses.includes(r)),
    expiresInMinutes: action?.expiresInMinutes ?? 15,
  };
}

function autonomyFor(policy: ApprovalPolicy, kind: ProposedAction['kind']): ProposedAction['autonomy'] {
  return policy.actions[kind]?.autonomy ?? 'advise';
}

function pickTemplate(config: TenantConfig, kind: DraftKind, language: string) {
  const all = config.templates.filter((t) => t.kind === kind);
  const best = (xs: typeof all) => xs.sort((a, b) => b.version - a.version)[0];
  return (
    best(all.filter((t) => t.locale === language)) ??
    best(all.filter((t) => t.locale === config.defaultLocale)) ??
    best(all)
  );
}

/**
 * Customer updates written only from approved templates. A draft is offered only when every slot its
 * template uses can be filled from the packet or the evidence; nothing is invented to fill a gap.
 */
export function draftUpdates(
  input: TriageInput,
  classified: Classified,
  matched: Matched,
  missing: readonly MissingItem[],
  queue: string | null,
): Draft[] {
  const { config, record } = input;
  const known = matched.knownIssues.find((k) => k.score >= 0.6);
  const incident = matched.matches.find((m) => m.kind === 'incident' && m.score >= 0.7);
  const values: SlotValues = {
    customer_name: record.requester?.name
      ? { value: record.requester.name, source: 'case.requester.name' }
      : { value: 'there', source: 'template-default' },
    case_ref: { value: record.id, source: 'case.id' },
    agent_name: { value: `${config.name} Support`, source: 'tenant.name' },
    ...(classified.product
      ? { product_name: { value: classified.product.name, source: 'classification.product' } }
      : {}),
    ...(queue ? { queue_name: { value: queue, source: 'route.queue' } } : {}),
    ...(missing.length
      ? {
          missing_questions: {
            value: missing.map((m) => `- ${m.question}`).join('\n'),
            source: missing.map((m) => m.templateId).join(','),
          },
        }
      : {}),
    ...(known
      ? {
          known_issue_title: { value: known.title, source: known.ref },
          ...(known.resolution ? { workaround: { value: known.resolution, source: known.ref } } : {}),
        }
      : {}),
    ...(incident
      ? {
          incident_title: { value: incident.title, source: incident.ref },
          incident_status: {
            value: incident.why.startsWith('open') ? 'under investigation' : 'resolved',
            source: incident.ref,
          },
          ...(incident.url ? { status_page_url: { value: incident.url, source: incident.ref } } : {}),
        }
      : {}),
  };

  const wanted: DraftKind[] = ['acknowledgement'];
  if (missing.length > 0) wanted.push('request-info');
  if (incident) wanted.push('incident-update');
  else if (known) wanted.push(known.resolution ? 'workaround' : 'known-issue-update');

  const drafts: Draft[] = [];
  for (const kind of wanted) {
    const template = pickTemplate(config, kind, classified.language);
    if (!template) continue;
    const rendered = renderTemplate(template, values);
    if (rendered.unfilled.length > 0) continue;
    const payload = { visibility: 'public' as const, locale: template.locale, body: rendered.body };
    drafts.push({
      id: `draft-${kind}`,
      kind,
      templateId: template.id,
      templateVersion: template.version,
      riskClasses: template.riskClasses,
      payload,
      payloadHash: hashJson(payload),
      requiredApprovals: requiredApprovals(config.approvalPolicy, 'public-reply', template.riskClasses),
      slots: rendered.slots,
    });
  }
  return drafts;
}

/** Everything the packet could write somewhere, each waiting for the approval its risk classes require. */
export function proposeActions(
  input: TriageInput,
  classified: Classified,
  flagged: Flagged,
  matched: Matched,
  drafts: readonly Draft[],
  summary: string,
): ProposedAction[] {
  const { config, record } = input;
  const policy = config.approvalPolicy;
  const desk = record.source === 'jira' || record.source === 'jsm' ? 'jsm' : 'zendesk';
  const target = { system: desk, ref: record.id };
  const actions: ProposedAction[] = [];
  const add = (
    kind: ProposedAction['kind'],
    title: string,
    payload: Record<string, unknown>,
    riskClasses: RiskClass[],
    t = target,
    draftId?: string,
  ) => {
    actions.push({
      id: `action-${kind}${draftId ? `-${draftId}` : ''}`,
      kind,
      title,
      target: t,
      riskClasses,
      payload,
      payloadHash: hashJson(payload),
      requiredApprovals: requiredApprovals(policy, kind, riskClasses),
      autonomy: autonomyFor(policy, kind),
      ...(draftId ? { draftId } : {}),
    });
  };

  const sensitive = input.evidence.some((e) => e.sensitive);
  add(
    'internal-note',
    'Post the triage summary as an internal note',
    { body: summary, public: false },
    sensitive ? ['security-sensitive-evidence'] : [],
  );
  for (const d of drafts) {
    add(
      'public-reply',
      `Send the ${d.kind.replace(/-/g, ' ')} reply`,
      { body: d.payload.body, public: true, locale: d.payload.locale },
      d.riskClasses.includes('customer-facing-commitment')
        ? d.riskClasses
        : [...d.riskClasses, 'customer-facing-commitment'],
      target,
      d.id,
    );
  }
  const tags = [
    classified.product ? `triage_${classified.product.id}` : null,
    `triage_${classified.severity}`,
    ...flagged.flags.filter((f) => f.raised).map((f) => `triage_${f.flag.replace(/-/g, '_')}`),
  ].filter((t): t is string => t !== null);
  add('set-tags', 'Add triage tags', { tags }, []);

  const defect = matched.matches.find((m) => m.kind === 'defect' && m.score >= 0.6);
  if (flagged.engineering && !defect && !flagged.known) {
    add(
      'engineering-issue',
      'Open an engineering issue with the evidence',
      {
        project: 'ENG',
        summary: `[${classified.product?.id ?? 'unknown'}] ${record.subject ?? record.id}`.slice(0, 240),
        signatures: input.signatures.slice(0, 10),
        evidenceIds: input.evidence
          .filter((e) => e.kind === 'log' || e.kind === 'error-event')
          .map((e) => e.id)
          .slice(0, 10),
        linkBack: record.id,
      },
      [],
      { system: 'jira', ref: 'ENG' },
    );
  }
  if (classified.account && (flagged.billing || flagged.customerImpacting)) {
    add(
      'crm-note',
      'Log the case on the CRM account',
      { accountEvidenceId: classified.account.id, note: summary.split('\n')[0] ?? summary },
      [],
      { system: 'crm', ref: classified.account.id },
    );
  }
  if (flagged.unsafe || (flagged.customerImpacting && classified.severity === 'sev1')) {
    add(
      'escalation',
      'Escalate to the on-call lead',
      {
        caseRef: record.id,
        reasons: flagged.flags
          .filter((f) => f.raised && (f.flag === 'unsafe-for-automation' || f.flag === 'customer-impacting'))
          .map((f) => f.flag),
        severity: classified.severity,
      },
      flagged.unsafe ? ['security-sensitive-evidence'] : [],
      { system: 'escalation-queue', ref: record.id },
    );
  }
  const sla = classified.list.find((c) => c.dimension === 'sla');
  if (sla?.value === 'breached' && flagged.customerImpacting && classified.account) {
    add(
      'service-credit',
      'Request a service credit for the SLA breach',
      { caseRef: record.id, accountEvidenceId: classified.account.id, reason: 'first-response SLA breached' },
      ['service-credit'],
      { system: 'crm', ref: classified.account.id },
    );
  }
  return actions;
}
