import { z } from 'zod';
import { Actor, IsoDateTime, TenantId } from './common';
import { ActionKind } from './proposed-action';

export const ApprovalDecision = z.enum(['approved', 'rejected']);

/** A person's decision on one exact payload, identified by its SHA-256. Any edit voids it. */
export const Approval = z.object({
  id: z.string(),
  tenant: TenantId,
  packetId: z.string(),
  actionId: z.string(),
  actionType: ActionKind,
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
  decision: ApprovalDecision,
  requester: Actor,
  approver: Actor,
  requiredRole: z.string(),
  reason: z.string().optional(),
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
});
export type Approval = z.infer<typeof Approval>;

export const WriteBackStatus = z.enum(['queued', 'executing', 'done', 'failed', 'dead']);

export const WriteBack = z.object({
  id: z.string(),
  tenant: TenantId,
  approvalId: z.string(),
  actionId: z.string(),
  target: z.object({ system: z.string(), ref: z.string() }),
  idempotencyKey: z.string(),
  status: WriteBackStatus,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type WriteBack = z.infer<typeof WriteBack>;

/** One link in a tenant's append-only, hash-chained audit trail. Ids and hashes, never customer bodies. */
export const AuditEvent = z.object({
  seq: z.number().int().positive(),
  tenant: TenantId,
  ts: IsoDateTime,
  actor: Actor,
  action: z.string(),
  object: z.object({ type: z.string(), id: z.string() }),
  payloadHash: z.string().nullable(),
  prevHash: z.string(),
  rowHash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
