import { defaultMappings, assignField, type ColumnMapping } from './column-mapping';
import { parseCsv } from './csv-parser';
import { ImportFormatError, type ImportIssue, type ImportResult } from './types';
import { validateCandidates } from './validate-record';

/**
 * Imports a CSV export: the first record is the header, each `mapping` sends a column to a
 * CaseRecord field (without mappings, headers named like fields map to themselves). Every row is
 * validated with the CaseRecord schema; bad rows come back as issues with the line they start on.
 *
 * @throws ImportFormatError when the CSV is malformed, a mapped column is missing from the header,
 *   or no column provides `id`.
 */
export function importCsv(text: string, mappings: readonly ColumnMapping[] = []): ImportResult {
  const rows = parseCsv(text);
  const header = rows[0];
  if (!header) return { records: [], issues: [] };
  const columns = header.fields.map((f) => f.trim());
  const effective = mappings.length ? mappings : defaultMappings(columns);
  const resolved = effective.map((m) => {
    const index = columns.indexOf(m.column);
    if (index < 0) {
      throw new ImportFormatError(
        `column "${m.column}" is not in the header (columns: ${columns.join(', ')})`,
      );
    }
    return { ...m, index };
  });
  if (!resolved.some((m) => m.field === 'id')) {
    throw new ImportFormatError('no column maps to id: add --map "<id column>=id"');
  }
  const issues: ImportIssue[] = [];
  const candidates: { line: number; value: unknown }[] = [];
  for (const row of rows.slice(1)) {
    if (row.fields.length !== columns.length) {
      issues.push({
        line: row.line,
        unit: 'line',
        reason: `has ${row.fields.length} fields, the header has ${columns.length}`,
      });
      continue;
    }
    const record: Record<string, unknown> = {};
    for (const m of resolved) assignField(record, m.field, row.fields[m.index] ?? '');
    candidates.push({ line: row.line, value: record });
  }
  return validateCandidates(candidates, 'line', issues);
}
