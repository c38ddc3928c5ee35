import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog } from '../connectors/catalog';
import { createResilience } from '../connectors/resilience';
import { startFakeServer, type FakeServer } from '../connectors/testing/fake-server';
import type { WriteBackTarget } from '../connectors/types';
import { createCredentialCipher } from '../infrastructure/crypto';
import { createRepositories, type Db, type Repositories } from '../storage';
import { createTestDb } from '../testing/db';
import { createConnectorAdmin, type ConfigureConnectorRequest } from './manage-connectors';
import { createTenantSources } from './tenant-sources';
import { createTenantTargets } from './tenant-targets';

const ADMIN = { kind: 'person', id: 'admin-1' } as const;
const ZENDESK_TOKEN = 'zd-token-7f3a9c';
const OTHER_ZENDESK_TOKEN = 'zd-token-other-1b2c';
const JIRA_TOKEN = 'jira-token-44d1e0';
const HUBSPOT_TOKEN = 'pat-na1-hubspot-9e8d';
const SIGNING_SECRET = 'whsec-0123456789abcdef0123456789abcdef';
const ALL_SECRETS = [ZENDESK_TOKEN, OTHER_ZENDESK_TOKEN, JIRA_TOKEN, HUBSPOT_TOKEN, SIGNING_SECRET];

let db: Db;
let repos: Repositories;
let fake: FakeServer;
const cipher = createCredentialCipher({ keys: { k: randomBytes(32) }, activeKid: 'k' });
const catalog = createCatalog();
const signal = new AbortController().signal;

function registry(builtIn: (tenant: string) => readonly WriteBackTarget[] = () => []) {
  return createTenantTargets({
    repos,
    catalog,
    cipher,
    allowInsecureLocal: true,
    requestTimeoutMs: 2000,
    clock: () => new Date('2026-11-20T12:00:00Z'),
    builtIn,
  });
}

/** Stores connectors the way an admin does: validated, credentials sealed for the tenant. */
async function configure(tenant: string, id: string, request: ConfigureConnectorRequest) {
  const sources = createTenantSources({
    repos,
    catalog,
    cipher,
    resilience: createResilience(),
    allowInsecureLocal: true,
    requestTimeoutMs: 2000,
    builtIn: () => [],
    redactionPolicy: () => Promise.resolve({}),
    clock: () => new Date(),
  });
  const admin = createConnectorAdmin({ repos, catalog, cipher, sources, allowInsecureLocal: true });
  await admin.configure(tenant, ADMIN, id, request);
}

beforeAll(async () => {
  db = await createTestDb();
  repos = createRepositories(db);
  fake = await startFakeServer((req) => {
    if (req.path.endsWith('/tags.json')) return { body: { tags: ['triage_sev2'] } };
    if (req.path.includes('/properties/')) return { status: 404, body: { errorMessages: ['no property'] } };
    if (req.path === '/crm/v3/objects/notes/search') return { body: { total: 0, results: [] } };
    if (req.path === '/hooks/escalations') return { status: 202 };
    return { status: 404, body: {} };
  });
  const base = fake.baseUrl;
  // Two Zendesk instances: the smaller id must win, whatever the order they were stored in.
  await configure('t1', 'zendesk-second', {
    type: 'zendesk',
    config: { baseUrl: `${base}/second` },
    secrets: { email: 'agent@acme.test', apiToken: OTHER_ZENDESK_TOKEN },
    enabled: true,
  });
  await configure('t1', 'zendesk-main', {
    type: 'zendesk',
    config: { baseUrl: base },
    secrets: { email: 'agent@acme.test', apiToken: ZENDESK_TOKEN },
    enabled: true,
  });
  await configure('t1', 'jira', {
    type: 'jira',
    config: { baseUrl: base },
    secrets: { email: 'agent@acme.test', apiToken: JIRA_TOKEN },
    enabled: true,
  });
  await configure('t1', 'hubspot', {
    type: 'hubspot',
    config: { baseUrl: base, portalId: '1234' },
    secrets: { accessToken: HUBSPOT_TOKEN },
    enabled: true,
  });
  await configure('t1', 'escalations', {
    type: 'escalation-queue',
    config: { url: `${base}/hooks/escalations` },
    secrets: { signingSecret: SIGNING_SECRET },
    enabled: true,
  });
  // Evidence only: Sentry serves no write-back system.
  await configure('t1', 'sentry', {
    type: 'sentry',
    config: { organization: 'acme', baseUrl: base },
    secrets: { authToken: 'sntrys-token' },
    enabled: true,
  });
});

afterAll(async () => {
  await fake.close();
  await db.close();
});

function lastRequest() {
  const req = fake.requests.at(-1);
  if (!req) throw new Error('the fake server received nothing');
  return req;
}

describe('createTenantTargets', () => {
  it('resolves each proposal target system to the stored connector that serves it', async () => {
    const targets = registry();
    try {
      const zendesk = await targets.targetFor('t1', 'zendesk');
      expect(zendesk).toMatchObject({ id: 'zendesk-main', system: 'zendesk' });
      await zendesk?.write({
        ref: 'ZD-10665',
        action: 'set-tags',
        payload: { tags: ['triage_sev2'] },
        idempotencyKey: 'wb-1',
        signal,
      });
      expect(lastRequest()).toMatchObject({ method: 'PUT', path: '/api/v2/tickets/10665/tags.json' });
      const basic = Buffer.from(`agent@acme.test/token:${ZENDESK_TOKEN}`).toString('base64');
      expect(lastRequest().headers.authorization).toBe(`Basic ${basic}`);

      const jsm = await targets.targetFor('t1', 'jsm');
      const jira = await targets.targetFor('t1', 'jira');
      expect(jsm).toMatchObject({ id: 'jira', system: 'jsm' });
      expect(jira).toMatchObject({ id: 'jira', system: 'jira' });
      expect(jira?.actions).toContain('engineering-issue');
      expect(await jsm?.findMarker({ ref: 'SUP-7', idempotencyKey: 'wb-2', signal })).toBeNull();
      expect(lastRequest().path).toBe('/rest/api/3/issue/SUP-7/properties/triage-writeback-wb-2');

      const crm = await targets.targetFor('t1', 'crm');
      expect(crm).toMatchObject({ id: 'hubspot', system: 'crm', actions: ['crm-note'] });
      expect(
        await crm?.findMarker({ ref: 'hubspot:account:987', idempotencyKey: 'wb-3', signal }),
      ).toBeNull();
      expect(lastRequest().headers.authorization).toBe(`Bearer ${HUBSPOT_TOKEN}`);

      const escalation = await targets.targetFor('t1', 'escalation-queue');
      expect(escalation).toMatchObject({ id: 'escalations', system: 'escalation-queue' });
      await escalation?.write({
        ref: 'ZD-10665',
        action: 'escalation',
        payload: { caseRef: 'ZD-10665', reasons: ['customer-impacting'] },
        idempotencyKey: 'wb-4',
        signal,
      });
      expect(lastRequest()).toMatchObject({ method: 'POST', path: '/hooks/escalations' });
      expect(lastRequest().headers['x-triage-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    } finally {
      targets.close();
    }
  });

  it('returns undefined for systems nothing serves and for tenants with no connectors', async () => {
    const targets = registry();
    expect(await targets.targetFor('t1', 'servicenow')).toBeUndefined();
    expect(await targets.targetFor('t-empty', 'zendesk')).toBeUndefined();
  });

  it('skips disabled connectors and prefers a configured connector over a built-in target', async () => {
    const builtIn: WriteBackTarget = {
      id: 'built-in',
      system: 'zendesk',
      actions: ['internal-note'],
      write: () => Promise.resolve({ externalId: 'b-1', url: null }),
      findMarker: () => Promise.resolve(null),
    };
    await configure('t2', 'zendesk-off', {
      type: 'zendesk',
      config: { baseUrl: fake.baseUrl },
      secrets: { email: 'agent@acme.test', apiToken: ZENDESK_TOKEN },
      enabled: false,
    });
    const targets = registry((tenant) => (tenant === 't2' || tenant === 't1' ? [builtIn] : []));
    expect(await targets.targetFor('t2', 'zendesk')).toBe(builtIn);
    expect(await targets.targetFor('t2', 'crm')).toBeUndefined();
    expect((await targets.targetFor('t1', 'zendesk'))?.id).toBe('zendesk-main');
  });

  it('sees a connector change on the next call, with nothing to invalidate', async () => {
    const targets = registry();
    expect(await targets.targetFor('t3', 'crm')).toBeUndefined();
    await configure('t3', 'hubspot', {
      type: 'hubspot',
      config: { baseUrl: fake.baseUrl, portalId: '1' },
      secrets: { accessToken: HUBSPOT_TOKEN },
      enabled: true,
    });
    expect((await targets.targetFor('t3', 'crm'))?.id).toBe('hubspot');
  });

  it('turns a connector whose credentials no longer open into a target that fails with the reason', async () => {
    await repos.connectors.upsert('t4', {
      id: 'zendesk',
      type: 'zendesk',
      config: { baseUrl: fake.baseUrl },
      // Sealed for another tenant: the envelope is bound to t1 and must not open for t4.
      sealedSecrets: cipher.seal(JSON.stringify({ email: 'a@b.test', apiToken: ZENDESK_TOKEN }), 't1'),
      enabled: true,
    });
    const before = fake.requests.length;
    const target = await registry().targetFor('t4', 'zendesk');
    expect(target).toMatchObject({ id: 'zendesk', system: 'zendesk' });
    const request = {
      ref: 'ZD-1',
      action: 'internal-note' as const,
      payload: { body: 'x' },
      idempotencyKey: 'wb-5',
      signal,
    };
    await expect(target?.write(request)).rejects.toMatchObject({ code: 'config', retryable: false });
    await expect(target?.findMarker(request)).rejects.toMatchObject({ code: 'config' });
    expect(fake.requests.length).toBe(before);
  });

  it('never exposes credentials on the targets it returns', async () => {
    const targets = registry();
    for (const system of ['zendesk', 'jsm', 'jira', 'crm', 'escalation-queue']) {
      const target = await targets.targetFor('t1', system);
      expect(target).toBeDefined();
      expect(Object.keys(target ?? {}).sort()).toEqual(['actions', 'findMarker', 'id', 'system', 'write']);
      const shown = JSON.stringify(target);
      for (const secret of ALL_SECRETS) expect(shown).not.toContain(secret);
    }
    const broken = await targets.targetFor('t4', 'zendesk');
    const error: unknown = await broken
      ?.write({ ref: 'ZD-1', action: 'set-tags', payload: {}, idempotencyKey: 'k', signal })
      .catch((e: unknown) => e);
    expect(String(error)).not.toContain(ZENDESK_TOKEN);
    targets.close();
  });
});
