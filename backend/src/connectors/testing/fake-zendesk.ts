import { z } from 'zod';
import { errorBodies, rateLimitHeaders, zendeskComment, zendeskTicket } from '../zendesk/fixtures';
import { createFaultPlan, type FaultCounts, type FaultOptions } from './faults';
import { jsonBody, startFakeServer, type FakeResponse, type RecordedRequest } from './fake-server';

/** One change the fake Zendesk applied, in the order applied. */
export type ZendeskEffect =
  | {
      kind: 'comment';
      ticketId: number;
      commentId: number;
      public: boolean;
      htmlBody: string;
      /** The tags the same update added (`additional_tags`): where the write-back marker tag travels. */
      addedTags: string[];
    }
  /** A tags call that added at least one tag the ticket did not have; repeats that add nothing are not effects. */
  | { kind: 'tags'; ticketId: number; addedTags: string[] };

interface StoredComment {
  id: number;
  auditId: number;
  htmlBody: string;
  plainBody: string;
  public: boolean;
  createdAt: string;
}

interface Ticket {
  id: number;
  tags: string[];
  comments: StoredComment[];
  updatedAt: string;
}

/** A stateful fake Zendesk account; see {@link startFakeZendesk}. */
export interface FakeZendesk {
  baseUrl: string;
  /** Every applied change, across tickets, in order. */
  effects: ZendeskEffect[];
  /** A ticket's current tags (set semantics, as Zendesk keeps them). */
  tagsOf(ticketId: number): readonly string[];
  /** Tags calls that changed nothing, because every tag was already there (a repeated `set-tags`). */
  repeatedTagAdds: number;
  faults: FaultCounts;
  close(): Promise<void>;
}

// What the write-back target sends; anything else is a 400, so a drifting request shape fails the test.
const CommentInput = z.strictObject({
  html_body: z.string().min(1).optional(),
  body: z.string().min(1).optional(),
  public: z.boolean(),
});
const UpdateTicketBody = z.strictObject({
  ticket: z.strictObject({
    comment: CommentInput.optional(),
    additional_tags: z.array(z.string()).optional(),
    remove_tags: z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    custom_fields: z.array(z.object({ id: z.number(), value: z.unknown() })).optional(),
    priority: z.string().optional(),
    safe_update: z.boolean().optional(),
    updated_stamp: z.string().optional(),
  }),
});
const TagsBody = z.strictObject({ tags: z.array(z.string()).min(1) });

const TICKET_PATH = /^\/api\/v2\/tickets\/(\d+)\.json$/;
const TAGS_PATH = /^\/api\/v2\/tickets\/(\d+)\/tags\.json$/;
const COMMENTS_PATH = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/;
const BOT_AUTHOR = 235323;

/** What Zendesk derives as a comment's plain text from `html_body` (enough for the markup our sink emits). */
function plainOf(html: string): string {
  return html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * A stateful fake of the Zendesk Support API v2, limited to what the write-back target calls
 * (PLATFORMS.md §1.4):
 *
 * - `PUT /api/v2/tickets/{id}.json`: applies `comment` and `additional_tags` together (one audit), honours
 *   `safe_update` + `updated_stamp` with 409, and answers `{ticket, audit: {events}}`;
 * - `PUT /api/v2/tickets/{id}/tags.json`: adds tags;
 * - `GET /api/v2/tickets/{id}/comments.json` (`sort_order`, `per_page`) and `GET /api/v2/tickets/{id}.json`:
 *   what `findMarker` reads.
 *
 * Like Zendesk, it has no idempotency on updates: the same comment sent twice is two comments. A seeded
 * share of requests is answered 429 with `Retry-After: 0` before anything is applied, or applied and then
 * answered 503. State lives in this process, so a client process can be killed at any point and the
 * account still shows what took effect.
 */
export async function startFakeZendesk(
  options: FaultOptions & { tickets: readonly number[] },
): Promise<FakeZendesk> {
  const faults = createFaultPlan(options);
  const clock = { seconds: 0 };
  const stamp = () =>
    new Date(Date.UTC(2030, 0, 1) + (clock.seconds += 1) * 1000).toISOString().replace('.000', '');
  const tickets = new Map<number, Ticket>(
    options.tickets.map((id) => [id, { id, tags: ['billing'], comments: [], updatedAt: stamp() }]),
  );
  const effects: ZendeskEffect[] = [];
  const state = { nextId: 900_001, repeatedTagAdds: 0 };
  let site = '';

  const ticketJson = (t: Ticket) =>
    zendeskTicket(site, { id: t.id, tags: [...t.tags], updated_at: t.updatedAt });
  const commentJson = (c: StoredComment) =>
    zendeskComment({
      id: c.id,
      author_id: BOT_AUTHOR,
      body: c.plainBody,
      html_body: c.htmlBody,
      plain_body: c.plainBody,
      public: c.public,
      audit_id: c.auditId,
      created_at: c.createdAt,
      metadata: { system: {}, custom: {} },
    });

  function addTags(t: Ticket, tags: readonly string[]): string[] {
    const added = tags.filter((tag, i) => !t.tags.includes(tag) && tags.indexOf(tag) === i);
    t.tags.push(...added);
    return added;
  }

  function updateTicket(t: Ticket, req: RecordedRequest): FakeResponse {
    const parsed = UpdateTicketBody.safeParse(jsonBody(req));
    if (!parsed.success)
      return { status: 400, body: { error: 'RecordInvalid', description: 'Record validation errors' } };
    const input = parsed.data.ticket;
    if (input.safe_update === true && input.updated_stamp !== t.updatedAt) {
      return {
        status: 409,
        body: { error: 'UpdateConflict', description: 'Ticket was updated since you last saw it' },
      };
    }
    const auditId = state.nextId++;
    const events: Record<string, unknown>[] = [];
    const previous = [...t.tags];
    if (input.tags !== undefined) t.tags = [...new Set(input.tags)];
    const added = addTags(t, input.additional_tags ?? []);
    if (input.remove_tags !== undefined) t.tags = t.tags.filter((tag) => !input.remove_tags?.includes(tag));
    t.updatedAt = stamp();
    if (input.comment !== undefined) {
      const html = input.comment.html_body ?? input.comment.body ?? '';
      const comment: StoredComment = {
        id: state.nextId++,
        auditId,
        htmlBody: html,
        plainBody: plainOf(html),
        public: input.comment.public,
        createdAt: t.updatedAt,
      };
      t.comments.push(comment);
      events.push({
        id: comment.id,
        type: 'Comment',
        author_id: BOT_AUTHOR,
        body: comment.plainBody,
        html_body: comment.htmlBody,
        public: comment.public,
        attachments: [],
      });
      effects.push({
        kind: 'comment',
        ticketId: t.id,
        commentId: comment.id,
        public: comment.public,
        htmlBody: html,
        addedTags: [...(input.additional_tags ?? [])],
      });
    } else if (added.length > 0) {
      effects.push({ kind: 'tags', ticketId: t.id, addedTags: added });
    }
    if (previous.join(' ') !== t.tags.join(' ')) {
      events.push({
        id: state.nextId++,
        type: 'Change',
        field_name: 'tags',
        value: [...t.tags],
        previous_value: previous,
      });
    }
    return {
      body: {
        ticket: ticketJson(t),
        audit: { id: auditId, ticket_id: t.id, created_at: t.updatedAt, author_id: BOT_AUTHOR, events },
      },
    };
  }

  function addTagsCall(t: Ticket, req: RecordedRequest): FakeResponse {
    const parsed = TagsBody.safeParse(jsonBody(req));
    if (!parsed.success)
      return { status: 400, body: { error: 'RecordInvalid', description: 'Record validation errors' } };
    const added = addTags(t, parsed.data.tags);
    if (added.length > 0) {
      t.updatedAt = stamp();
      effects.push({ kind: 'tags', ticketId: t.id, addedTags: added });
    } else {
      state.repeatedTagAdds += 1;
    }
    return { body: { tags: [...t.tags] } };
  }

  function listComments(t: Ticket, req: RecordedRequest): FakeResponse {
    const perPage = Math.min(Number(req.query.get('per_page') ?? '100') || 100, 100);
    const ordered = req.query.get('sort_order') === 'desc' ? [...t.comments].reverse() : t.comments;
    const page = ordered.slice(0, perPage);
    return {
      body: {
        comments: page.map(commentJson),
        next_page: ordered.length > perPage ? `${site}/api/v2/tickets/${t.id}/comments.json?page=2` : null,
        previous_page: null,
        count: t.comments.length,
      },
    };
  }

  function handle(req: RecordedRequest): FakeResponse {
    if (!req.headers.authorization?.startsWith('Basic ')) return { status: 401, body: errorBodies[401] };
    const route =
      (TICKET_PATH.exec(req.path) && { kind: 'ticket' as const, id: TICKET_PATH.exec(req.path)?.[1] }) ||
      (TAGS_PATH.exec(req.path) && { kind: 'tags' as const, id: TAGS_PATH.exec(req.path)?.[1] }) ||
      (COMMENTS_PATH.exec(req.path) && { kind: 'comments' as const, id: COMMENTS_PATH.exec(req.path)?.[1] });
    const ticket = route ? tickets.get(Number(route.id)) : undefined;
    if (!route || !ticket) return { status: 404, body: errorBodies[404] };
    const write = req.method === 'PUT';
    const fault = faults.next();
    if (fault === 'throttle') return { status: 429, headers: rateLimitHeaders(0), body: errorBodies[429] };
    if (fault === 'lost-answer' && !write) return { status: 503, body: errorBodies[500] };
    let res: FakeResponse;
    if (route.kind === 'ticket' && req.method === 'PUT') res = updateTicket(ticket, req);
    else if (route.kind === 'ticket' && req.method === 'GET') res = { body: { ticket: ticketJson(ticket) } };
    else if (route.kind === 'tags' && req.method === 'PUT') res = addTagsCall(ticket, req);
    else if (route.kind === 'comments' && req.method === 'GET') res = listComments(ticket, req);
    else return { status: 404, body: errorBodies[404] };
    return fault === 'lost-answer' ? { status: 503, body: errorBodies[500] } : res;
  }

  const server = await startFakeServer(handle);
  site = server.baseUrl;
  return {
    baseUrl: server.baseUrl,
    effects,
    tagsOf: (id) => tickets.get(id)?.tags ?? [],
    get repeatedTagAdds() {
      return state.repeatedTagAdds;
    },
    faults: faults.counts,
    close: () => server.close(),
  };
}
