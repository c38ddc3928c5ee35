import type { MissingKey } from '@triage/shared';
import { TenantConfig } from './tenant-config';

const QUESTIONS: Record<MissingKey, string> = {
  account_id: 'Could you tell us the account or workspace ID this is about?',
  time_window: 'When did this start, and roughly when did you last see it happen (with your time zone)?',
  reproduction_steps: 'Could you list the steps that lead to the problem, so that we can reproduce it?',
  environment: 'Which browser, device or app version are you using?',
  affected_users: 'How many of your users are affected?',
  permissions: 'Which role or permissions does the affected user have?',
  customer_authorization: 'Could the account owner confirm in writing that they authorize this change?',
  error_text: 'Could you send the exact error message, or a screenshot of it?',
  order_or_invoice: 'Could you share the order or invoice number concerned?',
};

/**
 * The configuration used where a tenant has none of its own (the offline CLI): no products or rules,
 * a neutral SLA policy, plain approved language and a conservative approval policy. Every action needs a
 * person's approval.
 */
export const DEFAULT_TENANT_CONFIG: TenantConfig = TenantConfig.parse({
  name: 'Support',
  products: [],
  slaPolicy: {
    defaultTier: 'standard',
    tiers: {
      standard: {
        sev1: { firstResponseMinutes: 60, resolutionMinutes: 480 },
        sev2: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
        sev3: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
        sev4: { firstResponseMinutes: 1440, resolutionMinutes: 5760 },
      },
    },
  },
  routing: { threshold: 0.6, rules: [] },
  templates: [
    {
      id: 'default.ack',
      kind: 'acknowledgement',
      locale: 'en',
      version: 1,
      title: 'Acknowledgement',
      body: 'Hi {{customer_name}},\n\nThank you for reaching out about {{case_ref}}. We are looking into it and will update you here.\n\n{{agent_name}}',
    },
    {
      id: 'default.request-info',
      kind: 'request-info',
      locale: 'en',
      version: 1,
      title: 'Request for information',
      body: 'Hi {{customer_name}},\n\nTo move {{case_ref}} forward, could you help us with the following?\n{{missing_questions}}\n\n{{agent_name}}',
    },
    ...Object.entries(QUESTIONS).map(([key, body]) => ({
      id: `default.question.${key.replace(/_/g, '-')}`,
      kind: 'question',
      locale: 'en',
      version: 1,
      title: key,
      body,
      missingKey: key,
    })),
  ],
  approvalPolicy: {
    actions: {
      'internal-note': { autonomy: 'act-with-approval', roles: ['agent'] },
      'public-reply': { autonomy: 'act-with-approval', roles: ['agent'] },
      'set-tags': { autonomy: 'act-with-approval', roles: ['agent'] },
      'set-fields': { autonomy: 'act-with-approval', roles: ['agent'] },
      'engineering-issue': { autonomy: 'act-with-approval', roles: ['specialist'] },
      'crm-note': { autonomy: 'act-with-approval', roles: ['agent'] },
      escalation: { autonomy: 'act-with-approval', roles: ['team-lead'] },
      'service-credit': { autonomy: 'advise', roles: ['team-lead'] },
    },
    fourEyesRiskClasses: [
      'root-cause-statement',
      'service-credit',
      'destructive-action',
      'account-change',
      'production-config-change',
      'security-sensitive-evidence',
    ],
  },
});
