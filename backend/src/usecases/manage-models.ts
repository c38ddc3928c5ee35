import type { Actor } from '@triage/shared';
import { z } from 'zod';
import { AppError } from '../common/errors';
import type { BuildPacketDeps } from './build-packet';
import { rollbackTenantModel } from './retrain-tenant-model';

/** One stored model version as an admin sees it: what it was trained on and how it did, not the weights. */
export const ModelVersionView = z.object({
  version: z.string(),
  /** The version packets use now. */
  current: z.boolean(),
  createdAt: z.string(),
  activatedAt: z.string(),
  retiredAt: z.string().nullable(),
  trainedOn: z.number().int(),
  trainingDigest: z.string().nullable(),
  /** Per-label figures recorded at training time (classes, held-out accuracy and ECE). */
  metrics: z.record(z.string(), z.unknown()),
});
export type ModelVersionView = z.infer<typeof ModelVersionView>;

export const ModelVersionList = z.object({ versions: z.array(ModelVersionView) });
export type ModelVersionList = z.infer<typeof ModelVersionList>;

export const ModelRollbackResponse = z.object({
  /** The version that was current and is now retired. */
  retired: z.string(),
  /** The version packets use from now on. */
  current: z.string(),
});
export type ModelRollbackResponse = z.infer<typeof ModelRollbackResponse>;

export interface ModelAdmin {
  /** Every version of the tenant's model, the current one first, then the others newest first. */
  list(tenant: string): Promise<ModelVersionList>;
  /**
   * Retires the current version and puts the tenant back on the one before it, audited as `actor`.
   *
   * @throws AppError `conflict` when there is no earlier version to go back to.
   */
  rollback(tenant: string, actor: Actor): Promise<ModelRollbackResponse>;
}

/** The model versions of a tenant, for its admins. */
export function createModelAdmin(deps: Pick<BuildPacketDeps, 'repos' | 'engines'>): ModelAdmin {
  return {
    async list(tenant) {
      const versions = await deps.repos.models.list(tenant);
      const current = versions.find((v) => v.retiredAt === null)?.version ?? null;
      return { versions: versions.map((v) => ({ ...v, current: v.version === current })) };
    },
    async rollback(tenant, actor) {
      const outcome = await rollbackTenantModel(deps, tenant, { kind: 'person', id: actor.id });
      if (!outcome) {
        throw new AppError(
          'conflict',
          'There is no earlier model version to go back to: this workspace has one active version or none.',
        );
      }
      return outcome;
    },
  };
}
