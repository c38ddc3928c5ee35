import type { ColumnMapping } from './column-mapping';
import { importCsv } from './csv';
import { parseJsonlCases } from './jsonl';
import { ImportFormatError, type ImportFormat, type ImportResult } from './types';
import { importZendesk } from './zendesk';

export { parseCsv, type CsvRow } from './csv-parser';
export { importCsv } from './csv';
export { parseJsonlCases } from './jsonl';
export { importZendesk } from './zendesk';
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

/** Thrown for a format of the CLI contract that has no importer yet. */
export class UnsupportedFormatError extends Error {
  constructor(readonly format: ImportFormat) {
    super(`import format "${format}" is not implemented yet (available: jsonl, csv, zendesk)`);
    this.name = 'UnsupportedFormatError';
  }
}

/**
 * Runs the importer for `format` on a file's text.
 *
 * @throws UnsupportedFormatError for jira-json and jira-csv, ImportFormatError for unusable files.
 */
export function importCases(
  format: ImportFormat,
  text: string,
  mappings: readonly ColumnMapping[] = [],
): ImportResult {
  if (format === 'jira-json' || format === 'jira-csv') throw new UnsupportedFormatError(format);
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
  }
}
