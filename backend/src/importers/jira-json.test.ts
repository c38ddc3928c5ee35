import { describe, expect, it } from 'vitest';
import { importCases, ImportFormatError } from './index';

// Hand-written after Atlassian's documented shapes for GET /rest/api/3/search/jql (Cloud, ADF
// bodies, JSM fields) and /rest/api/2/search (string bodies). `self`, `avatarUrls` and other fields
// the importer ignores are kept so that passthrough is exercised.
const adf = (...paragraphs: string[]): unknown => ({
  type: 'doc',
  version: 1,
  content: paragraphs.map((t) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] })),
});

const customer = {
  self: 'https://acme.atlassian.net/rest/api/3/user?accountId=qm%3Acust-1',
  accountId: 'qm:cust-1',
  emailAddress: 'dana@customer.example',
  displayName: 'Dana Customer',
  accountType: 'customer',
  active: true,
};
const agent = { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Ana Agent', accountType: 'atlassian' };

const duplicateType = { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' };
const relatesType = { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' };

function issue(key: string, created: string, fields: Record<string, unknown>): unknown {
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: String(10000 + Number(key.split('-')[1])),
    self: `https://acme.atlassian.net/rest/api/3/issue/${key}`,
    key,
    fields: { project: { id: '10000', key: 'SUP', name: 'Support' }, created, updated: created, ...fields },
  };
}

const page = {
  expand: 'schema,names',
  startAt: 0,
  maxResults: 50,
  total: 9,
  issues: [
    issue('SUP-1', '2024-01-02T03:04:05.000+0100', {
      summary: 'Checkout fails with 502 after upgrade',
      description: adf('Since this morning every payment fails.', 'Error: 502 Bad Gateway'),
      updated: '2024-01-03T10:00:00.000+0100',
      resolutiondate: '2024-01-03T09:30:00.000+0100',
      status: { name: 'Resolved', statusCategory: { id: 3, key: 'done', name: 'Done' } },
      priority: {
        id: '2',
        name: 'High',
        iconUrl: 'https://acme.atlassian.net/images/icons/priorities/high.svg',
      },
      issuetype: { id: '10004', name: 'Incident', subtask: false },
      labels: ['checkout', 'regression'],
      components: [
        { id: '10010', name: 'Payments' },
        { id: '10011', name: 'Web' },
      ],
      reporter: customer,
      resolution: { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
      customfield_10010: {
        _links: { web: 'https://acme.atlassian.net/servicedesk/customer/portal/1/SUP-1' },
        requestType: { id: '12', name: 'Report a problem', serviceDeskId: '1' },
        currentStatus: { status: 'Resolved' },
      },
      customfield_10050: 'Gold',
      customfield_10060: 3,
      customfield_10070: {
        self: 'https://acme.atlassian.net/rest/api/3/customFieldOption/1',
        value: 'EU',
        id: '1',
      },
      customfield_10080: null,
      customfield_10090: '   ',
      comment: {
        comments: [
          {
            id: '1',
            author: customer,
            body: adf('Still failing, tried twice.'),
            created: '2024-01-02T03:10:00.000+0100',
            jsdPublic: true,
          },
          {
            id: '2',
            author: agent,
            body: adf('Looks like the 4.2.0 gateway config.'),
            created: '2024-01-02T04:00:00.000+0100',
            jsdPublic: false,
          },
          {
            id: '3',
            author: agent,
            body: adf('Fixed by a rollback, please retry.'),
            created: '2024-01-03T09:00:00.000+0100',
          },
          { id: '4', author: agent, body: adf(''), created: '2024-01-03T09:01:00.000+0100', jsdPublic: true },
        ],
        maxResults: 4,
        total: 4,
        startAt: 0,
      },
      issuelinks: [
        {
          id: '1',
          type: duplicateType,
          inwardIssue: { id: '10003', key: 'SUP-3', fields: { summary: 'Payment 502' } },
        },
        { id: '2', type: relatesType, outwardIssue: { id: '10002', key: 'SUP-2' } },
      ],
    }),
    // REST v2 shape: wiki-markup strings, a deleted reporter, and a duplicate outside the export.
    issue('SUP-2', '2024-01-05T08:00:00.000+0000', {
      summary: 'Refund not received',
      description: 'Refund for order *7* is missing.\nPlease check.',
      priority: { name: 'Medium' },
      status: { name: 'Waiting for support' },
      issuetype: { name: 'Service request' },
      resolution: null,
      resolutiondate: null,
      reporter: null,
      labels: [],
      components: [],
      comment: {
        comments: [
          {
            author: { name: 'jdoe', key: 'JIRAUSER10100' },
            body: 'On it',
            created: '2024-01-05T09:00:00.000+0000',
          },
        ],
      },
      issuelinks: [{ type: duplicateType, outwardIssue: { key: 'OLD-9' } }],
    }),
    issue('SUP-3', '2024-01-04T11:00:00.000+0100', {
      summary: 'Payment 502 again',
      resolution: { name: 'Duplicate' },
      issuetype: { name: 'Incident' },
      reporter: { accountId: 'qm:cust-2', displayName: 'Eve' },
      issuelinks: [{ type: duplicateType, outwardIssue: { key: 'SUP-1' } }],
    }),
    // Jira says SUP-4 duplicates SUP-5, but SUP-5 came later: the later case points to the earlier.
    issue('SUP-4', '2024-02-01T10:00:00.000+0000', {
      summary: 'Export to PDF hangs',
      issuelinks: [{ type: duplicateType, outwardIssue: { key: 'SUP-5' } }],
    }),
    issue('SUP-5', '2024-02-03T10:00:00.000+0000', {
      summary: 'PDF export never finishes',
      issuelinks: [{ type: duplicateType, inwardIssue: { key: 'SUP-4' } }],
    }),
    issue('SUP-6', '2024-02-04T10:00:00.000+0000', { summary: '  ', description: adf('') }),
    { id: '10007', fields: { summary: 'no key' } },
    issue('SUP-8', 'yesterday', { summary: 'Bad date' }),
    issue('SUP-9', '2024-02-05T10:00:00.000+0000', { summary: 'Wrong labels', labels: 'not-an-array' }),
  ],
};

describe('jira-json import', () => {
  const { records, issues } = importCases('jira-json', JSON.stringify(page));

  it('maps a JSM Cloud issue with ADF bodies field by field', () => {
    expect(records[0]).toEqual({
      id: 'SUP-1',
      source: 'jira',
      created_at: '2024-01-02T03:04:05.000+01:00',
      updated_at: '2024-01-03T10:00:00.000+01:00',
      solved_at: '2024-01-03T09:30:00.000+01:00',
      subject: 'Checkout fails with 502 after upgrade',
      description: 'Since this morning every payment fails.\n\nError: 502 Bad Gateway',
      priority: 'high',
      status: 'Resolved',
      tags: ['checkout', 'regression'],
      product: 'Payments',
      requester: { id: 'qm:cust-1', email: 'dana@customer.example', name: 'Dana Customer' },
      custom_fields: {
        request_type: 'Report a problem',
        customfield_10050: 'Gold',
        customfield_10060: 3,
        project: 'SUP',
      },
      labels: { issue_type: 'Incident', resolution: 'Done' },
      resolution: 'Done',
      comments: [
        {
          author_role: 'customer',
          author_id: 'qm:cust-1',
          public: true,
          created_at: '2024-01-02T03:10:00.000+01:00',
          body: 'Still failing, tried twice.',
        },
        {
          author_role: 'agent',
          author_id: '5b10ac8d82e05b22cc7d4ef5',
          public: false,
          created_at: '2024-01-02T04:00:00.000+01:00',
          body: 'Looks like the 4.2.0 gateway config.',
        },
        {
          author_role: 'agent',
          author_id: '5b10ac8d82e05b22cc7d4ef5',
          public: true,
          created_at: '2024-01-03T09:00:00.000+01:00',
          body: 'Fixed by a rollback, please retry.',
        },
      ],
    });
  });

  it('maps a REST v2 issue with string bodies and no resolution', () => {
    expect(records[1]).toEqual({
      id: 'SUP-2',
      source: 'jira',
      created_at: '2024-01-05T08:00:00.000+00:00',
      updated_at: '2024-01-05T08:00:00.000+00:00',
      subject: 'Refund not received',
      description: 'Refund for order *7* is missing.\nPlease check.',
      priority: 'medium',
      status: 'Waiting for support',
      custom_fields: { project: 'SUP' },
      labels: { issue_type: 'Service request' },
      comments: [
        {
          author_role: 'agent',
          author_id: 'JIRAUSER10100',
          public: true,
          created_at: '2024-01-05T09:00:00.000+00:00',
          body: 'On it',
        },
      ],
      duplicate_of: 'OLD-9',
    });
  });

  it('turns Duplicate links into duplicate_of pointing at the earlier case', () => {
    const dupOf = Object.fromEntries(records.map((r) => [r.id, r.duplicate_of ?? null]));
    expect(dupOf).toEqual({
      'SUP-1': null, // is duplicated by SUP-3; the Relates link is ignored
      'SUP-2': 'OLD-9', // outside the export: Jira's direction is kept
      'SUP-3': 'SUP-1', // duplicates the earlier SUP-1
      'SUP-4': null, // Jira: SUP-4 duplicates SUP-5, but SUP-4 is the earlier case
      'SUP-5': 'SUP-4',
    });
  });

  it('reports every rejected issue with its ordinal and reason', () => {
    expect(issues.map((i) => [i.unit, i.line, i.reason])).toEqual([
      ['issue', 6, expect.stringContaining('subject or a description')],
      ['issue', 7, expect.stringContaining('key')],
      ['issue', 8, expect.stringContaining('created_at')],
      ['issue', 9, expect.stringContaining('fields.labels')],
    ]);
    expect(records).toHaveLength(5);
  });

  it('reads an array of pages, numbering issues across pages and naming custom fields from names', () => {
    const pages = [
      { issues: [issue('A-1', '2024-03-01T10:00:00.000+0000', { summary: 'one' })] },
      {
        names: { customfield_10050: 'Plan', summary: 'Summary' },
        issues: [
          issue('A-2', '2024-03-02T10:00:00.000+0000', { summary: 'two', customfield_10050: 'Gold' }),
          issue('A-1', '2024-03-03T10:00:00.000+0000', { summary: 'one again' }),
        ],
      },
    ];
    const result = importCases('jira-json', JSON.stringify(pages));
    expect(result.records.map((r) => [r.id, r.custom_fields])).toEqual([
      ['A-1', { project: 'SUP' }],
      ['A-2', { Plan: 'Gold', project: 'SUP' }],
    ]);
    expect(result.issues).toEqual([
      { line: 3, unit: 'issue', reason: 'duplicate id "A-1" (first at issue 1)' },
    ]);
  });

  it('refuses files that are not a search response', () => {
    expect(() => importCases('jira-json', '{"values": []}')).toThrow(ImportFormatError);
    expect(() => importCases('jira-json', '[{"issues": []}, {"total": 0}]')).toThrow(/issue search response/);
    expect(() => importCases('jira-json', '{"issues": [')).toThrow(/not JSON/);
    expect(() => importCases('jira-json', '{"issues": []}', [{ column: 'a', field: 'id' }])).toThrow(/--map/);
  });
});
