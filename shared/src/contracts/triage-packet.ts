import { z } from 'zod';
import { IsoDateTime, TenantId } from './common';
import { Classification, Flag, MissingItem } from './classification';
import { Completeness, Evidence } from './evidence';
import { Match } from './match';
import { FirstAction, Route, TimelineEntry } from './route';
import { Draft } from './draft';
import { ProposedAction } from './proposed-action';

/** Everything a specialist needs before touching a case, each statement citing its evidence, rule or model. */
export const TriagePacket = z.object({
  id: z.string(),
  tenant: TenantId,
  caseRef: z.string(),
  subject: z.string(),
  builtAt: IsoDateTime,
  engineVersion: z.string(),
  /** SHA-256 over the case, the evidence, the model version and the rules: same inputs, same digest. */
  inputsDigest: z.string().regex(/^[0-9a-f]{64}$/),
  modelVersion: z.string().nullable(),
  classification: z.array(Classification),
  flags: z.array(Flag),
  evidence: z.array(Evidence),
  missing: z.array(MissingItem),
  matches: z.array(Match),
  route: Route,
  firstAction: FirstAction,
  timeline: z.array(TimelineEntry),
  drafts: z.array(z.lazy(() => Draft)),
  proposedActions: z.array(ProposedAction),
  completeness: Completeness,
});
export type TriagePacket = z.infer<typeof TriagePacket>;
