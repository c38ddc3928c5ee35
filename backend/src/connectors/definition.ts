import type { z } from 'zod';
import type { GuardedClient } from '../infrastructure/http';
import type { Capability, EvidenceSource, WriteBackTarget } from './types';

/** What a configured connector gets to work with: the guarded HTTP client, its secrets and a clock. */
export interface ConnectorContext {
  http: GuardedClient;
  /** Decrypted credentials, in memory only for the duration of the build. */
  secrets: Readonly<Record<string, string>>;
  clock: () => Date;
}

/** A configured evidence source that can also check its own connection for an admin. */
export interface ConnectorSource extends EvidenceSource {
  /**
   * One cheap authenticated call that proves the URL and credentials work.
   * @throws ConnectorError with a reason an admin can act on.
   */
  testConnection(signal: AbortSignal): Promise<void>;
}

/** What a definition's factories get: one stored connector's parsed config, opened secrets and context. */
export interface ConnectorOptions<C extends z.ZodType = z.ZodType, S extends z.ZodType = z.ZodType> {
  id: string;
  config: z.output<C>;
  secrets: z.output<S>;
  context: ConnectorContext;
}

/**
 * One kind of connector (Zendesk, Jira, Stripe, ...): how its configuration and credentials are validated
 * and how a configured instance is created. Configuration is not secret and may be shown to admins;
 * secrets are write-only and stored encrypted.
 *
 * A connector that can also write (a desk, a CRM, the escalation webhook) names the proposal target
 * systems it serves in `writeSystems` (the `target.system` of a proposed action: `zendesk`, `jsm`,
 * `jira`, `crm`, `escalation-queue`) and builds its write port from the same config and secrets. The
 * write port stays a separate object from the evidence source, so reading code never holds it.
 */
export interface ConnectorDefinition<C extends z.ZodType = z.ZodType, S extends z.ZodType = z.ZodType> {
  /** Stable type key, e.g. `zendesk`. */
  type: string;
  title: string;
  capabilities: readonly Capability[];
  configSchema: C;
  secretsSchema: S;
  create(options: ConnectorOptions<C, S>): ConnectorSource;
  /** The proposal target systems {@link createWriteBack} serves; absent or empty for read-only types. */
  writeSystems?: readonly string[];
  /** The write-back target over the same configuration; present exactly when `writeSystems` is non-empty. */
  createWriteBack?(options: ConnectorOptions<C, S>): WriteBackTarget;
}
