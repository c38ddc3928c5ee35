/**
 * Zendesk Support API v2 payloads for the contract tests, shaped as the API reference documents them
 * (field names, nesting, cursor-pagination `meta`/`links`, error bodies, rate-limit headers). Generators
 * take overrides so each test states only what it is about. `site` is the account root the payload's own
 * URLs point at (the fake server in tests).
 *
 * @see https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/
 * @see https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/
 * @see https://developer.zendesk.com/api-reference/ticketing/users/users/
 * @see https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/
 * @see https://developer.zendesk.com/api-reference/introduction/pagination/
 */

type Json = Record<string, unknown>;

/** A ticket object. @see https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format */
export function zendeskTicket(site: string, overrides: Json & { id?: number } = {}): Json {
  const id = overrides.id ?? 35436;
  return {
    url: `${site}/api/v2/tickets/${id}.json`,
    id,
    external_id: null,
    via: {
      channel: 'email',
      source: {
        from: { address: 'dana.reyes@acme-logistics.example', name: 'Dana Reyes' },
        to: { name: 'Acme Support', address: 'support@acme.zendesk.com' },
        rel: null,
      },
    },
    created_at: '2026-11-19T08:14:03Z',
    updated_at: '2026-11-20T09:30:41Z',
    generated_timestamp: 1795167041,
    type: 'incident',
    subject: 'Invoice export fails with HTTP 500',
    raw_subject: 'Invoice export fails with HTTP 500',
    description: 'Since this morning every invoice export ends with HTTP 500.',
    priority: 'high',
    status: 'open',
    recipient: 'support@acme.zendesk.com',
    requester_id: 20978392,
    submitter_id: 20978392,
    assignee_id: 235323,
    organization_id: 509974,
    group_id: 98738,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags: ['billing', 'export', 'vip'],
    custom_fields: [
      { id: 27642, value: 'eu-west' },
      { id: 27648, value: null },
    ],
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    custom_status_id: 123,
    fields: [
      { id: 27642, value: 'eu-west' },
      { id: 27648, value: null },
    ],
    followup_ids: [],
    ticket_form_id: 360000184712,
    brand_id: 360000212112,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
    ...overrides,
  };
}

/** `GET /api/v2/tickets/{id}.json` */
export function ticketResponse(site: string, overrides: Json & { id?: number } = {}): Json {
  return { ticket: zendeskTicket(site, overrides) };
}

/** A comment object. @see https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#json-format */
export function zendeskComment(overrides: Json & { id?: number; body?: string } = {}): Json {
  const body = overrides.body ?? 'Thanks, we are looking into it.';
  return {
    id: 1274,
    type: 'Comment',
    author_id: 235323,
    body,
    html_body: `<div class="zd-comment" dir="auto"><p dir="auto">${body}</p></div>`,
    plain_body: body,
    public: true,
    attachments: [],
    audit_id: 432567,
    via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
    created_at: '2026-11-19T09:02:11Z',
    metadata: {
      system: {
        client: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)',
        ip_address: '203.0.113.17',
        location: 'Dublin, Ireland',
        latitude: 53.3498,
        longitude: -6.2603,
      },
      custom: {},
    },
    ...overrides,
  };
}

/**
 * An attachment object as a comment's `attachments` carries it; `content_url` is the account's token URL,
 * which Zendesk answers with a redirect to its CDN.
 * @see https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#json-format
 */
export function zendeskAttachment(
  site: string,
  overrides: Json & { id?: number; file_name?: string } = {},
): Json {
  const id = overrides.id ?? 498483;
  const fileName = overrides.file_name ?? 'app.log';
  const token = `6bk3gql82em5nmf${id}`;
  return {
    id,
    file_name: fileName,
    content_url: `${site}/attachments/token/${token}/?name=${encodeURIComponent(fileName)}`,
    mapped_content_url: `${site}/attachments/token/${token}/?name=${encodeURIComponent(fileName)}`,
    content_type: 'text/plain',
    size: 2532,
    width: null,
    height: null,
    inline: false,
    deleted: false,
    malware_access_override: false,
    malware_scan_result: 'malware_not_found',
    thumbnails: [],
    url: `${site}/api/v2/attachments/${id}.json`,
    ...overrides,
  };
}

/**
 * A cursor-paginated list page: `meta.has_more`, `meta.after_cursor`/`before_cursor` and `links.next`/
 * `prev`, as every cursor-paginated endpoint answers.
 */
export function cursorPage(
  key: 'comments' | 'tickets',
  items: unknown[],
  options: { nextUrl?: string | null; afterCursor?: string | null } = {},
): Json {
  const hasMore = options.nextUrl !== undefined && options.nextUrl !== null;
  return {
    [key]: items,
    meta: {
      has_more: hasMore,
      after_cursor: options.afterCursor ?? (hasMore ? 'eyJvIjoiaWQiLCJ2IjoiYVJFQUFBQUFBQUFBIn0=' : null),
      before_cursor: 'eyJvIjoiLWlkIiwidiI6ImFRRUFBQUFBQUFBQSJ9',
    },
    links: {
      prev: null,
      next: options.nextUrl ?? null,
    },
  };
}

/** A user object. @see https://developer.zendesk.com/api-reference/ticketing/users/users/#json-format */
export function zendeskUser(site: string, overrides: Json & { id?: number | null } = {}): Json {
  const id = overrides.id === undefined ? 20978392 : overrides.id;
  return {
    id,
    url: id === null ? null : `${site}/api/v2/users/${id}.json`,
    name: 'Dana Reyes',
    email: 'dana.reyes@acme-logistics.example',
    created_at: '2024-03-11T10:00:00Z',
    updated_at: '2026-11-19T08:14:03Z',
    time_zone: 'Dublin',
    iana_time_zone: 'Europe/Dublin',
    phone: null,
    shared_phone_number: null,
    photo: null,
    locale_id: 1,
    locale: 'en-US',
    organization_id: 509974,
    role: 'end-user',
    verified: true,
    external_id: null,
    tags: ['billing_contact'],
    alias: '',
    active: true,
    shared: false,
    shared_agent: false,
    last_login_at: '2026-11-18T16:40:00Z',
    two_factor_auth_enabled: null,
    signature: null,
    details: '',
    notes: '',
    role_type: null,
    custom_role_id: null,
    moderator: false,
    ticket_restriction: 'requested',
    only_private_comments: false,
    restricted_agent: true,
    suspended: false,
    default_group_id: null,
    report_csv: false,
    user_fields: {},
    ...overrides,
  };
}

/** `GET /api/v2/users/{id}.json` and `GET /api/v2/users/me.json` */
export function userResponse(site: string, overrides: Json & { id?: number | null } = {}): Json {
  return { user: zendeskUser(site, overrides) };
}

/** What `users/me` answers when the credentials were not recognised: an anonymous end user. */
export function anonymousUserResponse(): Json {
  return {
    user: {
      id: null,
      url: null,
      name: 'Anonymous user',
      email: 'invalid@example.com',
      created_at: null,
      updated_at: null,
      time_zone: 'Pacific Time (US & Canada)',
      iana_time_zone: 'America/Los_Angeles',
      phone: null,
      shared_phone_number: null,
      photo: null,
      locale_id: 1,
      locale: 'en-US',
      organization_id: null,
      role: 'end-user',
      verified: false,
      authenticity_token: 'placeholder',
      tags: [],
      active: true,
      suspended: false,
      user_fields: {},
    },
  };
}

/** An organization object. @see https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#json-format */
export function zendeskOrganization(site: string, overrides: Json & { id?: number } = {}): Json {
  const id = overrides.id ?? 509974;
  return {
    url: `${site}/api/v2/organizations/${id}.json`,
    id,
    name: 'Acme Logistics',
    shared_tickets: true,
    shared_comments: false,
    external_id: 'ACC-1042',
    created_at: '2023-01-09T12:00:00Z',
    updated_at: '2026-10-02T15:22:10Z',
    domain_names: ['acme-logistics.example'],
    details: 'Enterprise plan, EU data residency',
    notes: '',
    group_id: null,
    tags: ['enterprise', 'emea'],
    organization_fields: { account_tier: 'enterprise' },
    ...overrides,
  };
}

/** `GET /api/v2/organizations/{id}.json` */
export function organizationResponse(site: string, overrides: Json & { id?: number } = {}): Json {
  return { organization: zendeskOrganization(site, overrides) };
}

/** Error bodies Zendesk sends with each status. */
export const errorBodies = {
  401: { error: "Couldn't authenticate you" },
  403: {
    error: 'Forbidden',
    description:
      'You do not have access to this page. Please contact the account owner of this help desk for further help.',
  },
  404: { error: 'RecordNotFound', description: 'Not found' },
  429: { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' },
  500: { error: 'InternalServerError', description: 'Something went wrong. Please try again.' },
} as const;

/**
 * The headers of a rate-limited answer: `Retry-After` in seconds and the account's per-minute limit.
 * @see https://developer.zendesk.com/api-reference/introduction/rate-limits/
 */
export function rateLimitHeaders(retryAfterSeconds: number, limitPerMinute = 700): Record<string, string> {
  return {
    'Retry-After': String(retryAfterSeconds),
    'X-Rate-Limit': String(limitPerMinute),
    'X-Rate-Limit-Remaining': '0',
    'ratelimit-limit': String(limitPerMinute),
    'ratelimit-remaining': '0',
    'ratelimit-reset': String(retryAfterSeconds),
  };
}
