import type { z } from 'zod';
import type {
  CaseRecord,
  ImportHistoryRequest,
  ImportHistoryResponse,
  ListCasesQuery,
  ListCasesResponse,
  TenantId,
  TriagePacket,
} from '@triage/shared';

/**
 * What the web layer may ask of the product. Every method takes the tenant, which the caller has taken
 * from a verified token and never from the request.
 *
 * @throws AppError `case_not_found` for an unknown case ref (including one that belongs to another tenant),
 * `validation_failed` for records the engine cannot use.
 */
export interface TriageService {
  /** The stored case, as the desk last sent it. */
  getCase(tenant: TenantId, caseRef: string): Promise<CaseRecord>;
  /** The latest packet for a case, built on demand when there is none or when `refresh` is set. */
  getPacket(tenant: TenantId, caseRef: string, options: { refresh: boolean }): Promise<TriagePacket>;
  /** Stores (or updates) the posted case and builds its packet. */
  buildPacketForRecord(tenant: TenantId, record: CaseRecord): Promise<TriagePacket>;
  listCases(
    tenant: TenantId,
    query: z.output<typeof ListCasesQuery>,
  ): Promise<z.infer<typeof ListCasesResponse>>;
  importHistory(
    tenant: TenantId,
    request: ImportHistoryRequest,
  ): Promise<z.infer<typeof ImportHistoryResponse>>;
}
