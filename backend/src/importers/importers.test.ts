import { describe, expect, it } from 'vitest';
import { IMPORT_FORMATS, importCases, ImportFormatError, parseColumnMappings } from './index';

describe('csv import with a column mapping', () => {
  const csv = [
    'Ticket,Title,Body,Opened,Labels,Org,Team',
    'T-1,Login fails,"Cannot sign in,\nsince today",2025-03-02 10:14,"sso, urgent",Acme,identity',
    'T-2,,,2025-03-03,,Acme,payments',
    'T-3,Refund,Charged twice,not a date,,Beta,payments',
    'T-1,Again,dup id,2025-03-04,,,',
    'T-4,Short row',
  ].join('\n');
  const mappings = parseColumnMappings([
    'Ticket=id',
    'Title=subject',
    'Body=description',
    'Opened=created_at',
    'Labels=tags',
    'Org=organization.name',
    'Team=labels.queue',
  ]);

  it('maps fields, splits tags, reads naive dates as UTC and reports every bad row by line', () => {
    const { records, issues } = importCases('csv', csv, mappings);
    expect(records).toEqual([
      {
        id: 'T-1',
        subject: 'Login fails',
        description: 'Cannot sign in,\nsince today',
        created_at: '2025-03-02T10:14:00Z',
        tags: ['sso', 'urgent'],
        organization: { name: 'Acme' },
        labels: { queue: 'identity' },
      },
    ]);
    expect(issues.map((i) => [i.line, i.reason])).toEqual([
      [4, expect.stringContaining('subject or a description')],
      [5, expect.stringContaining('created_at')],
      [6, 'duplicate id "T-1" (first at line 2)'],
      [7, 'has 2 fields, the header has 7'],
    ]);
  });

  it('maps headers named like fields without --map', () => {
    const { records } = importCases('csv', 'id,subject,labels.intent\n9,hello,greet\n');
    expect(records).toEqual([{ id: '9', subject: 'hello', labels: { intent: 'greet' } }]);
  });

  it('fails clearly on bad mappings', () => {
    expect(() => parseColumnMappings(['Title=headline'])).toThrow(/--map "Title=headline"/);
    expect(() => importCases('csv', csv, parseColumnMappings(['Nope=id']))).toThrow(
      /column "Nope" is not in the header/,
    );
    expect(() => importCases('csv', 'a,b\n1,2\n')).toThrow(/no column maps to id/);
  });
});

describe('jsonl import', () => {
  it('keeps valid records and reports broken lines with their numbers', () => {
    const text = [
      '{"id":"a","subject":"x","labels":{"q":"1"},"extra":true}',
      '',
      '{"id":"b"',
      '{"id":"c"}',
      '{"id":"a","subject":"again"}',
    ].join('\n');
    const { records, issues } = importCases('jsonl', text);
    expect(records).toEqual([{ id: 'a', subject: 'x', labels: { q: '1' } }]);
    expect(issues.map((i) => i.line)).toEqual([3, 4, 5]);
    expect(issues[0]?.reason).toMatch(/^not JSON/);
  });
});

describe('zendesk import', () => {
  it('reads tickets with comments and reports bad tickets by ordinal', () => {
    const text = JSON.stringify({
      tickets: [
        {
          id: 42,
          subject: 'Cannot log in',
          description: 'Locked out',
          created_at: '2025-01-01T10:00:00Z',
          tags: ['login'],
          via: { channel: 'email' },
          requester_id: 7,
          comments: [
            { author_id: 7, public: true, body: 'Locked out' },
            { author_id: 8, public: false, body: 'Checking' },
          ],
        },
        { id: 43 },
        'nonsense',
      ],
    });
    const { records, issues } = importCases('zendesk', text);
    expect(records[0]).toMatchObject({
      id: 'zendesk-42',
      channel: 'email',
      requester: { id: '7' },
      comments: [{ author_role: 'customer' }, { author_role: 'agent' }],
    });
    expect(issues.map((i) => [i.unit, i.line])).toEqual([
      ['ticket', 2],
      ['ticket', 3],
    ]);
    expect(() => importCases('zendesk', '{"results":[]}')).toThrow(ImportFormatError);
  });
});

describe('formats', () => {
  it('has an importer for every format of the CLI contract', () => {
    // An empty file is either an empty history or a clear format error: never a missing importer.
    for (const format of IMPORT_FORMATS) {
      let outcome: unknown;
      try {
        outcome = importCases(format, '').records;
      } catch (e) {
        outcome = e;
      }
      expect(Array.isArray(outcome) || outcome instanceof ImportFormatError, format).toBe(true);
    }
    expect(() => importCases('jira-csv', '', parseColumnMappings(['a=id']))).toThrow(/--map applies to csv/);
  });
});
