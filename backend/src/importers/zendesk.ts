import { z } from 'zod';
import { ImportFormatError, type ImportIssue, type ImportResult } from './types';
import { validateCandidates } from './validate-record';

const Id = z.union([z.number(), z.string()]).transform(String);

const ZendeskComment = z.object({
  author_id: Id.nullish(),
  public: z.boolean().optional(),
  body: z.string().nullish(),
  plain_body: z.string().nullish(),
  created_at: z.string().nullish(),
});

// Loose on purpose: exports carry dozens of fields we do not use, and a ticket whose used fields
// are malformed is reported as an issue, not a crash.
const ZendeskTicket = z.object({
  id: Id,
  subject: z.string().nullish(),
  raw_subject: z.string().nullish(),
  description: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  priority: z.string().nullish(),
  status: z.string().nullish(),
  type: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  via: z.object({ channel: z.string().nullish() }).nullish(),
  requester_id: Id.nullish(),
  organization_id: Id.nullish(),
  custom_fields: z.array(z.object({ id: Id, value: z.unknown() })).nullish(),
  comments: z.array(ZendeskComment).nullish(),
});

const ZendeskExport = z.object({ tickets: z.array(z.unknown()) });

function toCaseRecord(ticket: z.infer<typeof ZendeskTicket>): Record<string, unknown> {
  const record: Record<string, unknown> = { id: `zendesk-${ticket.id}`, source: 'zendesk' };
  const set = (key: string, value: unknown): void => {
    if (value !== undefined && value !== null && value !== '') record[key] = value;
  };
  set('subject', ticket.subject ?? ticket.raw_subject);
  set('description', ticket.description);
  set('created_at', ticket.created_at);
  set('updated_at', ticket.updated_at);
  set('priority', ticket.priority);
  set('status', ticket.status);
  set('channel', ticket.via?.channel);
  if (ticket.tags?.length) record.tags = ticket.tags;
  if (ticket.requester_id) record.requester = { id: ticket.requester_id };
  if (ticket.organization_id) record.organization = { id: ticket.organization_id };
  const custom = (ticket.custom_fields ?? []).filter((f) => f.value !== null && f.value !== undefined);
  if (custom.length) record.custom_fields = Object.fromEntries(custom.map((f) => [f.id, f.value]));
  const comments = (ticket.comments ?? [])
    .map((c) => ({
      // Zendesk does not say who wrote a comment; the requester is the customer, others are agents.
      author_role: c.author_id && c.author_id === ticket.requester_id ? 'customer' : 'agent',
      author_id: c.author_id ?? undefined,
      public: c.public,
      created_at: c.created_at ?? undefined,
      body: c.plain_body ?? c.body ?? '',
    }))
    .filter((c) => c.body !== '');
  if (comments.length) record.comments = comments;
  return record;
}

/**
 * Imports a Zendesk incremental ticket export (`{"tickets": [...]}`, each ticket optionally with a
 * `comments` array). Ticket ids become `zendesk-<id>`. Issues are numbered by ticket (1-based).
 *
 * @throws ImportFormatError when the file is not JSON or has no `tickets` array.
 */
export function importZendesk(text: string): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ImportFormatError(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = ZendeskExport.safeParse(json);
  if (!parsed.success) throw new ImportFormatError('expected a Zendesk export: {"tickets": [...]}');
  const issues: ImportIssue[] = [];
  const candidates: { line: number; value: unknown }[] = [];
  parsed.data.tickets.forEach((raw, i) => {
    const ticket = ZendeskTicket.safeParse(raw);
    if (!ticket.success) {
      issues.push({ line: i + 1, unit: 'ticket', reason: z.prettifyError(ticket.error).replace(/\n/g, ' ') });
      return;
    }
    candidates.push({ line: i + 1, value: toCaseRecord(ticket.data) });
  });
  return validateCandidates(candidates, 'ticket', issues);
}
