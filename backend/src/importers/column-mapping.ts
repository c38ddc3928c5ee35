import { z } from 'zod';
import { ImportFormatError } from './types';

/** A CSV column and the CaseRecord field path its values go to. */
export interface ColumnMapping {
  column: string;
  field: string;
}

const SIMPLE_FIELDS = [
  'id',
  'source',
  'subject',
  'description',
  'created_at',
  'updated_at',
  'solved_at',
  'channel',
  'priority',
  'status',
  'product',
  'tags',
  'resolution',
  'duplicate_of',
  'split',
  'comment',
  'organization.id',
  'organization.name',
  'requester.id',
  'requester.email',
  'requester.name',
] as const;

/**
 * A CaseRecord field path a column may fill: a simple field, `labels.<key>` or
 * `custom_fields.<key>`. `comment` adds the value as a customer comment.
 */
export const FieldPath = z.union([
  z.enum(SIMPLE_FIELDS),
  z.string().regex(/^(labels|custom_fields)\.[^.\s=][^=]*$/, 'labels.<key> or custom_fields.<key>'),
]);

/**
 * Parses `--map "Col Name=field"` options. The last `=` separates column from field, so column
 * names may contain `=`.
 *
 * @throws ImportFormatError naming the bad option and the allowed fields.
 */
export function parseColumnMappings(specs: readonly string[]): ColumnMapping[] {
  return specs.map((spec) => {
    const at = spec.lastIndexOf('=');
    const column = spec.slice(0, at).trim();
    const field = spec.slice(at + 1).trim();
    if (at <= 0 || column === '' || !FieldPath.safeParse(field).success) {
      throw new ImportFormatError(
        `--map "${spec}": expected "Column=field" with field one of ${SIMPLE_FIELDS.join(', ')}, labels.<key>, custom_fields.<key>`,
      );
    }
    return { column, field };
  });
}

/** Without `--map`, a header that is itself a field path (any case) maps to it. */
export function defaultMappings(header: readonly string[]): ColumnMapping[] {
  return header
    .map((column) => ({ column, field: column.trim() }))
    .filter((m) => FieldPath.safeParse(m.field).success || FieldPath.safeParse(m.field.toLowerCase()).success)
    .map((m) => (FieldPath.safeParse(m.field).success ? m : { ...m, field: m.field.toLowerCase() }));
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const NAIVE_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * Dates without a zone are read as UTC (exports from desks are usually in UTC, and guessing the
 * machine's zone would make imports depend on where they ran). Other forms pass through unchanged
 * and the CaseRecord schema reports them if they are not ISO 8601.
 */
export function normaliseTimestamp(value: string): string {
  if (DATE_ONLY.test(value)) return `${value}T00:00:00Z`;
  const m = NAIVE_DATE_TIME.exec(value);
  if (m) return `${m[1] ?? ''}T${(m[2] ?? '').length === 5 ? `${m[2] ?? ''}:00` : (m[2] ?? '')}Z`;
  return value;
}

/** Sets one mapped value on a record under construction. Empty values are omitted, not stored. */
export function assignField(record: Record<string, unknown>, field: string, raw: string): void {
  const value = raw.trim();
  if (value === '') return;
  const [head, ...rest] = field.split('.');
  const sub = rest.join('.');
  const nested = (name: string): Record<string, unknown> => {
    const existing = record[name];
    if (typeof existing === 'object' && existing !== null && !Array.isArray(existing)) {
      return existing as Record<string, unknown>;
    }
    const created: Record<string, unknown> = {};
    record[name] = created;
    return created;
  };
  switch (head) {
    case 'tags':
      record.tags = [
        ...((record.tags as string[] | undefined) ?? []),
        ...value.split(/[,\s]+/).filter(Boolean),
      ];
      return;
    case 'comment':
      record.comments = [
        ...((record.comments as unknown[] | undefined) ?? []),
        { author_role: 'customer', public: true, body: value },
      ];
      return;
    case 'created_at':
    case 'updated_at':
    case 'solved_at':
      record[head] = normaliseTimestamp(value);
      return;
    case 'organization':
    case 'requester':
    case 'labels':
    case 'custom_fields':
      nested(head)[sub] = value;
      return;
    default:
      record[head ?? field] = value;
  }
}
