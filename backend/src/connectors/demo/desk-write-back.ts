import { parseApprovedPayload } from '../approved-payload';
import type { ActionKind, CaseRecord } from '@triage/shared';
import { z } from 'zod';
import { sha256Hex } from '../../common/hashing';
import { createRepositories, StorageError, type Db, type Repositories } from '../../storage';
import { ConnectorError } from '../errors';
import type { WriteBackRequest, WriteBackResult, WriteBackTarget } from '../types';

const SYSTEM = 'Demo desk';

/** The connector id every demo target reports. */
export const DEMO_DESK_ID = 'demo-desk';

/** What each proposal target system of the demo tenant takes. */
export const DEMO_WRITE_ACTIONS: Readonly<Record<string, readonly ActionKind[]>> = {
  zendesk: ['internal-note', 'public-reply', 'set-tags', 'set-fields'],
  jsm: ['internal-note', 'public-reply', 'set-tags'],
  jira: ['engineering-issue'],
  crm: ['crm-note', 'service-credit'],
  'escalation-queue': ['escalation'],
};

/** Where a finished write's marker is kept: one source record per idempotency key. */
export const DEMO_MARKER = { source: 'write-backs', kind: 'marker' } as const;

const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/);
const Comment = z.object({ body: z.string().trim().min(1).max(60_000) });
/** The Zendesk `set-fields` shape the demo desk honours: the ticket priority. */
const Fields = z.object({
  fields: z.array(z.unknown()).max(0).default([]),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
});
const Tags = z.object({
  tags: z
    .array(z.string().regex(/^[^\s,]{1,80}$/))
    .min(1)
    .max(50),
});
const EngineeringIssue = z.object({
  project: z.string().regex(/^[A-Z][A-Z0-9_]{0,19}$/),
  summary: z.string().trim().min(1).max(255),
  signatures: z.array(z.string().max(500)).max(20).default([]),
  evidenceIds: z.array(z.string().max(300)).max(20).default([]),
  linkBack: z.string().min(1).max(100),
});
const CrmNote = z.object({ note: z.string().trim().min(1).max(60_000) });
const ServiceCredit = z.object({ caseRef: z.string().min(1), reason: z.string().trim().min(1).max(2000) });
const Escalation = z.object({
  caseRef: z.string().min(1),
  reasons: z.array(z.string()).default([]),
  severity: z.string().optional(),
});
const Marker = z.object({ externalId: z.string().nullable() });
const DefectKey = z.object({ key: z.string() });

export interface DemoWriteBackDeps {
  db: Db;
  /** The tenant whose stored desk this writes to: the demo tenant. */
  tenant: string;
  clock: () => Date;
}

/** Another transaction committed the same idempotency key while this one ran. */
class AlreadyWritten extends Error {}

/** A short, stable id for a record a write creates, derived from its idempotency key. */
function idFor(prefix: string, idempotencyKey: string): string {
  return `${prefix}-${sha256Hex(idempotencyKey).slice(0, 12)}`;
}

/**
 * The write-back targets of the demo tenant, whose desk, CRM and engineering tracker are the rows
 * seeded in our own database. They make `npm start`'s preview and the sidebar harnesses write back for
 * real, and what they write shows up in the next packet:
 *
 * - `zendesk` / `jsm`: `internal-note` and `public-reply` (`{ body }`) append an agent comment (internal
 *   or public) to the stored case; `set-tags` (`{ tags }`) adds tags. The ref is the case ref (`ZD-10665`,
 *   `SUP-2210`); a bare ticket number means the Zendesk case `ZD-<n>`.
 * - `jira`: `engineering-issue` files an open `engineering/defect` record (`ENG-<next>`), which the demo
 *   knowledge source then offers as a match.
 * - `crm`: `crm-note` (`{ note }`) and `service-credit` (`{ caseRef, reason }`) are recorded against the
 *   account the ref names (the account evidence id, `crm:account:<id>`, or the bare id).
 * - `escalation-queue`: `escalation` is recorded as an `escalations/escalation` record.
 *
 * Exactly once: each write and its marker (a `write-backs/marker` record keyed by the idempotency key)
 * commit in one transaction, so `findMarker` finds a write exactly when it committed. The marker row is
 * claimed before the effect, so a second transaction with the same key waits on it and then returns
 * the first one's result; a repeated `write` of a finished key likewise returns that result without a
 * second effect. Two writes with different keys to one case read and rewrite the case record, so they
 * rely on the write-back worker running one write per ticket at a time. Results carry an external id
 * and no URL: these records live nowhere a person could open.
 */
export function createDemoWriteBacks(deps: DemoWriteBackDeps): WriteBackTarget[] {
  const { tenant } = deps;

  async function readMarker(repos: Repositories, idempotencyKey: string): Promise<WriteBackResult | null> {
    const record = await repos.sourceRecords.get(tenant, { ...DEMO_MARKER, ref: idempotencyKey });
    const marker = Marker.safeParse(record?.data);
    return marker.success ? { externalId: marker.data.externalId, url: null } : null;
  }

  async function caseFor(repos: Repositories, ref: string): Promise<CaseRecord> {
    const trimmed = ref.trim();
    const candidates = [trimmed, trimmed.toUpperCase(), ...(/^\d+$/.test(trimmed) ? [`ZD-${trimmed}`] : [])];
    for (const candidate of candidates) {
      const stored = await repos.cases.get(tenant, candidate);
      if (stored) return stored.record;
    }
    throw new ConnectorError('not_found', `${SYSTEM}: no such case`);
  }

  async function accountFor(repos: Repositories, ref: string): Promise<string> {
    const trimmed = ref.trim();
    const accountId = trimmed.slice(trimmed.lastIndexOf(':') + 1);
    const account = await repos.sourceRecords.get(tenant, { source: 'crm', kind: 'account', ref: accountId });
    if (!account) throw new ConnectorError('not_found', `${SYSTEM}: no such CRM account`);
    return accountId;
  }

  async function nextDefectKey(repos: Repositories, project: string): Promise<string> {
    const defects = await repos.sourceRecords.findBySource(tenant, 'engineering', 'defect', { limit: 1000 });
    let highest = 0;
    for (const d of defects) {
      const key = DefectKey.safeParse(d.data);
      const n =
        key.success && key.data.key.startsWith(`${project}-`)
          ? Number(key.data.key.slice(project.length + 1))
          : 0;
      if (Number.isInteger(n) && n > highest) highest = n;
    }
    return `${project}-${highest + 1}`;
  }

  /** Applies one approved write; returns the external id of what it created, if anything. */
  async function apply(repos: Repositories, request: WriteBackRequest, at: string): Promise<string | null> {
    const { action, payload } = request;
    switch (action) {
      case 'internal-note':
      case 'public-reply': {
        const { body } = parseApprovedPayload(SYSTEM, Comment, action, payload);
        const record = await caseFor(repos, request.ref);
        const comments = [
          ...(record.comments ?? []),
          {
            author_role: 'agent' as const,
            public: action === 'public-reply',
            created_at: at,
            author_id: 'triage',
            body,
          },
        ];
        await repos.cases.upsert(tenant, { ...record, comments, updated_at: at });
        return `${record.id}:comment:${comments.length}`;
      }
      case 'set-tags': {
        const { tags } = parseApprovedPayload(SYSTEM, Tags, action, payload);
        const record = await caseFor(repos, request.ref);
        const current = record.tags ?? [];
        const added = tags.filter((t, i) => !current.includes(t) && tags.indexOf(t) === i);
        if (added.length > 0)
          await repos.cases.upsert(tenant, { ...record, tags: [...current, ...added], updated_at: at });
        return null;
      }
      case 'set-fields': {
        const { priority } = parseApprovedPayload(SYSTEM, Fields, action, payload);
        const record = await caseFor(repos, request.ref);
        if (priority !== undefined && record.priority !== priority)
          await repos.cases.upsert(tenant, { ...record, priority, updated_at: at });
        return null;
      }
      case 'engineering-issue': {
        const p = parseApprovedPayload(SYSTEM, EngineeringIssue, action, payload);
        const linked = await caseFor(repos, p.linkBack);
        const area = linked.custom_fields?.product_area;
        const key = await nextDefectKey(repos, p.project);
        await repos.sourceRecords.upsertMany(tenant, [
          {
            source: 'engineering',
            kind: 'defect',
            ref: key,
            observedAt: at,
            data: {
              key,
              title: p.summary,
              product: linked.product ?? 'unknown',
              component: typeof area === 'string' ? area : 'unknown',
              status: 'open',
              priority: 'Unprioritised',
              createdAt: at,
              url: null,
              linkedCase: linked.id,
              signatures: p.signatures,
              evidenceIds: p.evidenceIds,
            },
          },
        ]);
        return key;
      }
      case 'crm-note':
      case 'service-credit': {
        const accountId = await accountFor(repos, request.ref);
        const fields =
          action === 'crm-note'
            ? { note: parseApprovedPayload(SYSTEM, CrmNote, action, payload).note }
            : parseApprovedPayload(SYSTEM, ServiceCredit, action, payload);
        const id = idFor(action === 'crm-note' ? 'note' : 'credit', request.idempotencyKey);
        const kind = action === 'crm-note' ? 'note' : 'service-credit-request';
        await repos.sourceRecords.upsertMany(tenant, [
          { source: 'crm', kind, ref: id, observedAt: at, data: { id, accountId, ...fields, createdAt: at } },
        ]);
        return id;
      }
      case 'escalation': {
        const p = parseApprovedPayload(SYSTEM, Escalation, action, payload);
        const id = idFor('ESC', request.idempotencyKey);
        await repos.sourceRecords.upsertMany(tenant, [
          {
            source: 'escalations',
            kind: 'escalation',
            ref: id,
            observedAt: at,
            data: { id, caseRef: p.caseRef, reasons: p.reasons, severity: p.severity ?? null, createdAt: at },
          },
        ]);
        return id;
      }
      default:
        throw new ConnectorError('config', `${SYSTEM} does not take ${String(action)} write-backs`);
    }
  }

  function markerRecord(request: WriteBackRequest, system: string, externalId: string | null, at: string) {
    return {
      ...DEMO_MARKER,
      ref: request.idempotencyKey,
      observedAt: at,
      data: { system, ref: request.ref, action: request.action, externalId },
    };
  }

  async function write(system: string, request: WriteBackRequest): Promise<WriteBackResult> {
    checkKey(request.idempotencyKey);
    if (!(DEMO_WRITE_ACTIONS[system] ?? []).includes(request.action))
      throw new ConnectorError(
        'config',
        `${SYSTEM} does not take ${request.action} write-backs for ${system}`,
      );
    try {
      return await deps.db.transaction(async (tx) => {
        const repos = createRepositories(tx);
        const prior = await readMarker(repos, request.idempotencyKey);
        if (prior) return prior;
        const at = deps.clock().toISOString();
        // The key is claimed before the effect: a concurrent transaction with the same key blocks on this
        // row until we commit, and then finds it taken instead of writing a second time.
        const claim = await repos.sourceRecords.upsertMany(tenant, [markerRecord(request, system, null, at)]);
        if (claim.inserted === 0) throw new AlreadyWritten();
        const externalId = await apply(repos, request, at);
        await repos.sourceRecords.upsertMany(tenant, [markerRecord(request, system, externalId, at)]);
        return { externalId, url: null };
      });
    } catch (e) {
      if (e instanceof AlreadyWritten) {
        const done = await readMarker(createRepositories(deps.db), request.idempotencyKey);
        if (done) return done;
      }
      throw asConnectorError(e);
    }
  }

  return Object.keys(DEMO_WRITE_ACTIONS).map((system) => ({
    id: DEMO_DESK_ID,
    system,
    actions: DEMO_WRITE_ACTIONS[system] ?? [],
    write: (request) => write(system, request),
    async findMarker(request) {
      checkKey(request.idempotencyKey);
      try {
        return await readMarker(createRepositories(deps.db), request.idempotencyKey);
      } catch (e) {
        throw asConnectorError(e);
      }
    },
  }));
}

function checkKey(key: string): void {
  if (!IdempotencyKey.safeParse(key).success)
    throw new ConnectorError('config', `${SYSTEM}: the idempotency key has an unsupported format`);
}

/**
 * A database fault is a transient connector fault here: the transaction rolled back, so nothing was
 * written, and the worker's retry (after its marker check) is safe.
 */
function asConnectorError(e: unknown): unknown {
  if (e instanceof StorageError)
    return new ConnectorError('unavailable', `${SYSTEM}: the write could not be stored`, { cause: e });
  return e;
}
