import type { AuditChainFault, AuditHead, AuditRepository } from '../storage/index';
import { StorageError } from '../storage/index';

/** One tenant's verdict from {@link verifyAuditChains}. */
export type TenantChainVerdict =
  | {
      tenant: string;
      ok: true;
      /** Events walked, all intact. */
      events: number;
      /** The chain head, null for an empty chain. */
      head: AuditHead | null;
      /** Whether an expected head (checkpoint) was checked for this tenant. */
      checkpointChecked: boolean;
    }
  | {
      tenant: string;
      ok: false;
      /** Events found intact before the break. */
      events: number;
      /** The first seq where the chain breaks; null when the rows could not be read at all. */
      firstBadSeq: number | null;
      /** The repository's fault, or `unreadable` when stored rows no longer match their contract. */
      fault: AuditChainFault | 'unreadable';
      checkpointChecked: boolean;
    };

/** What {@link verifyAuditChains} found, over every tenant it was asked about. */
export interface ChainsVerdict {
  /** True when every chain verified (vacuously true for no tenants). */
  ok: boolean;
  tenants: TenantChainVerdict[];
}

/** Options for {@link verifyAuditChains}. */
export interface VerifyChainsOptions {
  /** Heads the chains must still contain, by tenant (from off-database checkpoints). */
  expectedHeads?: ReadonlyMap<string, AuditHead>;
  /** Rows per page while walking; see {@link AuditRepository.verify}. */
  pageSize?: number;
}

/**
 * Verifies each tenant's chain with {@link AuditRepository.verify}, in the order given (duplicates are
 * walked once). A tenant with an expected head must still contain it, which catches a truncated tail.
 * Rows the repository can no longer read (a tampered tenant id or column) count as a broken chain,
 * not as an error, so one bad tenant does not hide the others' verdicts; any other error (the database
 * unreachable) propagates.
 *
 * @example
 * const verdict = await verifyAuditChains(createAuditRepository(db), await listAuditTenants(db));
 * if (!verdict.ok) alert(verdict.tenants.filter((t) => !t.ok));
 */
export async function verifyAuditChains(
  audit: AuditRepository,
  tenants: readonly string[],
  options: VerifyChainsOptions = {},
): Promise<ChainsVerdict> {
  const verdicts: TenantChainVerdict[] = [];
  for (const tenant of new Set(tenants)) {
    const expectedHead = options.expectedHeads?.get(tenant);
    const checkpointChecked = expectedHead !== undefined;
    try {
      const result = await audit.verify(tenant, {
        ...(expectedHead === undefined ? {} : { expectedHead }),
        ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
      });
      verdicts.push(
        result.ok
          ? { tenant, ok: true, events: result.checked, head: result.head, checkpointChecked }
          : {
              tenant,
              ok: false,
              events: result.checked,
              firstBadSeq: result.firstBadSeq,
              fault: result.fault,
              checkpointChecked,
            },
      );
    } catch (e) {
      if (!(e instanceof StorageError) || (e.code !== 'corrupt_row' && e.code !== 'invalid_input')) throw e;
      verdicts.push({
        tenant,
        ok: false,
        events: 0,
        firstBadSeq: null,
        fault: 'unreadable',
        checkpointChecked,
      });
    }
  }
  return { ok: verdicts.every((v) => v.ok), tenants: verdicts };
}
