import type { MissingItem, MissingKey, Reason } from '@triage/shared';
import type { Template, TenantConfig } from '../tenant-config';
import type { CaseFacts } from './case-facts';
import type { Classified } from './classify';
import { factsOf, InvoiceFacts } from './evidence-attributes';
import type { TriageInput } from './types';

interface Need {
  key: MissingKey;
  applies: boolean;
  present: boolean;
  why: string;
  evidence?: Reason;
}

const ACCESS_WORDS =
  /\b(?:log ?in|sign ?in|sso|saml|permission|permissions|access denied|forbidden|403|role|admin rights|not authorized|unauthorized|mfa|2fa)\b/;
const CHANGE_WORDS =
  /\b(?:change the owner|change owner|transfer ownership|account owner|delete (?:our|my) account|close (?:our|my) account|remove admin|make me admin|reset mfa|disable mfa|disable 2fa|merge accounts|change the billing email)\b/;
const AUTHORIZATION_WORDS =
  /\b(?:authori[sz]ed by|authori[sz]ation attached|signed letter|as the account owner|i am the owner|approved by our admin)\b/;
const BILLING_WORDS =
  /\b(?:invoice|charged|charge|refund|billing|payment|paid|subscription|receipt|overcharged|rechnung|factura)\b/;
const HOW_TO_WORDS =
  /\b(?:how (?:do|can|to|should)|is it possible|can i|can we|where (?:do|can) i|wie kann|cómo puedo)\b/;
const FAULT_WORDS =
  /\b(?:error|exception|crash|crashes|crashed|bug|fails|failing|failed|not working|isn'?t working|doesn'?t work|does not work|won'?t work|broken|timeout|timed out|5\d\d|stopped|funktioniert nicht|no funciona)\b/;

/** Picks the approved question for a missing item in the customer's language, else the tenant default. */
export function questionTemplate(
  config: TenantConfig,
  key: MissingKey,
  language: string,
): Template | undefined {
  const questions = config.templates.filter((t) => t.kind === 'question' && t.missingKey === key);
  return (
    questions.find((t) => t.locale === language) ??
    questions.find((t) => t.locale === config.defaultLocale) ??
    questions[0]
  );
}

/**
 * The evidence a specialist needs for this kind of case that neither the text nor the connectors supplied.
 * Each item says why it matters here and carries the approved question to ask.
 */
export function findMissing(input: TriageInput, facts: CaseFacts, classified: Classified): MissingItem[] {
  const text = facts.text;
  const fault = FAULT_WORDS.test(text) || input.signatures.length > 0;
  // A how-to question needs no time window or invoice number: nothing went wrong at a moment in time.
  const howTo = HOW_TO_WORDS.test(text) && !fault;
  const access = ACCESS_WORDS.test(text);
  const billing = BILLING_WORDS.test(text);
  const change = CHANGE_WORDS.test(text);
  const productName = classified.product?.name ?? 'the product';
  const invoices = factsOf(input.evidence, 'invoice', InvoiceFacts);
  const citedInvoice = invoices.find((i) => facts.invoiceRefs.includes(i.facts.invoiceId.toUpperCase()));

  const needs: Need[] = [
    {
      key: 'account_id',
      applies: true,
      present: classified.account !== null || facts.accountRefs.length > 0,
      why: 'no CRM account matched the requester or organization, so tier, SLA and history are guesses',
    },
    {
      key: 'time_window',
      applies: fault || (billing && !howTo),
      present: facts.hasTimestamp,
      why: `logs and error events are searched by time; without when it started, ${productName} logs can't be narrowed`,
    },
    {
      key: 'reproduction_steps',
      applies: fault && !classified.activeIncidents.length,
      present: facts.hasSteps,
      why: 'engineering will not accept a defect without steps that reproduce it',
    },
    {
      key: 'environment',
      applies:
        fault &&
        (classified.product?.id.includes('mobile') === true ||
          /\b(?:browser|app|page|screen|ui|button)\b/.test(text)),
      present: facts.hasEnvironment,
      why: 'client-side faults depend on the browser, device or app version',
    },
    {
      key: 'error_text',
      applies: fault,
      present: facts.hasQuotedError || facts.hasAttachmentHint || input.signatures.length > 0,
      why: 'the exact error text or a screenshot is what matches known issues and error events',
    },
    {
      key: 'affected_users',
      applies: fault || access,
      present: facts.affectedUsers !== null || facts.mentionsAllUsers,
      why: 'how many users are affected decides severity and whether this is an incident',
    },
    {
      key: 'permissions',
      applies: access,
      present: /\b(?:admin|owner|member|viewer|editor|role is|my role|as an? (?:admin|owner|user))\b/.test(
        text,
      ),
      why: "access problems depend on the user's role and permissions",
    },
    {
      key: 'customer_authorization',
      applies: change,
      present: AUTHORIZATION_WORDS.test(text),
      why: "an account change needs the account owner's written authorization before anyone acts",
    },
    {
      key: 'order_or_invoice',
      applies: billing && !howTo,
      present: facts.invoiceRefs.length > 0,
      why: 'billing can only trace a charge from its order or invoice number',
      ...(citedInvoice
        ? {
            evidence: {
              kind: 'evidence' as const,
              evidenceId: citedInvoice.evidence.id,
              detail: 'invoice found',
            },
          }
        : {}),
    },
  ];

  const items: MissingItem[] = [];
  for (const need of needs) {
    if (!need.applies || need.present) continue;
    const template = questionTemplate(input.config, need.key, classified.language);
    items.push({
      key: need.key,
      why: need.why,
      question: template?.body ?? `Could you share the ${need.key.replace(/_/g, ' ')}?`,
      templateId: template ? `${template.id}@${template.version}` : 'none',
      because: [{ kind: 'rule', ruleId: `missing.${need.key}`, detail: need.why }],
    });
  }
  return items;
}
