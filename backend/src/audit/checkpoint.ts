import { IsoDateTime, TenantId } from '@triage/shared';
import { z } from 'zod';
import type { AuditHead, AuditRepository } from '../storage/index';

/** A lower-case hex SHA-256, as `row_hash` is stored. */
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256');

/**
 * A chain head recorded for storage off the database (PLATFORMS.md 3.4): verifying the chain against
 * it later detects a truncated tail, which the chain alone cannot.
 *
 * **Unsigned for now.** Anyone who can write the file can forge it, so keep it where the database's
 * administrators cannot write (a separate bucket, a ticket, a printout). The signed hourly checkpoint
 * comes later and will add its signature to this shape; unknown keys are ignored when parsing, so
 * today's verifier reads tomorrow's files.
 */
export const AuditCheckpoint = z.object({
  tenant: TenantId,
  /** The head event's seq: the chain must still contain it. */
  seq: z.number().int().positive(),
  /** The head event's `row_hash`. */
  rowHash: Sha256Hex,
  /** The head event's own timestamp. */
  ts: IsoDateTime,
  /** When the checkpoint was taken. */
  exportedAt: IsoDateTime,
});
/** See {@link AuditCheckpoint}. */
export type AuditCheckpoint = z.infer<typeof AuditCheckpoint>;

/** Why {@link createAuditCheckpoint} refused to record a head. */
export class AuditCheckpointError extends Error {
  constructor(
    message: string,
    readonly reason: 'empty_chain' | 'chain_broken',
  ) {
    super(message);
    this.name = 'AuditCheckpointError';
  }
}

/** The head a checkpoint pins, in the form {@link AuditRepository.verify} takes as `expectedHead`. */
export function checkpointHead(checkpoint: AuditCheckpoint): AuditHead {
  return { seq: checkpoint.seq, rowHash: checkpoint.rowHash };
}

/**
 * Records the tenant's chain head. The chain is verified first, so a checkpoint never vouches for a
 * chain that is already broken.
 *
 * @throws AuditCheckpointError `empty_chain` when the tenant has no events, `chain_broken` when the
 * chain does not verify.
 */
export async function createAuditCheckpoint(
  audit: AuditRepository,
  tenant: string,
  now: Date = new Date(),
): Promise<AuditCheckpoint> {
  const verdict = await audit.verify(tenant);
  if (!verdict.ok) {
    throw new AuditCheckpointError(
      `the audit chain of ${tenant} is broken at seq ${verdict.firstBadSeq} (${verdict.fault}); not recording its head`,
      'chain_broken',
    );
  }
  const head = verdict.head;
  if (head === null) {
    throw new AuditCheckpointError(`tenant ${tenant} has no audit events`, 'empty_chain');
  }
  // The chain only grows, so the verified head row is still there with the same hash.
  const [event] = await audit.list(tenant, { afterSeq: head.seq - 1, limit: 1 });
  if (event?.seq !== head.seq || event.rowHash !== head.rowHash) {
    throw new AuditCheckpointError(
      `the audit chain of ${tenant} changed at seq ${head.seq} while it was being read`,
      'chain_broken',
    );
  }
  return AuditCheckpoint.parse({
    tenant: event.tenant,
    seq: event.seq,
    rowHash: event.rowHash,
    ts: event.ts,
    exportedAt: now.toISOString(),
  });
}
