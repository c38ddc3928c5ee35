import type { Redaction } from '@triage/shared';

type Kind = Redaction['kind'];

/** Luhn checksum of a digit string: what separates a card number from any other long number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** ISO 13616 mod-97 check of an IBAN (spaces allowed). */
export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/\s+/g, '').toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

interface Detector {
  kind: Kind;
  pattern: RegExp;
  accept?: (match: string) => boolean;
}

// Order matters: secrets and cards go first so that a token's digits are not half-eaten as a phone number.
const DETECTORS: Detector[] = [
  { kind: 'secret', pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/g },
  { kind: 'secret', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g },
  { kind: 'secret', pattern: /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}\b/g },
  { kind: 'secret', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { kind: 'secret', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g },
  { kind: 'secret', pattern: /\b(?:api[_-]?key|secret|password|passwd|token)\s*[:=]\s*\S{6,}/gi },
  { kind: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g },
  {
    kind: 'iban',
    pattern: /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/g,
    accept: ibanValid,
  },
  {
    kind: 'card',
    pattern: /\b(?:\d[ -]?){12,18}\d\b/g,
    accept: (m) => {
      const digits = m.replace(/\D/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
    },
  },
  { kind: 'ip-address', pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g },
  {
    // Not inside identifiers such as INV-2026-0412, and at least 8 digits, so versions and dates survive.
    kind: 'phone',
    pattern:
      /(?<![\w.-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?(?![\w-])/g,
    accept: (m) => {
      const digits = m.replace(/\D/g, '').length;
      return digits >= 8 && digits <= 15;
    },
  },
];

export interface RedactOptions {
  /** IP addresses are often needed to diagnose network faults; tenants decide. Default: redact. */
  redactIpAddresses?: boolean;
}

export interface RedactResult {
  text: string;
  redactions: Redaction[];
}

/**
 * Removes personal data and secrets from free text before it is stored, logged or shown: emails, phone
 * numbers, card numbers (Luhn-checked), IBANs (mod-97-checked), API keys and tokens, and IP addresses by
 * policy. Returns what kinds were removed and how many, never the values.
 */
export function redact(input: string, options: RedactOptions = {}): RedactResult {
  const counts = new Map<Kind, number>();
  let text = input;
  for (const d of DETECTORS) {
    if (d.kind === 'ip-address' && options.redactIpAddresses === false) continue;
    text = text.replace(d.pattern, (m) => {
      if (d.accept && !d.accept(m)) return m;
      counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
      return `[${d.kind} redacted]`;
    });
  }
  return { text, redactions: [...counts].map(([kind, count]) => ({ kind, count })) };
}
