import type { CaseRecord, Evidence } from '@triage/shared';

/** What an evidence source can tell about a case. */
export type Capability =
  | 'case-history'
  | 'account'
  | 'billing'
  | 'logs'
  | 'error-events'
  | 'releases'
  | 'known-issues'
  | 'incidents'
  | 'attachments';

/** One request for evidence about one case, under the packet's deadline. */
export interface EvidenceQuery {
  tenant: string;
  record: CaseRecord;
  /** The window worth searching, e.g. 7 days before the case to now. */
  window: { from: Date; to: Date };
  now: Date;
  /** Aborted when the packet deadline passes; a source must stop work and return. */
  signal: AbortSignal;
  /** When the packet deadline passes (epoch ms), for deciding whether a retry still fits. */
  deadlineAt?: number;
}

/**
 * A read-only evidence port. Implementations never write to the system they read, never throw for "no
 * data" (they return []), and throw only for faults, which the fan-out records as the source's status.
 */
export interface EvidenceSource {
  readonly id: string;
  readonly capabilities: readonly Capability[];
  fetch(query: EvidenceQuery): Promise<Evidence[]>;
}

/** The sources a tenant has configured, by id and by capability. */
export interface ConnectorRegistry {
  list(): readonly EvidenceSource[];
  byId(id: string): EvidenceSource | undefined;
  byCapability(capability: Capability): readonly EvidenceSource[];
}
