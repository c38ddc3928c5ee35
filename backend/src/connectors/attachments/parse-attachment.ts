import { z } from 'zod';
import { groupLogLines, levelOf, logTemplate, normaliseLevel, signatureOf, type LogLine } from '../loki';

/** What a customer attached to a case, decoded as text. */
export interface AttachmentInput {
  filename: string;
  contentType?: string | null;
  text: string;
}

export type FindingKind = 'log-template' | 'http-failure' | 'error';

/** One distinct problem an attachment shows, with how often and when. */
export interface AttachmentFinding {
  kind: FindingKind;
  /** A representative line, request or error message, as written: redact before showing it. */
  title: string;
  count: number;
  firstAt: string | null;
  lastAt: string | null;
  /** Exception names and error codes (`TypeError`, `ECONNRESET`, `HTTP 502`). */
  signatures: string[];
  versions: string[];
  requestIds: string[];
  /** The log level, for log templates and errors that state one. */
  level: string | null;
  /** A short extra, e.g. timings of failed requests. */
  detail: string | null;
}

export interface ParsedAttachment {
  format: 'log' | 'har' | 'json';
  findings: AttachmentFinding[];
  timeWindow: { from: string; to: string } | null;
  versions: string[];
  requestIds: string[];
  /** True when a size limit cut the input; `notes` says what was left out. */
  truncated: boolean;
  notes: string[];
}

export type AttachmentErrorCode = 'binary' | 'too_large' | 'malformed';

/** An attachment that cannot be read as text evidence. The message never quotes the content. */
export class AttachmentParseError extends Error {
  readonly code: AttachmentErrorCode;
  constructor(code: AttachmentErrorCode, message: string) {
    super(message);
    this.name = 'AttachmentParseError';
    this.code = code;
  }
}

/** Limits: text beyond them is cut (logs) or refused (JSON, which cannot be read in part). */
export const ATTACHMENT_LIMITS = {
  maxChars: 5_000_000,
  maxLines: 50_000,
  maxFindings: 10,
  maxIds: 10,
} as const;

const BINARY_TYPES = /^(?:image|audio|video|font)\/|^application\/(?:zip|gzip|x-gzip|pdf|x-tar|x-7z|vnd\.)/i;

function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  if (head.length === 0) return false;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    // Control characters other than tab, LF, FF, CR, and U+FFFD (bytes that were not UTF-8).
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) odd += 1;
  }
  return odd / head.length > 0.05;
}

const uniq = (xs: Iterable<string>, max: number): string[] => [...new Set(xs)].slice(0, max);

function isoOrNull(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Epoch seconds or milliseconds, as JSON dumps write them.
    const ms = value < 1e11 ? value * 1000 : value;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof value !== 'string' || value.length > 64) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function windowOf(instants: Iterable<string | null>): { from: string; to: string } | null {
  let from: string | null = null;
  let to: string | null = null;
  for (const at of instants) {
    if (at === null) continue;
    if (from === null || at < from) from = at;
    if (to === null || at > to) to = at;
  }
  return from !== null && to !== null ? { from, to } : null;
}

const VERSION_IN_TEXT =
  /\b(?:version|ver|app[_-]?version|release|build)["']?\s*[=: ]\s*["']?v?(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.]+)?)\b|\bv(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.]+)?)\b/gi;

function versionsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(VERSION_IN_TEXT)) {
    const v = m[1] ?? m[2];
    if (v !== undefined && !out.includes(v)) out.push(v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- logs

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};
// ISO 8601 / RFC 3339, also with a space or `/` separators (Go's log, nginx error.log); no zone = UTC.
const ISO_TS =
  /\b(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s?(Z|[+-]\d{2}:?\d{2}|UTC)?/;
// Common/combined log format (Apache, nginx access.log): [10/Oct/2000:13:55:36 -0700].
const CLF_TS = /\[(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]/;

function timestampOf(line: string): string | null {
  const head = line.slice(0, 200);
  const iso = ISO_TS.exec(head);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    const z =
      zone === undefined || zone === 'Z' || zone === 'UTC'
        ? 'Z'
        : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    const ms = (frac ?? '0').padEnd(3, '0').slice(0, 3);
    return isoOrNull(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${z}`);
  }
  const clf = CLF_TS.exec(head);
  if (clf) {
    const [, d, mon, y, h, mi, s, zone] = clf;
    const mo = MONTHS[(mon ?? '').toLowerCase()];
    if (mo === undefined || zone === undefined) return null;
    return isoOrNull(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone.slice(0, 3)}:${zone.slice(3)}`);
  }
  return null;
}

const JsonLogLine = z.looseObject({}).transform((o: Record<string, unknown>) => {
  const pick = (...keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined);
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    at: isoOrNull(pick('@timestamp', 'timestamp', 'time', 'ts', 'datetime')),
    level: str(pick('level', 'severity', 'lvl', 'log.level')),
    message: str(pick('msg', 'message', 'error', 'err', 'event')),
    requestId: str(pick('request_id', 'requestId', 'req_id', 'trace_id', 'traceId')),
  };
});

const CONTINUATION = /^(?:\s+\S|at\s|Caused by:|Traceback|\.\.\. \d+ more|File ")/;
const PROBLEM_LEVELS = new Set(['fatal', 'error', 'warn']);
const PROBLEM_WORDS = /\b(?:fail(?:ed|ure)?|exception|error|timed? ?out|refused|denied|panic)\b/i;

interface Entry extends LogLine {
  versions: string[];
}

function parseLog(text: string, notes: string[]): Omit<ParsedAttachment, 'format' | 'truncated' | 'notes'> {
  const lines = text.split(/\r\n|\n|\r/);
  const entries: Entry[] = [];
  for (const raw of lines) {
    if (raw.trim() === '') continue;
    const prev = entries[entries.length - 1];
    // Stack frames and wrapped lines belong to the entry above; their exception names are its signature.
    if (prev && CONTINUATION.test(raw)) {
      prev.signature ??= signatureOf(raw);
      continue;
    }
    let line = raw;
    let at = timestampOf(raw);
    let level = levelOf(raw);
    const ids: string[] = [];
    if (raw.trimStart().startsWith('{')) {
      try {
        const parsed = JsonLogLine.safeParse(JSON.parse(raw));
        if (parsed.success) {
          at = parsed.data.at ?? at;
          if (parsed.data.level) level = normaliseLevel(parsed.data.level);
          if (parsed.data.message) line = parsed.data.message;
          if (parsed.data.requestId) ids.push(parsed.data.requestId);
        }
      } catch {
        // Not a JSON line after all: read it as text.
      }
    } else if (prev && at === null && level === null && prev.at !== null && signatureOf(raw) !== null) {
      // `java.lang.IllegalStateException: ...` under a timestamped line: the exception of that entry.
      prev.signature ??= signatureOf(raw);
      continue;
    }
    entries.push({
      at,
      line,
      level,
      service: null,
      requestIds: ids,
      signature: null,
      versions: versionsIn(raw),
    });
  }
  const problems = entries.filter(
    (e) =>
      (e.level !== null && PROBLEM_LEVELS.has(e.level)) ||
      (e.level === null && (PROBLEM_WORDS.test(e.line) || signatureOf(e.line) !== null)),
  );
  const groups = groupLogLines(problems);
  if (groups.length > ATTACHMENT_LIMITS.maxFindings)
    notes.push(
      `${groups.length} distinct problem lines; the ${ATTACHMENT_LIMITS.maxFindings} most frequent are shown`,
    );
  const findings: AttachmentFinding[] = groups.slice(0, ATTACHMENT_LIMITS.maxFindings).map((g) => ({
    kind: 'log-template',
    title: g.sample.trim(),
    count: g.count,
    firstAt: g.firstAt,
    lastAt: g.lastAt,
    signatures: g.signature === null ? [] : [g.signature],
    versions: versionsIn(g.sample),
    requestIds: g.requestIds,
    level: g.level,
    detail: null,
  }));
  return {
    findings,
    timeWindow: windowOf(entries.map((e) => e.at)),
    versions: uniq(
      entries.flatMap((e) => e.versions),
      ATTACHMENT_LIMITS.maxIds,
    ),
    requestIds: uniq(
      findings.flatMap((f) => f.requestIds),
      ATTACHMENT_LIMITS.maxIds,
    ),
  };
}

// ----------------------------------------------------------------------------------------------- HAR

/**
 * The HAR 1.2 fields read here, and only these: `z.object` strips the rest, so request headers,
 * cookies, query strings, post data and response bodies are never read.
 * @see http://www.softwareishard.com/blog/har-12-spec/
 */
const HarEntry = z.object({
  startedDateTime: z.string(),
  time: z.number().optional(),
  request: z.object({ method: z.string().max(20), url: z.string() }),
  response: z.object({
    status: z.number().int(),
    statusText: z.string().optional(),
    headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    // Chrome's reason for a request that got no response (status 0), e.g. net::ERR_CONNECTION_RESET.
    _error: z.string().nullish(),
  }),
  timings: z.object({ wait: z.number().optional() }).optional(),
});
const Har = z.object({ log: z.object({ entries: z.array(z.unknown()) }) });

// Response headers only, by allow-list: request ids and the server's version, never cookies or auth.
const REQUEST_ID_HEADERS = new Set(['x-request-id', 'request-id', 'x-amzn-requestid', 'x-correlation-id']);
const VERSION_HEADERS = new Set(['x-app-version', 'x-api-version', 'x-version', 'x-release']);

function pathTemplate(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${logTemplate(u.pathname)}`;
  } catch {
    return '(unparsable URL)';
  }
}

function parseHar(
  har: z.output<typeof Har>,
  notes: string[],
): Omit<ParsedAttachment, 'format' | 'truncated' | 'notes'> {
  const groups = new Map<string, AttachmentFinding & { maxTime: number; maxWait: number }>();
  const instants: (string | null)[] = [];
  const versions: string[] = [];
  let skipped = 0;
  let total = 0;
  for (const raw of har.log.entries.slice(0, ATTACHMENT_LIMITS.maxLines)) {
    const parsed = HarEntry.safeParse(raw);
    if (!parsed.success) {
      skipped += 1;
      continue;
    }
    total += 1;
    const e = parsed.data;
    const at = isoOrNull(e.startedDateTime);
    instants.push(at);
    const headers = new Map((e.response.headers ?? []).map((h) => [h.name.toLowerCase(), h.value]));
    for (const [name, value] of headers)
      if (VERSION_HEADERS.has(name) && !versions.includes(value)) versions.push(value);
    const failed = e.response.status >= 400 || e.response.status === 0 || Boolean(e.response._error);
    if (!failed) continue;
    const status = e.response.status;
    const method = e.request.method.toUpperCase();
    const path = pathTemplate(e.request.url);
    const key = `${method} ${path} ${status}`;
    const reason =
      status === 0 ? (e.response._error ?? 'no response') : `${status} ${e.response.statusText ?? ''}`.trim();
    let g = groups.get(key);
    if (!g) {
      g = {
        kind: 'http-failure',
        title: `${method} ${path} → ${reason}`,
        count: 0,
        firstAt: at,
        lastAt: at,
        signatures: [status === 0 ? (e.response._error ?? 'no response') : `HTTP ${status}`],
        versions: [],
        requestIds: [],
        level: 'error',
        detail: null,
        maxTime: 0,
        maxWait: 0,
      };
      groups.set(key, g);
    }
    g.count += 1;
    if (at !== null) {
      if (g.firstAt === null || at < g.firstAt) g.firstAt = at;
      if (g.lastAt === null || at > g.lastAt) g.lastAt = at;
    }
    g.maxTime = Math.max(g.maxTime, e.time ?? 0);
    g.maxWait = Math.max(g.maxWait, e.timings?.wait ?? 0);
    for (const [name, value] of headers)
      if (REQUEST_ID_HEADERS.has(name) && g.requestIds.length < 3 && !g.requestIds.includes(value))
        g.requestIds.push(value);
    const version = [...headers].find(([name]) => VERSION_HEADERS.has(name))?.[1];
    if (version !== undefined && !g.versions.includes(version)) g.versions.push(version);
  }
  if (skipped > 0) notes.push(`${skipped} HAR entries were not in the HAR 1.2 shape and were skipped`);
  if (har.log.entries.length > ATTACHMENT_LIMITS.maxLines)
    notes.push(
      `only the first ${ATTACHMENT_LIMITS.maxLines} of ${har.log.entries.length} requests were read`,
    );
  const failures = [...groups.values()].sort((a, b) => b.count - a.count);
  const failedCount = failures.reduce((n, g) => n + g.count, 0);
  notes.push(`${total} requests, ${failedCount} failed`);
  const findings = failures.slice(0, ATTACHMENT_LIMITS.maxFindings).map(({ maxTime, maxWait, ...f }) => ({
    ...f,
    detail: `slowest ${Math.round(maxTime)} ms, server wait up to ${Math.round(maxWait)} ms`,
  }));
  return {
    findings,
    timeWindow: windowOf(instants),
    versions: uniq(versions, ATTACHMENT_LIMITS.maxIds),
    requestIds: uniq(
      findings.flatMap((f) => f.requestIds),
      ATTACHMENT_LIMITS.maxIds,
    ),
  };
}

// ------------------------------------------------------------------------------------ JSON error dumps

const MAX_DEPTH = 3;
const MESSAGE_KEYS = ['message', 'errorMessage', 'error_description', 'detail', 'reason', 'msg'];
const NAME_KEYS = ['name', 'type', 'errorType', 'exception'];
const CODE_KEYS = ['code', 'errorCode', 'error_code'];
const STACK_KEYS = ['stack', 'stacktrace', 'stackTrace', 'backtrace'];
const TIME_KEYS = [
  'timestamp',
  'time',
  'ts',
  'at',
  'date',
  'occurredAt',
  'occurred_at',
  'createdAt',
  'created_at',
  '@timestamp',
];
const VERSION_KEY =
  /^(?:version|app[_-]?version|appVersion|release|client[_-]?version|clientVersion|build)$/i;
const REQUEST_ID_KEY =
  /^(?:x-)?(?:request[_-]?id|requestId|req[_-]?id|trace[_-]?id|traceId|correlation[_-]?id|correlationId)$/i;

interface Context {
  versions: string[];
  requestIds: string[];
  at: string | null;
}

interface ErrorNode extends Context {
  name: string | null;
  message: string;
  code: string | null;
  stackHead: string | null;
}

function scalar(v: unknown): string | null {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function walk(value: unknown, depth: number, ctx: Context, out: ErrorNode[], seen: { nodes: number }): void {
  if (depth > MAX_DEPTH || seen.nodes > 10_000 || value === null || typeof value !== 'object') return;
  seen.nodes += 1;
  if (Array.isArray(value)) {
    for (const v of value.slice(0, 1000)) walk(v, depth, ctx, out, seen);
    return;
  }
  const o = value as Record<string, unknown>;
  const own: Context = { versions: [...ctx.versions], requestIds: [...ctx.requestIds], at: ctx.at };
  for (const [k, v] of Object.entries(o)) {
    const s = scalar(v);
    if (s === null) continue;
    if (VERSION_KEY.test(k) && /\d/.test(s) && s.length <= 40 && !own.versions.includes(s))
      own.versions.push(s);
    if (REQUEST_ID_KEY.test(k) && s.length <= 100 && !own.requestIds.includes(s)) own.requestIds.push(s);
    if (TIME_KEYS.includes(k)) own.at = isoOrNull(v) ?? own.at;
  }
  const pick = (keys: string[]): string | null => {
    for (const k of keys) {
      const s = scalar(o[k]);
      if (s !== null) return s;
    }
    return null;
  };
  const stackRaw = STACK_KEYS.map((k) => o[k]).find((v) => v !== undefined);
  const stack =
    typeof stackRaw === 'string'
      ? stackRaw
      : Array.isArray(stackRaw)
        ? stackRaw.filter((x) => typeof x === 'string').join('\n')
        : null;
  const stackHead = stack?.split(/\r?\n/)[0]?.trim() ?? null;
  const errorString = typeof o.error === 'string' ? o.error : null;
  const message =
    pick(MESSAGE_KEYS) ?? errorString ?? (stackHead ? stackHead.replace(/^[\w$.]+:\s*/, '') : null);
  if (
    message !== null &&
    (stack !== null || errorString !== null || pick(CODE_KEYS) !== null || 'message' in o)
  ) {
    let name = pick(NAME_KEYS);
    if (name === null && stackHead !== null)
      name = /^([\w$.]+(?:Error|Exception))\b/.exec(stackHead)?.[1] ?? null;
    out.push({
      ...own,
      name,
      message,
      code: pick(CODE_KEYS) ?? (errorString !== null && errorString !== message ? errorString : null),
      stackHead,
    });
  }
  for (const v of Object.values(o))
    if (typeof v === 'object' && v !== null) walk(v, depth + 1, own, out, seen);
}

function parseJsonDump(
  json: unknown,
  notes: string[],
): Omit<ParsedAttachment, 'format' | 'truncated' | 'notes'> {
  const nodes: ErrorNode[] = [];
  const top: Context = { versions: [], requestIds: [], at: null };
  walk(json, 0, top, nodes, { nodes: 0 });
  const groups = new Map<string, AttachmentFinding>();
  for (const n of nodes) {
    const key = `${n.name ?? ''}\u0000${n.code ?? ''}\u0000${logTemplate(n.message)}`;
    let g = groups.get(key);
    if (!g) {
      const signatures = uniq(
        [
          n.name,
          n.stackHead === null ? null : signatureOf(n.stackHead),
          signatureOf(n.message),
          n.code,
        ].filter((s): s is string => s !== null && s.length <= 80),
        5,
      );
      g = {
        kind: 'error',
        title: `${n.name ?? (n.code !== null ? `Error ${n.code}` : 'Error')}: ${n.message}`,
        count: 0,
        firstAt: n.at,
        lastAt: n.at,
        signatures,
        versions: [],
        requestIds: [],
        level: 'error',
        detail: null,
      };
      groups.set(key, g);
    }
    g.count += 1;
    if (n.at !== null) {
      if (g.firstAt === null || n.at < g.firstAt) g.firstAt = n.at;
      if (g.lastAt === null || n.at > g.lastAt) g.lastAt = n.at;
    }
    for (const v of n.versions) if (!g.versions.includes(v)) g.versions.push(v);
    for (const id of n.requestIds)
      if (g.requestIds.length < 3 && !g.requestIds.includes(id)) g.requestIds.push(id);
  }
  const all = [...groups.values()].sort((a, b) => b.count - a.count);
  if (all.length > ATTACHMENT_LIMITS.maxFindings)
    notes.push(`${all.length} distinct errors; the ${ATTACHMENT_LIMITS.maxFindings} most frequent are shown`);
  const findings = all.slice(0, ATTACHMENT_LIMITS.maxFindings);
  return {
    findings,
    timeWindow: windowOf(nodes.map((n) => n.at)),
    versions: uniq(
      nodes.flatMap((n) => n.versions),
      ATTACHMENT_LIMITS.maxIds,
    ),
    requestIds: uniq(
      nodes.flatMap((n) => n.requestIds),
      ATTACHMENT_LIMITS.maxIds,
    ),
  };
}

// ------------------------------------------------------------------------------------------- entry

/**
 * Reads a customer's attachment as evidence: a plain-text log (timestamps, levels, templates), a HAR
 * capture (failed requests by method, host and path; query strings, headers, cookies and bodies are
 * never read) or a JSON error dump (`error`/`message`/`stack`/`code`/`version`/`requestId` within three
 * levels). Pure: no I/O, and nothing is logged.
 *
 * @throws AttachmentParseError `binary` for content that is not text, `too_large` for JSON over the
 * size limit (JSON cannot be read in part), `malformed` for a `.har` that is not a HAR.
 * @example
 * const parsed = parseAttachment({ filename: 'app.log', contentType: 'text/plain', text });
 * parsed.findings[0]; // { kind: 'log-template', title, count, firstAt, lastAt, ... }
 */
export function parseAttachment(input: AttachmentInput): ParsedAttachment {
  const { filename, text } = input;
  const contentType = (input.contentType ?? '').toLowerCase();
  if (BINARY_TYPES.test(contentType) || looksBinary(text))
    throw new AttachmentParseError(
      'binary',
      `${extensionOf(filename)} attachment is not text and was not read`,
    );
  const notes: string[] = [];
  const trimmed = text.trimStart();
  const isHarName = /\.har$/i.test(filename) || contentType.includes('har');
  const jsonish = /\.json$/i.test(filename) || contentType.includes('json') || isHarName;
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || isHarName) {
    let json: unknown;
    let parsedJson = false;
    if (text.length <= ATTACHMENT_LIMITS.maxChars) {
      try {
        json = JSON.parse(text);
        parsedJson = true;
      } catch {
        // Not one JSON document: perhaps JSON lines, read below as a log.
      }
    } else if (jsonish) {
      throw new AttachmentParseError(
        'too_large',
        `JSON attachment over ${ATTACHMENT_LIMITS.maxChars / 1_000_000} MB was not read (JSON cannot be read in part)`,
      );
    }
    if (parsedJson) {
      const har = Har.safeParse(json);
      if (har.success)
        return {
          format: 'har',
          ...parseHar(har.data, notes),
          truncated: notes.some((n) => n.startsWith('only')),
          notes,
        };
      if (isHarName) throw new AttachmentParseError('malformed', 'the .har attachment has no log.entries');
      return { format: 'json', ...parseJsonDump(json, notes), truncated: false, notes };
    }
    if (isHarName) throw new AttachmentParseError('malformed', 'the .har attachment is not valid JSON');
  }
  let body = text;
  let truncated = false;
  // The end of a log is where the failure usually is, so the cut keeps the newest part.
  if (body.length > ATTACHMENT_LIMITS.maxChars) {
    body = body.slice(body.length - ATTACHMENT_LIMITS.maxChars);
    body = body.slice(body.search(/\r?\n/) + 1);
    truncated = true;
    notes.push(`the log is over ${ATTACHMENT_LIMITS.maxChars / 1_000_000} MB; only its last part was read`);
  }
  const lines = body.split(/\r\n|\n|\r/);
  if (lines.length > ATTACHMENT_LIMITS.maxLines) {
    body = lines.slice(lines.length - ATTACHMENT_LIMITS.maxLines).join('\n');
    truncated = true;
    notes.push(
      `the log has ${lines.length.toLocaleString('en-US')} lines; only the last ${ATTACHMENT_LIMITS.maxLines.toLocaleString('en-US')} were read`,
    );
  }
  return { format: 'log', ...parseLog(body, notes), truncated, notes };
}

function extensionOf(filename: string): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(filename)?.[1];
  return ext ? `the .${ext.toLowerCase()}` : 'the';
}
