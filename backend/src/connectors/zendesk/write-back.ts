import { parseApprovedPayload } from '../approved-payload';
import type { ActionKind } from '@triage/shared';
import { z } from 'zod';
import { sha256Hex } from '../../common/hashing';
import { toZendeskHtml } from '../../domain/drafting';
import type { ConnectorContext } from '../definition';
import { ConnectorError, isConnectorError } from '../errors';
import { requestJson } from '../http-json';
import type { WriteBackRequest, WriteBackResult, WriteBackTarget } from '../types';
import { createZendeskClient } from './client';
import { authorizationHeader, type ZendeskConfig, type ZendeskSecrets } from './config';
import { zendeskTicketId } from './connector';

const SYSTEM = 'Zendesk';

/** The actions Zendesk takes: comments, tags and fields on the case's own ticket. */
export const ZENDESK_WRITE_ACTIONS: readonly ActionKind[] = [
  'internal-note',
  'public-reply',
  'set-tags',
  'set-fields',
];

/**
 * Idempotency keys travel in comment text, tag names and URLs; a narrow alphabet keeps every one of
 * those free of escaping and lets the marker search match on a clean token boundary.
 */
const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/);
const KEY_CHAR = /[A-Za-z0-9._:-]/;

// `updated_stamp` is the ticket's `updated_at` when the approver looked at it (the approval's target
// version). It is part of the approved payload, so the approval binds to that version too.
const UpdatedStamp = z.iso.datetime({ offset: true });

const CommentPayload = z.object({
  body: z.string().trim().min(1).max(60_000),
  updatedStamp: UpdatedStamp.optional(),
});
const InternalNotePayload = CommentPayload.extend({ public: z.literal(false).optional() });
const PublicReplyPayload = CommentPayload.extend({
  public: z.literal(true).optional(),
  locale: z.string().optional(),
});
// Zendesk tags: no spaces (a space would split one tag into two), at most 80 characters here.
const Tag = z.string().regex(/^[^\s,]{1,80}$/);
const SetTagsPayload = z.object({ tags: z.array(Tag).min(1).max(50) });
const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const SetFieldsPayload = z
  .object({
    fields: z
      .array(z.object({ id: z.number().int().positive(), value: FieldValue }))
      .max(50)
      .default([]),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
    updatedStamp: UpdatedStamp.optional(),
  })
  .refine((p) => p.fields.length > 0 || p.priority !== undefined, 'nothing to change');

/** `PUT /api/v2/tickets/{id}.json` answers the ticket and the audit the update created. */
const UpdateResponse = z.looseObject({
  ticket: z.looseObject({ id: z.number().int() }),
  audit: z
    .looseObject({
      id: z.number().int().optional(),
      events: z.array(z.looseObject({ id: z.number().int().optional(), type: z.string() })).default([]),
    })
    .optional(),
});
const TagsResponse = z.looseObject({ tags: z.array(z.string()) });
const CommentsResponse = z.looseObject({
  comments: z.array(
    z.looseObject({
      id: z.number().int(),
      body: z.string().optional(),
      html_body: z.string().optional(),
      plain_body: z.string().optional(),
    }),
  ),
});

/** How many of the newest comments {@link WriteBackTarget.findMarker} reads: one page. */
export const MARKER_SCAN_COMMENTS = 100;

/**
 * The reference line appended to internal notes, `Ref: triage-<key>`: agents can search for it and
 * {@link WriteBackTarget.findMarker} finds it in the comment list.
 */
export function zendeskReferenceToken(idempotencyKey: string): string {
  return `triage-${idempotencyKey}`;
}

/**
 * The ticket tag every comment and field update carries (`triage_wb_` + 24 hex digits of the key's
 * SHA-256), added in the same update through `additional_tags`, so it exists exactly when the update
 * took effect. A public reply cannot carry a visible reference line (the customer would read it), and
 * audit `metadata.custom` is not verified to be readable back, so the tag is the marker that proves a
 * public reply or field update happened.
 */
export function zendeskMarkerTag(idempotencyKey: string): string {
  return `triage_wb_${sha256Hex(idempotencyKey).slice(0, 24)}`;
}

/** Whether `text` holds `token` followed by something that cannot continue a key (so `k1` ≠ `k10`). */
function containsToken(text: string, token: string): boolean {
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + 1)) {
    const next = text.charAt(at + token.length);
    if (next === '' || !KEY_CHAR.test(next)) return true;
  }
  return false;
}

function ticketIdOf(ref: string): number {
  const id = zendeskTicketId(ref);
  if (id === undefined)
    throw new ConnectorError('config', `${SYSTEM}: the write-back ref is not a ticket id`);
  return id;
}

function checkKey(key: string): void {
  if (!IdempotencyKey.safeParse(key).success)
    throw new ConnectorError('config', `${SYSTEM}: the idempotency key has an unsupported format`);
}

/** Options for {@link createZendeskWriteBack}; the same parts a connector definition's `create` gets. */
export interface ZendeskWriteBackOptions {
  id: string;
  config: ZendeskConfig;
  secrets: ZendeskSecrets;
  context: Pick<ConnectorContext, 'http'>;
}

/**
 * The Zendesk write-back target (PLATFORMS §1.4, §3.5):
 *
 * - `internal-note` / `public-reply` (`{ body, updatedStamp? }`): `PUT /api/v2/tickets/{id}.json` with
 *   `{"ticket":{"comment":{"html_body","public"},"additional_tags":[marker]}}`; the approved plain-text
 *   body becomes `html_body` through the drafting sink `toZendeskHtml`, here at the sink, so customer
 *   text can never become markup. Internal notes end with a `Ref: triage-<key>` line.
 * - `set-tags` (`{ tags }`): `PUT /api/v2/tickets/{id}/tags.json`, which adds tags; adding the same tags
 *   again changes nothing, so it needs no marker.
 * - `set-fields` (`{ fields: [{id, value}], priority? , updatedStamp? }`): Update Ticket with
 *   `custom_fields`, plus the marker tag.
 *
 * With `updatedStamp`, comment and field updates send `safe_update: true` and `updated_stamp`; Zendesk
 * answers 409 when the ticket changed after the approver saw it. That becomes
 * `ConnectorError('bad_response', …, { status: 409 })`, not retryable: the worker re-reads the ticket and
 * re-checks the approval before anything is sent again. (A write that already took effect also makes a
 * blind retry 409, which is why the worker checks {@link WriteBackTarget.findMarker} first.)
 *
 * Zendesk documents `Idempotency-Key` for ticket creation only, and nothing here creates tickets, so no
 * such header is sent; the marker carries idempotency instead.
 *
 * @throws ConnectorError: `config` for an unsupported action, a ref that is not a ticket, or a payload
 * that does not parse; otherwise as {@link requestJson} maps statuses (429 → `rate_limited` with
 * `retryAfterMs`).
 * @see https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket
 * @see https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#add-tags
 */
export function createZendeskWriteBack(options: ZendeskWriteBackOptions): WriteBackTarget {
  const { config, context } = options;
  const http = context.http;
  const headers = { Authorization: authorizationHeader(options.secrets) };
  const reads = createZendeskClient({ http, baseUrl: config.baseUrl, secrets: options.secrets });
  const root = new URL(`${config.baseUrl}/`);
  const api = (path: string, query: Record<string, string> = {}): URL => {
    const u = new URL(`api/v2/${path}`, root);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u;
  };
  const ticketUrl = (id: number) => `${config.agentUrl}/agent/tickets/${id}`;

  async function updateTicket(
    ticketId: number,
    ticket: Record<string, unknown>,
    updatedStamp: string | undefined,
    signal: AbortSignal,
  ) {
    try {
      const res = await requestJson(http, {
        method: 'PUT',
        url: api(`tickets/${ticketId}.json`),
        headers,
        json: {
          ticket: {
            ...ticket,
            ...(updatedStamp === undefined ? {} : { safe_update: true, updated_stamp: updatedStamp }),
          },
        },
        signal,
        schema: UpdateResponse,
        system: SYSTEM,
      });
      return res.data;
    } catch (e) {
      if (isConnectorError(e) && e.status === 409) {
        throw new ConnectorError(
          'bad_response',
          `${SYSTEM} answered 409: the ticket changed since approval`,
          {
            status: 409,
            cause: e,
          },
        );
      }
      throw e;
    }
  }

  async function writeComment(request: WriteBackRequest, ticketId: number, isPublic: boolean) {
    const payload = isPublic
      ? parseApprovedPayload(SYSTEM, PublicReplyPayload, request.action, request.payload)
      : parseApprovedPayload(SYSTEM, InternalNotePayload, request.action, request.payload);
    const html = isPublic
      ? toZendeskHtml(payload.body)
      : `${toZendeskHtml(payload.body)}<br><br>Ref: ${zendeskReferenceToken(request.idempotencyKey)}`;
    const data = await updateTicket(
      ticketId,
      {
        comment: { html_body: html, public: isPublic },
        additional_tags: [zendeskMarkerTag(request.idempotencyKey)],
      },
      payload.updatedStamp,
      request.signal,
    );
    const comment = data.audit?.events.find((e) => e.type === 'Comment');
    return { externalId: comment?.id === undefined ? null : String(comment.id), url: ticketUrl(ticketId) };
  }

  return {
    id: options.id,
    system: 'zendesk',
    actions: ZENDESK_WRITE_ACTIONS,

    async write(request) {
      checkKey(request.idempotencyKey);
      const ticketId = ticketIdOf(request.ref);
      switch (request.action) {
        case 'internal-note':
          return writeComment(request, ticketId, false);
        case 'public-reply':
          return writeComment(request, ticketId, true);
        case 'set-tags': {
          const payload = parseApprovedPayload(SYSTEM, SetTagsPayload, request.action, request.payload);
          await requestJson(http, {
            method: 'PUT',
            url: api(`tickets/${ticketId}/tags.json`),
            headers,
            json: { tags: payload.tags },
            signal: request.signal,
            schema: TagsResponse,
            system: SYSTEM,
          });
          return { externalId: null, url: ticketUrl(ticketId) };
        }
        case 'set-fields': {
          const payload = parseApprovedPayload(SYSTEM, SetFieldsPayload, request.action, request.payload);
          await updateTicket(
            ticketId,
            {
              ...(payload.fields.length > 0 ? { custom_fields: payload.fields } : {}),
              ...(payload.priority === undefined ? {} : { priority: payload.priority }),
              additional_tags: [zendeskMarkerTag(request.idempotencyKey)],
            },
            payload.updatedStamp,
            request.signal,
          );
          return { externalId: null, url: ticketUrl(ticketId) };
        }
        default:
          throw new ConnectorError('config', `${SYSTEM} does not take ${request.action} write-backs`);
      }
    },

    /**
     * First the newest comments (one page, `sort_order=desc`) for the reference line, which also yields
     * the note's id; then the ticket's tags for the marker tag (public replies and field updates).
     * `set-tags` writes no marker: adding tags again is harmless, so a retry needs no check.
     */
    async findMarker(request): Promise<WriteBackResult | null> {
      checkKey(request.idempotencyKey);
      const ticketId = ticketIdOf(request.ref);
      const { data } = await requestJson(http, {
        url: api(`tickets/${ticketId}/comments.json`, {
          sort_order: 'desc',
          per_page: String(MARKER_SCAN_COMMENTS),
        }),
        headers,
        signal: request.signal,
        schema: CommentsResponse,
        system: SYSTEM,
      });
      const token = zendeskReferenceToken(request.idempotencyKey);
      const note = data.comments.find((c) =>
        [c.body, c.plain_body, c.html_body].some((t) => t !== undefined && containsToken(t, token)),
      );
      if (note) return { externalId: String(note.id), url: ticketUrl(ticketId) };
      const ticket = await reads.getTicket(ticketId, request.signal);
      if (ticket.tags.includes(zendeskMarkerTag(request.idempotencyKey)))
        return { externalId: null, url: ticketUrl(ticketId) };
      return null;
    },
  };
}
