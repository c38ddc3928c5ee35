import type { CaseRecord } from '@triage/shared';
import { hashJson } from '../common/hashing';
import { decideRetrain, type RetrainDecision, type RetrainPolicy } from '../domain/learning/index';
import type { BuildPacketDeps } from './build-packet';
import { trainModel } from './train-model';

/** What a retrain did. `version` is the tenant's current model afterwards (null: none). */
export type RetrainOutcome =
  | { status: 'trained'; version: string; previous: string | null; decision: RetrainDecision }
  | { status: 'skipped'; version: string | null; decision: RetrainDecision };

type RetrainDeps = Pick<BuildPacketDeps, 'repos' | 'engines'>;

async function labelledHistory(deps: RetrainDeps, tenant: string): Promise<CaseRecord[]> {
  const records: CaseRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.repos.cases.list(tenant, { status: 'all', limit: 500, cursor });
    for (const c of page.items)
      if (c.record.labels && Object.keys(c.record.labels).length > 0) records.push(c.record);
    cursor = page.nextCursor;
  } while (cursor !== null);
  // Oldest first, so that a retrain on the same history gives the same model and digest.
  records.sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id.localeCompare(b.id));
  return records;
}

/**
 * Retrains a tenant's model when its policy says so (`decideRetrain`: first model, or the labelled
 * history grew by the policy's threshold since the current version; `force` skips the threshold).
 * A new version is stored with its training-set size, digest and per-label metrics, becomes current,
 * and is audited; earlier versions stay stored for `rollbackTenantModel`. A tenant with no labelled
 * history keeps working on rules alone.
 */
export async function retrainTenantModel(
  deps: RetrainDeps,
  tenant: string,
  options: { force?: boolean; policy?: RetrainPolicy } = {},
): Promise<RetrainOutcome> {
  const records = await labelledHistory(deps, tenant);
  const digest = `sha256:${hashJson(records)}`;
  const [current] = (await deps.repos.models.list(tenant)).filter((m) => m.retiredAt === null);
  const decision = decideRetrain({ cases: records.length, digest }, current ?? null, options);
  if (!decision.retrain) return { status: 'skipped', version: current?.version ?? null, decision };

  const { model, serialised, summary } = trainModel({ records });
  if (await deps.repos.models.has(tenant, model.version)) {
    // The same parameters as a stored version: a rolled-back version is not brought back by itself.
    return {
      status: 'skipped',
      version: current?.version ?? null,
      decision: { ...decision, retrain: false, reason: `training gave ${model.version}, already stored` },
    };
  }
  await deps.repos.models.save(tenant, {
    version: model.version,
    trainedOn: records.length,
    trainingDigest: digest,
    metrics: summary.labels,
    model: serialised,
  });
  await deps.repos.audit.append(tenant, {
    actor: { kind: 'engine', id: 'trainer' },
    action: 'model.trained',
    object: { type: 'model', id: model.version },
  });
  deps.engines.invalidate(tenant);
  return { status: 'trained', version: model.version, previous: current?.version ?? null, decision };
}

/**
 * Puts the tenant back on the model version that was current before this one, and audits who did it.
 *
 * @returns the retired and now-current versions, or null when there is no earlier version.
 */
export async function rollbackTenantModel(
  deps: RetrainDeps,
  tenant: string,
  actor: { kind: 'person' | 'system'; id: string },
): Promise<{ retired: string; current: string } | null> {
  const outcome = await deps.repos.models.rollback(tenant);
  if (!outcome) return null;
  await deps.repos.audit.append(tenant, {
    actor,
    action: 'model.rolled-back',
    object: { type: 'model', id: outcome.retired },
  });
  deps.engines.invalidate(tenant);
  return outcome;
}
