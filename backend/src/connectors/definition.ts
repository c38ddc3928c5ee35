import type { z } from 'zod';
import type { GuardedClient } from '../infrastructure/http';
import type { Capability, EvidenceSource } from './types';

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

/**
 * One kind of connector (Zendesk, Jira, Stripe, ...): how its configuration and credentials are validated
 * and how a configured instance is created. Configuration is not secret and may be shown to admins;
 * secrets are write-only and stored encrypted.
 */
export interface ConnectorDefinition<C extends z.ZodType = z.ZodType, S extends z.ZodType = z.ZodType> {
  /** Stable type key, e.g. `zendesk`. */
  type: string;
  title: string;
  capabilities: readonly Capability[];
  configSchema: C;
  secretsSchema: S;
  create(options: {
    id: string;
    config: z.output<C>;
    secrets: z.output<S>;
    context: ConnectorContext;
  }): ConnectorSource;
}
