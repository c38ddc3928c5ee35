import type { CaseRecord } from '@triage/shared';
import { importCases, type ColumnMapping, type ImportFormat, type ImportIssue } from '../importers/index';

/** Input of `importHistory`: the export's text and how to read it. */
export interface ImportHistoryInput {
  text: string;
  format: ImportFormat;
  mappings?: readonly ColumnMapping[];
}

/** The imported history as CaseRecord JSON Lines, plus every rejected row. */
export interface ImportHistoryResult {
  records: CaseRecord[];
  issues: ImportIssue[];
  /** One validated CaseRecord a line, in source order, ending with a newline (empty if none). */
  jsonl: string;
}

/**
 * Turns a desk export into the CaseRecord history format. Rows that fail validation are returned
 * as issues (with their line), never dropped silently; the caller decides whether that fails the run.
 *
 * @throws ImportFormatError for unusable
 *   files or mappings.
 */
export function importHistory(input: ImportHistoryInput): ImportHistoryResult {
  const { records, issues } = importCases(input.format, input.text, input.mappings ?? []);
  const jsonl = records.map((r) => JSON.stringify(r)).join('\n');
  return { records, issues, jsonl: jsonl ? `${jsonl}\n` : '' };
}
