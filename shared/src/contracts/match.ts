import { z } from 'zod';
import { Confidence, Reasons } from './common';

export const MatchKind = z.enum([
  'known-issue',
  'incident',
  'defect',
  'release',
  'troubleshooting-step',
  'similar-case',
]);
export type MatchKind = z.infer<typeof MatchKind>;

export const Match = z.object({
  kind: MatchKind,
  ref: z.string().min(1),
  title: z.string(),
  url: z.string().nullable(),
  score: Confidence,
  why: z.string(),
  /** For similar cases: how the earlier case was resolved. For known issues: the workaround. */
  resolution: z.string().optional(),
  duplicate: z.boolean().default(false),
  because: Reasons,
});
export type Match = z.infer<typeof Match>;
