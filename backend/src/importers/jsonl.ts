import type { ImportIssue, ImportResult } from './types';
import { validateCandidates } from './validate-record';

/**
 * Parses CaseRecord JSON Lines. Blank lines are skipped; a line that is not JSON or not a valid
 * CaseRecord is reported with its 1-based line number. Unknown keys are dropped by the schema.
 */
export function parseJsonlCases(text: string): ImportResult {
  const candidates: { line: number; value: unknown }[] = [];
  const issues: ImportIssue[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      candidates.push({ line: i + 1, value: JSON.parse(raw) as unknown });
    } catch (error) {
      issues.push({ line: i + 1, unit: 'line', reason: `not JSON: ${(error as Error).message}` });
    }
  });
  return validateCandidates(candidates, 'line', issues);
}
