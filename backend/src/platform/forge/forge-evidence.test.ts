import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectorError } from '../../connectors/errors';
import { issueResponse } from '../../connectors/jira/fixtures';
import { startFakeServer, type FakeServer } from '../../connectors/testing/fake-server';
import { createGuardedClient } from '../../infrastructure/http';
import { createForgeJiraEvidence } from './forge-evidence';
import { createForgeTokenStore } from './token-store';

let jira: FakeServer;
const revoked = new Set<string>();
let serverInfo: { status: number; body: unknown } = {
  status: 200,
  body: { baseUrl: 'https://acme.atlassian.net/' },
};

beforeAll(async () => {
  jira = await startFakeServer((req) => {
    if (revoked.has(req.headers.authorization ?? '')) return { status: 401, body: {} };
    if (req.path === '/rest/api/3/serverInfo') return serverInfo;
    if (req.path === '/rest/api/3/issue/SUP-1') return { body: issueResponse({}, 'SUP-1') };
    if (req.path === '/rest/api/3/issue/SUP-1/comment') {
      return { body: { startAt: 0, maxResults: 50, total: 0, comments: [] } };
    }
    if (req.path === '/rest/api/3/search/jql') return { body: { issues: [], isLast: true } };
    return { status: 404, body: {} };
  });
});
afterAll(() => jira.close());

function setup() {
  const tokens = createForgeTokenStore();
  const http = createGuardedClient({ timeoutMs: 2000, maxResponseBytes: 100_000, allowInsecureLocal: true });
  const evidence = createForgeJiraEvidence({ tokens, http, clock: () => new Date() });
  const remember = (tenant: string, systemToken?: string) =>
    tokens.remember({ tenant, installationId: 'inst-1', apiBaseUrl: jira.baseUrl, systemToken });
  const query = (tenant: string) => ({
    tenant,
    record: { id: 'SUP-1', subject: 'Invoices fail' },
    window: { from: new Date(Date.now() - 7 * 86_400_000), to: new Date() },
    now: new Date(),
    signal: AbortSignal.timeout(2000),
  });
  const fetchFor = (tenant: string) => {
    const [source] = evidence.sourcesFor(tenant, new Set());
    if (!source) throw new Error(`no Forge Jira source for ${tenant}`);
    return source.fetch(query(tenant));
  };
  return { tokens, evidence, remember, query, fetchFor };
}

describe('the Jira evidence of a Forge site', () => {
  it('is offered only for a site Forge has named and that configured no Jira connector', () => {
    const { evidence, remember } = setup();
    expect(evidence.sourcesFor('site-1', new Set())).toEqual([]);
    remember('site-1', 'system-1');
    expect(evidence.sourcesFor('site-1', new Set(['hubspot'])).map((s) => s.id)).toEqual(['jira']);
    expect(evidence.sourcesFor('site-1', new Set(['jira']))).toEqual([]);
    expect(evidence.sourcesFor('zendesk-account', new Set())).toEqual([]);
  });

  it('reads the request with the app token and links it to the site Jira names', async () => {
    const { remember, fetchFor } = setup();
    remember('site-2', 'system-2');
    const items = await fetchFor('site-2');
    expect(items.find((e) => e.kind === 'ticket')?.url).toBe('https://acme.atlassian.net/browse/SUP-1');
    const used = jira.requests
      .filter((r) => r.headers.authorization === 'Bearer system-2')
      .map((r) => r.path);
    expect(used).toEqual(expect.arrayContaining(['/rest/api/3/serverInfo', '/rest/api/3/issue/SUP-1']));
    // The site address is asked once per site.
    await fetchFor('site-2');
    expect(
      jira.requests.filter(
        (r) => r.headers.authorization === 'Bearer system-2' && r.path.endsWith('serverInfo'),
      ),
    ).toHaveLength(1);
  });

  it.each([503, 401])(
    'links through the gateway when Jira does not name its site (serverInfo %i), keeping the token',
    async (status) => {
      serverInfo = { status, body: {} };
      try {
        const { tokens, remember, fetchFor } = setup();
        remember('site-3', 'system-3');
        const items = await fetchFor('site-3');
        expect(items.find((e) => e.kind === 'ticket')?.url).toBe(`${jira.baseUrl}/browse/SUP-1`);
        expect(tokens.system('site-3')?.token).toBe('system-3');
      } finally {
        serverInfo = { status: 200, body: { baseUrl: 'https://acme.atlassian.net/' } };
      }
    },
  );

  it('says why when it holds no token, and drops a token Jira refuses', async () => {
    const { tokens, remember, fetchFor } = setup();
    remember('site-4');
    const waiting = await fetchFor('site-4').catch((e: unknown) => e);
    expect(isConnectorError(waiting) && waiting.code).toBe('unavailable');
    expect((waiting as Error).message).toMatch(/next panel call or issue event/);

    remember('site-4', 'system-4');
    revoked.add('Bearer system-4');
    const refused = await fetchFor('site-4').catch((e: unknown) => e);
    expect(isConnectorError(refused) && refused.code).toBe('auth');
    expect(tokens.system('site-4')).toBeUndefined();
    expect((refused as Error).message).not.toContain('system-4');
  });
});
