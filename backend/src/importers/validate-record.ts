import { CaseRecord } from '@triage/shared';
import type { z } from 'zod';
import type { ImportIssue, ImportResult } from './types';

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'record'}: ${i.message}`).join('; ');
}

/**
 * Validates candidate records with the CaseRecord schema and rejects repeated ids (the second and
 * later rows with an id are the issue), keeping file order.
 */
export function validateCandidates(
  candidates: readonly { line: number; value: unknown }[],
  unit: ImportIssue['unit'],
  earlierIssues: readonly ImportIssue[] = [],
): ImportResult {
  const records: CaseRecord[] = [];
  const issues: ImportIssue[] = [...earlierIssues];
  const firstLine = new Map<string, number>();
  for (const { line, value } of candidates) {
    const parsed = CaseRecord.safeParse(value);
    if (!parsed.success) {
      issues.push({ line, unit, reason: describeIssues(parsed.error) });
      continue;
    }
    const seen = firstLine.get(parsed.data.id);
    if (seen !== undefined) {
      issues.push({ line, unit, reason: `duplicate id "${parsed.data.id}" (first at ${unit} ${seen})` });
      continue;
    }
    firstLine.set(parsed.data.id, line);
    records.push(parsed.data);
  }
  issues.sort((a, b) => a.line - b.line);
  return { records, issues };
}
