import { describe, expect, it } from 'vitest';
import { importCases, ImportFormatError, parseCommentCell } from './index';

// Hand-written after Jira's "Export > CSV (all fields)": repeated columns for multi-valued fields,
// quoted cells spanning lines, comment cells as "<date>;<accountId>;<text>", link columns named
// after the link type. Row starts: SUP-1 line 2 (spans to 4), SUP-2 5, SUP-3 6, bad date 7, no
// text 8, bad comment 9, short row 10, SUP-4 11, SUP-5 12, repeated SUP-1 13.
const csv = `Summary,Issue key,Issue id,Issue Type,Status,Project key,Priority,Resolution,Reporter,Reporter Id,Created,Updated,Resolved,Description,Labels,Labels,Component/s,Component/s,Custom field (Request Type),Custom field (Plan),Comment,Comment,Inward issue link (Duplicate),Outward issue link (Duplicate),Outward issue link (Relates)
Checkout fails with 502,SUP-1,10001,Incident,Resolved,SUP,High,Done,Dana Customer,qm:cust-1,02/Jan/24 3:04 PM,03/Jan/24 10:00 AM,03/Jan/24 9:30 AM,"Since this morning every payment fails.
Error: ""502 Bad Gateway""",checkout,regression,Payments,Web,Report a problem,Gold,02/Jan/24 3:10 PM;qm:cust-1;Still failing; tried twice,"03/Jan/24 9:00 AM;5b10ac8d82e05b22cc7d4ef5;Fixed by a rollback.
Please retry.",SUP-3,,SUP-2
Refund not received,SUP-2,10002,Service request,Waiting for support,SUP,Medium,Unresolved,Evan Buyer,qm:cust-2,2024-01-05 08:00,2024-01-05 09:15,,Refund for order 7 missing,billing,,,,Request a refund,,,,,OLD-9,
Payment 502 again,SUP-3,10003,Incident,Closed,SUP,High,Duplicate,Eve,qm:cust-3,04/Jan/24 11:00 AM,04/Jan/24 11:30 AM,04/Jan/24 11:30 AM,Same 502 on checkout,,,Payments,,,,,,,SUP-1,
Bad date,SUP-6,10006,Incident,Open,SUP,Low,,Eve,qm:cust-3,2 January 2024,,,x,,,,,,,,,,,
,SUP-7,10007,Incident,Open,SUP,Low,,Eve,qm:cust-3,05/Jan/24 1:00 PM,,,,,,,,,,,,,,
Bad comment,SUP-8,10008,Incident,Open,SUP,Low,,Eve,qm:cust-3,05/Jan/24 1:00 PM,,,x,,,,,,,just some text,,,,
Short row,SUP-9,10009
Export to PDF hangs,SUP-4,10004,Bug,Open,SUP,Highest,,Eve,qm:cust-3,01/Feb/2024 10:00,,,,,,,,,,,,,SUP-5,
PDF export never finishes,SUP-5,10005,Bug,Open,SUP,Highest,,Eve,qm:cust-3,03/Feb/2024 10:00,,,,,,,,,,,,SUP-4,,
Checkout again,SUP-1,10001,Incident,Open,SUP,High,,Eve,qm:cust-3,06/Feb/2024 10:00,,,x,,,,,,,,,,,
`;

describe('jira-csv import', () => {
  const { records, issues } = importCases('jira-csv', csv);

  it('maps a full row, with multi-valued columns and quoted line breaks', () => {
    expect(records[0]).toEqual({
      id: 'SUP-1',
      source: 'jira',
      created_at: '2024-01-02T15:04:00Z',
      updated_at: '2024-01-03T10:00:00Z',
      solved_at: '2024-01-03T09:30:00Z',
      subject: 'Checkout fails with 502',
      description: 'Since this morning every payment fails.\nError: "502 Bad Gateway"',
      priority: 'high',
      status: 'Resolved',
      tags: ['checkout', 'regression'],
      product: 'Payments',
      requester: { id: 'qm:cust-1', name: 'Dana Customer' },
      custom_fields: { project: 'SUP', request_type: 'Report a problem', Plan: 'Gold' },
      labels: { issue_type: 'Incident', resolution: 'Done' },
      resolution: 'Done',
      comments: [
        {
          author_role: 'customer',
          author_id: 'qm:cust-1',
          created_at: '2024-01-02T15:10:00Z',
          body: 'Still failing; tried twice',
        },
        {
          author_role: 'agent',
          author_id: '5b10ac8d82e05b22cc7d4ef5',
          created_at: '2024-01-03T09:00:00Z',
          body: 'Fixed by a rollback.\nPlease retry.',
        },
      ],
    });
  });

  it('reads ISO-style site dates and ignores the "Unresolved" placeholder', () => {
    expect(records[1]).toEqual({
      id: 'SUP-2',
      source: 'jira',
      created_at: '2024-01-05T08:00:00Z',
      updated_at: '2024-01-05T09:15:00Z',
      subject: 'Refund not received',
      description: 'Refund for order 7 missing',
      priority: 'medium',
      status: 'Waiting for support',
      tags: ['billing'],
      requester: { id: 'qm:cust-2', name: 'Evan Buyer' },
      custom_fields: { project: 'SUP', request_type: 'Request a refund' },
      labels: { issue_type: 'Service request' },
      duplicate_of: 'OLD-9',
    });
  });

  it('turns the Duplicate link columns into duplicate_of pointing at the earlier case', () => {
    expect(Object.fromEntries(records.map((r) => [r.id, r.duplicate_of ?? null]))).toEqual({
      'SUP-1': null,
      'SUP-2': 'OLD-9',
      'SUP-3': 'SUP-1',
      'SUP-4': null,
      'SUP-5': 'SUP-4',
    });
  });

  it('rejects bad rows with the line they start on and a clear reason', () => {
    expect(issues.map((i) => [i.unit, i.line, i.reason])).toEqual([
      ['line', 7, 'Created "2 January 2024": expected a date like "02/Jan/24 3:04 PM" or "2024-01-02 15:04"'],
      ['line', 8, expect.stringContaining('subject or a description')],
      ['line', 9, 'Comment 1: expected "<date>;<author>;<text>"'],
      ['line', 10, 'has 3 fields, the header has 25'],
      ['line', 13, 'duplicate id "SUP-1" (first at line 2)'],
    ]);
  });

  it('splits comment cells on the first two separators only', () => {
    expect(parseCommentCell('02/Jan/24 3:04 PM;jdoe;a;b;c')).toEqual({
      createdAt: '2024-01-02T15:04:00Z',
      author: 'jdoe',
      body: 'a;b;c',
    });
    expect(parseCommentCell('Tuesday;jdoe;text')).toMatch(/"Tuesday": expected a date/);
  });

  it('needs an Issue key column and reads an empty file as nothing', () => {
    expect(() => importCases('jira-csv', 'Summary,Key\nx,1\n')).toThrow(ImportFormatError);
    expect(() => importCases('jira-csv', 'Summary,Key\nx,1\n')).toThrow(/"Issue key" column/);
    expect(importCases('jira-csv', '')).toEqual({ records: [], issues: [] });
  });
});
