import type { ActionKind, CaseRecord, Evidence } from '@triage/shared';

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

/** One approved write to a system of record. */
export interface WriteBackRequest {
  /** The ticket, issue or record written to. */
  ref: string;
  action: ActionKind;
  /** Exactly the payload whose SHA-256 the approval recorded. */
  payload: Readonly<Record<string, unknown>>;
  /** Stable across retries: the target uses it as a marker so a repeated call has no second effect. */
  idempotencyKey: string;
  signal: AbortSignal;
}

export interface WriteBackResult {
  /** The created comment, issue or note, when the target returns one. */
  externalId: string | null;
  url: string | null;
}

/**
 * The write port, separate from the read-only evidence port: reachable only from the approved write-back
 * use case, which audits before and after every call.
 */
export interface WriteBackTarget {
  readonly id: string;
  readonly system: string;
  readonly actions: readonly ActionKind[];
  /** @throws ConnectorError; a `retryable` one may be retried after checking {@link findMarker}. */
  write(request: WriteBackRequest): Promise<WriteBackResult>;
  /** Whether a write with this idempotency key already took effect (for outcomes that are unknown). */
  findMarker(request: {
    ref: string;
    idempotencyKey: string;
    signal: AbortSignal;
  }): Promise<WriteBackResult | null>;
}
