/** What kind of technical fingerprint a signature is. */
export type SignatureKind = 'exception' | 'error-code' | 'http-status' | 'version' | 'stack-frame';

/** One technical fingerprint found in free text, such as an exception name or an HTTP status. */
export interface ErrorSignature {
  kind: SignatureKind;
  /** Canonical value used for matching (e.g. `http:502`, `NullPointerException`, `4.2.1`). */
  value: string;
  /** The text as it appeared. */
  text: string;
}

interface Pattern {
  kind: SignatureKind;
  regex: RegExp;
  /** Returns the canonical value, or undefined to reject this match. */
  value: (match: RegExpExecArray) => string | undefined;
  /**
   * A cheap test that is true whenever `regex` can match (a substring every match contains), so
   * most patterns never scan most texts.
   */
  mayMatch: (text: string) => boolean;
}

const THREE_DIGITS = /\d\d\d/;
const DOTTED_DIGITS = /\d\.\d/;

const HTTP_REASONS =
  'bad request|unauthori[sz]ed|forbidden|not found|method not allowed|request timeout|conflict|gone|' +
  'too many requests|internal server error|not implemented|bad gateway|service unavailable|gateway time-?out';

// Order matters only for readability; overlapping matches of different kinds are all kept because
// each kind is a separate matching signal (e.g. `HTTP 502` inside a stack frame message).
const PATTERNS: Pattern[] = [
  {
    // Java/.NET/Python/JS exception and error class names, optionally package-qualified. A bare
    // "Error" is not a signature: every log says it.
    kind: 'exception',
    regex: /\b((?:[a-z_$][\w$]*\.)*)([A-Z][\w$]*?(?:Exception|Error|Fault|Panic))\b/g,
    value: (m) => m[2],
    mayMatch: (t) =>
      t.includes('Exception') || t.includes('Error') || t.includes('Fault') || t.includes('Panic'),
  },
  {
    // Upper-case identifiers with underscores that say error/fail: ERR_CONNECTION_RESET,
    // NS_ERROR_FAILURE, SQLITE_CORRUPT_VTAB is left out on purpose (no ERR/FAIL word).
    kind: 'error-code',
    regex: /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g,
    value: (m) => (/(?:^|_)(?:ERR|ERROR|FAIL|FAILURE|FAILED)(?:_|$)/.test(m[0]) ? m[0] : undefined),
    mayMatch: (t) => t.includes('_') && (t.includes('ERR') || t.includes('FAIL')),
  },
  {
    // Short codes such as E1234, ERR-42, ERR42.
    kind: 'error-code',
    regex: /\b(?:E\d{3,6}|ERR[-_]?\d{1,6})\b/g,
    value: (m) => m[0].replace('-', '_'),
    mayMatch: (t) => t.includes('E'),
  },
  {
    // POSIX errno names, which are error codes in every language runtime.
    kind: 'error-code',
    regex:
      /\bE(?:CONNREFUSED|CONNRESET|CONNABORTED|TIMEDOUT|NOENT|ACCES|PERM|PIPE|ADDRINUSE|HOSTUNREACH|NETUNREACH|NOTFOUND|AGAIN|NOMEM|NOSPC|EXIST|BUSY|INVAL|MFILE)\b/g,
    value: (m) => m[0],
    mayMatch: (t) => t.includes('E'),
  },
  {
    // Windows HRESULT / NTSTATUS style codes.
    kind: 'error-code',
    regex: /\b0x[0-9A-Fa-f]{8}\b/g,
    value: (m) => m[0].toLowerCase(),
    mayMatch: (t) => t.includes('0x'),
  },
  {
    // "HTTP 502", "HTTP/1.1 404", "status 500", "status code: 403", "error 503".
    kind: 'http-status',
    regex:
      /\b(?:HTTP(?:\/\d(?:\.\d)?)?|status(?:\s+code)?|error|response(?:\s+code)?)[\s:=#]*([1-5]\d\d)\b/gi,
    value: (m) => `http:${m[1] ?? ''}`,
    mayMatch: (t) => THREE_DIGITS.test(t),
  },
  {
    // "502 Bad Gateway", "404 not found".
    kind: 'http-status',
    regex: new RegExp(`\\b([1-5]\\d\\d)\\s+(?:${HTTP_REASONS})\\b`, 'gi'),
    value: (m) => `http:${m[1] ?? ''}`,
    mayMatch: (t) => THREE_DIGITS.test(t),
  },
  {
    // Versions: three or more numeric parts (4.2.1, 2.53.18.1), or two parts when introduced by
    // "v" or "version" (a bare 3.5 is as likely an amount as a version).
    kind: 'version',
    regex: /\b(?:v(?=\d)|version\s+)?(\d+\.\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?)\b/gi,
    value: (m) => {
      const whole = m[0];
      const version = m[1] ?? '';
      const parts = version.split('-')[0]?.split('.') ?? [];
      const introduced = whole.length > version.length;
      if (parts.length < 3 && !introduced) return undefined;
      // Four small parts is far more often an IPv4 address than a version.
      if (parts.length === 4 && parts.every((p) => Number(p) <= 255) && !introduced) return undefined;
      return version;
    },
    mayMatch: (t) => DOTTED_DIGITS.test(t),
  },
  {
    // Java/JS V8 frames: "at com.acme.Cart.checkout(Cart.java:42)", "at render (app.js:10:5)".
    kind: 'stack-frame',
    regex: /\bat\s+([\w$.<>]+)\s*\(([^()\s]*?):\d+(?::\d+)?\)/g,
    value: (m) => `${m[1] ?? ''}@${basename(m[2] ?? '')}`,
    mayMatch: (t) => t.includes('('),
  },
  {
    // Python frames: File "app/cart.py", line 42, in checkout
    kind: 'stack-frame',
    regex: /File "([^"]+)", line \d+, in ([\w$<>]+)/g,
    value: (m) => `${m[2] ?? ''}@${basename(m[1] ?? '')}`,
    mayMatch: (t) => t.includes('File "'),
  },
  {
    // Gecko/SpiderMonkey frames: "onLoad@chrome://messenger/content/msg.js:12:3".
    kind: 'stack-frame',
    regex: /([\w$.<>]+)@((?:[a-z-]+:\/\/)?[^\s@:]+\.(?:js|jsm|mjs|xul|xhtml|html|cpp|h|c|rs)):\d+(?::\d+)?/g,
    value: (m) => `${m[1] ?? ''}@${basename(m[2] ?? '')}`,
    mayMatch: (t) => t.includes('@'),
  },
  {
    // Crash-report signatures as Bugzilla writes them: "[@ nsDocShell::Destroy ]".
    kind: 'stack-frame',
    regex: /\[@\s*([^\]\n]+?)\s*\]/g,
    value: (m) => m[1],
    mayMatch: (t) => t.includes('[@'),
  },
];

function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/**
 * Extracts technical fingerprints from free text: exception names, error codes (E1234, ERR_X,
 * errno names, HRESULTs), HTTP statuses, versions and stack frames. Pure and language-agnostic (it
 * looks for the forms machines print, not for words). Each `kind:value` is reported once, in order
 * of first appearance.
 *
 * @example
 * extractErrorSignatures('HTTP 502 after upgrade to 4.2.1: java.lang.NullPointerException')
 * // [{ kind: 'exception', value: 'NullPointerException', ... },
 * //  { kind: 'http-status', value: 'http:502', ... }, { kind: 'version', value: '4.2.1', ... }]
 */
export function extractErrorSignatures(text: string): ErrorSignature[] {
  const found: { at: number; signature: ErrorSignature }[] = [];
  const seen = new Set<string>();
  for (const pattern of PATTERNS) {
    if (!pattern.mayMatch(text)) continue;
    // The shared regex is safe to reuse: nothing below runs another extraction before the loop ends.
    const regex = pattern.regex;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      const value = pattern.value(m);
      if (value === undefined || value === '') continue;
      const key = `${pattern.kind}:${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ at: m.index, signature: { kind: pattern.kind, value, text: m[0] } });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.signature);
}

/**
 * The signatures of a text as matchable tokens (`kind:value`, lower-cased), for search fields and
 * model features.
 */
export function signatureTokens(text: string): string[] {
  return extractErrorSignatures(text).map((s) => `${s.kind}:${s.value}`.toLowerCase());
}
