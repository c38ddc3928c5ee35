import type { CaseRecord, TriagePacket } from '@triage/shared';
import { AppError } from '../common/errors';
import { ImportFormatError, importCases, parseColumnMappings } from '../importers/index';
import type { StoredCase } from '../storage';
import { buildPacket, type BuildPacketDeps } from './build-packet';
import { retrainTenantModel } from './retrain-tenant-model';
import type { TriageService } from './triage-service';

export interface TriageServiceDeps extends BuildPacketDeps {
  /** Told when a background retrain fails; the previous model stays in use. */
  onRetrainError?: (tenant: string, error: unknown) => void;
}

/**
 * The packet as the API serves it: security-sensitive evidence keeps its title, source and link but not
 * its text, which is shown only after a person with the right role approves revealing it. The stored
 * packet keeps the (redacted) text for that.
 */
export function withholdSensitive(packet: TriagePacket): TriagePacket {
  if (!packet.evidence.some((e) => e.sensitive)) return packet;
  return {
    ...packet,
    evidence: packet.evidence.map((e) => (e.sensitive ? { ...e, excerpt: '', attributes: {} } : e)),
  };
}

function caseNotFound(): AppError {
  return new AppError('case_not_found', 'No case with that reference exists in this workspace.');
}

/**
 * The product's use cases behind the web layer. Every method takes the tenant from the caller, which took
 * it from a verified token.
 */
export function createTriageService(
  deps: TriageServiceDeps,
): TriageService & { retrains: Map<string, Promise<void>> } {
  const retrains = new Map<string, Promise<void>>();

  const scheduleRetrain = (tenant: string) => {
    // One retrain per tenant at a time; an import during a retrain is picked up by the next one.
    if (retrains.has(tenant)) return;
    const run = retrainTenantModel(deps, tenant)
      .then(() => undefined)
      .catch((e: unknown) => deps.onRetrainError?.(tenant, e))
      .finally(() => retrains.delete(tenant));
    retrains.set(tenant, run);
  };

  async function packetFor(tenant: string, stored: StoredCase, refresh: boolean): Promise<TriagePacket> {
    if (!refresh) {
      const latest = await deps.repos.packets.latestForCase(tenant, stored.ref);
      // A packet older than the case's last change is stale: the ticket moved on.
      if (latest && latest.builtAt >= stored.updatedAt) return latest;
    }
    return buildPacket(deps, tenant, stored.record);
  }

  return {
    retrains,
    async getCase(tenant, caseRef) {
      const stored = await deps.repos.cases.get(tenant, caseRef);
      if (!stored) throw caseNotFound();
      return stored.record;
    },

    async getPacket(tenant, caseRef, { refresh }) {
      const stored = await deps.repos.cases.get(tenant, caseRef);
      if (!stored) throw caseNotFound();
      return withholdSensitive(await packetFor(tenant, stored, refresh));
    },

    async buildPacketForRecord(tenant, record: CaseRecord) {
      await deps.repos.cases.upsert(tenant, record);
      const stored = await deps.repos.cases.get(tenant, record.id);
      if (!stored) throw caseNotFound();
      return withholdSensitive(await packetFor(tenant, stored, true));
    },

    async listCases(tenant, query) {
      let page;
      try {
        page = await deps.repos.cases.list(tenant, {
          status: query.status,
          limit: query.limit,
          cursor: query.cursor ?? null,
        });
      } catch (e) {
        if (e instanceof Error && 'code' in e && e.code === 'invalid_input') {
          throw new AppError(
            'validation_failed',
            'The cursor is not one this API issued. Start again without a cursor.',
            { cause: e },
          );
        }
        throw e;
      }
      const packets = await Promise.all(
        page.items.map((c) => deps.repos.packets.latestForCase(tenant, c.ref)),
      );
      return {
        cases: page.items.map((c, i) => ({
          caseRef: c.ref,
          subject: c.subject,
          createdAt: c.createdAt,
          status: c.status,
          priority: c.record.priority ?? null,
          channel: c.record.channel ?? null,
          organization: c.record.organization?.name ?? null,
          hasPacket: packets[i] !== null,
        })),
        nextCursor: page.nextCursor,
      };
    },

    async importHistory(tenant, request) {
      let result;
      try {
        const mappings = parseColumnMappings(
          Object.entries(request.map ?? {}).map(([col, field]) => `${col}=${field}`),
        );
        result = importCases(request.format, request.content, mappings);
      } catch (e) {
        if (e instanceof ImportFormatError) throw new AppError('validation_failed', e.message, { cause: e });
        throw e;
      }
      const counts = result.records.length
        ? await deps.repos.cases.upsertMany(tenant, result.records)
        : { inserted: 0, updated: 0, unchanged: 0 };
      if (counts.inserted + counts.updated > 0) {
        deps.engines.invalidate(tenant);
        if (result.records.some((r) => r.labels && Object.keys(r.labels).length > 0)) scheduleRetrain(tenant);
      }
      return {
        imported: counts.inserted,
        updated: counts.updated,
        rejected: result.issues.map((i) => ({ line: i.line, message: i.reason })),
      };
    },
  };
}
