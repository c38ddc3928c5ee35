import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../connectors/catalog';
import { toEvidence } from '../connectors/evidence';
import { createResilience } from '../connectors/resilience';
import type { EvidenceSource } from '../connectors/types';
import { createCredentialCipher } from '../infrastructure/crypto';
import type { StoredConnector } from '../storage';
import { createTenantSources } from './tenant-sources';

const logSource: EvidenceSource = {
  id: 'logs',
  capabilities: ['logs'],
  fetch: () =>
    Promise.resolve([
      toEvidence('logs', 'log', '1', {
        title: 'upstream 203.0.113.9 refused the connection',
        excerpt: 'from 198.51.100.7',
        url: null,
        observedAt: '2026-11-20T10:00:00Z',
        attributes: {},
      }),
    ]),
};

function sources(
  options: {
    redactIpAddresses?: boolean;
    stored?: StoredConnector[];
    live?: (tenant: string, configuredTypes: ReadonlySet<string>) => readonly EvidenceSource[];
  } = {},
) {
  const cipher = createCredentialCipher({ keys: { k: randomBytes(32) }, activeKid: 'k' });
  return createTenantSources({
    repos: {
      connectors: {
        list: () => Promise.resolve(options.stored ?? []),
        get: () => Promise.resolve(null),
        upsert: () => Promise.reject(new Error('unused')),
        remove: () => Promise.resolve(false),
      },
    },
    catalog: createCatalog(),
    cipher,
    resilience: createResilience(),
    allowInsecureLocal: true,
    requestTimeoutMs: 500,
    builtIn: () => [logSource],
    redactionPolicy: () =>
      Promise.resolve(
        options.redactIpAddresses === undefined ? {} : { redactIpAddresses: options.redactIpAddresses },
      ),
    clock: () => new Date(),
    ...(options.live ? { live: options.live } : {}),
  });
}

/** A stored connector of a type the catalog does not know. */
const unbuildable: StoredConnector = {
  id: 'crm',
  type: 'no-such-type',
  config: {},
  sealedSecrets: null,
  enabled: true,
  createdAt: '2026-11-20T10:00:00Z',
  updatedAt: '2026-11-20T10:00:00Z',
};

const query = {
  tenant: 't1',
  record: { id: 'C-1', subject: 'x' },
  now: new Date(),
  window: { from: new Date(0), to: new Date() },
  signal: new AbortController().signal,
};

describe('createTenantSources', () => {
  it("applies the tenant's redaction policy to every evidence item its sources build", async () => {
    const [strict] = await sources().sourcesFor('t1');
    const [strictItem] = (await strict?.fetch(query)) ?? [];
    expect(strictItem?.title).toBe('upstream [ip-address redacted] refused the connection');
    expect(strictItem?.redactions).toEqual([{ kind: 'ip-address', count: 2 }]);

    const [keeping] = await sources({ redactIpAddresses: false }).sourcesFor('t1');
    const [kept] = (await keeping?.fetch(query)) ?? [];
    expect(kept?.title).toBe('upstream 203.0.113.9 refused the connection');
    expect(kept?.redactions).toEqual([]);
  });

  it('asks for live sources on every packet, with the configured types, behind the same policy', async () => {
    let known = false;
    const asked: string[][] = [];
    const stored = unbuildable;
    const tenantSources = sources({
      stored: [stored],
      live: (_tenant, types) => {
        asked.push([...types]);
        return known ? [{ ...logSource, id: 'live-logs' }] : [];
      },
    });
    expect((await tenantSources.sourcesFor('t1')).map((s) => s.id)).toEqual(['logs', 'crm']);
    known = true;
    const now = await tenantSources.sourcesFor('t1');
    expect(now.map((s) => s.id)).toEqual(['logs', 'crm', 'live-logs']);
    expect(asked).toEqual([['no-such-type'], ['no-such-type']]);
    const [item] = (await now[2]?.fetch(query)) ?? [];
    expect(item?.title).toBe('upstream [ip-address redacted] refused the connection');
  });

  it('turns a connector that cannot be built into a source that fails with the reason', async () => {
    const stored = unbuildable;
    const all = await sources({ stored: [stored] }).sourcesFor('t1');
    const broken = all.find((s) => s.id === 'crm');
    await expect(broken?.fetch(query)).rejects.toMatchObject({ code: 'config' });
  });
});

describe('credential key rotation', () => {
  it('re-seals credentials sealed with a retired key when the tenant next loads', async () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const old = createCredentialCipher({ keys: { k1 }, activeKid: 'k1' });
    const rotated = createCredentialCipher({ keys: { k1, k2 }, activeKid: 'k2' });
    const stored: StoredConnector = {
      id: 'crm',
      type: 'hubspot',
      config: { portalId: '1' },
      sealedSecrets: old.seal(JSON.stringify({ accessToken: 'pat-secret' }), 't1'),
      enabled: true,
      createdAt: '2026-11-20T10:00:00Z',
      updatedAt: '2026-11-20T10:00:00Z',
    };
    const written: StoredConnector[] = [];
    const tenantSources = createTenantSources({
      repos: {
        connectors: {
          list: () => Promise.resolve([stored]),
          get: () => Promise.resolve(null),
          upsert: (_tenant, c) => {
            const row = { ...stored, sealedSecrets: c.sealedSecrets ?? null };
            written.push(row);
            return Promise.resolve(row);
          },
          remove: () => Promise.resolve(false),
        },
      },
      catalog: createCatalog(),
      cipher: rotated,
      resilience: createResilience(),
      allowInsecureLocal: true,
      requestTimeoutMs: 500,
      builtIn: () => [],
      redactionPolicy: () => Promise.resolve({}),
      clock: () => new Date(),
    });
    await tenantSources.sourcesFor('t1');
    expect(written).toHaveLength(1);
    const token = written[0]?.sealedSecrets ?? '';
    expect(token.split('.')[1]).toBe('k2');
    expect(rotated.needsRotation(token)).toBe(false);
    expect(JSON.parse(rotated.open(token, 't1'))).toEqual({ accessToken: 'pat-secret' });
  });
});
