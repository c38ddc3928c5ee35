import { z } from 'zod';
import type { GuardedClient, GuardedResponse } from '../../infrastructure/http';
import { ConnectorError } from '../errors';
import { requestJson, transportError } from '../http-json';
import { authorizationHeader, type ZendeskSecrets } from './config';

/*
 * Zendesk Support API v2 rate limits are per account and per minute (700 requests/minute on Enterprise,
 * fewer on lower plans, more with the High Volume add-on). An exceeded limit answers 429 with
 * `Retry-After` in seconds, which requestJson turns into ConnectorError('rate_limited', retryAfterMs).
 * https://developer.zendesk.com/api-reference/introduction/rate-limits/
 */

const SYSTEM = 'Zendesk';
const Timestamp = z.iso.datetime({ offset: true });
const Id = z.number().int().nonnegative();

/** @see https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format */
export const ZendeskTicket = z.looseObject({
  id: Id,
  url: z.string().optional(),
  subject: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  status: z.string(),
  priority: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  requester_id: Id.nullable().optional(),
  assignee_id: Id.nullable().optional(),
  organization_id: Id.nullable().optional(),
  group_id: Id.nullable().optional(),
  tags: z.array(z.string()).default([]),
  via: z.looseObject({ channel: z.string() }).optional(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type ZendeskTicket = z.output<typeof ZendeskTicket>;

/**
 * An attachment as comments carry it. `malware_scan_result` is `malware_found`, `malware_not_found`,
 * `failed_to_scan` or `not_scanned`; `deleted` marks a redacted file.
 *
 * @see https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#json-format
 */
export const ZendeskAttachment = z.looseObject({
  id: Id,
  file_name: z.string(),
  content_url: z.string(),
  content_type: z.string().nullable().optional(),
  size: z.number().int().nonnegative(),
  deleted: z.boolean().optional(),
  malware_scan_result: z.string().nullable().optional(),
});
export type ZendeskAttachment = z.output<typeof ZendeskAttachment>;

/** @see https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#json-format */
export const ZendeskComment = z.looseObject({
  id: Id,
  type: z.string().optional(),
  author_id: Id.nullable().optional(),
  body: z.string().optional(),
  plain_body: z.string().optional(),
  public: z.boolean(),
  attachments: z.array(ZendeskAttachment).default([]),
  created_at: Timestamp,
});
export type ZendeskComment = z.output<typeof ZendeskComment>;

/** @see https://developer.zendesk.com/api-reference/ticketing/users/users/#json-format */
export const ZendeskUser = z.looseObject({
  // `users/me` answers an anonymous user with a null id when the credentials are not accepted.
  id: Id.nullable(),
  role: z.string().nullable().optional(),
  organization_id: Id.nullable().optional(),
  tags: z.array(z.string()).default([]),
  suspended: z.boolean().optional(),
  created_at: Timestamp.nullable().optional(),
});
export type ZendeskUser = z.output<typeof ZendeskUser>;

/** @see https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#json-format */
export const ZendeskOrganization = z.looseObject({
  id: Id,
  name: z.string(),
  tags: z.array(z.string()).default([]),
  group_id: Id.nullable().optional(),
  created_at: Timestamp.optional(),
});
export type ZendeskOrganization = z.output<typeof ZendeskOrganization>;

/** The cursor-pagination envelope. @see https://developer.zendesk.com/api-reference/introduction/pagination/ */
const CursorPage = z.looseObject({
  meta: z.looseObject({
    has_more: z.boolean(),
    after_cursor: z.string().nullable().optional(),
  }),
  links: z.looseObject({ next: z.string().nullable().optional() }).optional(),
});
type CursorPage = z.output<typeof CursorPage>;

const TicketResponse = z.looseObject({ ticket: ZendeskTicket });
const UserResponse = z.looseObject({ user: ZendeskUser });
const OrganizationResponse = z.looseObject({ organization: ZendeskOrganization });
const CommentsPage = CursorPage.extend({ comments: z.array(ZendeskComment) });
const TicketsPage = CursorPage.extend({ tickets: z.array(ZendeskTicket) });

/** Page bounds for one list: a connector never walks a long list inside a packet deadline. */
export interface ListBounds {
  /** `page[size]`; Zendesk allows at most 100. */
  pageSize: number;
  /** Requests at most. */
  maxPages: number;
  /** Stop once this many items were collected. */
  maxItems: number;
}

export interface ZendeskClientOptions {
  http: GuardedClient;
  /** The account root, e.g. `https://acme.zendesk.com` (normalised by the config schema). */
  baseUrl: string;
  secrets: ZendeskSecrets;
}

/** The Zendesk Support API v2 calls the connector makes. Read-only. */
export interface ZendeskClient {
  /** `GET /api/v2/tickets/{id}.json` @see https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-ticket */
  getTicket(id: number, signal: AbortSignal): Promise<ZendeskTicket>;
  /** `GET /api/v2/tickets/{id}/comments.json` @see https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments */
  listComments(ticketId: number, bounds: ListBounds, signal: AbortSignal): Promise<ZendeskComment[]>;
  /** `GET /api/v2/users/{id}.json` @see https://developer.zendesk.com/api-reference/ticketing/users/users/#show-user */
  getUser(id: number, signal: AbortSignal): Promise<ZendeskUser>;
  /** `GET /api/v2/users/me.json` @see https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user */
  getCurrentUser(signal: AbortSignal): Promise<ZendeskUser>;
  /** `GET /api/v2/organizations/{id}.json` @see https://developer.zendesk.com/api-reference/ticketing/organizations/organizations/#show-organization */
  getOrganization(id: number, signal: AbortSignal): Promise<ZendeskOrganization>;
  /** `GET /api/v2/users/{id}/tickets/requested.json`, most recently updated first. @see https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets */
  listRequestedTickets(userId: number, bounds: ListBounds, signal: AbortSignal): Promise<ZendeskTicket[]>;
  /** `GET /api/v2/organizations/{id}/tickets.json`, most recently updated first. @see https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets */
  listOrganizationTickets(orgId: number, bounds: ListBounds, signal: AbortSignal): Promise<ZendeskTicket[]>;
  /**
   * The raw content of an attachment's `content_url`, following at most one redirect (see
   * {@link createZendeskClient}).
   * @see https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/
   */
  downloadAttachment(contentUrl: string, signal: AbortSignal): Promise<Buffer>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Creates the Zendesk API client over the SSRF-guarded HTTP client. Every call goes through
 * {@link requestJson}, so statuses become ConnectorErrors and bodies are parsed with the schemas above.
 *
 * @throws ConnectorError from every method (`auth`, `forbidden`, `not_found`, `rate_limited`,
 * `unavailable`, `bad_response`, `timeout`, ...).
 */
export function createZendeskClient(options: ZendeskClientOptions): ZendeskClient {
  const root = new URL(`${options.baseUrl}/`);
  const headers = { Authorization: authorizationHeader(options.secrets) };
  const apiPrefix = `${root.pathname}api/v2/`;

  const url = (path: string, query: Record<string, string> = {}): URL => {
    const u = new URL(`api/v2/${path}`, root);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  };

  const get = async <S extends z.ZodType>(target: URL, schema: S, signal: AbortSignal) =>
    (await requestJson(options.http, { url: target, headers, signal, schema, system: SYSTEM })).data;

  /**
   * The next page's URL. `links.next` is what Zendesk recommends following, but it is vendor data: it is
   * used only when it stays on the configured account and API path, so credentials are never sent
   * elsewhere. Otherwise the documented `page[after]` cursor is applied to the request we built.
   */
  const nextPage = (current: URL, page: CursorPage): URL | undefined => {
    if (!page.meta.has_more) return undefined;
    const link = page.links?.next;
    if (link && URL.canParse(link)) {
      const next = new URL(link);
      if (next.origin === root.origin && next.pathname.startsWith(apiPrefix)) return next;
    }
    const cursor = page.meta.after_cursor;
    if (!cursor) return undefined;
    const next = new URL(current);
    next.searchParams.set('page[after]', cursor);
    return next;
  };

  async function list<S extends z.ZodType<CursorPage>, T>(
    first: URL,
    schema: S,
    items: (page: z.output<S>) => T[],
    bounds: ListBounds,
    signal: AbortSignal,
  ): Promise<T[]> {
    const out: T[] = [];
    let target: URL | undefined = first;
    for (let page = 0; target && page < bounds.maxPages && out.length < bounds.maxItems; page++) {
      const data = await get(target, schema, signal);
      out.push(...items(data));
      target = nextPage(target, data);
    }
    return out.slice(0, bounds.maxItems);
  }

  /**
   * Attachment content. Zendesk serves `content_url` (`https://{subdomain}.zendesk.com/attachments/token/
   * {token}/?name=...`) as a redirect to its CDN. The credentials go only to the configured account's
   * origin; the one redirect allowed is fetched with no credentials at all, wherever it points, so a
   * token never reaches another host. Both requests go through the guarded client, which validates every
   * URL and connection.
   *
   * The first request asks the guarded client to hand a redirect back (`redirect: 'manual'`) instead of
   * following it, so that exactly one hop is fetched, by us, without credentials.
   *
   * @throws ConnectorError (`network`, `timeout`, `bad_response`, `blocked_address`, or the status's
   * code) naming neither the URL (its token) nor the body.
   */
  async function downloadAttachment(contentUrl: string, signal: AbortSignal): Promise<Buffer> {
    const first = new URL(contentUrl);
    const onAccount = first.origin === root.origin;
    const send = async (target: URL, withAuth: boolean): Promise<GuardedResponse> => {
      try {
        return await options.http.request({
          method: 'GET',
          url: target,
          headers: { Accept: '*/*', 'Accept-Encoding': 'identity', ...(withAuth ? headers : {}) },
          signal,
          // The redirect comes back to us so the CDN hop is sent without credentials.
          redirect: 'manual',
        });
      } catch (e) {
        throw transportError(e, `${SYSTEM} attachment`);
      }
    };
    let res = await send(first, onAccount);
    const location = res.headers.location;
    if (REDIRECTS.has(res.status) && location !== undefined && URL.canParse(location, first.href)) {
      // The CDN URL is signed; no credentials, whatever its host.
      res = await send(new URL(location, first), false);
    }
    if (res.status < 200 || res.status >= 300)
      throw new ConnectorError('bad_response', `${SYSTEM} attachment answered ${res.status}`, {
        status: res.status,
      });
    return res.body;
  }

  const pageSize = (bounds: ListBounds) => String(Math.max(1, Math.min(100, bounds.pageSize)));

  const listTickets = (path: string, bounds: ListBounds, signal: AbortSignal) =>
    list(
      // `sort=-updated_at` is the cursor-pagination sort: the newest activity first, so a bounded walk
      // still sees the cases that matter now.
      url(path, { 'page[size]': pageSize(bounds), sort: '-updated_at' }),
      TicketsPage,
      (page) => page.tickets,
      bounds,
      signal,
    );

  return {
    async getTicket(id, signal) {
      return (await get(url(`tickets/${id}.json`), TicketResponse, signal)).ticket;
    },
    listComments(ticketId, bounds, signal) {
      return list(
        url(`tickets/${ticketId}/comments.json`, { 'page[size]': pageSize(bounds) }),
        CommentsPage,
        (page) => page.comments,
        bounds,
        signal,
      );
    },
    async getUser(id, signal) {
      return (await get(url(`users/${id}.json`), UserResponse, signal)).user;
    },
    async getCurrentUser(signal) {
      return (await get(url('users/me.json'), UserResponse, signal)).user;
    },
    async getOrganization(id, signal) {
      return (await get(url(`organizations/${id}.json`), OrganizationResponse, signal)).organization;
    },
    listRequestedTickets(userId, bounds, signal) {
      return listTickets(`users/${userId}/tickets/requested.json`, bounds, signal);
    },
    listOrganizationTickets(orgId, bounds, signal) {
      return listTickets(`organizations/${orgId}/tickets.json`, bounds, signal);
    },
    downloadAttachment,
  };
}
