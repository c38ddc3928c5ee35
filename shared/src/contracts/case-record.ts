import { z } from 'zod';
import { IsoDateTime } from './common';

export const CaseComment = z.object({
  author_role: z.enum(['customer', 'agent', 'system']).catch('system'),
  public: z.boolean().optional(),
  created_at: IsoDateTime.optional(),
  author_id: z.string().optional(),
  body: z.string(),
});
export type CaseComment = z.infer<typeof CaseComment>;

const Party = z.object({
  id: z.string().optional(),
  email: z.string().optional(),
  name: z.string().optional(),
});

/**
 * One support case, as imported from history or read from a desk (DESIGN.md, "CaseRecord").
 * Only `id` and one of `subject`/`description` are required. `labels`, `duplicate_of` and `split`
 * are ground truth and evaluation markers: the engine never sees them when it predicts.
 */
export const CaseRecord = z
  .object({
    id: z.string().min(1).max(200),
    source: z.string().optional(),
    created_at: IsoDateTime.optional(),
    updated_at: IsoDateTime.optional(),
    subject: z.string().optional(),
    description: z.string().optional(),
    comments: z.array(CaseComment).optional(),
    requester: Party.optional(),
    organization: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
    channel: z.string().optional(),
    priority: z.string().optional(),
    status: z.string().optional(),
    tags: z.array(z.string()).optional(),
    product: z.string().optional(),
    custom_fields: z.record(z.string(), z.unknown()).optional(),
    labels: z.record(z.string(), z.string()).optional(),
    resolution: z.string().optional(),
    duplicate_of: z.string().nullable().optional(),
    solved_at: IsoDateTime.optional(),
    split: z.enum(['train', 'test']).optional(),
  })
  .refine((c) => Boolean(c.subject?.trim() || c.description?.trim()), {
    error: 'a case needs a subject or a description',
    path: ['subject'],
  });
export type CaseRecord = z.infer<typeof CaseRecord>;

/** The fields the engine may see when predicting: ground truth and split markers removed. */
export function visibleCase(record: CaseRecord): CaseRecord {
  const { labels: _labels, duplicate_of: _dup, split: _split, ...visible } = record;
  return visible;
}
