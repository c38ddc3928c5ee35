import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectorError } from '../../connectors/errors';
import { startFakeServer, type FakeServer } from '../../connectors/testing/fake-server';
import { createGuardedClient } from '../../infrastructure/http';
import { forgeTargetFor } from './forge-write-back';
import { createForgeTokenStore } from './token-store';

let jira: FakeServer;
const revoked = new Set<string>();

beforeAll(async () => {
  jira = await startFakeServer((req) => {
    const token = req.headers.authorization?.replace('Bearer ', '') ?? '';
    if (revoked.has(token)) return { status: 401, body: {} };
    if (req.path.endsWith('/comment')) return { status: 201, body: { id: '7' } };
    return { status: 204 };
  });
});
afterAll(() => jira.close());

function setup() {
  const tokens = createForgeTokenStore();
  const http = createGuardedClient({ timeoutMs: 2000, maxResponseBytes: 100_000, allowInsecureLocal: true });
  const targetFor = forgeTargetFor({
    tokens,
    http,
    approverOf: (_tenant, key) =>
      Promise.resolve(key === 'wb-by-agent' ? { kind: 'person' as const, id: 'jsm:agent-1' } : undefined),
    fallback: () => Promise.resolve(undefined),
  });
  const target = async (tenant: string) => {
    const t = await targetFor(tenant, 'jsm');
    if (!t) throw new Error('no target for jsm');
    return t;
  };
  const note = (idempotencyKey: string) => ({
    ref: 'SUP-1',
    action: 'internal-note' as const,
    payload: { body: 'Checked the logs.' },
    idempotencyKey,
    signal: AbortSignal.timeout(2000),
  });
  return { tokens, target, note };
}

async function errorOf(p: Promise<unknown>) {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('forgeTargetFor', () => {
  it('waits (a retryable error) until an invocation brings a token, e.g. after a restart', async () => {
    const { target, note } = setup();
    const e = await errorOf((await target('site-1')).write(note('wb-by-agent')));
    expect(isConnectorError(e) && e.retryable).toBe(true);
    expect(jira.requests).toHaveLength(0);
  });

  it("writes with the approver's own token while it is held, else with the app's", async () => {
    const { tokens, target, note } = setup();
    tokens.remember({ tenant: 'site-1', installationId: 'i', apiBaseUrl: jira.baseUrl, systemToken: 'sys' });
    const jsm = await target('site-1');
    await jsm.write(note('wb-by-agent'));
    tokens.remember({
      tenant: 'site-1',
      installationId: 'i',
      apiBaseUrl: jira.baseUrl,
      user: { accountId: 'agent-1', token: 'agent-token' },
    });
    await jsm.write(note('wb-by-agent'));
    const authors = jira.requests
      .filter((r) => r.path.endsWith('/comment'))
      .map((r) => r.headers.authorization);
    expect(authors.slice(-2)).toEqual(['Bearer sys', 'Bearer agent-token']);
  });

  it('drops a token Jira refuses and lets the queue retry', async () => {
    const { tokens, target, note } = setup();
    tokens.remember({
      tenant: 'site-2',
      installationId: 'i',
      apiBaseUrl: jira.baseUrl,
      systemToken: 'stale',
    });
    revoked.add('stale');
    const e = await errorOf((await target('site-2')).write(note('wb-by-agent')));
    expect(isConnectorError(e) && e.retryable).toBe(true);
    expect(tokens.system('site-2')).toBeUndefined();
  });

  it('leaves writes of tenants that never came through Forge to their configured target', async () => {
    const { target, note } = setup();
    const e = await errorOf((await target('zendesk-only')).write(note('wb-by-someone')));
    expect(isConnectorError(e) && e.code === 'config').toBe(true);
  });
});
