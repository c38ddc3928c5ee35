import type { CaseRecord } from '@triage/shared';
import type { SelectorPlaceholder } from './config';

/**
 * Escapes a value for a LogQL double-quoted string (Go string literal rules): backslash, double quote and
 * control characters. Customer text reaches the selector only through here, so it cannot close the
 * string and add matchers or pipeline stages.
 * @see https://grafana.com/docs/loki/latest/query/log_queries/#log-stream-selector
 */
export function escapeLogqlString(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** Escapes RE2 metacharacters, so a value matched with `=~` is matched literally. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const REQUEST_ID_IN_CASE =
  /\breq_[a-z0-9]{4,}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const MAX_CASE_REQUEST_IDS = 5;

/** Request ids (`req_...`, UUIDs) the case text mentions, newest text first, at most five. */
export function caseRequestIds(record: CaseRecord): string[] {
  // Comments are newest last; the latest mention is the most likely to be within the log window.
  const texts = [
    ...(record.comments ?? []).map((c) => c.body).reverse(),
    record.description ?? '',
    record.subject ?? '',
  ];
  const found: string[] = [];
  for (const text of texts)
    for (const m of text.matchAll(REQUEST_ID_IN_CASE))
      if (found.length < MAX_CASE_REQUEST_IDS && !found.includes(m[0])) found.push(m[0]);
  return found;
}

export type PlaceholderValues = Partial<Record<SelectorPlaceholder, readonly string[]>>;

const SLOT = /(=~|!~|!=|=)(\s*)"\{([A-Za-z_][A-Za-z0-9_]*)\}"/g;

/**
 * Fills a selector template. A placeholder under `=~`/`!~` takes every value as a literal alternation
 * (`req_a|req_b`); under `=`/`!=` it takes the first value. Returns `null` when a placeholder has no value,
 * because a selector with a hole would search every stream of the tenant.
 */
export function renderSelector(template: string, values: PlaceholderValues): string | null {
  const holes: string[] = [];
  const out = template.replace(SLOT, (_all, op: string, space: string, name: string) => {
    const vs = (values[name as SelectorPlaceholder] ?? []).filter((v) => v.length > 0);
    const first = vs[0];
    if (first === undefined) {
      holes.push(name);
      return '';
    }
    const regex = op === '=~' || op === '!~';
    const value = regex ? vs.map(escapeRegex).join('|') : first;
    return `${op}${space}"${escapeLogqlString(value)}"`;
  });
  return holes.length > 0 ? null : out;
}

/** The placeholder values a case offers. */
export function placeholderValues(record: CaseRecord, accountField: string): PlaceholderValues {
  const raw = record.custom_fields?.[accountField];
  const account = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  return {
    account_id: account ? [account] : [],
    organization_id: record.organization?.id ? [record.organization.id] : [],
    request_id: caseRequestIds(record),
  };
}
