import type { ColumnMapping } from './column-mapping';
import { importCsv } from './csv';
import { importJiraCsv } from './jira-csv';
import { importJiraJson } from './jira-json';
import { parseJsonlCases } from './jsonl';
import { ImportFormatError, type ImportFormat, type ImportResult } from './types';
import { importZendesk } from './zendesk';

export { parseCsv, type CsvRow } from './csv-parser';
export { importCsv } from './csv';
export { parseJsonlCases } from './jsonl';
export { importZendesk } from './zendesk';
export { importJiraJson } from './jira-json';
export { importJiraCsv, parseCommentCell } from './jira-csv';
export { adfToText } from './adf';
export { jiraApiTimestamp, parseJiraCsvDate } from './jira-dates';
export {
  parseColumnMappings,
  defaultMappings,
  normaliseTimestamp,
  FieldPath,
  type ColumnMapping,
} from './column-mapping';
export {
  ImportFormatError,
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportIssue,
  type ImportResult,
} from './types';

/**
 * Runs the importer for `format` on a file's text.
 *
 * @throws ImportFormatError for unusable files, and for `--map` with any format but csv (the
 *   Jira CSV mapping is built in).
 */
export function importCases(
  format: ImportFormat,
  text: string,
  mappings: readonly ColumnMapping[] = [],
): ImportResult {
  if (mappings.length && format !== 'csv') {
    throw new ImportFormatError('--map applies to csv imports only');
  }
  switch (format) {
    case 'jsonl':
      return parseJsonlCases(text);
    case 'csv':
      return importCsv(text, mappings);
    case 'zendesk':
      return importZendesk(text);
    case 'jira-json':
      return importJiraJson(text);
    case 'jira-csv':
      return importJiraCsv(text);
  }
}
