import type { CaseRecord, Evidence, SourceReport } from '@triage/shared';
import type { TenantConfig } from '../tenant-config';

/** One learned label's prediction for a case, calibrated, with what drove it. */
export interface LabelPrediction {
  key: string;
  /** Classes by probability, highest first. */
  classes: { value: string; p: number }[];
  /** The strongest features behind the top class, readable. */
  explanation: string[];
  model: string;
}

/** An earlier case that reads like this one. */
export interface SimilarCase {
  ref: string;
  title: string;
  score: number;
  matchedTerms: string[];
  resolution: string | null;
  queue: string | null;
  solved: boolean;
  url: string | null;
}

/** Everything the engine needs to build a packet. The engine performs no I/O: callers gather all of it. */
export interface TriageInput {
  id: string;
  tenant: string;
  record: CaseRecord;
  evidence: Evidence[];
  sources: SourceReport[];
  config: TenantConfig;
  /** Error signatures found in the case text (exception names, codes, statuses, versions). */
  signatures: string[];
  predictions: LabelPrediction[];
  modelVersion: string | null;
  similar: SimilarCase[];
  now: Date;
}
