/**
 * Audit-trail operations over the storage repositories (PLATFORMS.md 3.4): verify every tenant's hash
 * chain, export a chain as JSON Lines, record a chain head for off-database storage. Free of CLI and
 * HTTP concerns, so the CLI and a later scheduled job call the same code.
 */
export { AuditCheckpoint, AuditCheckpointError, checkpointHead, createAuditCheckpoint } from './checkpoint';
export {
  streamAuditEvents,
  writeAuditJsonl,
  type AuditExportOptions,
  type AuditExportSummary,
} from './export';
export { listAuditTenants } from './tenants';
export {
  verifyAuditChains,
  type ChainsVerdict,
  type TenantChainVerdict,
  type VerifyChainsOptions,
} from './verify-chains';
