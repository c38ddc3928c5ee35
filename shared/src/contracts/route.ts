import { z } from 'zod';
import { Confidence, Reason, Reasons } from './common';

export const Route = z.object({
  /** The queue or squad, or null when confidence is below the tenant's threshold. */
  queue: z.string().nullable(),
  confidence: Confidence,
  needsHuman: z.boolean(),
  threshold: Confidence,
  alternatives: z.array(z.object({ queue: z.string(), confidence: Confidence })),
  because: Reasons,
});
export type Route = z.infer<typeof Route>;

export const FirstAction = z.object({
  text: z.string(),
  because: z.array(Reason).min(1),
});
export type FirstAction = z.infer<typeof FirstAction>;

export const TimelineEntry = z.object({
  at: z.iso.datetime({ offset: true }),
  kind: z.string(),
  summary: z.string(),
  evidenceId: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
