import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedClient } from '../../infrastructure/http';
import { createInMemoryConnectorAdmin } from '../../testing/connector-admin';
import { createCatalog } from '../catalog';
import { startFakeServer, type FakeServer } from '../testing/fake-server';
import { neverAborted, testConnectorContext } from '../testing/context';
import { escalationQueueConnector } from './connector';
import { verifyEscalationSignature } from './signature';

const SECRET = 'whsec-0123456789abcdef0123456789abcdef';
const ADMIN = { kind: 'person', id: 'admin-1' } as const;

let fake: FakeServer;
let answer = 204;

beforeAll(async () => {
  fake = await startFakeServer(() => ({ status: answer }));
});
afterAll(() => fake.close());

function build(url: string, context = testConnectorContext()) {
  const options = {
    id: 'escalations',
    config: escalationQueueConnector.configSchema.parse({ url }),
    secrets: escalationQueueConnector.secretsSchema.parse({ signingSecret: SECRET }),
    context,
  };
  return {
    source: escalationQueueConnector.create(options),
    target: escalationQueueConnector.createWriteBack?.(options),
  };
}

describe('the escalation-queue connector type', () => {
  it('is in the catalog as a write-only type serving escalation-queue proposals', async () => {
    expect(createCatalog().byType('escalation-queue')).toBe(escalationQueueConnector);
    expect(escalationQueueConnector.writeSystems).toEqual(['escalation-queue']);
    const types = createInMemoryConnectorAdmin().types();
    expect(types.find((t) => t.type === 'escalation-queue')).toMatchObject({ capabilities: [] });
    const { source, target } = build(`${fake.baseUrl}/hook`);
    expect(target).toMatchObject({ id: 'escalations', system: 'escalation-queue', actions: ['escalation'] });
    const query = {
      tenant: 't1',
      record: { id: 'ZD-1', subject: 'x' },
      now: new Date(),
      window: { from: new Date(0), to: new Date() },
      signal: neverAborted(),
    };
    expect(await source.fetch(query)).toEqual([]);
  });

  it('lets an admin save only an https URL on a public address, and a long enough signing secret', async () => {
    const admin = createInMemoryConnectorAdmin({ allowInsecureLocal: false });
    const save = (url: string, signingSecret = SECRET) =>
      admin.configure('t1', ADMIN, 'escalations', {
        type: 'escalation-queue',
        config: { url },
        secrets: { signingSecret },
        enabled: true,
      });
    for (const url of [
      'http://hooks.example.com/escalate',
      'https://127.0.0.1/escalate',
      'https://10.1.2.3/escalate',
      'https://169.254.169.254/latest',
      'https://localhost/escalate',
      'ftp://hooks.example.com/escalate',
      'https://user:pw@hooks.example.com/escalate',
      'https://hooks.example.com/escalate#frag',
    ]) {
      await expect(save(url), url).rejects.toMatchObject({ code: 'validation_failed' });
    }
    await expect(save('https://hooks.example.com/escalate', 'too-short')).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'secrets.signingSecret' }],
    });
    const saved = await save('https://hooks.example.com/escalate');
    expect(saved).toMatchObject({ type: 'escalation-queue', hasSecrets: true });
    expect(JSON.stringify(saved)).not.toContain(SECRET);
  });

  it('refuses to send to a plain-http or private address at write time, outside development', async () => {
    const strict = {
      ...testConnectorContext(),
      http: createGuardedClient({ timeoutMs: 2000, maxResponseBytes: 10_000, allowInsecureLocal: false }),
    };
    const before = fake.requests.length;
    const { target } = build(`${fake.baseUrl}/hook`, strict);
    await expect(
      target?.write({
        ref: 'ZD-1',
        action: 'escalation',
        payload: { caseRef: 'ZD-1', reasons: [] },
        idempotencyKey: 'wb-1',
        signal: neverAborted(),
      }),
    ).rejects.toMatchObject({ code: 'blocked_address' });
    expect(fake.requests.length).toBe(before);
  });

  it('tests the connection with a signed ping the receiver can verify', async () => {
    answer = 204;
    const { source } = build(`${fake.baseUrl}/hook`);
    await source.testConnection(neverAborted());
    const ping = fake.requests.at(-1);
    expect(ping).toMatchObject({ method: 'POST', path: '/hook' });
    expect(JSON.parse(ping?.body ?? '{}')).toMatchObject({ type: 'ping' });
    const timestamp = String(ping?.headers['x-triage-timestamp']);
    expect(
      verifyEscalationSignature(
        SECRET,
        timestamp,
        ping?.body ?? '',
        String(ping?.headers['x-triage-signature']),
        new Date(Number(timestamp) * 1000),
      ),
    ).toBe(true);

    answer = 401;
    await expect(source.testConnection(neverAborted())).rejects.toMatchObject({ code: 'auth' });
  });
});
