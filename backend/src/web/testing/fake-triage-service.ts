import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  CaseRecord,
  TriagePacket,
  type ImportHistoryRequest,
  type ImportHistoryResponse,
  type ListCasesQuery,
  type ListCasesResponse,
  type TenantId,
} from '@triage/shared';
import { AppError } from '../../common/errors';
import type { TriageService } from '../../usecases/triage-service';

/** One state change the fake performed: what the "nothing was changed" assertions look at. */
export interface FakeWrite {
  op: 'storeCase' | 'buildPacket';
  tenant: TenantId;
  caseRef: string;
}

/** One call that reached the service, with the tenant it was made for. */
export interface FakeCall {
  method: keyof TriageService;
  tenant: TenantId;
}

interface StoredCase {
  record: CaseRecord;
  packet: TriagePacket | undefined;
}

/** A packet that passes the TriagePacket schema, for a tenant and case. Overrides win. */
export function makePacket(
  tenant: TenantId,
  record: CaseRecord,
  overrides: Partial<TriagePacket> = {},
): TriagePacket {
  const reason = { kind: 'rule', ruleId: 'fake.rule', detail: 'built by the fake service' } as const;
  return TriagePacket.parse({
    id: `pkt-${tenant}-${record.id}`,
    tenant,
    caseRef: record.id,
    subject: record.subject ?? record.description ?? '',
    builtAt: '2026-03-02T10:14:00Z',
    engineVersion: 'fake-1',
    inputsDigest: createHash('sha256').update(JSON.stringify(record)).digest('hex'),
    modelVersion: null,
    classification: [],
    flags: [],
    evidence: [],
    missing: [],
    matches: [],
    route: {
      queue: null,
      confidence: 0,
      needsHuman: true,
      threshold: 0.9,
      alternatives: [],
      because: [reason],
    },
    firstAction: { text: 'Ask the customer for reproduction steps.', because: [reason] },
    timeline: [],
    drafts: [],
    proposedActions: [],
    completeness: { score: 0, sources: [] },
    ...overrides,
  });
}

/** A CaseRecord with sensible defaults; overrides win. */
export function makeCaseRecord(overrides: Partial<CaseRecord> = {}): CaseRecord {
  return CaseRecord.parse({
    id: 'ZD-1042',
    source: 'zendesk',
    created_at: '2026-03-02T10:14:00Z',
    subject: 'Checkout fails with 502 after upgrade',
    status: 'open',
    ...overrides,
  });
}

/**
 * An in-memory TriageService that behaves like the real one at the boundary the web layer sees:
 * per-tenant case stores, `case_not_found` for unknown and foreign refs, packets built on demand.
 * It records every call and every write, so tests can assert that a rejected request changed nothing.
 */
export class FakeTriageService implements TriageService {
  readonly calls: FakeCall[] = [];
  readonly writes: FakeWrite[] = [];
  private readonly tenants = new Map<TenantId, Map<string, StoredCase>>();
  private failure: Error | undefined;

  /** Seeds a case (and optionally its packet) without recording a write. */
  seed(tenant: TenantId, record: CaseRecord, options: { withPacket?: boolean } = {}): void {
    this.store(tenant).set(record.id, {
      record,
      packet: options.withPacket ? makePacket(tenant, record) : undefined,
    });
  }

  /** Makes every following call reject with `error` (e.g. to exercise the 500 path). */
  failWith(error: Error | undefined): void {
    this.failure = error;
  }

  getCase(tenant: TenantId, caseRef: string): Promise<CaseRecord> {
    this.enter('getCase', tenant);
    const stored = this.store(tenant).get(caseRef);
    if (!stored) return Promise.reject(new AppError('case_not_found', 'No case with this reference.'));
    return Promise.resolve(stored.record);
  }

  getPacket(tenant: TenantId, caseRef: string, options: { refresh: boolean }): Promise<TriagePacket> {
    this.enter('getPacket', tenant);
    const stored = this.store(tenant).get(caseRef);
    if (!stored) return Promise.reject(new AppError('case_not_found', 'No case with this reference.'));
    if (!stored.packet || options.refresh) {
      stored.packet = makePacket(tenant, stored.record);
      this.writes.push({ op: 'buildPacket', tenant, caseRef });
    }
    return Promise.resolve(stored.packet);
  }

  buildPacketForRecord(tenant: TenantId, record: CaseRecord): Promise<TriagePacket> {
    this.enter('buildPacketForRecord', tenant);
    const packet = makePacket(tenant, record);
    this.store(tenant).set(record.id, { record, packet });
    this.writes.push(
      { op: 'storeCase', tenant, caseRef: record.id },
      { op: 'buildPacket', tenant, caseRef: record.id },
    );
    return Promise.resolve(packet);
  }

  listCases(
    tenant: TenantId,
    query: z.output<typeof ListCasesQuery>,
  ): Promise<z.infer<typeof ListCasesResponse>> {
    this.enter('listCases', tenant);
    const all = [...this.store(tenant).values()].filter(
      (c) =>
        query.status === 'all' ||
        (query.status === 'solved' ? c.record.status === 'solved' : c.record.status !== 'solved'),
    );
    const start = query.cursor === undefined ? 0 : Number(query.cursor);
    const page = all.slice(start, start + query.limit);
    return Promise.resolve({
      cases: page.map((c) => ({
        caseRef: c.record.id,
        subject: c.record.subject ?? '',
        createdAt: c.record.created_at ?? null,
        status: c.record.status ?? null,
        priority: c.record.priority ?? null,
        channel: c.record.channel ?? null,
        organization: c.record.organization?.name ?? null,
        hasPacket: c.packet !== undefined,
      })),
      nextCursor: start + query.limit < all.length ? String(start + query.limit) : null,
    });
  }

  importHistory(
    tenant: TenantId,
    request: ImportHistoryRequest,
  ): Promise<z.infer<typeof ImportHistoryResponse>> {
    this.enter('importHistory', tenant);
    if (request.format !== 'jsonl') {
      return Promise.reject(new AppError('unprocessable', 'The fake service imports jsonl only.'));
    }
    const result = { imported: 0, updated: 0, rejected: [] as { line: number; message: string }[] };
    request.content.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        result.rejected.push({ line: index + 1, message: 'not JSON' });
        return;
      }
      const parsed = CaseRecord.safeParse(json);
      if (!parsed.success) {
        result.rejected.push({ line: index + 1, message: 'not a case record' });
        return;
      }
      const existed = this.store(tenant).has(parsed.data.id);
      this.store(tenant).set(parsed.data.id, { record: parsed.data, packet: undefined });
      this.writes.push({ op: 'storeCase', tenant, caseRef: parsed.data.id });
      if (existed) result.updated++;
      else result.imported++;
    });
    return Promise.resolve(result);
  }

  private enter(method: keyof TriageService, tenant: TenantId): void {
    this.calls.push({ method, tenant });
    if (this.failure) throw this.failure;
  }

  private store(tenant: TenantId): Map<string, StoredCase> {
    let cases = this.tenants.get(tenant);
    if (!cases) {
      cases = new Map();
      this.tenants.set(tenant, cases);
    }
    return cases;
  }
}
