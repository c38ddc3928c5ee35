/**
 * Sentry API payloads shaped as the public reference documents them, for contract tests. Generators take
 * overrides so each test states only what it is about.
 *
 * @see https://docs.sentry.io/api/events/list-an-organizations-issues/
 * @see https://docs.sentry.io/api/events/retrieve-an-issue-event/
 * @see https://docs.sentry.io/api/organizations/retrieve-an-organization/
 * @see https://docs.sentry.io/api/pagination/
 */

export const ORG = 'acme';

/** One element of `GET /api/0/organizations/{org}/issues/`. */
export function sentryIssue(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    annotations: [],
    assignedTo: null,
    count: '1287',
    culprit: 'app.services.export in run_export',
    firstSeen: '2026-11-14T09:03:11.482000Z',
    hasSeen: false,
    id: '4509871234',
    isBookmarked: false,
    isPublic: false,
    isSubscribed: true,
    isUnhandled: true,
    issueCategory: 'error',
    issueType: 'error',
    lastSeen: '2026-11-20T10:41:07.119000Z',
    level: 'error',
    logger: null,
    metadata: {
      type: 'TimeoutError',
      value: 'upstream timed out',
      filename: 'app/services/export.py',
      function: 'run_export',
      in_app_frame_mix: 'mixed',
    },
    numComments: 0,
    permalink: `https://${ORG}.sentry.io/issues/4509871234/`,
    platform: 'python',
    priority: 'high',
    project: { id: '4505550001', name: 'api', slug: 'api', platform: 'python' },
    shareId: null,
    shortId: 'API-3F2',
    stats: {
      '24h': [
        [1763546400, 12],
        [1763550000, 31],
      ],
    },
    status: 'unresolved',
    statusDetails: {},
    subscriptionDetails: null,
    substatus: 'ongoing',
    title: 'TimeoutError: upstream timed out',
    type: 'error',
    userCount: 14,
    ...overrides,
  };
}

/** `GET /api/0/organizations/{org}/issues/{issue_id}/events/latest/`. */
export function sentryLatestEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '9fac2ceed9344f2bbfdd1fdacb0ed9b1',
    groupID: '4509871234',
    eventID: '9fac2ceed9344f2bbfdd1fdacb0ed9b1',
    projectID: '4505550001',
    size: 7055,
    entries: [
      {
        type: 'exception',
        data: {
          values: [{ type: 'TimeoutError', value: 'upstream timed out', module: null, mechanism: null }],
          hasSystemFrames: true,
          excOmitted: null,
        },
      },
    ],
    dist: null,
    message: '',
    title: 'TimeoutError: upstream timed out',
    location: 'app/services/export.py',
    user: {
      id: 'usr_8812',
      email: null,
      username: null,
      ip_address: null,
      name: null,
      geo: null,
      data: null,
    },
    contexts: { runtime: { name: 'CPython', version: '3.12.4', type: 'runtime' } },
    sdk: { name: 'sentry.python', version: '2.18.0' },
    context: {},
    packages: {},
    type: 'error',
    metadata: { type: 'TimeoutError', value: 'upstream timed out', filename: 'app/services/export.py' },
    tags: [
      { key: 'account_id', value: 'acct_1042' },
      { key: 'environment', value: 'production' },
      { key: 'level', value: 'error' },
      { key: 'product', value: 'reports' },
      { key: 'release', value: 'api@2026.11.3' },
      { key: 'server_name', value: 'api-7d9f' },
    ],
    platform: 'python',
    dateReceived: '2026-11-20T10:41:07.364112Z',
    errors: [],
    occurrence: null,
    _meta: {},
    crashFile: null,
    culprit: 'app.services.export in run_export',
    dateCreated: '2026-11-20T10:41:07.119000Z',
    fingerprints: ['5c1c4c7e3f8b4b8e9a0d2f6e1b7c9a33'],
    groupingConfig: { enhancements: 'eJybzDRxY3J', id: 'newstyle:2023-01-11' },
    release: {
      id: 1182744,
      version: 'api@2026.11.3',
      shortVersion: '2026.11.3',
      status: 'open',
      dateCreated: '2026-11-18T16:02:00.000000Z',
      dateReleased: null,
      firstEvent: '2026-11-18T16:05:12Z',
      lastEvent: '2026-11-20T10:41:07Z',
      newGroups: 3,
      url: null,
      ref: null,
      owner: null,
      commitCount: 0,
      deployCount: 1,
      lastCommit: null,
      lastDeploy: null,
      authors: [],
      projects: [{ id: 4505550001, slug: 'api', name: 'api', platform: 'python' }],
      data: {},
    },
    userReport: null,
    sdkUpdates: [],
    resolvedWith: [],
    nextEventID: null,
    previousEventID: '1c1f7f9cfb3a4e7b8d2b0e59fbd1c0aa',
    ...overrides,
  };
}

/** `GET /api/0/organizations/{org}/`. */
export function sentryOrganization(): Record<string, unknown> {
  return {
    id: '1048576',
    slug: ORG,
    name: 'Acme',
    dateCreated: '2021-03-02T11:22:33.000000Z',
    isEarlyAdopter: false,
    require2FA: true,
    status: { id: 'active', name: 'active' },
    avatar: { avatarType: 'letter_avatar', avatarUuid: null },
    features: ['issue-stream-search-query-builder'],
    links: { organizationUrl: `https://${ORG}.sentry.io`, regionUrl: 'https://us.sentry.io' },
  };
}

/** `GET /api/0/organizations/{org}/projects/`. */
export function sentryProjects(): Record<string, unknown>[] {
  return [
    {
      id: '4505550001',
      slug: 'api',
      name: 'api',
      platform: 'python',
      dateCreated: '2023-06-01T08:00:00.000000Z',
      isBookmarked: false,
      isMember: true,
      hasAccess: true,
      features: [],
      firstEvent: '2023-06-01T09:00:00Z',
      status: 'active',
    },
    {
      id: '4505550002',
      slug: 'web',
      name: 'web',
      platform: 'javascript-react',
      dateCreated: '2023-06-01T08:00:00.000000Z',
      isBookmarked: false,
      isMember: true,
      hasAccess: true,
      features: [],
      firstEvent: '2023-06-02T09:00:00Z',
      status: 'active',
    },
  ];
}

/**
 * Sentry's `Link` header: always a `previous` and a `next` entry; `results` says whether that page has
 * anything, and the `cursor` attribute repeats the URL's cursor.
 */
export function sentryLinkHeader(pageUrl: string, next: string | null): string {
  const prev = '1763636467000:0:1';
  const nextCursor = next ?? '1763600000000:0:0';
  return [
    `<${pageUrl}?cursor=${prev}>; rel="previous"; results="false"; cursor="${prev}"`,
    `<${pageUrl}?cursor=${nextCursor}>; rel="next"; results="${next ? 'true' : 'false'}"; cursor="${nextCursor}"`,
  ].join(', ');
}

/** Error bodies Sentry sends (Django REST Framework's `detail`). */
export const sentryErrors = {
  unauthorized: { detail: 'Invalid token' },
  notFound: { detail: 'The requested resource does not exist' },
  rateLimited: {
    detail: 'You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds',
  },
  /** Headers Sentry sends with a 429. */
  rateLimitHeaders: {
    'Retry-After': '7',
    'X-Sentry-Rate-Limit-Limit': '40',
    'X-Sentry-Rate-Limit-Remaining': '0',
    'X-Sentry-Rate-Limit-Reset': '1763640007',
    'X-Sentry-Rate-Limit-ConcurrentLimit': '25',
    'X-Sentry-Rate-Limit-ConcurrentRemaining': '24',
  },
  serverError: { detail: 'Internal Error', errorId: 'c3b7f2d5e1a04f4a9e0d' },
} as const;
