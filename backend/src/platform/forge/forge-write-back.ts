import type { Actor } from '@triage/shared';
import { ConnectorError, isConnectorError } from '../../connectors/errors';
import { createJiraWriteBack, JIRA_WRITE_ACTIONS } from '../../connectors/jira/write-back';
import type { WriteBackRequest, WriteBackResult, WriteBackTarget } from '../../connectors/types';
import type { GuardedClient } from '../../infrastructure/http';
import type { ForgeTokenStore } from './token-store';

/** Systems a JSM installation writes to: the request itself (`jsm`) and engineering issues (`jira`). */
export const FORGE_SYSTEMS: ReadonlySet<string> = new Set(['jsm', 'jira']);

/** How a write-back's approver is found: the approval the idempotency key belongs to. */
export type ApproverLookup = (tenant: string, idempotencyKey: string) => Promise<Actor | undefined>;

export interface ForgeWriteBackOptions {
  tokens: ForgeTokenStore;
  http: GuardedClient;
  approverOf: ApproverLookup;
  /** The tenant's configured targets (stored connectors), used for writes not approved through JSM. */
  fallback: (tenant: string, system: string) => Promise<WriteBackTarget | undefined>;
}

const JSM_PERSON = /^jsm:([A-Za-z0-9:_-]{1,128})$/;

function accountIdOf(actor: Actor | undefined): string | undefined {
  if (actor?.kind !== 'person') return undefined;
  return JSM_PERSON.exec(actor.id)?.[1];
}

/**
 * Write-back targets for tenants on Forge (PLATFORMS.md 2.5, 2.6): the JSM target of
 * `connectors/jira/write-back.ts`, sent to the installation's `apiBaseUrl` with a token Forge forwarded.
 *
 * - The approving person's user token, while we hold it: Jira checks their permissions again and the
 *   comment is theirs.
 * - Otherwise the installation's system token (the app's bot). The person's role was checked against
 *   Jira when they approved; the approval gate runs again before every attempt.
 * - Neither (after a restart, before the next invocation or trigger brings one): a retryable
 *   `unavailable`, so the worker backs off and tries again.
 *
 * A write approved outside JSM (a Zendesk or development token on a tenant with a stored Jira connector)
 * goes to the tenant's configured target. A 401 from Jira drops the token that got it.
 *
 * @returns a `targetFor(tenant, system)` for the write-back worker.
 */
export function forgeTargetFor(
  options: ForgeWriteBackOptions,
): (tenant: string, system: string) => Promise<WriteBackTarget | undefined> {
  async function writeWithForge(
    tenant: string,
    request: WriteBackRequest,
    accountId: string | undefined,
    op: (target: WriteBackTarget) => Promise<WriteBackResult | null>,
  ): Promise<WriteBackResult | null> {
    const user = accountId === undefined ? undefined : options.tokens.user(tenant, accountId);
    const held = user ?? options.tokens.system(tenant);
    if (!held) {
      throw new ConnectorError(
        'unavailable',
        'Jira: no Forge token yet for this site; waiting for the next invocation',
      );
    }
    const target = createJiraWriteBack({
      id: `forge-jsm-${tenant}`,
      // The FIT names the API gateway, not the site, so result links use the gateway form; the panel
      // links the issue itself from its own context's siteUrl.
      config: {
        baseUrl: held.apiBaseUrl,
        siteUrl: held.apiBaseUrl,
        knownIssueJql: '',
        defectJql: '',
        maxResults: 50,
        maxPages: 1,
      },
      secrets: { accessToken: held.token },
      context: { http: options.http },
    });
    try {
      return await op(target);
    } catch (e) {
      if (isConnectorError(e) && e.code === 'auth') {
        options.tokens.forget(tenant, held.token);
        // Another token may still work (the bot's, when the person's lapsed): let the queue retry.
        throw new ConnectorError('unavailable', 'Jira refused the forwarded token', { cause: e });
      }
      throw e;
    }
  }

  return async function targetFor(tenant, system) {
    const configured = await options.fallback(tenant, system);
    if (!FORGE_SYSTEMS.has(system)) return configured;

    async function route<T>(
      request: { ref: string; idempotencyKey: string; signal: AbortSignal },
      viaConfigured: (t: WriteBackTarget) => Promise<T>,
      viaForge: (accountId: string | undefined) => Promise<T>,
    ): Promise<T> {
      const approver = await options.approverOf(tenant, request.idempotencyKey);
      const accountId = accountIdOf(approver);
      const forgeKnown = options.tokens.apiBaseUrl(tenant) !== undefined;
      if (accountId === undefined && !forgeKnown) {
        if (configured) return viaConfigured(configured);
        throw new ConnectorError('config', 'Jira: no connection is configured for this tenant');
      }
      return viaForge(accountId);
    }

    const target: WriteBackTarget = {
      id: `forge-${system}`,
      system,
      actions: JIRA_WRITE_ACTIONS,
      write(request) {
        return route(
          request,
          (t) => t.write(request),
          async (accountId) => {
            const result = await writeWithForge(tenant, request, accountId, (t) => t.write(request));
            if (result === null) throw new Error('a write returned no result');
            return result;
          },
        );
      },
      findMarker(request) {
        return route(
          request,
          (t) => t.findMarker(request),
          // The marker is the app's record, readable with the bot's token as well as the person's.
          (accountId) =>
            writeWithForge(tenant, { ...request, action: 'internal-note', payload: {} }, accountId, (t) =>
              t.findMarker(request),
            ),
        );
      },
    };
    return target;
  };
}
