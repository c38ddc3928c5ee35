import type { MissingItem, MissingKey } from '@triage/shared';
import { DEFAULT_TENANT_CONFIG } from '../default-config';
import { chooseLocale } from '../language';
import type { Template, TenantConfig } from '../tenant-config';
import type { CaseFacts } from './case-facts';
import type { Classified } from './classify';
import { ErrorEventFacts, factsOf } from './evidence-attributes';
import type { TriageInput } from './types';

/** What kind of case this is, as far as the evidence it needs goes. A case can be several at once. */
export type CaseType = 'fault' | 'access' | 'billing' | 'account-change' | 'how-to';

/**
 * A case-insensitive pattern for any of the phrases, bounded by non-letters. JavaScript's `\b` knows
 * only ASCII letters, so "única" or "employés" would never match at a word edge with it.
 */
function phrases(...alternatives: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'iu');
}

const ACCESS_WORDS = phrases(
  'log ?in',
  'sign ?in',
  'sso',
  'saml',
  'permissions?',
  'access denied',
  'forbidden',
  '403',
  'role',
  'admin rights',
  'not authori[sz]ed',
  'unauthori[sz]ed',
  'mfa',
  '2fa',
  'iniciar sesión',
  'no puedo entrar',
  'anmelden',
  'anmeldung',
  'connexion',
  'se connecter',
  'código de verificación',
  'code de vérification',
  'bestätigungscode',
);
const CHANGE_WORDS = phrases(
  'change the owner',
  'change owner',
  'transfer ownership',
  'account owner',
  'delete (?:our|my) account',
  'close (?:our|my) account',
  'remove admin',
  'make me admin',
  'reset (?:the |my |our )?(?:mfa|2fa)',
  'disable (?:mfa|2fa)',
  'merge accounts',
  'change the billing email',
  'kontoinhaber',
  'zurücksetzen',
  'propietari[oa] de la cuenta',
  'únic[oa] administrador[a]?',
  'restablecer\\p{L}*',
  'propriétaire du compte',
  'réinitialiser',
  'supprimer (?:notre|mon) compte',
);
const AUTHORIZATION_WORDS = phrases(
  'authori[sz]ed by',
  'authori[sz]ation attached',
  'signed letter',
  'as the account owner',
  'i am the owner',
  'approved by our admin',
);
// Money the customer was charged, owes or wants back makes a billing case on its own; words that only
// set the scene ("invoice", "receipt") need a second one, so a crash while scanning receipts is no
// billing case.
const CHARGE_WORDS = phrases(
  'charged',
  'overcharged',
  'double charge',
  'refund',
  'billed',
  'declined',
  'payment failed',
  'chargeback',
  'abgebucht',
  'erstattung',
  'cobro',
  'cobrado',
  'reembolso',
  'remboursement',
  'prélevé',
);
const BILLING_CONTEXT = [
  'invoices?',
  'billing',
  'subscriptions?',
  'receipts?',
  'payments?',
  'paid',
  'rechnung\\p{L}*',
  'facturas?',
  'factures?',
].map((w) => phrases(w));
const HOW_TO_WORDS = phrases(
  'how (?:do|can|to|should)',
  'is it possible',
  'can i',
  'can we',
  'where (?:do|can) i',
  'wie kann',
  'cómo puedo',
  'como puedo',
  'comment (?:puis-je|faire)',
);
const FAULT_WORDS = phrases(
  'error',
  'exception',
  'crash(?:es|ed)?',
  'bug',
  'fails',
  'failing',
  'failed',
  'not working',
  "isn'?t working",
  "doesn'?t work",
  'does not work',
  "won'?t work",
  'broken',
  'timeout',
  'timed out',
  '5\\d\\d',
  'stopped',
  'fehler',
  'funktioniert nicht',
  'stürzt ab',
  'fehlen',
  'unvollständig',
  'no funciona',
  'falla',
  'inválido',
  'erreur',
  'ne fonctionne pas',
  'plantage',
  'échoue',
);
const ROLE_WORDS = phrases(
  'admin',
  'administrator',
  'owner',
  'member',
  'viewer',
  'editor',
  'role is',
  'my role',
  'as an? (?:admin|owner|user)',
  'administrador[a]?',
  'administrat(?:eur|rice)',
  'rolle',
);
const CLIENT_SIDE_WORDS = phrases(
  'browser',
  'app',
  'page',
  'screen',
  'ui',
  'button',
  'pdf',
  'navegador',
  'navigateur',
  'seite',
);

/** The case types a case's text and classification put it in. */
export function caseTypes(
  text: string,
  signatures: readonly string[],
  invoiceRefs: readonly string[],
): Set<CaseType> {
  const types = new Set<CaseType>();
  const fault = FAULT_WORDS.test(text) || signatures.length > 0;
  const change = CHANGE_WORDS.test(text);
  if (fault) types.add('fault');
  if (change) types.add('account-change');
  // An ownership change that mentions SSO is a request, not a sign-in problem, unless something fails.
  if (ACCESS_WORDS.test(text) && (!change || fault)) types.add('access');
  const billing =
    CHARGE_WORDS.test(text) ||
    invoiceRefs.length > 0 ||
    BILLING_CONTEXT.filter((re) => re.test(text)).length >= 2;
  // A how-to question needs no time window or invoice number: nothing went wrong at a moment in time.
  if (HOW_TO_WORDS.test(text) && !fault) types.add('how-to');
  else if (billing) types.add('billing');
  return types;
}

/**
 * Picks the approved question for a missing item: in the locale asked for when one exists, else the
 * tenant default. A tenant without a question for the key gets the product's built-in one.
 */
export function questionTemplate(
  config: TenantConfig,
  key: MissingKey,
  language: string,
): Template | undefined {
  const own = config.templates.filter((t) => t.kind === 'question' && t.missingKey === key);
  const questions = own.length
    ? own
    : DEFAULT_TENANT_CONFIG.templates.filter((t) => t.kind === 'question' && t.missingKey === key);
  const { locale } = chooseLocale(
    language,
    questions.map((q) => q.locale),
    config.defaultLocale,
  );
  return questions.filter((q) => q.locale === locale).sort((a, b) => b.version - a.version)[0];
}

interface Need {
  key: MissingKey;
  /** The case types that need it. */
  for: 'all' | CaseType[];
  /** Found in the text, the desk's fields or the evidence. */
  present: boolean;
  why: string;
}

function customField(input: TriageInput, pattern: RegExp): string | null {
  for (const [k, v] of Object.entries(input.record.custom_fields ?? {}))
    if (pattern.test(k) && (typeof v === 'string' || typeof v === 'number') && String(v).trim() !== '')
      return String(v);
  return null;
}

/**
 * The evidence a specialist needs for this kind of case that neither the text, the desk's fields nor the
 * connectors supplied. Each item says why it matters here and carries the approved question to ask, in the
 * customer's language when approved text exists in it.
 */
export function findMissing(input: TriageInput, facts: CaseFacts, classified: Classified): MissingItem[] {
  const text = facts.text;
  const productName = classified.product?.name ?? 'the product';
  const types = caseTypes(text, input.signatures, facts.invoiceRefs);
  const errorEvents = factsOf(input.evidence, 'error-event', ErrorEventFacts).filter(
    (e) => classified.product !== null && e.facts.product === classified.product.id,
  );
  const versioned = errorEvents.find((e) => e.facts.release !== null);
  const attachments = input.evidence.filter((e) => e.kind === 'attachment');
  const who = input.record.requester?.email ?? input.record.organization?.name ?? 'the requester';

  const needs: Need[] = [
    {
      key: 'account_id',
      for: 'all',
      present:
        classified.account !== null ||
        facts.accountRefs.length > 0 ||
        customField(input, /account/i) !== null,
      why: `no CRM account matched ${who} and the case names none, so tier, SLA and history are guesses`,
    },
    {
      key: 'time_window',
      for: ['fault', 'billing', 'access'],
      present: facts.hasTimestamp,
      why: `logs and error events are searched by time; without when it started, ${productName} logs can't be narrowed`,
    },
    {
      key: 'reproduction_steps',
      // During an open incident on the product the incident is the reproduction.
      for: ['fault'],
      present: classified.activeIncidents.length > 0 || facts.hasSteps,
      why: `engineering will not accept a defect in ${productName} without steps that reproduce it`,
    },
    {
      key: 'environment',
      for: ['fault'],
      // Only client-side faults depend on the environment; the error tracker may already record the version.
      present:
        !(classified.product?.id.includes('mobile') === true || CLIENT_SIDE_WORDS.test(text)) ||
        facts.hasEnvironment ||
        versioned !== undefined,
      why: `client-side faults in ${productName} depend on the browser, device or app version`,
    },
    {
      key: 'error_text',
      for: ['fault'],
      present:
        facts.hasQuotedError ||
        facts.hasAttachmentHint ||
        input.signatures.length > 0 ||
        attachments.length > 0,
      why: 'the exact error text or a screenshot is what matches known issues and error events',
    },
    {
      key: 'affected_users',
      for: ['fault', 'access'],
      present: facts.affectedUsers !== null || facts.mentionsAllUsers,
      why: 'how many users are affected decides severity and whether this is an incident',
    },
    {
      key: 'permissions',
      for: ['access', 'account-change'],
      present: ROLE_WORDS.test(text),
      why: "access problems and account changes depend on the user's role and permissions",
    },
    {
      key: 'customer_authorization',
      for: ['account-change'],
      present: AUTHORIZATION_WORDS.test(text),
      why: "an account change needs the account owner's written authorization before anyone acts",
    },
    {
      key: 'order_or_invoice',
      for: ['billing'],
      present: facts.invoiceRefs.length > 0 || customField(input, /invoice|order/i) !== null,
      why: 'billing can only trace a charge from its order or invoice number',
    },
  ];

  const items: MissingItem[] = [];
  for (const need of needs) {
    const forTypes = need.for === 'all' ? [...types] : need.for.filter((t) => types.has(t));
    if ((need.for !== 'all' && forTypes.length === 0) || need.present) continue;
    const why = `${need.why} (${forTypes.join(' and ') || 'any'} case)`;
    const template = questionTemplate(input.config, need.key, classified.language);
    items.push({
      key: need.key,
      why,
      // Without any approved question the item still says what is missing; it asks nothing of its own.
      question: template?.body ?? '',
      templateId: template ? `${template.id}@${template.version}` : 'none',
      ...(template ? { locale: template.locale } : {}),
      because: [{ kind: 'rule', ruleId: `missing.${need.key}`, detail: why }],
    });
  }
  return items;
}
