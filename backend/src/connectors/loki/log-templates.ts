/**
 * Log line templating shared by the Loki connector and the attachment parser: many lines, few templates.
 * A specialist needs each distinct failure once, with its count and time span, not 10,000 copies of it.
 */

/** Normalised severities; anything else is kept as written, lower-cased. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

// Order matters: wide shapes (quoted strings, URLs, UUIDs, emails, IPs) go before the narrow ones
// (hex, numbers), so that a UUID does not become five numbers.
const TEMPLATE_RULES: readonly [RegExp, string][] = [
  [/(?<![A-Za-z0-9])'(?:[^'\\\n]|\\.)*'(?![A-Za-z0-9])/g, '<str>'],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<url>'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<ts>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, '<email>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<ip>'],
  // The value of an id field is variable whatever it looks like: request_id=req_abc, user_id=jdoe.
  [/\b([A-Za-z]*(?:_id|-id|Id|ID|_ref|_key))=(?!<)[^\s",;&]+/g, '$1=<id>'],
  [/\breq_[A-Za-z0-9]+\b/g, '<id>'],
  // Prefixed ids as most APIs mint them: req_8f2k1, cus_N1x..., acct-42.
  [/\b[a-z]{2,8}[_-](?=[A-Za-z0-9]*\d)[A-Za-z0-9]{2,}\b/gi, '<id>'],
  [/\b(?:0x)?(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Numbers, except a status code after "HTTP" or "status": 502 and 404 are different failures.
  [/(?<!\bHTTP(?:\/[\d.]+)?\s|\bstatus(?:[ _]?code)?[=:]?\s?)\b\d+(?:\.\d+)?(?:ms|s|kb|mb|gb|b)?\b/gi, '<n>'],
];

const MAX_TEMPLATE = 300;

// A double-quoted string is a value to hide, except a JSON key (followed by `:`) and the message-like
// fields of logfmt and JSON lines: `msg="charge failed"` and `msg="refund failed"` are different failures.
const DOUBLE_QUOTED = /"(?:[^"\\\n]|\\.)*"/g;
const MESSAGE_KEY =
  /\b(?:msg|message|err|error|exception|reason|level|lvl|severity|event|caller|logger)["']?\s*[=:]\s*$/i;

function hideQuoted(line: string): string {
  return line.replace(DOUBLE_QUOTED, (m: string, offset: number) => {
    if (/^\s*:/.test(line.slice(offset + m.length, offset + m.length + 4))) return m;
    if (MESSAGE_KEY.test(line.slice(Math.max(0, offset - 40), offset))) return m;
    return '<str>';
  });
}

/** Collapses a log message to its template: variable parts become placeholders such as `<n>` and `<uuid>`. */
export function logTemplate(message: string): string {
  let out = hideQuoted(message);
  for (const [pattern, placeholder] of TEMPLATE_RULES) out = out.replace(pattern, placeholder);
  return out.replace(/\s+/g, ' ').trim().slice(0, MAX_TEMPLATE);
}

/**
 * The first exception name or error code in a line, which is what known issues and defects are keyed
 * by: `NullPointerException`, `ECONNRESET`, `ERR_TIMEOUT`, `E1042`, `HTTP 502`.
 */
export const SIGNATURE_RE =
  /\b(?:(?:[a-z][\w$]*\.)*[A-Z][A-Za-z0-9]*(?:Error|Exception|Fault)|E(?!RROR\b|MERG\b|XCEPTION\b)[A-Z]{4,}|[A-Z][A-Z0-9]{1,}_[A-Z0-9_]{2,}|E\d{3,}|HTTP \d{3})\b/;

/** See {@link SIGNATURE_RE}; `null` when the line names no exception or code. */
export function signatureOf(text: string): string | null {
  const m = SIGNATURE_RE.exec(text);
  if (!m) return null;
  // Keep the simple name: `java.lang.IllegalStateException` and `IllegalStateException` are one signature.
  const name = m[0];
  return name.includes('.') && !name.startsWith('HTTP') ? (name.split('.').pop() ?? name) : name;
}

// Upper-case anywhere (`2026-11-20T10:00:00Z ERROR ...`), any case only when bracketed (`[warn]`): a bare
// lower-case word is too often part of the message ("failed to load user info").
const LEVEL_WORD =
  /\b(FATAL|CRIT(?:ICAL)?|PANIC|EMERG|ALERT|ERROR|ERR|SEVERE|WARN(?:ING)?|INFO|NOTICE|DEBUG|TRACE)\b|[[(<](fatal|critical|panic|error|err|severe|warn|warning|info|notice|debug|trace)[\])>]/i;
const LEVEL_FIELD = /\b(?:level|lvl|severity)["']?\s*[=:]\s*["']?([A-Za-z]+)/i;

/** Maps the many ways a level is written to one of {@link LogLevel}, or the word itself lower-cased. */
export function normaliseLevel(raw: string): string {
  const w = raw.toLowerCase();
  if (['fatal', 'crit', 'critical', 'panic', 'emerg', 'alert'].includes(w)) return 'fatal';
  if (['error', 'err', 'severe', 'e'].includes(w)) return 'error';
  if (['warn', 'warning', 'w'].includes(w)) return 'warn';
  if (['info', 'notice', 'information', 'i'].includes(w)) return 'info';
  if (['debug', 'd'].includes(w)) return 'debug';
  if (['trace', 't'].includes(w)) return 'trace';
  return w;
}

/** The level a line declares (`level=error`, `"level":"warn"`, ` ERROR `), or `null`. */
export function levelOf(line: string): string | null {
  const head = line.slice(0, 400);
  const field = LEVEL_FIELD.exec(head);
  if (field?.[1]) return normaliseLevel(field[1]);
  for (const m of head.matchAll(new RegExp(LEVEL_WORD.source, 'gi'))) {
    if (m[1] && m[1] === m[1].toUpperCase()) return normaliseLevel(m[1]);
    if (m[2]) return normaliseLevel(m[2]);
  }
  return null;
}

const REQUEST_ID_PATTERNS: readonly RegExp[] = [
  /\breq_[A-Za-z0-9]{4,}\b/g,
  /\b(?:x-)?request[_-]?id["']?\s*[=:]\s*["']?([A-Za-z0-9][A-Za-z0-9._-]{5,})/gi,
  /\btrace[_-]?id["']?\s*[=:]\s*["']?([0-9a-f]{16,32})\b/gi,
];

/** Request and trace ids a line mentions, in order of appearance, without duplicates. */
export function requestIdsIn(text: string): string[] {
  const found: string[] = [];
  for (const pattern of REQUEST_ID_PATTERNS)
    for (const m of text.matchAll(pattern)) {
      const id = m[1] ?? m[0];
      if (!found.includes(id)) found.push(id);
    }
  return found;
}

/** One log line, whatever it came from. */
export interface LogLine {
  /** ISO 8601, or null when the line carried no timestamp. */
  at: string | null;
  line: string;
  level: string | null;
  service: string | null;
  /** Request ids known from outside the line (labels, structured fields); those in the line are added. */
  requestIds?: readonly string[];
  /** A signature known from outside the line, e.g. the exception of the stack trace that followed it. */
  signature?: string | null;
}

/** A group of lines sharing service, level and template. */
export interface LogGroup {
  service: string | null;
  level: string | null;
  template: string;
  count: number;
  firstAt: string | null;
  lastAt: string | null;
  /** The most recent line of the group, as written (redact before showing it). */
  sample: string;
  signature: string | null;
  requestIds: string[];
}

const MAX_REQUEST_IDS = 3;

/**
 * Groups lines by (service, level, template), most frequent first; ties go to the most recent group.
 * The sample is the newest line, since the newest occurrence is the one a specialist looks up.
 */
export function groupLogLines(lines: Iterable<LogLine>): LogGroup[] {
  const groups = new Map<string, LogGroup>();
  for (const l of lines) {
    const template = logTemplate(l.line);
    const key = `${l.service ?? ''}\u0000${l.level ?? ''}\u0000${template}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        service: l.service,
        level: l.level,
        template,
        count: 0,
        firstAt: l.at,
        lastAt: l.at,
        sample: l.line,
        signature: null,
        requestIds: [],
      };
      groups.set(key, g);
    }
    g.signature ??= signatureOf(template) ?? signatureOf(l.line) ?? l.signature ?? null;
    g.count += 1;
    if (l.at !== null) {
      if (g.firstAt === null || l.at < g.firstAt) g.firstAt = l.at;
      if (g.lastAt === null || l.at >= g.lastAt) {
        g.lastAt = l.at;
        g.sample = l.line;
      }
    }
    if (g.requestIds.length < MAX_REQUEST_IDS)
      for (const id of [...(l.requestIds ?? []), ...requestIdsIn(l.line)])
        if (g.requestIds.length < MAX_REQUEST_IDS && !g.requestIds.includes(id)) g.requestIds.push(id);
  }
  return [...groups.values()].sort(
    (a, b) => b.count - a.count || (b.lastAt ?? '').localeCompare(a.lastAt ?? ''),
  );
}
