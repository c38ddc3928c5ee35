import { ibanValid, luhnValid } from '../domain/redaction';
import { format } from 'node:util';
import { pino } from 'pino';

/** The structured logger every layer receives (injected, never imported as a singleton). */
export type Logger = pino.Logger;

export interface LoggerOptions {
  /** pino level name; `silent` for tests that do not look at logs. */
  level: string;
  /** Where lines go; stdout when absent. Tests pass a capturing stream. */
  destination?: pino.DestinationStream;
  /** Fields on every line, e.g. `{ service: 'triage-backend' }`. */
  base?: Record<string, string>;
}

/** What replaces a redacted field value. */
export const REDACTED = '[redacted]';

/**
 * Keys whose values never reach a log line, at any depth. Compared after lower-casing and removing
 * `-` and `_`, so `apiKey`, `api_key` and `X-Api-Key` all match.
 *
 * Secret-like names match as substrings (`sessionToken`, `clientSecret`, `devTokens`): over-redacting a
 * log field costs little, leaking a credential costs a rotation. Customer PII fields match exactly, since
 * names like `subjectLength` are useful and harmless.
 */
const SECRET_KEY_PARTS = [
  'authorization',
  'cookie',
  'token',
  'password',
  'passwd',
  'secret',
  'apikey',
  'xforgeoauth',
];
const PII_KEYS = new Set(['email', 'phone', 'description', 'body', 'subject', 'comments']);

function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return PII_KEYS.has(k) || SECRET_KEY_PARTS.some((part) => k.includes(part));
}

/** Deep enough for request/response/err shapes; deeper structures are summarised, not walked. */
const MAX_DEPTH = 8;

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[depth limit]';
  seen.add(value);
  if (value instanceof Error) {
    return redactValue(pino.stdSerializers.errWithCause(value), depth, seen);
  }
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) ? REDACTED : redactValue(v, depth + 1, seen);
  }
  return out;
}

/** Redacts sensitive keys and masks PII patterns in every string of a log object. */
export function redactObject(obj: Record<string, unknown>): Record<string, unknown> {
  const seen = new WeakSet<object>();
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(obj)) {
    out[key] = isSensitiveKey(key) ? REDACTED : redactValue(v, 0, seen);
  }
  return out;
}

// --- free-text redaction -------------------------------------------------------------------------

const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const CARD = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
const IPV4 = /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.])/g;
const PHONE = /(?<![\w+-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){1,5}(?![\w-])/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Masks personal data and credentials inside free text (log messages, error messages):
 * bearer/basic credentials and JWT-like tokens, email addresses, IBANs (mod-97 checked), card numbers
 * (Luhn checked, 13–19 digits), IPv4 addresses and phone numbers.
 *
 * Phone numbers must start with `+` or `(`, or contain a separator: bare digit runs are ticket ids,
 * durations and epoch milliseconds far more often than phone numbers in our logs. ISO dates are kept.
 *
 * @example
 * ```ts
 * redactText('mail a@example.com, card 4111 1111 1111 1111'); // 'mail [email], card [card]'
 * ```
 */
export function redactText(s: string): string {
  if (s.length === 0) return s;
  return s
    .replace(JWT, '[token]')
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} [token]`)
    .replace(EMAIL, '[email]')
    .replace(IBAN, (m) => (ibanValid(m) ? '[iban]' : m))
    .replace(CARD, (m) => {
      const digits = m.replace(/[ -]/g, '');
      return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? '[card]' : m;
    })
    .replace(IPV4, '[ip]')
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '').length;
      const structured = /^[+(]/.test(m) || /[ .()-]/.test(m);
      return digits >= 7 && digits <= 15 && structured && !ISO_DATE.test(m) ? '[phone]' : m;
    });
}

/**
 * Creates the structured logger. Every line passes one redaction step:
 * - any key that names a credential or customer PII (`authorization`, `cookie`, `x-forge-oauth-*`,
 *   `token`, `password`, `secret`, `apiKey`, `email`, `phone`, `description`, `body`, `subject`,
 *   `comments`), at any depth, is replaced by `[redacted]`;
 * - every other string, the message and serialised errors (message, stack, cause) go through
 *   {@link redactText}.
 *
 * pino's own `redact` paths cannot express "this key at any depth" or a header-name prefix, so the
 * walk happens in `formatters.log`, `formatters.bindings` and the `logMethod` hook instead.
 *
 * @example
 * ```ts
 * const logger = createLogger({ level: config.logLevel });
 * logger.info({ req: { headers } }, 'request received'); // headers.authorization → '[redacted]'
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    base: options.base ?? null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => redactObject(obj),
      bindings: (bindings) => redactObject(bindings),
    },
    // formatters.log has already turned errors into redacted plain objects (with their cause chain);
    // pino's default err serializer would re-wrap them as `type: "Object"`.
    serializers: { err: (value: unknown) => value },
    hooks: {
      logMethod(args, method) {
        const [first, ...rest] = args;
        // logger.error(err) with no message: pino would use err.message verbatim as the line's msg.
        if (first instanceof Error) {
          const msg = rest.length > 0 ? format(...rest) : first.message;
          method.apply(this, [{ err: first }, redactText(msg)]);
          return;
        }
        if (typeof first === 'string') {
          method.apply(this, [redactText(format(first, ...rest))]);
          return;
        }
        if (rest.length > 0) {
          const [msg, ...interpolation] = rest;
          method.apply(this, [first, redactText(format(msg, ...interpolation))]);
          return;
        }
        method.apply(this, args);
      },
    },
  };
  const logger = options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
  // pino applies formatters.bindings to the root's bindings only, never to child() bindings, so children
  // (which inherit this property through their prototype) redact their bindings here.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- deliberately unbound: called with each child's `this`.
  const pinoChild = logger.child;
  logger.child = function redactingChild(this: Logger, bindings, childOptions) {
    return pinoChild.call(this, redactObject(bindings), childOptions);
  } as typeof pinoChild;
  return logger;
}
