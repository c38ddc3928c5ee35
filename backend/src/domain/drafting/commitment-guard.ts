import type { Draft, DraftPayload, RiskClass } from '@triage/shared';
import { hashJson } from '../../common/hashing';
import { stripHiddenCharacters } from './sinks';

/**
 * The commitment guard: finds what a customer update promises (dates, credits, root causes, guarantees) so
 * that such a draft goes out only when the matching risk class is declared by its approved template or
 * approved by a person with that role.
 *
 * How strict (decided here, tested in `commitment-guard.test.ts`):
 * - **Deadlines, root causes, guarantees: strict.** Any date or deadline phrase, any mention of a root
 *   cause, "caused by", "due to a bug", any "guarantee"/"promise"/"100%" is a finding, including harmless
 *   ones ("we are still looking for the root cause"). A false positive costs one approval by the right
 *   role; a miss sends an unapproved promise.
 * - **Credits: offers, not topics.** "refund", "credit" and "discount" name topics customers ask about and
 *   the product itself has (a known issue titled "Refunds fail for EUR invoices", a workaround telling a
 *   merchant to "issue a credit note" to *their* customer, a how-to about the refund policy). English text
 *   is a finding when it offers or reports one: a first-person subject with a credit verb ("we will
 *   credit", "I've refunded"), "you will receive/get a refund", an amount or qualifier ("full refund",
 *   "refund of $40", "20% discount"), a passive report ("a credit has been issued"), a waived fee, "free of
 *   charge", and "service credit" in any form. German and Spanish are basic: every credit word is a finding.
 * - **Languages:** English always, plus German or Spanish for `de*`/`es*` locales; an unknown or missing
 *   locale runs every language (stricter, never looser).
 * - **Evasion:** matching runs on a folded copy: hidden characters removed, NFKD with combining marks
 *   dropped (so "re\u0301fund", full-width letters and missing accents still match), lower case,
 *   typographic apostrophes straightened, whitespace collapsed. Homoglyphs from other scripts (Cyrillic
 *   "е") are not folded; that is left out.
 */

/** What kind of commitment a finding is. */
export type CommitmentKind = 'deadline' | 'credit' | 'root-cause' | 'guarantee';

/** Languages the guard has rules for. */
export type GuardLanguage = 'en' | 'de' | 'es';

/** The risk class each kind of commitment needs approved. */
export const COMMITMENT_RISK_CLASS: Readonly<Record<CommitmentKind, RiskClass>> = {
  deadline: 'customer-facing-commitment',
  guarantee: 'customer-facing-commitment',
  credit: 'service-credit',
  'root-cause': 'root-cause-statement',
};

/** One commitment found in a draft body. */
export interface CommitmentFinding {
  kind: CommitmentKind;
  riskClass: RiskClass;
  /** Stable rule id, e.g. `en.credit.first-person`, for audit and tests. */
  rule: string;
  language: GuardLanguage;
  /** The matched phrase as folded for matching (lower case, no accents), for the approver's view. */
  phrase: string;
}

interface Rule {
  id: string;
  kind: CommitmentKind;
  pattern: RegExp;
}

// Word boundaries that understand letters beyond ASCII (`\b` does not, even with the `u` flag).
const L = '(?<![\\p{L}\\p{N}_])';
const R = '(?![\\p{L}\\p{N}_])';
/** One word of folded text (whitespace is collapsed to single spaces before matching). */
const W = "[\\p{L}\\p{N}'-]+";

function rule(id: string, kind: CommitmentKind, source: string, bounded = true): Rule {
  return { id, kind, pattern: new RegExp(bounded ? `${L}(?:${source})${R}` : source, 'gu') };
}

const alt = (...xs: string[]) => `(?:${xs.join('|')})`;

// ---------- English ----------
const EN_NUM = alt(
  '\\d+',
  'an?',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'twelve',
  'twenty-four',
  'forty-eight',
  'a few',
  'few',
  'several',
  '(?:a )?couple of',
);
const EN_UNIT = alt(
  'minutes?',
  'mins?',
  'hours?',
  'hrs?',
  '(?:business |working )?days?',
  'weeks?',
  'months?',
);
const EN_DAY = alt('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday');
const EN_MONTH = alt(
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sept?',
  'oct',
  'nov',
  'dec',
);
const EN_ORD = '\\d{1,2}(?:st|nd|rd|th)?';
const EN_SUBJECT = alt('we', 'i', 'our team', 'our billing team', 'our finance team');
const EN_CREDIT_VERB = alt('credit', 'refund', 'reimburs', 'compensat', 'waive', 'discount');
const EN_CREDIT_NOUN = alt(
  'credits?',
  'refunds?',
  'discounts?',
  'compensation',
  'reimbursements?',
  'rebates?',
  'vouchers?',
);
const EN_AMOUNT = alt(
  '[$€£]\\s?\\d[\\d,.]*',
  '\\d[\\d,.]*\\s?(?:%|percent|usd|eur|gbp|dollars?|euros?|pounds?)',
);

const EN_RULES: Rule[] = [
  // Deadlines and dates.
  rule('en.deadline.iso-date', 'deadline', '(?<!\\d)\\d{4}-\\d{2}-\\d{2}(?!\\d)', false),
  rule('en.deadline.numeric-date', 'deadline', '\\d{1,2}/\\d{1,2}/\\d{2,4}'),
  rule('en.deadline.month-day', 'deadline', alt(`${EN_MONTH} ${EN_ORD}`, `${EN_ORD} (?:of )?${EN_MONTH}`)),
  rule(
    'en.deadline.eta',
    'deadline',
    alt(
      'eta',
      'estimated time of (?:arrival|resolution|fix|completion)',
      '(?:expected|estimated|target) (?:fix |resolution |release |completion )?(?:date|time)',
      'expected to be (?:fixed|resolved|deployed|released|available|back|live|restored)',
    ),
  ),
  rule(
    'en.deadline.relative-day',
    'deadline',
    alt(
      'tomorrow',
      'tonight',
      'later today',
      'end of (?:the )?(?:day|week|month|quarter|business day)',
      'eod',
      'eow',
      'cob',
      'close of business',
      `(?:next|this coming|coming) (?:week|month|business day|working day|${EN_DAY})`,
      'this (?:afternoon|evening|weekend)',
      `(?:on|by|before|until|till|this) ${EN_DAY}`,
    ),
  ),
  rule(
    'en.deadline.by',
    'deadline',
    `(?:by|before|until|till|no later than|not later than) (?:the )?${alt(
      'end of',
      'close of',
      'today',
      'noon',
      'midnight',
      `next (?:release|version|update|sprint|${W})`,
      EN_MONTH,
      `\\d{1,2}(?::\\d{2})? ?(?:am|pm|a\\.m\\.|p\\.m\\.)`,
      `\\d{1,2}(?:st|nd|rd|th)`,
    )}`,
  ),
  rule(
    'en.deadline.within',
    'deadline',
    alt(
      `(?:within|in) (?:the next |the coming |less than |under |about |around |approximately )?${EN_NUM} ${EN_UNIT}`,
      'within \\d+ ?h',
    ),
  ),
  rule(
    'en.deadline.at-time',
    'deadline',
    '(?:at|by|before|after) \\d{1,2}(?::\\d{2})? ?(?:am|pm|a\\.m\\.|p\\.m\\.|utc|gmt|cet|cest|est|edt|pst|pdt)',
  ),
  rule(
    'en.deadline.scheduled',
    'deadline',
    `(?:fix|patch|release|update|deployment|deploy|hotfix|resolution)(?: ${W})? (?:is |has been |was |will be )?(?:scheduled|planned|expected|targeted|due|slated) (?:for|on|by|in|to|within)`,
  ),

  // Credits, refunds, compensation: offers and reports, not topics (see the module comment).
  rule('en.credit.service-credit', 'credit', '(?:service|sla|account|goodwill) credits?'),
  rule(
    'en.credit.first-person',
    'credit',
    `${EN_SUBJECT}(?:'ll|'ve|'d|'re|'m)?(?: ${W}){0,3}? ${alt(
      `${EN_CREDIT_VERB}\\p{L}*`,
      `(?:issue|apply|offer|give|grant|provide|process|add|approve)\\p{L}* (?:you |your account )?(?:an? |the |your )?(?:${W} )?${EN_CREDIT_NOUN}`,
    )}`,
  ),
  rule(
    'en.credit.you-receive',
    'credit',
    `you(?:'ll| will| are going to| should| would| can)?(?: ${W}){0,2}? ${alt(
      `(?:receive|get|be (?:issued|given|offered|sent))(?: ${W}){0,3}? ${EN_CREDIT_NOUN}`,
      'be (?:credited|refunded|reimbursed|compensated)',
    )}`,
  ),
  rule(
    'en.credit.qualified',
    'credit',
    alt(
      `(?:full|partial|prorated|pro-rated|goodwill|one-time|courtesy) ${EN_CREDIT_NOUN}`,
      `${EN_CREDIT_NOUN} (?:of|for|worth) (?:up to )?${EN_AMOUNT}`,
      `${EN_AMOUNT} (?:${EN_CREDIT_NOUN}|off)`,
    ),
  ),
  rule(
    'en.credit.reported',
    'credit',
    alt(
      `${EN_CREDIT_NOUN} (?:has been|have been|was|were|will be|is being|is going to be|are being) (?:issued|processed|applied|approved|granted|sent|initiated|added)`,
      '(?:credited|refunded|reimbursed) (?:to|on|back to|onto) (?:your|the) (?:account|card|invoice|payment method)',
      '(?:has|have) been (?:credited|refunded|reimbursed|compensated)',
    ),
  ),
  rule(
    'en.credit.waived',
    'credit',
    alt(
      `waived? (?:the |your |this |these |any |all )?(?:${W} )?(?:fees?|charges?|costs?|invoices?|payments?)`,
      '(?:fees?|charges?|costs?) (?:is|are|was|were|has been|have been|will be) waived',
    ),
  ),
  rule(
    'en.credit.free',
    'credit',
    alt('free of charge', 'on the house', `(?:${EN_NUM} )?(?:months?|years?|weeks?) (?:for )?free`),
  ),

  // Root-cause statements: strict.
  rule('en.root-cause.root-cause', 'root-cause', 'root[- ]?causes?'),
  rule('en.root-cause.caused-by', 'root-cause', '(?:caused|triggered|introduced) by'),
  rule(
    'en.root-cause.due-to',
    'root-cause',
    `(?:due to|because of|the result of|resulted from|stemmed from|originated from|traced (?:back )?to) (?:an? |the |our |your )?(?:${W} ){0,2}?(?:bug|defect|error|fault|regression|misconfiguration|mistake|change|failure|outage|issue|problem|incident|glitch)s?`,
  ),
  rule(
    'en.root-cause.the-cause',
    'root-cause',
    '(?:the|its|this) (?:underlying |actual |real )?cause (?:was|is|has been|turned out)',
  ),

  // Guarantees: strict.
  rule('en.guarantee.guarantee', 'guarantee', 'guarantee\\p{L}*'),
  rule('en.guarantee.promise', 'guarantee', 'promis\\p{L}*'),
  rule(
    'en.guarantee.never-again',
    'guarantee',
    "(?:will never|won't ever|won't|will not|never|not) (?:happen|occur|recur|be repeated)(?: ever)? again",
  ),
  rule('en.guarantee.percent', 'guarantee', '(?<![\\d.])100 ?(?:%|percent)', false),
  rule(
    'en.guarantee.assure',
    'guarantee',
    alt('(?:we|i) (?:can )?assure you', 'rest assured', 'permanently (?:fixed|resolved)', 'for good'),
  ),
];

// ---------- German (folded: no umlauts, so "spätestens" is "spatestens") ----------
const DE_NUM = alt(
  '\\d+',
  'ein',
  'eine',
  'einer',
  'einem',
  'zwei',
  'drei',
  'vier',
  'funf',
  'sechs',
  'sieben',
  'acht',
  'neun',
  'zehn',
  'zwolf',
  'vierundzwanzig',
  'wenigen',
  'ein paar',
  'einigen',
);
const DE_UNIT = alt(
  'minuten?',
  'stunden?',
  'tag(?:en)?',
  'werktag(?:en)?',
  'arbeitstag(?:en)?',
  'wochen?',
  'monat(?:en)?',
);
const DE_DAY = alt('montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag');
const DE_MONTH = alt(
  'januar',
  'februar',
  'marz',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'dezember',
);
const DE_RULES: Rule[] = [
  rule(
    'de.deadline.date',
    'deadline',
    alt(
      // A year or a non-digit after the second dot, so version numbers like 5.10.2 are not dates.
      '(?:0?[1-9]|[12]\\d|3[01])\\.(?:0?[1-9]|1[0-2])\\.(?:\\d{4}|(?!\\d))',
      `\\d{1,2}\\. ${DE_MONTH}`,
    ),
    false,
  ),
  rule(
    'de.deadline.relative',
    'deadline',
    alt(
      'spatestens',
      'voraussichtlich',
      'ubermorgen',
      '(?<!guten |heute |gestern )morgen',
      `(?:nachste|nachsten|kommende|kommenden) (?:woche|monat|${DE_DAY})`,
      'ende (?:der|dieser|nachster) woche',
      'heute (?:abend|nachmittag|noch)',
      `(?:am|bis|ab) ${DE_DAY}`,
      `bis (?:zum |spatestens )?(?:morgen|heute|ende|mitte|\\d{1,2}(?::\\d{2})? uhr|\\d{1,2}\\.)`,
    ),
  ),
  rule('de.deadline.within', 'deadline', `(?:in|innerhalb)(?: von| der nachsten)? ${DE_NUM} ${DE_UNIT}`),
  rule(
    'de.credit.word',
    'credit',
    alt(
      'gutschrift\\p{L}*',
      'gutschreiben',
      'gutgeschrieben',
      'gutzuschreiben',
      '(?:zuruck)?erstatt\\p{L}*',
      'ruckerstatt\\p{L}*',
      'entschadig\\p{L}*',
      'rabatt\\p{L}*',
      'preisnachlass\\p{L}*',
      'kulanz\\p{L}*',
      'kompensation\\p{L}*',
    ),
  ),
  rule(
    'de.root-cause.word',
    'root-cause',
    alt(
      '(?:grund)?ursache\\p{L}*',
      'verursacht\\p{L}*',
      'zuruckzufuhren auf',
      `(?:aufgrund|wegen) (?:eines|einer|des|der) (?:${W} )?(?:fehler|bug|defekt|konfigurationsfehler|anderung)\\p{L}*`,
      'lag (?:an|daran)',
    ),
  ),
  rule(
    'de.guarantee.word',
    'guarantee',
    alt(
      'garant\\p{L}*',
      'versprech\\p{L}*',
      'versproch\\p{L}*',
      'zusicher\\p{L}*',
      'sichern (?:ihnen |euch )?zu',
      '(?:nie|nicht) (?:wieder|mehr) (?:vorkommen|passieren|auftreten)',
      '100 ?(?:%|prozent)',
    ),
  ),
];

// ---------- Spanish (folded: "mañana" is "manana") ----------
const ES_NUM = alt(
  '\\d+',
  'un',
  'una',
  'uno',
  'dos',
  'tres',
  'cuatro',
  'cinco',
  'seis',
  'siete',
  'ocho',
  'nueve',
  'diez',
  'doce',
  'veinticuatro',
  'unos pocos',
  'unas pocas',
  'pocos',
  'pocas',
  'unos',
  'unas',
);
const ES_UNIT = alt('minutos?', 'horas?', 'dias?(?: habiles| laborables)?', 'semanas?', 'mes(?:es)?');
const ES_DAY = alt('lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo');
const ES_MONTH = alt(
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'setiembre',
  'octubre',
  'noviembre',
  'diciembre',
);
const ES_RULES: Rule[] = [
  rule('es.deadline.date', 'deadline', `\\d{1,2} de ${ES_MONTH}`),
  rule(
    'es.deadline.relative',
    'deadline',
    alt(
      'a mas tardar',
      'pasado manana',
      '(?<!(?:esta|la|una|cada) )manana',
      `(?:para|antes del?|hasta el|el proximo) (?:el |la )?(?:${ES_DAY}|fin de (?:semana|mes)|final del dia|proxim[oa] (?:semana|mes|${ES_DAY}))`,
      '(?:la )?(?:proxima semana|semana que viene|proximo mes)',
      'fecha (?:estimada|prevista)',
      '(?:tiempo|hora) estimad[oa]',
    ),
  ),
  rule(
    'es.deadline.within',
    'deadline',
    `(?:en|dentro de)(?: un plazo de| los proximos| las proximas| menos de)? ${ES_NUM} ${ES_UNIT}`,
  ),
  rule(
    'es.credit.word',
    'credit',
    alt(
      'reembols\\p{L}*',
      '(?<!tarjeta de )credito\\p{L}*',
      'abon(?:o|os|ar|aremos|amos|ado|ada|ara)',
      'descuento\\p{L}*',
      'compensa\\p{L}*',
      'bonifica\\p{L}*',
      'devolucion(?:es)?',
      'devolver(?:le|les|emos)? (?:el|su) (?:dinero|importe|pago)',
    ),
  ),
  rule(
    'es.root-cause.word',
    'root-cause',
    alt(
      'causa (?:raiz|principal|del (?:problema|error|incidente|fallo))',
      '(?:causad|originad|provocad)[oa]s? por',
      `debid[oa]s? a (?:un|una|el|la) (?:${W} )?(?:error|fallo|bug|defecto|cambio|configuracion)`,
      'se debio a',
    ),
  ),
  rule(
    'es.guarantee.word',
    'guarantee',
    alt(
      'garantiz\\p{L}*',
      'garantia\\p{L}*',
      'promet\\p{L}*',
      'promesa\\p{L}*',
      'no (?:volvera|va a volver) a (?:ocurrir|pasar|suceder)',
      'nunca mas',
      '100 ?%',
      '(?:100|cien) por ciento',
      '(?:le|les) asegur(?:o|amos)',
    ),
  ),
];

const RULES: Readonly<Record<GuardLanguage, readonly Rule[]>> = { en: EN_RULES, de: DE_RULES, es: ES_RULES };

/** Which rule sets run for a locale: English always, plus the locale's language; unknown runs all. */
export function guardLanguagesFor(locale: string | undefined): GuardLanguage[] {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  if (base === 'en') return ['en'];
  if (base === 'de' || base === 'es') return ['en', base];
  return ['en', 'de', 'es'];
}

/** The folded copy the rules match against (see the module comment). */
export function foldForMatching(text: string): string {
  return stripHiddenCharacters(text)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'")
    .replace(/\s+/g, ' ');
}

/**
 * Finds customer-facing commitments in a draft body, each with the risk class it needs. Pass the draft's
 * locale; without one every language's rules run.
 */
export function findCommitments(text: string, locale?: string): CommitmentFinding[] {
  const folded = foldForMatching(text);
  const findings: CommitmentFinding[] = [];
  const seen = new Set<string>();
  for (const language of guardLanguagesFor(locale)) {
    for (const r of RULES[language]) {
      for (const m of folded.matchAll(r.pattern)) {
        // The same phrase found by two languages' rules (say "100%") is one finding.
        const key = `${r.kind}\u0000${m[0]}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push({
          kind: r.kind,
          riskClass: COMMITMENT_RISK_CLASS[r.kind],
          rule: r.id,
          language,
          phrase: m[0],
        });
      }
    }
  }
  return findings;
}

/** Input to {@link guardDraft}. */
export interface GuardInput {
  body: string;
  /** The draft's locale; omitted means every language's rules run. */
  locale?: string;
  /** Risk classes the approved template declares (its approval already covers them). */
  declaredRiskClasses: readonly RiskClass[];
  /** Risk classes a person with the right role has approved for this draft. */
  approvedRiskClasses: readonly RiskClass[];
}

/** The guard's verdict. `findings` is always the full list, for the approver's view. */
export type GuardResult =
  | { ok: true; findings: CommitmentFinding[] }
  | {
      ok: false;
      findings: CommitmentFinding[];
      /** Findings whose risk class is neither declared nor approved. */
      blocked: CommitmentFinding[];
      /** The distinct risk classes that would have to be approved. */
      missingRiskClasses: RiskClass[];
    };

/**
 * Blocks a draft that makes a commitment whose risk class is neither declared by its template nor
 * approved. Only `ok: true` may proceed to an approval of the payload.
 */
export function guardDraft(input: GuardInput): GuardResult {
  const findings = findCommitments(input.body, input.locale);
  const allowed = new Set<RiskClass>([...input.declaredRiskClasses, ...input.approvedRiskClasses]);
  const blocked = findings.filter((f) => !allowed.has(f.riskClass));
  if (blocked.length === 0) return { ok: true, findings };
  const missingRiskClasses = [...new Set(blocked.map((f) => f.riskClass))];
  return { ok: false, findings, blocked, missingRiskClasses };
}

/** Input to {@link checkEditedDraft}. */
export interface EditedDraftInput {
  /** The draft before the edit; only its payload is used (visibility and locale carry over). */
  draft: Pick<Draft, 'payload'>;
  /** The body as the person edited it. */
  body: string;
  /**
   * The risk classes of the draft's template, looked up by `templateId`/`templateVersion`. Not
   * `draft.riskClasses`: after an earlier edit that list also holds the classes found in the edit, and
   * treating those as "declared" would let a second edit skip the guard.
   */
  templateRiskClasses: readonly RiskClass[];
  approvedRiskClasses: readonly RiskClass[];
}

/** What the edit path stores, and the guard's verdict on it. */
export interface EditedDraftCheck {
  payload: DraftPayload;
  /** The new payload hash: it differs from the old one, so every approval of the old payload is void. */
  payloadHash: string;
  /**
   * Template risk classes plus every class found in the edited body; the edit path recomputes the
   * required approvals (roles, four-eyes) from this list.
   */
  riskClasses: RiskClass[];
  guard: GuardResult;
}

/**
 * The edit path's check: re-runs the guard on an edited body (the original body's verdict says nothing
 * about the new one) and returns the new payload, its hash and the risk classes it now carries.
 */
export function checkEditedDraft(input: EditedDraftInput): EditedDraftCheck {
  const payload: DraftPayload = { ...input.draft.payload, body: input.body };
  const guard = guardDraft({
    body: input.body,
    locale: payload.locale,
    declaredRiskClasses: input.templateRiskClasses,
    approvedRiskClasses: input.approvedRiskClasses,
  });
  const riskClasses = [...new Set([...input.templateRiskClasses, ...guard.findings.map((f) => f.riskClass)])];
  return { payload, payloadHash: hashJson(payload), riskClasses, guard };
}
