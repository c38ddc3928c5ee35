/**
 * Jira Cloud REST v3 payloads for the contract tests, shaped like the documented responses (including
 * the fields this connector ignores, so the schemas are proven to tolerate them). Generators take
 * overrides so each test states only what it is about.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-get
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
 * @see https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
 */

const SITE = 'https://acme.atlassian.net';

/** A one-paragraph ADF document, as REST v3 sends comment bodies and rich-text fields. */
export function adfDoc(text: string): Record<string, unknown> {
  return {
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
  };
}

function user(accountId: string, displayName: string, accountType = 'atlassian') {
  return {
    self: `${SITE}/rest/api/3/user?accountId=${accountId}`,
    accountId,
    emailAddress: `${displayName.toLowerCase().replace(/\W+/g, '.')}@acme.example`,
    avatarUrls: {
      '48x48': `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${accountId}/48`,
      '24x24': `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${accountId}/24`,
      '16x16': `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${accountId}/16`,
      '32x32': `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${accountId}/32`,
    },
    displayName,
    active: true,
    timeZone: 'Europe/Berlin',
    accountType,
  };
}

/** A status with its category (`new`, `indeterminate`, `done`). */
export function status(name: string, category: 'new' | 'indeterminate' | 'done' = 'indeterminate') {
  const ids = { new: 2, indeterminate: 4, done: 3 } as const;
  const names = { new: 'To Do', indeterminate: 'In Progress', done: 'Done' } as const;
  return {
    self: `${SITE}/rest/api/3/status/10001`,
    description: '',
    iconUrl: `${SITE}/`,
    name,
    id: '10001',
    statusCategory: {
      self: `${SITE}/rest/api/3/statuscategory/${ids[category]}`,
      id: ids[category],
      key: category,
      colorName: category === 'done' ? 'green' : category === 'new' ? 'blue-gray' : 'yellow',
      name: names[category],
    },
  };
}

export function priority(name: string) {
  return {
    self: `${SITE}/rest/api/3/priority/2`,
    iconUrl: `${SITE}/images/icons/priorities/${name.toLowerCase()}.svg`,
    name,
    id: '2',
  };
}

export function issueType(name: string) {
  return {
    self: `${SITE}/rest/api/3/issuetype/10004`,
    id: '10004',
    description: '',
    iconUrl: `${SITE}/rest/api/2/universal_avatar/view/type/issuetype/avatar/10303?size=medium`,
    name,
    subtask: false,
    avatarId: 10303,
    hierarchyLevel: 0,
  };
}

export function component(name: string, id = '10000') {
  return { self: `${SITE}/rest/api/3/component/${id}`, id, name, description: '' };
}

export function version(name: string, id = '10100') {
  return {
    self: `${SITE}/rest/api/3/version/${id}`,
    id,
    name,
    archived: false,
    released: true,
    releaseDate: '2026-11-25',
  };
}

/** A linked issue as `fields.issuelinks[].inwardIssue|outwardIssue`: only summary, status, priority, type. */
export function linkedIssue(
  key: string,
  id: string,
  summary: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    id,
    key,
    self: `${SITE}/rest/api/3/issue/${id}`,
    fields: {
      summary,
      status: status('In Progress'),
      priority: priority('High'),
      issuetype: issueType('Bug'),
      ...overrides,
    },
  };
}

/** One `fields.issuelinks` entry. */
export function issueLink(
  type: { name: string; inward: string; outward: string },
  side: { outwardIssue: unknown } | { inwardIssue: unknown },
  id = '10301',
) {
  return {
    id,
    self: `${SITE}/rest/api/3/issueLink/${id}`,
    type: { id: '10000', ...type, self: `${SITE}/rest/api/3/issueLinkType/10000` },
    ...side,
  };
}

export const BLOCKS = { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' };
export const ESCALATION = { name: 'Escalation', inward: 'was escalated from', outward: 'is escalated to' };
export const RELATES = { name: 'Relates', inward: 'relates to', outward: 'relates to' };

/** `GET /rest/api/3/issue/{key}?fields=...` for a JSM request with two links. */
export function issueResponse(fields: Record<string, unknown> = {}, key = 'SUP-123', id = '10042') {
  return {
    expand:
      'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations,customfield_10010.requestTypePractice',
    id,
    self: `${SITE}/rest/api/3/issue/${id}`,
    key,
    fields: {
      summary: 'Checkout fails with PaymentGatewayException for EU customers',
      issuetype: issueType('[System] Service request'),
      status: status('Waiting for support'),
      priority: priority('High'),
      labels: ['checkout', 'enterprise'],
      components: [component('Payments')],
      created: '2026-11-19T08:15:02.117+0000',
      updated: '2026-11-20T10:02:11.540+0100',
      reporter: user('qm:1d2e3f:customer-01', 'Pat Customer', 'customer'),
      issuelinks: [
        issueLink(BLOCKS, { outwardIssue: linkedIssue('ENG-77', '10050', 'EU card payments time out') }),
        issueLink(
          ESCALATION,
          {
            inwardIssue: linkedIssue('SUP-98', '10031', 'Earlier checkout outage', {
              status: status('Resolved', 'done'),
              priority: priority('Medium'),
              issuetype: issueType('[System] Incident'),
            }),
          },
          '10302',
        ),
      ],
      ...fields,
    },
  };
}

/** One comment, as in `comments[]` of the comment listing. */
export function comment(id: string, text: string, created: string, overrides: Record<string, unknown> = {}) {
  return {
    self: `${SITE}/rest/api/3/issue/10042/comment/${id}`,
    id,
    author: user('5b10a2844c20165700ede21g', 'Alex Agent'),
    body: adfDoc(text),
    updateAuthor: user('5b10a2844c20165700ede21g', 'Alex Agent'),
    created,
    updated: created,
    jsdPublic: true,
    ...overrides,
  };
}

/** `GET /rest/api/3/issue/{key}/comment`: offset pagination. */
export function commentPage(comments: unknown[], startAt: number, maxResults: number, total: number) {
  return { startAt, maxResults, total, comments };
}

/** An issue in a search result with the requested fields. */
export function searchIssue(key: string, id: string, fields: Record<string, unknown> = {}) {
  return {
    expand: 'operations,versionedRepresentations,editmeta,changelog,renderedFields',
    id,
    self: `${SITE}/rest/api/3/issue/${id}`,
    key,
    fields: {
      summary: `Issue ${key}`,
      status: status('Open', 'new'),
      priority: priority('Medium'),
      issuetype: issueType('Bug'),
      components: [],
      fixVersions: [],
      labels: [],
      project: {
        self: `${SITE}/rest/api/3/project/10000`,
        id: '10000',
        key: key.slice(0, key.indexOf('-')),
        name: 'Project',
        projectTypeKey: 'software',
        simplified: false,
      },
      created: '2026-11-01T09:00:00.000+0000',
      updated: '2026-11-18T16:45:30.000+0000',
      ...fields,
    },
  };
}

/** `POST /rest/api/3/search/jql`: `nextPageToken` is left out on the last page, as Jira does. */
export function searchPage(issues: unknown[], nextPageToken?: string) {
  return nextPageToken === undefined ? { issues, isLast: true } : { issues, nextPageToken, isLast: false };
}

/** `GET /rest/api/3/myself`. */
export function myselfResponse() {
  return {
    ...user('5b10ac8d82e05b22cc7d4ef5', 'Triage Bot'),
    locale: 'en_US',
    groups: { size: 3, items: [] },
    applicationRoles: { size: 1, items: [] },
    expand: 'groups,applicationRoles',
  };
}

/** Jira's error collection body (4xx). */
export function errorBody(...errorMessages: string[]) {
  return { errorMessages, errors: {} };
}

/** Headers of a Jira 429 (burst limit). */
export const RATE_LIMIT_HEADERS = {
  'Retry-After': '7',
  'X-RateLimit-Limit': '100',
  'X-RateLimit-Remaining': '0',
  'X-RateLimit-NearLimit': 'true',
  'X-RateLimit-Reset': '2026-11-20T12:00Z',
  'RateLimit-Reason': 'jira-burst-based',
};
