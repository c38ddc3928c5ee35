/**
 * Storage: one schema and the same repositories on embedded PGlite and on PostgreSQL. Every repository
 * method takes the tenant explicitly and every query filters on it.
 *
 * @example
 * const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
 * const cases = createCasesRepository(db);
 * await db.transaction(async (tx) => {
 *   await createPacketsRepository(tx).save(tenant, packet);
 *   await createAuditRepository(tx).append(tenant, { actor, action: 'packet.built', object });
 * });
 */
import type { Db } from './db';
import { createActionsRepository, type ActionsRepository } from './repositories/actions-repository';
import { createApprovalsRepository, type ApprovalsRepository } from './repositories/approvals-repository';
import { createWriteBacksRepository, type WriteBacksRepository } from './repositories/write-backs-repository';
import { createAuditRepository, type AuditRepository } from './repositories/audit-repository';
import { createCasesRepository, type CasesRepository } from './repositories/cases-repository';
import { createConnectorsRepository, type ConnectorsRepository } from './repositories/connectors-repository';
import { createModelsRepository, type ModelsRepository } from './repositories/models-repository';
import { createPacketsRepository, type PacketsRepository } from './repositories/packets-repository';
import {
  createSourceRecordsRepository,
  type SourceRecordsRepository,
} from './repositories/source-records-repository';
import { createTenantsRepository, type TenantsRepository } from './repositories/tenants-repository';

export { StorageError, type Db, type StorageErrorCode } from './db';
export { openDb, type OpenDbOptions } from './open-db';
export { openPgDb, type PgDbOptions } from './pg-db';
export { openPgliteDb, type PgliteDbOptions } from './pglite-db';
export {
  DEFAULT_MIGRATIONS_DIR,
  migrate,
  readMigrations,
  type MigrateResult,
  type Migration,
} from './migrate';
export {
  createTenantsRepository,
  type StoredTenant,
  type TenantsRepository,
} from './repositories/tenants-repository';
export {
  createCasesRepository,
  type CasePage,
  type CasesRepository,
  type CaseStatusFilter,
  type HistoryQuery,
  type StoredCase,
  type UpsertCounts,
  type UpsertOutcome,
} from './repositories/cases-repository';
export { createPacketsRepository, type PacketsRepository } from './repositories/packets-repository';
export {
  createSourceRecordsRepository,
  type SourceRecord,
  type SourceRecordFilter,
  type SourceRecordsRepository,
} from './repositories/source-records-repository';
export {
  createModelsRepository,
  type ModelsRepository,
  type StoredModel,
} from './repositories/models-repository';
export {
  createConnectorsRepository,
  type ConnectorsRepository,
  type StoredConnector,
} from './repositories/connectors-repository';
export {
  GENESIS_HASH,
  auditRowHash,
  createAuditRepository,
  type AuditChainFault,
  type AuditEventInput,
  type AuditHead,
  type AuditRepository,
  type AuditRowFields,
  type AuditVerification,
} from './repositories/audit-repository';
export { createApprovalsRepository, type ApprovalsRepository } from './repositories/approvals-repository';
export {
  ActionContent,
  createActionsRepository,
  type ActionsRepository,
  type StoredAction,
} from './repositories/actions-repository';
export {
  createWriteBacksRepository,
  type ClaimedWriteBack,
  type EnqueueWriteBack,
  type StoredWriteBack,
  type WriteBacksRepository,
} from './repositories/write-backs-repository';

/** All repositories over one {@link Db} or transaction handle. */
export interface Repositories {
  tenants: TenantsRepository;
  cases: CasesRepository;
  packets: PacketsRepository;
  sourceRecords: SourceRecordsRepository;
  models: ModelsRepository;
  audit: AuditRepository;
  connectors: ConnectorsRepository;
  actions: ActionsRepository;
  approvals: ApprovalsRepository;
  writeBacks: WriteBacksRepository;
}

/**
 * Builds every repository over `db`. Inside `db.transaction(tx => …)` call it with `tx`, so the
 * writes commit together (and, on PGlite, do not wait on the transaction they are part of).
 */
export function createRepositories(db: Db): Repositories {
  return {
    tenants: createTenantsRepository(db),
    cases: createCasesRepository(db),
    packets: createPacketsRepository(db),
    sourceRecords: createSourceRecordsRepository(db),
    models: createModelsRepository(db),
    audit: createAuditRepository(db),
    connectors: createConnectorsRepository(db),
    actions: createActionsRepository(db),
    approvals: createApprovalsRepository(db),
    writeBacks: createWriteBacksRepository(db),
  };
}
