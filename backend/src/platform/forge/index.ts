import type { ReplayGuard } from '../../infrastructure/replay/replay-guard';
import type { Actor } from '@triage/shared';
import type { RequestHandler } from 'express';
import type { FetchImplementation } from 'jose';
import type { WriteBackTarget } from '../../connectors/types';
import type { Config } from '../../infrastructure/config';
import { createGuardedClient, type GuardedClient } from '../../infrastructure/http';
import type { Logger } from '../../infrastructure/logger';
import { createRepositories, type Db } from '../../storage';
import { byTokenIssuer, forgeAuth } from './forge-auth';
import { createForgeJiraEvidence, type ForgeJiraEvidence } from './forge-evidence';
import { forgeTargetFor } from './forge-write-back';
import type { HarnessSigner } from './harness-signer';
import { createJiraRoleResolver } from './jira-roles';
import { createIssueSyncQueue, type IssueSyncQueue } from './sync-issue';
import { createForgeTokenStore, type ForgeTokenStore } from './token-store';
import {
  atlassianKeys,
  createFitVerifier,
  isAtlassianApiBase,
  isLoopbackHttp,
  type FitTrust,
  type FitVerifier,
} from './verify-fit';

export { byTokenIssuer, bearerOf, forgeAuth } from './forge-auth';
export { FIT_ISSUER, FitClaims } from './fit-claims';
export { FORGE_SYSTEMS, forgeTargetFor, type ApproverLookup } from './forge-write-back';
export {
  createHarnessSigner,
  HARNESS_APP_ID,
  HARNESS_ENVIRONMENT,
  type HarnessInvocation,
  type HarnessSigner,
} from './harness-signer';
export { createJiraRoleResolver, PERMISSION_ROLES, type JiraRoleResolver } from './jira-roles';
export {
  createIssueSyncQueue,
  ISSUE_KEY,
  syncIssue,
  type IssueSyncQueue,
  type SyncIssueResult,
} from './sync-issue';
export { createForgeTokenStore, type ForgeTokenStore } from './token-store';
export {
  atlassianKeys,
  createFitVerifier,
  FIT_ALGORITHMS,
  FitError,
  isAtlassianApiBase,
  isLoopbackHttp,
  type FitRefusal,
  type FitTrust,
  type FitVerifier,
  type VerifiedInvocation,
} from './verify-fit';

/** Everything the composition root wires for Jira Service Management on Forge. */
export interface ForgePlatform {
  /** Verifies FITs; the events route uses it directly. */
  readonly verifier: FitVerifier;
  /** The `/v1` authenticator for FITs (principal required). */
  readonly authenticate: RequestHandler;
  readonly tokens: ForgeTokenStore;
  /** The Jira evidence of sites without a Jira connector, read with the forwarded system token. */
  readonly jiraEvidence: ForgeJiraEvidence;
  /** Outbound client for `apiBaseUrl` calls (SSRF-guarded; hosts were checked at verification). */
  readonly http: GuardedClient;
  readonly syncs: IssueSyncQueue;
  /** Write-back targets: Forge tokens for JSM/Jira writes, the fallback for everything else. */
  readonly targetFor: (tenant: string, system: string) => Promise<WriteBackTarget | undefined>;
  readonly harness: HarnessSigner | undefined;
  /**
   * Composes the FIT authenticator with another one, chosen by the bearer token's issuer.
   * @example createApp({ ..., authenticate: forge.withOtherAuthenticator(sessionOrDev) })
   */
  withOtherAuthenticator(otherwise: RequestHandler): RequestHandler;
  close(): void;
}

export interface ForgePlatformOptions {
  config: Config;
  logger: Logger;
  db: Db;
  /** The tenant's configured write-back targets. */
  fallbackTargets: (tenant: string, system: string) => Promise<WriteBackTarget | undefined>;
  /** The local harness's signer; pass one only outside production. */
  harness?: HarnessSigner;
  /** Fetches Atlassian's key set (tests serve a local one). */
  jwksFetch?: FetchImplementation;
  /** Where used invocation tokens are remembered: shared by every process in production. */
  replay: ReplayGuard;
  clock?: () => Date;
}

/**
 * Wires FIT verification (Atlassian's keys for the configured app ids, and the harness's key when
 * given), the in-memory token store, role lookups, the Forge write-back targets and the trigger queue.
 *
 * @throws Error when a harness signer is passed in production.
 */
export function createForgePlatform(options: ForgePlatformOptions): ForgePlatform {
  const { config, logger } = options;
  if (options.harness && config.nodeEnv === 'production') {
    throw new Error('Refusing to start: the Forge harness key is never trusted in production.');
  }
  const clock = options.clock ?? (() => new Date());
  const local = config.nodeEnv !== 'production';
  const trusts: FitTrust[] = [];
  if (options.harness) trusts.push(options.harness.trust);
  trusts.push({
    name: 'atlassian',
    keys: atlassianKeys({
      jwksUrl: config.forge.jwksUrl,
      ...(options.jwksFetch ? { fetch: options.jwksFetch } : {}),
    }),
    appIds: config.forge.appIds,
    environments: config.forge.environments,
    apiBaseAllowed: (url) =>
      isAtlassianApiBase(url) || (config.connectorAllowInsecureLocal && isLoopbackHttp(url)),
  });
  const verifier = createFitVerifier({ trusts, clock });
  const tokens = createForgeTokenStore({ clock });
  const http = createGuardedClient({
    timeoutMs: 10_000,
    maxResponseBytes: 5 * 1024 * 1024,
    // Loopback only ever passes the trust checks above outside production (the harness, fake Jira).
    allowInsecureLocal: local,
  });
  const roles = createJiraRoleResolver({
    http,
    clock,
    onError: (err) => logger.warn({ err }, 'jira role lookup failed'),
  });
  const authenticate = forgeAuth({ verifier, tokens, roles, replay: options.replay, logger });
  const repos = createRepositories(options.db);
  const approverOf = async (tenant: string, idempotencyKey: string): Promise<Actor | undefined> => {
    // The approval use case keys each write-back `wb-<approval id>`.
    const approvalId = /^wb-(.+)$/.exec(idempotencyKey)?.[1];
    if (approvalId === undefined) return undefined;
    return (await repos.approvals.get(tenant, approvalId))?.approver;
  };
  return {
    verifier,
    authenticate,
    tokens,
    jiraEvidence: createForgeJiraEvidence({ tokens, http, clock }),
    http,
    syncs: createIssueSyncQueue({ onError: (err) => logger.warn({ err }, 'forge issue sync failed') }),
    targetFor: forgeTargetFor({ tokens, http, approverOf, fallback: options.fallbackTargets }),
    harness: options.harness,
    withOtherAuthenticator: (otherwise) => byTokenIssuer({ forge: authenticate, otherwise }),
    close: () => http.close(),
  };
}
