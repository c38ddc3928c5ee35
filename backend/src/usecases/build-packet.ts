import { hashJson } from '../common/hashing';
import { randomUUID } from 'node:crypto';
import type { CaseRecord, TriagePacket } from '@triage/shared';
import { gatherEvidence } from '../connectors/gather';
import type { EvidenceSource } from '../connectors/types';
import { triage } from '../domain/triage';
import type { Db } from '../storage';
import { createRepositories, type Repositories } from '../storage';
import { caseSignatures, type EngineCache } from './tenant-engine';
import { loadTenantConfig } from './load-tenant-config';
import { enqueueAutonomousActions } from './manage-actions';

export interface BuildPacketDeps {
  db: Db;
  repos: Repositories;
  engines: EngineCache;
  sourcesFor: (tenant: string) => Promise<readonly EvidenceSource[]>;
  deadlineMs: number;
  clock: () => Date;
  onSourceError?: (tenant: string, sourceId: string, error: unknown) => void;
}

const WINDOW_BEFORE_MS = 7 * 86_400_000;

/**
 * Builds a packet for a stored case: gathers evidence under one deadline, runs the engine, and stores the
 * packet with its evidence and an audit event in one transaction. A failing source marks its section
 * unavailable; it never fails the packet.
 */
export async function buildPacket(
  deps: BuildPacketDeps,
  tenant: string,
  record: CaseRecord,
): Promise<TriagePacket> {
  const config = await loadTenantConfig(deps.repos, tenant);
  const now = deps.clock();
  const created = record.created_at ? Date.parse(record.created_at) : now.getTime();
  const [engine, sources] = await Promise.all([deps.engines.forTenant(tenant), deps.sourcesFor(tenant)]);
  const gathered = await gatherEvidence(
    sources,
    {
      tenant,
      record,
      now,
      window: { from: new Date(Math.min(created, now.getTime()) - WINDOW_BEFORE_MS), to: now },
    },
    { deadlineMs: deps.deadlineMs, onError: (source, error) => deps.onSourceError?.(tenant, source, error) },
  );
  const packet = triage({
    id: `pkt_${randomUUID()}`,
    tenant,
    record,
    evidence: gathered.evidence,
    sources: gathered.reports,
    config,
    signatures: caseSignatures(record),
    predictions: engine.predict(record),
    modelVersion: engine.modelVersion,
    similar: engine.similar(record),
    now,
  });
  await deps.db.transaction(async (tx) => {
    const repos = createRepositories(tx);
    await repos.packets.save(tenant, packet);
    await repos.audit.append(tenant, {
      actor: { kind: 'engine', id: packet.engineVersion },
      action: 'packet.built',
      object: { type: 'packet', id: packet.id },
      payloadHash: packet.inputsDigest,
      ts: packet.builtAt,
    });
    // What the engine concluded and drafted, each bound to a hash of exactly what the packet shows.
    await repos.audit.append(tenant, {
      actor: { kind: 'engine', id: packet.engineVersion },
      action: 'packet.classified',
      object: { type: 'packet', id: packet.id },
      payloadHash: hashJson({
        classification: packet.classification,
        flags: packet.flags,
        route: packet.route,
      }),
      ts: packet.builtAt,
    });
    for (const draft of packet.drafts) {
      await repos.audit.append(tenant, {
        actor: { kind: 'engine', id: packet.engineVersion },
        action: 'draft.created',
        object: { type: 'draft', id: `${packet.id}~${draft.id}` },
        payloadHash: draft.payloadHash,
        ts: packet.builtAt,
      });
    }
    for (const report of packet.completeness.sources) {
      await repos.audit.append(tenant, {
        actor: { kind: 'connector', id: report.source },
        action: `evidence.${report.status}`,
        object: { type: 'packet', id: packet.id },
        ts: packet.builtAt,
      });
    }
    // Risk-free actions the tenant set to `act` are queued with the packet, no person in the loop.
    await enqueueAutonomousActions(tx, packet, config);
  });
  return packet;
}
