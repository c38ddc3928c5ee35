import { eld } from 'eld/extrasmall';

/**
 * The statistical model behind {@link detectLanguage}, named with its version so that a packet's
 * reasons say exactly what produced a language call. Keep it in step with the installed `eld`.
 */
export const LANGUAGE_DETECTOR = 'language-detector/eld-xs@2.1.0';

/** Below this many letters of natural-language text no call is made: a guess would be noise. */
export const MIN_LETTERS = 24;

/** The share by which the best language must lead the runner-up for a call to count. */
const MIN_MARGIN = 0.08;

/** Confidence at and above which a detection is used for routing and drafts. */
export const RELIABLE_CONFIDENCE = 0.6;

/** Not a language: ISO 639-2 "undetermined". */
export const UNDETERMINED = 'und';

export interface LanguageCandidate {
  language: string;
  score: number;
}

export interface LanguageDetection {
  /** ISO 639-1 code of the text's language, or `und` when the text is too short or too mixed to tell. */
  language: string;
  /** The detector's best candidate even when it is not reliable (shown to people, never acted on). */
  guess: string | null;
  /** In [0, 1]; below {@link RELIABLE_CONFIDENCE} whenever `language` is `und`. */
  confidence: number;
  reliable: boolean;
  /** Letters of natural-language text that were read, after codes, ids and links were removed. */
  letters: number;
  /** The best candidates with the detector's scores, best first. */
  candidates: LanguageCandidate[];
}

// Error codes, request ids, versions, paths, links and identifiers are the same in every language and
// pull short texts towards whichever language their letters happen to resemble.
const NOISE: readonly RegExp[] = [
  /\bhttps?:\/\/\S+/gi,
  /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g,
  /(?:^|\s)\/[\w./-]+/g,
  /\b\S*[\d_]\S*\b/g,
  /\b[A-Z]{2,}(?:[-.][A-Z]+)+\b/g,
  /\b[a-z]+[A-Z]\w*\b/g,
  /\b[A-Z][a-z]+[A-Z]\w*\b/g,
  /\b\w+\.\w+(?:\.\w+)*\b/g,
];

/** The natural-language part of a text: what a language can be read from. */
export function naturalText(text: string): string {
  let out = text;
  for (const re of NOISE) out = out.replace(re, ' ');
  return out.replace(/\s+/g, ' ').trim();
}

function letterCount(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Detects the language of customer text with a character n-gram model (ELD, 60 languages). Short or
 * ambiguous texts come back as `und` with low confidence, so that callers fall back to a default
 * rather than act on a guess: "ok", a bare error code or a signature line says nothing about the
 * customer's language.
 *
 * @example
 * detectLanguage('Im PDF der Rechnung fehlen alle Positionen ab Seite 2.').language // 'de'
 * detectLanguage('it doesnt work').language // 'und'
 */
export function detectLanguage(text: string): LanguageDetection {
  const natural = naturalText(text);
  const letters = letterCount(natural);
  if (letters === 0)
    return { language: UNDETERMINED, guess: null, confidence: 0, reliable: false, letters, candidates: [] };
  const result = eld.detect(natural);
  const candidates = Object.entries(result.getScores())
    .map(([language, score]) => ({ language, score: round(score) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
  const best = candidates[0];
  if (!result.language || !best)
    return { language: UNDETERMINED, guess: null, confidence: 0.1, reliable: false, letters, candidates };
  const runnerUp = candidates[1]?.score ?? 0;
  const margin = best.score > 0 ? (best.score - runnerUp) / best.score : 0;
  // Confidence grows with the lead over the runner-up and with the amount of text, saturating at a
  // clear lead (a quarter of the best score) over about two sentences.
  const raw = 0.3 + 0.45 * Math.min(1, margin / 0.25) + 0.25 * Math.min(1, letters / 160);
  const reliable = result.isReliable() && letters >= MIN_LETTERS && margin >= MIN_MARGIN;
  const confidence = reliable
    ? round(Math.min(0.99, Math.max(RELIABLE_CONFIDENCE, raw)))
    : round(Math.min(RELIABLE_CONFIDENCE - 0.15, raw));
  return {
    language: reliable ? result.language : UNDETERMINED,
    guess: result.language,
    confidence,
    reliable,
    letters,
    candidates,
  };
}

/** The primary subtag of a locale, lower-cased: `de-CH` → `de`. */
export function baseLanguage(locale: string): string {
  return locale.toLowerCase().split(/[-_]/)[0] ?? locale.toLowerCase();
}

export interface LocaleChoice {
  /** The locale to write in: one of `available`, or the default when none fits. */
  locale: string;
  /** True when the customer's language was known but had no approved text, or was not known. */
  fallback: boolean;
  /** Why this locale, for a draft's provenance. */
  detail: string;
}

/**
 * Picks the locale to write to a customer in: theirs when approved text exists in it, else the tenant's
 * default. An undetermined language always falls back; nothing is written in a guessed language.
 */
export function chooseLocale(
  language: string,
  available: readonly string[],
  defaultLocale: string,
): LocaleChoice {
  if (language !== UNDETERMINED) {
    const exact = available.find((l) => l.toLowerCase() === language.toLowerCase());
    const sameBase = available.find((l) => baseLanguage(l) === baseLanguage(language));
    const hit = exact ?? sameBase;
    if (hit) return { locale: hit, fallback: false, detail: `customer language ${language}` };
  }
  const fallbackLocale =
    available.find((l) => l === defaultLocale) ??
    available.find((l) => baseLanguage(l) === baseLanguage(defaultLocale)) ??
    available[0] ??
    defaultLocale;
  return {
    locale: fallbackLocale,
    fallback: true,
    detail:
      language === UNDETERMINED
        ? `customer language not determined; tenant default ${fallbackLocale}`
        : `no approved ${language} text; tenant default ${fallbackLocale}`,
  };
}
