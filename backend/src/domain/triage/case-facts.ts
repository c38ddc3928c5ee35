import type { CaseRecord } from '@triage/shared';

/** What the engine reads off a case's own text and fields, before any evidence. */
export interface CaseFacts {
  subject: string;
  /** Subject, description and customer turns, lower-cased: what rules match against. */
  text: string;
  /** Customer turns, oldest first (the description counts as the first). */
  customerTurns: string[];
  affectedUsers: number | null;
  mentionsAllUsers: boolean;
  hasTimestamp: boolean;
  hasSteps: boolean;
  hasEnvironment: boolean;
  hasQuotedError: boolean;
  hasAttachmentHint: boolean;
  invoiceRefs: string[];
  accountRefs: string[];
  emailDomain: string | null;
}

const INVOICE_RE = /\b(?:INV|ORD|ORDER|INVOICE)[-#: ]?\d[\d-]{2,}\b/gi;
const ACCOUNT_RE = /\b(?:acct|account|tenant|workspace|org)[-_ #:]*(?:id[-_ #:]*)?([a-z0-9]+-?\d{3,})\b/gi;
const TIMESTAMP_RE =
  /\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[:.]\d{2}\s?(?:am|pm|utc|gmt|cet|est|pst)?|yesterday|this morning|today at|last night|since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|gestern|heute|seit heute|ayer|hoy|esta mañana|desde ayer|hier|aujourd'hui|ce matin|depuis hier)\b/i;
const STEPS_RE =
  /\b(?:steps? to reproduce|to reproduce|repro|1\.\s|first i|then i|after i click|when i click|schritte|pasos|étapes|pour reproduire)\b/i;
const ENV_RE =
  /\b(?:chrome|firefox|safari|edge|android|ios|iphone|ipad|windows|macos|mac os|linux|ubuntu|version\s*\d|v\d+\.\d+|\d+\.\d+\.\d+|build\s*\d+|sdk)\b/i;
const QUOTED_ERROR_RE =
  /(?:"[^"]{6,}"|'[^']{6,}'|\berror(?: code)?[:\s]+[A-Z0-9_-]{3,}|\b[A-Z][a-zA-Z]+(?:Error|Exception)\b|\b[1-5]\d\d\s+(?:error|bad gateway|unauthorized|forbidden|not found|internal server error|service unavailable|gateway timeout)\b|\bE[A-Z]*[-_]?\d{3,}\b)/;
const ATTACHMENT_RE =
  /\b(?:attached|attachment|screenshot|screen shot|har file|log file|see attached|anbei|adjunto|captura|capture d'écran|ci-joint|pièce jointe|bildschirmfoto)\b/i;
// The end is a lookahead, not \b, which knows only ASCII letters and would miss "employés".
const USERS_RE =
  /\b(\d{1,6})\s+(?:of our\s+)?(?:users|agents|employees|people|staff|customers|seats|members|nutzer|benutzer|mitarbeiter|usuarios|utilisateurs|employés)(?![\p{L}\p{N}])/iu;
const ALL_USERS_RE =
  /\b(?:all (?:of )?(?:our )?(?:users|agents|employees|staff|customers)|everyone|nobody can|no one can|entire (?:team|company|org)|company-wide|alle (?:nutzer|benutzer|mitarbeiter)|todos los usuarios|nadie puede|tous les utilisateurs|personne ne peut)\b/i;

/** Reads a case's own text. Pure: the same record always gives the same facts. */
export function readCase(record: CaseRecord): CaseFacts {
  const subject = (record.subject ?? '').trim();
  const description = (record.description ?? '').trim();
  const customerComments = (record.comments ?? [])
    .filter((c) => c.author_role === 'customer')
    .map((c) => c.body);
  const customerTurns = [description, ...customerComments].filter((t) => t.length > 0);
  const raw = [subject, ...customerTurns].join('\n');
  const text = raw.toLowerCase();
  const usersMatch = USERS_RE.exec(raw);
  const email = record.requester?.email ?? '';
  const at = email.lastIndexOf('@');
  return {
    subject: subject || description.slice(0, 80),
    text,
    customerTurns,
    affectedUsers: usersMatch?.[1] ? Number(usersMatch[1]) : null,
    mentionsAllUsers: ALL_USERS_RE.test(raw),
    hasTimestamp: TIMESTAMP_RE.test(raw),
    hasSteps: STEPS_RE.test(raw),
    hasEnvironment: ENV_RE.test(raw),
    hasQuotedError: QUOTED_ERROR_RE.test(raw),
    hasAttachmentHint: ATTACHMENT_RE.test(raw),
    invoiceRefs: unique([...raw.matchAll(INVOICE_RE)].map((m) => m[0].toUpperCase().replace(/\s+/g, '-'))),
    accountRefs: unique([...raw.matchAll(ACCOUNT_RE)].map((m) => (m[1] ?? '').toLowerCase()).filter(Boolean)),
    emailDomain: at > 0 ? email.slice(at + 1).toLowerCase() : null,
  };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

const NEGATIVE = [
  'angry',
  'frustrated',
  'frustrating',
  'unacceptable',
  'terrible',
  'awful',
  'worst',
  'ridiculous',
  'disappointed',
  'furious',
  'useless',
  'broken',
  'again',
  'still',
  'urgent',
  'asap',
  'immediately',
  'cancel',
  'refund',
  'lawyer',
  'escalate',
  'outage',
  'down',
  'losing',
  'lost',
  'nobody',
  'waiting',
  'hours',
  'days',
  'ärgerlich',
  'inakzeptabel',
  'dringend',
  'inaceptable',
  'urgente',
  'molesto',
  'inacceptable',
  'furieux',
  'déçu',
  'déçus',
  'enttäuscht',
  'sofort',
  'decepcionado',
  'abogado',
  'anwalt',
  'avocat',
];
const POSITIVE = [
  'thanks',
  'thank',
  'great',
  'appreciate',
  'awesome',
  'love',
  'perfect',
  'helpful',
  'danke',
  'gracias',
  'merci',
  'excellent',
  'vielen',
  'super',
  'genial',
  'parfait',
];

export interface SentimentReading {
  value: 'negative' | 'neutral' | 'positive';
  confidence: number;
  score: number;
  cues: string[];
}

/**
 * Lexicon sentiment over customer turns, the latest weighted most (a customer who was polite at first and
 * is angry now is angry). Shouting (caps, repeated exclamation marks) counts as negative.
 */
export function readSentiment(turns: readonly string[]): SentimentReading {
  if (turns.length === 0) return { value: 'neutral', confidence: 0.3, score: 0, cues: [] };
  let weighted = 0;
  let weights = 0;
  const cues = new Set<string>();
  turns.forEach((turn, i) => {
    const w = 1 + i * 1.5;
    const tokens = turn
      .toLowerCase()
      .split(/[^\p{L}]+/u)
      .filter(Boolean);
    let s = 0;
    for (const t of tokens) {
      if (NEGATIVE.includes(t)) {
        s -= 1;
        cues.add(t);
      } else if (POSITIVE.includes(t)) {
        s += 1;
        cues.add(t);
      }
    }
    if (/!{2,}/.test(turn)) {
      s -= 1;
      cues.add('!!');
    }
    const capsWords = turn.split(/\s+/).filter((x) => x.length >= 4 && /^[A-Z]+$/.test(x)).length;
    if (capsWords >= 2) {
      s -= 1;
      cues.add('CAPS');
    }
    weighted += w * Math.tanh(s / 2);
    weights += w;
  });
  const score = weighted / weights;
  const value = score <= -0.2 ? 'negative' : score >= 0.25 ? 'positive' : 'neutral';
  const confidence = round(Math.min(0.95, 0.5 + Math.abs(score) * 0.6));
  return { value, confidence, score: round(score), cues: [...cues].slice(0, 6) };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
