import { ImportFormatError } from './types';

/** One CSV record and the 1-based line it starts on (quoted fields may span lines). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Parses RFC 4180 CSV: fields separated by `delimiter`, records by CRLF or LF, fields optionally in
 * double quotes, `""` for a quote inside quotes, and line breaks allowed inside quotes. Lenient
 * where that loses nothing: a bare quote inside an unquoted field is kept as text, the last record
 * needs no line break and a leading BOM is ignored. Blank lines are skipped.
 *
 * @throws ImportFormatError on an unterminated quoted field or text after a closing quote, naming
 *   the line.
 */
export function parseCsv(text: string, delimiter = ','): CsvRow[] {
  const rows: CsvRow[] = [];
  const input = text.replace(/^\uFEFF/, '');
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let atFieldStart = true;
  const endRow = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowLine, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < input.length) {
    const ch = input.charAt(i);
    if (atFieldStart && ch === '"') {
      const quoteLine = line;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new ImportFormatError(`line ${quoteLine}: quoted field is never closed`);
        const c = input.charAt(i);
        if (c === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (c === '\n') line += 1;
        field += c;
        i += 1;
      }
      const next = input[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new ImportFormatError(`line ${line}: unexpected text after a closing quote`);
      }
      atFieldStart = false;
      continue;
    }
    atFieldStart = false;
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line += 1;
      rowLine = line;
    } else {
      field += ch;
      i += 1;
    }
  }
  if (!atFieldStart || field !== '' || fields.length > 0) endRow();
  return rows;
}
