import { z } from 'zod';
import { CaseRecord } from './case-record';

export const CaseRefParam = z.object({
  caseRef: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'a case ref is letters, digits, dot, dash, underscore or colon'),
});

export const PacketQuery = z.object({
  refresh: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export const BuildPacketRequest = z.object({ case: CaseRecord });

export const ImportFormat = z.enum(['jsonl', 'csv', 'zendesk', 'jira-json', 'jira-csv']);
export type ImportFormat = z.infer<typeof ImportFormat>;

export const ImportHistoryRequest = z.object({
  format: ImportFormat,
  /** The export's text, as the desk wrote it. */
  content: z.string().min(1).max(20_000_000),
  /** For csv: column=field pairs, e.g. { "Ticket ID": "id", "Summary": "subject" }. */
  map: z.record(z.string(), z.string()).optional(),
});
export type ImportHistoryRequest = z.infer<typeof ImportHistoryRequest>;

export const ImportHistoryResponse = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), message: z.string() })),
});

export const CaseSummary = z.object({
  caseRef: z.string(),
  subject: z.string(),
  createdAt: z.string().nullable(),
  status: z.string().nullable(),
  priority: z.string().nullable(),
  channel: z.string().nullable(),
  organization: z.string().nullable(),
  hasPacket: z.boolean(),
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const ListCasesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
  status: z.enum(['open', 'solved', 'all']).default('all'),
});

export const ListCasesResponse = z.object({
  cases: z.array(CaseSummary),
  nextCursor: z.string().nullable(),
});
