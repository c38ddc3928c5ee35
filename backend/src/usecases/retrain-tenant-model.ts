import type { CaseRecord } from '@triage/shared';
import { z } from 'zod';
import type { BuildPacketDeps } from './build-packet';
import { trainModel } from './train-model';

/**
 * Trains a new model version on every labelled case the tenant has, stores it and audits it. A tenant
 * with no labelled history keeps working on rules alone.
 *
 * @returns the new model version, or null when there was nothing to learn.
 */
export async function retrainTenantModel(
  deps: Pick<BuildPacketDeps, 'repos' | 'engines'>,
  tenant: string,
): Promise<string | null> {
  const records: CaseRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.repos.cases.list(tenant, { status: 'all', limit: 500, cursor });
    for (const c of page.items)
      if (c.record.labels && Object.keys(c.record.labels).length > 0) records.push(c.record);
    cursor = page.nextCursor;
  } while (cursor !== null);
  if (records.length === 0) return null;
  // Oldest first, so that a retrain on the same history gives the same model.
  records.sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id.localeCompare(b.id));
  const { model, serialised } = trainModel({ records });
  const latest = await deps.repos.models.latest(tenant, z.unknown());
  if (latest?.version !== model.version) {
    await deps.repos.models.save(tenant, {
      version: model.version,
      trainedOn: records.length,
      model: serialised,
    });
  }
  await deps.repos.audit.append(tenant, {
    actor: { kind: 'engine', id: 'trainer' },
    action: 'model.trained',
    object: { type: 'model', id: model.version },
  });
  deps.engines.invalidate(tenant);
  return model.version;
}
