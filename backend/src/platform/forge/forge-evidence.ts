import { z } from 'zod';
import { ConnectorError, isConnectorError } from '../../connectors/errors';
import { requestJson } from '../../connectors/http-json';
import { jiraConfigSchema, jiraConnector } from '../../connectors/jira';
import type { EvidenceSource } from '../../connectors/types';
import type { GuardedClient } from '../../infrastructure/http';
import type { ForgeTokenStore } from './token-store';

/** `GET /rest/api/3/serverInfo`: only the site address is read. */
const ServerInfo = z.object({ baseUrl: z.url({ protocol: /^https?$/ }) });

export interface ForgeJiraEvidenceOptions {
  tokens: ForgeTokenStore;
  http: GuardedClient;
  clock: () => Date;
}

/**
 * The Jira evidence of a JSM site that installed the app through Forge and configured no Jira
 * connector of its own: the request with its newest comments and linked issues, and open bugs that
 * read like it (the Jira connector's `ticket`, `case-history` and `defect` items), read through the
 * site's API gateway with the app's forwarded system token. The known-issue search is off: its
 * default JQL names a `KI` project that a site need not have; a site that keeps known issues
 * configures a Jira connector with its own JQL, which then replaces this source.
 *
 * Links point at the site people browse, which Jira names in `serverInfo` (asked once per site and
 * remembered); until it answers they use the gateway address, as Forge write-back results do.
 */
export function createForgeJiraEvidence(options: ForgeJiraEvidenceOptions) {
  const siteUrls = new Map<string, string>();

  async function siteUrlOf(tenant: string, apiBaseUrl: string, token: string, signal: AbortSignal) {
    const known = siteUrls.get(tenant);
    if (known !== undefined) return known;
    try {
      const res = await requestJson(options.http, {
        url: `${apiBaseUrl}/rest/api/3/serverInfo`,
        headers: { Authorization: `Bearer ${token}` },
        signal,
        schema: ServerInfo,
        system: 'Jira',
      });
      const site = res.data.baseUrl.replace(/\/+$/, '');
      siteUrls.set(tenant, site);
      return site;
    } catch {
      // Links are a convenience: whatever stops the lookup (even a scope the token lacks, which Jira
      // answers 401) leaves the evidence itself to its own calls, which report real faults.
      return apiBaseUrl;
    }
  }

  function sourceFor(tenant: string): EvidenceSource {
    return {
      id: 'jira',
      capabilities: jiraConnector.capabilities,
      async fetch(query) {
        const held = options.tokens.system(tenant);
        if (!held) {
          throw new ConnectorError(
            'unavailable',
            'Jira: no Forge token for this site yet; it arrives with the next panel call or issue event',
          );
        }
        try {
          const siteUrl = await siteUrlOf(tenant, held.apiBaseUrl, held.token, query.signal);
          const source = jiraConnector.create({
            id: 'jira',
            config: jiraConfigSchema.parse({ baseUrl: held.apiBaseUrl, siteUrl, knownIssueJql: '' }),
            secrets: { accessToken: held.token },
            context: { http: options.http, secrets: {}, clock: options.clock },
          });
          return await source.fetch(query);
        } catch (e) {
          // A token Jira refuses is dropped, so the next call waits for a fresh one instead of reusing it.
          if (isConnectorError(e) && e.code === 'auth') options.tokens.forget(tenant, held.token);
          throw e;
        }
      },
    };
  }

  const sources = new Map<string, EvidenceSource>();
  return {
    /**
     * The tenant's Forge Jira source, or none: when the tenant configured a Jira connector (which
     * then reads Jira for it), or when Forge has not told this process where the tenant's Jira is
     * (it is not a Forge site, or no invocation has come since the process started).
     */
    sourcesFor(tenant: string, configuredTypes: ReadonlySet<string>): readonly EvidenceSource[] {
      if (configuredTypes.has('jira') || options.tokens.apiBaseUrl(tenant) === undefined) return [];
      let source = sources.get(tenant);
      if (!source) {
        source = sourceFor(tenant);
        sources.set(tenant, source);
      }
      return [source];
    },
  };
}
export type ForgeJiraEvidence = ReturnType<typeof createForgeJiraEvidence>;
