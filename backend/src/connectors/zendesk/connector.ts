import type { Evidence } from '@triage/shared';
import { attachmentEvidence, parseAttachment } from '../attachments';
import type { ConnectorDefinition, ConnectorSource } from '../definition';
import { ConnectorError, isConnectorError } from '../errors';
import { toEvidence } from '../evidence';
import type { Capability, EvidenceQuery } from '../types';
import {
  createZendeskClient,
  type ListBounds,
  type ZendeskAttachment,
  type ZendeskComment,
  type ZendeskOrganization,
  type ZendeskTicket,
  type ZendeskUser,
} from './client';
import { configSchema, secretsSchema } from './config';

const CAPABILITIES: readonly Capability[] = ['case-history', 'attachments'];

// Three pages of 100 cover all but the longest threads; the counts say "at least" beyond that.
const COMMENT_BOUNDS: ListBounds = { pageSize: 100, maxPages: 3, maxItems: 300 };
const HISTORY_PAGES = 3;
const LATEST_COMMENT_CHARS = 240;

/**
 * The Zendesk ticket id in a case ref: its trailing digits, so `123`, `#123` and `ZD-123` all name
 * ticket 123. Returns undefined when the ref ends in no digits (it cannot be a Zendesk ticket) or in more
 * digits than a ticket id can have.
 */
export function zendeskTicketId(ref: string): number | undefined {
  const digits = /(?:^|\D)(\d+)$/.exec(ref.trim())?.[1];
  if (digits === undefined || digits.length > 15) return undefined;
  const id = Number(digits);
  return id > 0 ? id : undefined;
}

/** Escalated: a tag mentioning escalation (`escalated`, `escalation_l2`, ...) or urgent priority. */
function isEscalated(ticket: ZendeskTicket): boolean {
  return ticket.tags.some((t) => t.toLowerCase().includes('escalat')) || ticket.priority === 'urgent';
}

/** Secondary lookups (a deleted user or organization) may be gone; the ticket evidence still stands. */
async function unlessMissing<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (e) {
    if (isConnectorError(e) && e.code === 'not_found') return null;
    throw e;
  }
}

/**
 * Runs parallel calls under one signal that also fires when the work settles, so a failed call cancels
 * its siblings instead of leaving them running against the vendor's rate limit.
 */
async function withSiblingAbort<T>(
  outer: AbortSignal,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const local = new AbortController();
  try {
    return await work(AbortSignal.any([outer, local.signal]));
  } finally {
    local.abort();
  }
}

/** Attachments read per packet, newest first; each is a download inside the packet deadline. */
export const MAX_ATTACHMENTS = 5;
/** Largest attachment read, in bytes: the attachment parser reads at most 5,000,000 characters. */
export const MAX_ATTACHMENT_BYTES = 5_000_000;

// What customers attach as text: logs, HAR captures, JSON error dumps. Zendesk often stores `.log` and
// `.har` files as application/octet-stream, so the extension counts as much as the declared type.
const TEXT_TYPES = new Set(['text/plain', 'application/json']);
const TEXT_EXTENSIONS = /\.(?:log|txt|har|json)$/i;
// Images, media, archives and PDFs are never downloaded, whatever their name says.
const BINARY_TYPES =
  /^(?:image|audio|video|font)\/|^application\/(?:pdf|zip|gzip|x-gzip|x-tar|x-7z|x-rar|vnd\.)/i;

/** Whether an attachment is worth downloading: text-like, not too large, not flagged, not redacted. */
export function isReadableAttachment(a: ZendeskAttachment): boolean {
  const type = (a.content_type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (BINARY_TYPES.test(type)) return false;
  if (!TEXT_TYPES.has(type) && !TEXT_EXTENSIONS.test(a.file_name)) return false;
  if (a.size > MAX_ATTACHMENT_BYTES) return false;
  // Zendesk's malware scan flagged it: never fetch the file, not even to parse it as text.
  if (a.malware_scan_result === 'malware_found') return false;
  // A redacted attachment is an empty `redacted.txt` placeholder.
  return a.deleted !== true;
}

/**
 * The attachments to read: from comments up to the end of the case window (a replayed case never sees its
 * future), readable, newest comment first, at most {@link MAX_ATTACHMENTS}.
 */
export function attachmentsToRead(
  comments: readonly ZendeskComment[],
  until: Date,
): { attachment: ZendeskAttachment; comment: ZendeskComment }[] {
  const last = until.getTime();
  return [...comments]
    .filter((c) => Date.parse(c.created_at) <= last)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))
    .flatMap((comment) =>
      comment.attachments.filter(isReadableAttachment).map((attachment) => ({ attachment, comment })),
    )
    .slice(0, MAX_ATTACHMENTS);
}

const id = (n: number | null | undefined): string | null =>
  n === null || n === undefined ? null : String(n);

interface Thread {
  count: number;
  publicCount: number;
  requesterCount: number;
  lastAt: string | null;
  latestPublic: ZendeskComment | undefined;
}

function summariseThread(comments: readonly ZendeskComment[], requesterId: number | null): Thread {
  const byTime = [...comments].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  const publicOnes = byTime.filter((c) => c.public);
  return {
    count: byTime.length,
    publicCount: publicOnes.length,
    requesterCount: requesterId === null ? 0 : byTime.filter((c) => c.author_id === requesterId).length,
    lastAt: byTime.at(-1)?.created_at ?? null,
    latestPublic: publicOnes.at(-1),
  };
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The Zendesk Support connector: for a case whose ref is a Zendesk ticket, the ticket itself (`ticket`
 * evidence with status, priority, channel, tags, thread counts and the requester's organization), the
 * requester's and organization's other tickets (`case-history` evidence, newest first, at most
 * `maxHistory`), and what the text attachments of the thread show (`attachment` evidence: log lines,
 * failed requests in HAR captures, JSON error dumps; see {@link attachmentsToRead}). Account facts are the CRM's job; only the organization's name, id and tags are carried
 * here, as ticket attributes.
 *
 * Case history is not cut to the case window: a prior escalation months ago is exactly what it is for.
 * Tickets created after `window.to` are left out, so a replayed case never sees its own future.
 * Closed tickets Zendesk has archived (120 days after closing) are not in its ticket lists.
 *
 * Attachments are best effort: one that cannot be downloaded or parsed (binary, too large, malformed) is
 * left out and the rest of the evidence stands. Their links point at the ticket, never at the attachment's
 * token URL, which opens the file for anyone holding it.
 *
 * @see https://developer.zendesk.com/api-reference/ticketing/introduction/
 */
export const zendeskConnector: ConnectorDefinition<typeof configSchema, typeof secretsSchema> = {
  type: 'zendesk',
  title: 'Zendesk Support',
  capabilities: CAPABILITIES,
  configSchema,
  secretsSchema,
  create({ id: sourceId, config, secrets, context }): ConnectorSource {
    const client = createZendeskClient({ http: context.http, baseUrl: config.baseUrl, secrets });
    // The agent UI addresses a ticket as /agent/tickets/{id}.
    const ticketUrl = (ticketId: number) => `${config.agentUrl}/agent/tickets/${ticketId}`;
    // One more than wanted: the requester's list usually holds the case's own ticket.
    const historyBounds: ListBounds = {
      pageSize: Math.min(100, config.maxHistory + 1),
      maxPages: HISTORY_PAGES,
      maxItems: config.maxHistory + 1,
    };

    function ticketEvidence(
      ticket: ZendeskTicket,
      thread: Thread,
      requester: ZendeskUser | null,
      organizationId: number | null,
      organization: ZendeskOrganization | null,
      otherTickets: number,
    ): Evidence {
      const channel = ticket.via?.channel ?? null;
      const latest = thread.latestPublic;
      const latestText = latest ? (latest.plain_body ?? latest.body ?? '') : '';
      const excerpt = [
        `${ticket.status}, priority ${ticket.priority ?? 'none'}${channel ? `, via ${channel}` : ''}`,
        organization ? `organization ${organization.name}` : null,
        ticket.tags.length ? `tags: ${ticket.tags.join(', ')}` : null,
        `${thread.count} comment(s), ${thread.publicCount} public, ${thread.requesterCount} from the requester${thread.lastAt ? `, last ${thread.lastAt}` : ''}`,
        latestText ? `latest public comment: ${oneLine(latestText, LATEST_COMMENT_CHARS)}` : null,
      ]
        .filter((part) => part !== null)
        .join('; ');
      return toEvidence(sourceId, 'ticket', String(ticket.id), {
        title: `#${ticket.id}: ${ticket.subject ?? '(no subject)'}`,
        excerpt,
        url: ticketUrl(ticket.id),
        observedAt: ticket.updated_at,
        attributes: {
          ticketId: String(ticket.id),
          status: ticket.status,
          priority: ticket.priority ?? null,
          type: ticket.type ?? null,
          channel,
          tags: ticket.tags,
          escalated: isEscalated(ticket),
          assigneeId: id(ticket.assignee_id),
          groupId: id(ticket.group_id),
          // Ids and role only: names and emails stay in Zendesk (attributes are not redacted).
          requesterId: id(ticket.requester_id),
          requesterRole: requester?.role ?? null,
          requesterTags: requester?.tags ?? [],
          requesterSince: requester?.created_at ?? null,
          organizationId: id(organizationId),
          organizationName: organization?.name ?? null,
          organizationTags: organization?.tags ?? [],
          commentCount: thread.count,
          publicCommentCount: thread.publicCount,
          requesterCommentCount: thread.requesterCount,
          lastCommentAt: thread.lastAt,
          otherTicketCount: otherTickets,
          createdAt: ticket.created_at,
          updatedAt: ticket.updated_at,
        },
      });
    }

    /** Evidence from one attachment, or none when it cannot be fetched or read. */
    async function readAttachment(
      ticketId: number,
      attachment: ZendeskAttachment,
      comment: ZendeskComment,
      signal: AbortSignal,
    ): Promise<Evidence[]> {
      let text: string;
      try {
        text = (await client.downloadAttachment(attachment.content_url, signal)).toString('utf8');
      } catch (e) {
        // The query gave up (deadline or a failed sibling call): that is the source's outcome, not this file's.
        if (signal.aborted) throw e;
        return [];
      }
      try {
        const parsed = parseAttachment({
          filename: attachment.file_name,
          contentType: attachment.content_type ?? null,
          text,
        });
        return attachmentEvidence(
          sourceId,
          {
            ref: String(attachment.id),
            filename: attachment.file_name,
            url: ticketUrl(ticketId),
            attachedAt: comment.created_at,
          },
          parsed,
        );
      } catch {
        // AttachmentParseError (binary, too large, malformed) or anything else the content provokes:
        // a customer's file never fails the source.
        return [];
      }
    }

    function historyEvidence(
      ticket: ZendeskTicket,
      sameRequester: boolean,
      sameOrganization: boolean,
    ): Evidence {
      const channel = ticket.via?.channel ?? null;
      const excerpt = [
        `${ticket.status}${ticket.priority ? `, priority ${ticket.priority}` : ''}${channel ? `, via ${channel}` : ''}`,
        `created ${ticket.created_at}, updated ${ticket.updated_at}`,
        ticket.tags.length ? `tags: ${ticket.tags.join(', ')}` : null,
      ]
        .filter((part) => part !== null)
        .join('; ');
      return toEvidence(sourceId, 'case-history', String(ticket.id), {
        title: `#${ticket.id}: ${ticket.subject ?? '(no subject)'}`,
        excerpt,
        url: ticketUrl(ticket.id),
        observedAt: ticket.created_at,
        attributes: {
          caseRef: String(ticket.id),
          status: ticket.status,
          priority: ticket.priority ?? null,
          escalated: isEscalated(ticket),
          channel,
          tags: ticket.tags,
          sameRequester,
          sameOrganization,
          createdAt: ticket.created_at,
          updatedAt: ticket.updated_at,
        },
      });
    }

    /** The other tickets, de-duplicated across both lists, newest first, none after the window. */
    function otherTickets(
      caseTicketId: number,
      requested: readonly ZendeskTicket[],
      organizationTickets: readonly ZendeskTicket[],
      until: Date,
    ): { ticket: ZendeskTicket; sameRequester: boolean; sameOrganization: boolean }[] {
      const byId = new Map<
        number,
        { ticket: ZendeskTicket; sameRequester: boolean; sameOrganization: boolean }
      >();
      for (const t of requested) byId.set(t.id, { ticket: t, sameRequester: true, sameOrganization: false });
      for (const t of organizationTickets) {
        const seen = byId.get(t.id);
        if (seen) seen.sameOrganization = true;
        else byId.set(t.id, { ticket: t, sameRequester: false, sameOrganization: true });
      }
      const last = until.getTime();
      return [...byId.values()]
        .filter(({ ticket }) => ticket.id !== caseTicketId && Date.parse(ticket.created_at) <= last)
        .sort((a, b) => Date.parse(b.ticket.created_at) - Date.parse(a.ticket.created_at))
        .slice(0, config.maxHistory);
    }

    async function readAttachments(
      ticketId: number,
      comments: readonly ZendeskComment[],
      until: Date,
      signal: AbortSignal,
    ): Promise<Evidence[]> {
      const chosen = attachmentsToRead(comments, until);
      const read = await Promise.all(
        chosen.map(({ attachment, comment }) => readAttachment(ticketId, attachment, comment, signal)),
      );
      return read.flat();
    }

    return {
      id: sourceId,
      capabilities: CAPABILITIES,

      async fetch(query: EvidenceQuery): Promise<Evidence[]> {
        const ticketId = zendeskTicketId(query.record.id);
        if (ticketId === undefined) return [];
        return withSiblingAbort(query.signal, async (signal) => {
          // The ticket first: it names the requester and organization the other calls need.
          const ticket = await client.getTicket(ticketId, signal);
          const requesterId = ticket.requester_id ?? null;

          const requesterCall =
            requesterId === null ? Promise.resolve(null) : unlessMissing(client.getUser(requesterId, signal));
          // The ticket's organization, else the requester's default one (tickets may carry none).
          const organizationIdCall =
            ticket.organization_id != null
              ? Promise.resolve(ticket.organization_id)
              : requesterCall.then((user) => user?.organization_id ?? null);

          const commentsCall = client.listComments(ticket.id, COMMENT_BOUNDS, signal);
          // Downloads start as soon as the thread is known, alongside the history calls.
          const attachmentsCall = commentsCall.then((thread) =>
            readAttachments(ticket.id, thread, query.window.to, signal),
          );

          const [comments, requester, requested, organizationId, organization, organizationTickets, files] =
            await Promise.all([
              commentsCall,
              requesterCall,
              requesterId === null
                ? Promise.resolve(null)
                : unlessMissing(client.listRequestedTickets(requesterId, historyBounds, signal)),
              organizationIdCall,
              organizationIdCall.then((orgId) =>
                orgId === null ? null : unlessMissing(client.getOrganization(orgId, signal)),
              ),
              organizationIdCall.then((orgId) =>
                orgId === null
                  ? null
                  : unlessMissing(client.listOrganizationTickets(orgId, historyBounds, signal)),
              ),
              attachmentsCall,
            ]);

          const others = otherTickets(ticket.id, requested ?? [], organizationTickets ?? [], query.window.to);
          return [
            ticketEvidence(
              ticket,
              summariseThread(comments, requesterId),
              requester,
              organizationId,
              organization,
              others.length,
            ),
            ...others.map((o) => historyEvidence(o.ticket, o.sameRequester, o.sameOrganization)),
            ...files,
          ];
        });
      },

      async testConnection(signal: AbortSignal): Promise<void> {
        const me = await client.getCurrentUser(signal);
        // Zendesk answers users/me with an anonymous user, not 401, when it does not know the caller.
        if (me.id === null)
          throw new ConnectorError(
            'auth',
            'Zendesk did not accept the credentials (it answered as an anonymous user)',
          );
        if (me.role === 'end-user')
          throw new ConnectorError(
            'forbidden',
            'Zendesk: the credentials belong to an end user; reading tickets needs an agent',
          );
      },
    };
  },
};
