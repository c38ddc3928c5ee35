import type { CaseRecord } from '@triage/shared';

/** A source row that could not become a CaseRecord, and why. Never dropped silently. */
export interface ImportIssue {
  /**
   * 1-based line of the file (jsonl, csv, jira-csv: the line the row starts on), ticket ordinal
   * (zendesk) or issue ordinal across all pages (jira-json).
   */
  line: number;
  unit: 'line' | 'ticket' | 'issue';
  reason: string;
}

/** What an importer made of a file: the valid records, in file order, and every rejected row. */
export interface ImportResult {
  records: CaseRecord[];
  issues: ImportIssue[];
}

/** The file itself cannot be imported as asked (bad mapping, broken quoting, wrong shape). */
export class ImportFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportFormatError';
  }
}

/** Formats of the CLI contract (`import --format`). */
export const IMPORT_FORMATS = ['zendesk', 'jira-json', 'jira-csv', 'csv', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
