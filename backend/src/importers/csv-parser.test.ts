import { describe, expect, it } from 'vitest';
import { ImportFormatError, parseCsv } from './index';

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, keeping start lines', () => {
    const text =
      '\uFEFFid,subject,description\r\n1,"Login, again","He said ""hi""\nthen left"\r\n\r\n2,plain,x\n3,,"a\r\nb"';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['id', 'subject', 'description'] },
      { line: 2, fields: ['1', 'Login, again', 'He said "hi"\nthen left'] },
      { line: 5, fields: ['2', 'plain', 'x'] },
      { line: 6, fields: ['3', '', 'a\r\nb'] },
    ]);
  });

  it('keeps trailing empty fields and bare quotes inside unquoted fields', () => {
    expect(parseCsv('a,b,\n5" screen,x,y\n')).toEqual([
      { line: 1, fields: ['a', 'b', ''] },
      { line: 2, fields: ['5" screen', 'x', 'y'] },
    ]);
  });

  it('names the line of broken quoting', () => {
    expect(() => parseCsv('id,s\n1,"never closed\n')).toThrow(ImportFormatError);
    expect(() => parseCsv('id,s\n1,"never closed\n')).toThrow(/line 2/);
    expect(() => parseCsv('id,s\n1,"x"y\n')).toThrow(/line 2: unexpected text/);
  });
});
