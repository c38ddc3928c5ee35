import type { Draft, DraftKind, MissingItem, ProposedAction, RiskClass } from '@triage/shared';
import { hashJson } from '../../common/hashing';
import { renderTemplate, type SlotValues } from '../drafting';
import { baseLanguage, chooseLocale, type LocaleChoice } from '../language';
import type { ApprovalPolicy, Template, TenantConfig } from '../tenant-config';
import type { Classified } from './classify';
import type { Flagged } from './flags';
import type { Matched } from './match';
import { questionTemplate } from './missing';
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

/**
 * The approved template for a kind, in the customer's language when one exists, else the tenant default
 * locale; within a locale the highest version wins. Says which locale it chose and why.
 */
function pickTemplate(
  config: TenantConfig,
  kind: DraftKind,
  language: string,
): { template: Template; choice: LocaleChoice } | null {
  const all = config.templates.filter((t) => t.kind === kind);
  if (all.length === 0) return null;
  const choice = chooseLocale(
    language,
    all.map((t) => t.locale),
    config.defaultLocale,
  );
  const template = all.filter((t) => t.locale === choice.locale).sort((a, b) => b.version - a.version)[0];
  return template ? { template, choice } : null;
}

/** How each language's greeting addresses a requester whose name the desk does not have. */
const UNNAMED_GREETING: Readonly<Record<string, string>> = {
  en: 'there',
  de: 'zusammen',
  fr: 'à tous',
  es: 'equipo',
};

/** Whether a draft should tell the customer their case went to a specialist team. */
export interface DraftContext {
  queue: string | null;
  escalated: boolean;
}

/**
 * Customer updates written only from approved templates, in the customer's language when approved text
 * exists in it and otherwise in the tenant default locale (the draft's `locale` slot says which, and
 * why). A draft is offered only when every slot its template uses can be filled from the packet or the
 * evidence; nothing is invented to fill a gap.
 */
export function draftUpdates(
  input: TriageInput,
  classified: Classified,
  matched: Matched,
  missing: readonly MissingItem[],
  context: DraftContext,
): Draft[] {
  const { config, record } = input;
  const { queue } = context;
  const known = matched.knownIssues.find((k) => k.score >= 0.6);
  const incident = matched.matches.find((m) => m.kind === 'incident' && m.score >= 0.7);
  const values: SlotValues = {
    ...(record.requester?.name
      ? { customer_name: { value: record.requester.name, source: 'case.requester.name' } }
      : {}),
    case_ref: { value: record.id, source: 'case.id' },
    agent_name: { value: `${config.name} Support`, source: 'tenant.name' },
    ...(classified.product
      ? { product_name: { value: classified.product.name, source: 'classification.product' } }
      : {}),
    ...(queue ? { queue_name: { value: queue, source: 'route.queue' } } : {}),
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
  if (context.escalated && queue) wanted.push('escalation-notice');

  const drafts: Draft[] = [];
  for (const kind of wanted) {
    const picked = pickTemplate(config, kind, classified.language);
    if (!picked) continue;
    let { template, choice } = picked;
    const slotValues: SlotValues = { ...values };
    if (kind === 'request-info') {
      // The questions are written in the draft's locale, so a German request never lists English
      // questions; when a question has no approved text in the customer's language, the whole request
      // falls back to the tenant default.
      const inLocale = (locale: string) => missing.map((m) => questionTemplate(config, m.key, locale));
      let questions = inLocale(template.locale);
      if (questions.some((q) => q?.locale !== template.locale)) {
        const fallback = pickTemplate(config, kind, config.defaultLocale);
        if (!fallback) continue;
        template = fallback.template;
        choice = {
          locale: template.locale,
          fallback: true,
          detail: `not every question has approved ${choice.locale} text; tenant default ${template.locale}`,
        };
        questions = inLocale(template.locale);
        if (questions.some((q) => q?.locale !== template.locale)) continue;
      }
      slotValues.missing_questions = {
        value: questions.map((q) => `- ${q?.body ?? ''}`).join('\n'),
        source: questions.map((q) => (q ? `${q.id}@${q.version}` : '')).join(','),
      };
    }
    const greeting = UNNAMED_GREETING[baseLanguage(template.locale)];
    if (!slotValues.customer_name && greeting)
      slotValues.customer_name = { value: greeting, source: `template-default (${template.locale})` };
    const rendered = renderTemplate(template, slotValues);
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
      slots: [
        ...rendered.slots,
        {
          name: 'locale',
          source: choice.fallback
            ? `fallback: ${choice.detail}`
            : `classification.language (${choice.detail})`,
        },
      ],
    });
  }
  return drafts;
}

/** Zendesk's ticket priority for each severity. */
const SEVERITY_PRIORITY: Readonly<Record<string, string>> = {
  sev1: 'urgent',
  sev2: 'high',
  sev3: 'normal',
  sev4: 'low',
};

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

  // The desk's priority follows the assessed severity; proposed only when they disagree. JSM priorities
  // are per-site schemes, so only Zendesk's fixed four are proposed.
  const priority = SEVERITY_PRIORITY[classified.severity];
  if (desk === 'zendesk' && priority !== undefined && record.priority?.toLowerCase() !== priority) {
    add('set-fields', `Set the ticket priority to ${priority}`, { fields: [], priority }, []);
  }

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
