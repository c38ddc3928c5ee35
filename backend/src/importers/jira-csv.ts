import { parseCsv } from './csv-parser';
import { parseJiraCsvDate } from './jira-dates';
import { applyDuplicateLinks, isDuplicateLinkType, type DuplicateLinks } from './jira-duplicates';
import { ImportFormatError, type ImportIssue, type ImportResult } from './types';
import { validateCandidates } from './validate-record';

const DATE_HINT = 'expected a date like "02/Jan/24 3:04 PM" or "2024-01-02 15:04"';
const CUSTOM_FIELD = /^Custom field \((.+)\)$/;
const ISSUE_LINK = /^(Inward|Outward) issue link \((.+)\)$/;
// JSM's request type column, whichever name the site gives it; stored as `request_type` so that
// jira-csv and jira-json imports of one site agree.
const REQUEST_TYPE_FIELDS = new Set(['Request Type', 'Customer Request Type']);

/** The header of a Jira CSV export: Jira repeats a column name once per value of a multi-valued field. */
class Header {
  private readonly indices = new Map<string, number[]>();

  constructor(readonly columns: readonly string[]) {
    columns.forEach((name, i) => {
      this.indices.set(name, [...(this.indices.get(name) ?? []), i]);
    });
  }

  /** The non-empty, trimmed values of every column named any of `names`, in column order. */
  values(fields: readonly string[], ...names: string[]): string[] {
    return names
      .flatMap((n) => this.indices.get(n) ?? [])
      .sort((a, b) => a - b)
      .map((i) => (fields[i] ?? '').trim())
      .filter((v) => v !== '');
  }

  first(fields: readonly string[], ...names: string[]): string | undefined {
    return this.values(fields, ...names)[0];
  }
}

interface RowResult {
  record: Record<string, unknown>;
  links: DuplicateLinks;
  errors: string[];
}

function mapRow(header: Header, fields: readonly string[]): RowResult {
  const errors: string[] = [];
  const first = (...names: string[]): string | undefined => header.first(fields, ...names);
  const record: Record<string, unknown> = { source: 'jira' };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined && value !== '') record[key] = value;
  };
  // An unparseable date rejects the row: leaving it out would silently move the case in time
  // (`--split time`, duplicate search windows), and guessing a locale's format could do worse.
  const date = (column: string): string | undefined => {
    const raw = first(column);
    if (raw === undefined) return undefined;
    const iso = parseJiraCsvDate(raw);
    if (iso === undefined) errors.push(`${column} "${raw}": ${DATE_HINT}`);
    return iso;
  };
  set('id', first('Issue key'));
  set('created_at', date('Created'));
  set('updated_at', date('Updated'));
  set('solved_at', date('Resolved'));
  set('subject', first('Summary'));
  set('description', first('Description'));
  set('priority', first('Priority')?.toLowerCase());
  set('status', first('Status'));
  // Jira labels cannot contain spaces, so splitting a cell on whitespace never breaks a label.
  const tags = header.values(fields, 'Labels').flatMap((v) => v.split(/\s+/));
  if (tags.length) record.tags = tags;
  // First component = product, as in jira-json (Server says "Component/s", Cloud "Components").
  set('product', first('Component/s', 'Components'));
  const reporterId = first('Reporter Id');
  const reporterName = first('Reporter');
  const requester = Object.fromEntries(
    Object.entries({ id: reporterId, name: reporterName }).filter(([, v]) => v !== undefined),
  );
  if (Object.keys(requester).length) record.requester = requester;

  const custom: Record<string, unknown> = {};
  const projectKey = first('Project key');
  if (projectKey) custom.project = projectKey;
  const links: { duplicates: string[]; duplicatedBy: string[] } = { duplicates: [], duplicatedBy: [] };
  for (const column of new Set(header.columns)) {
    const customName = CUSTOM_FIELD.exec(column)?.[1];
    if (customName !== undefined) {
      const values = header.values(fields, column);
      const key = REQUEST_TYPE_FIELDS.has(customName) ? 'request_type' : customName;
      if (values.length === 1) custom[key] = values[0];
      else if (values.length > 1) custom[key] = values;
      continue;
    }
    const link = ISSUE_LINK.exec(column);
    if (link && isDuplicateLinkType({ name: link[2] ?? '' })) {
      // Outward "duplicates": this issue duplicates the linked one; inward: the reverse.
      (link[1] === 'Outward' ? links.duplicates : links.duplicatedBy).push(...header.values(fields, column));
    }
  }
  if (Object.keys(custom).length) record.custom_fields = custom;

  const labels: Record<string, string> = {};
  const issueType = first('Issue Type');
  if (issueType) labels.issue_type = issueType;
  const resolution = first('Resolution');
  // Some sites export the UI's "Unresolved" placeholder instead of an empty cell.
  if (resolution && resolution.toLowerCase() !== 'unresolved') {
    labels.resolution = resolution;
    record.resolution = resolution;
  }
  if (Object.keys(labels).length) record.labels = labels;

  const comments = header.values(fields, 'Comment').flatMap((cell, i) => {
    const comment = parseCommentCell(cell);
    if (typeof comment === 'string') {
      errors.push(`Comment ${i + 1}: ${comment}`);
      return [];
    }
    if (comment.body === '') return [];
    const isReporter =
      comment.author !== '' && (comment.author === reporterId || comment.author === reporterName);
    // CSV exports do not say whether a JSM comment was internal, so `public` is left unknown.
    return [
      {
        author_role: isReporter ? 'customer' : 'agent',
        ...(comment.author === '' ? {} : { author_id: comment.author }),
        created_at: comment.createdAt,
        body: comment.body,
      },
    ];
  });
  if (comments.length) record.comments = comments;
  return { record, links, errors };
}

/**
 * Splits a Jira CSV comment cell, `<date>;<author accountId or username>;<text>`. The text may
 * itself contain `;` and line breaks, so only the first two separators count. Returns the reason
 * when the cell is not in that form.
 */
export function parseCommentCell(cell: string): { createdAt: string; author: string; body: string } | string {
  const first = cell.indexOf(';');
  const second = first < 0 ? -1 : cell.indexOf(';', first + 1);
  if (second < 0) return 'expected "<date>;<author>;<text>"';
  const rawDate = cell.slice(0, first).trim();
  const createdAt = parseJiraCsvDate(rawDate);
  if (createdAt === undefined) return `"${rawDate}": ${DATE_HINT}`;
  return { createdAt, author: cell.slice(first + 1, second).trim(), body: cell.slice(second + 1).trim() };
}

/**
 * Imports Jira's CSV export ("Export > CSV (all fields)" or "current fields") with a built-in
 * mapping: Issue key -> id, Summary -> subject, Description, Created/Updated/Resolved -> ISO dates,
 * repeated Labels columns -> tags, first Component/s -> product, Comment columns -> comments,
 * Issue Type and Resolution -> labels, `Custom field (X)` columns -> custom_fields, Duplicate link
 * columns -> duplicate_of (see {@link applyDuplicateLinks}). Rows are reported by the line they
 * start on; a row with a date in an unknown format is rejected, never imported with a guess.
 *
 * @throws ImportFormatError when the CSV is malformed or has no "Issue key" column.
 */
export function importJiraCsv(text: string): ImportResult {
  const rows = parseCsv(text);
  const headerRow = rows[0];
  if (!headerRow) return { records: [], issues: [] };
  const header = new Header(headerRow.fields.map((f) => f.trim()));
  if (!header.columns.includes('Issue key')) {
    throw new ImportFormatError(
      `expected a Jira CSV export with an "Issue key" column (columns: ${header.columns.join(', ')})`,
    );
  }
  const issues: ImportIssue[] = [];
  const candidates: { line: number; value: unknown }[] = [];
  const links = new Map<string, DuplicateLinks>();
  for (const row of rows.slice(1)) {
    if (row.fields.length !== header.columns.length) {
      issues.push({
        line: row.line,
        unit: 'line',
        reason: `has ${row.fields.length} fields, the header has ${header.columns.length}`,
      });
      continue;
    }
    const { record, links: rowLinks, errors } = mapRow(header, row.fields);
    if (errors.length) {
      issues.push({ line: row.line, unit: 'line', reason: errors.join('; ') });
      continue;
    }
    if (typeof record.id === 'string' && !links.has(record.id)) links.set(record.id, rowLinks);
    candidates.push({ line: row.line, value: record });
  }
  const result = validateCandidates(candidates, 'line', issues);
  applyDuplicateLinks(result.records, links);
  return result;
}
