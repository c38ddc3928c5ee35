import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');
let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'triage-server-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let out = '';
  const child = spawn(TSX, ['backend/src/server.ts'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the server process', () => {
  it('migrates, seeds, prints its URLs, serves, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const server = start({ NODE_ENV: 'development', PORT: String(port), DATA_DIR: dataDir });
    await waitFor(() => server.output().includes('Preview:'), 'the start-up banner');
    expect(server.output()).toContain(`http://127.0.0.1:${port}/preview`);
    const token = /Token: {4}(\S+)/.exec(server.output())?.[1] ?? '';
    expect(token).toMatch(/^dev-/);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const list = await fetch(`${base}/v1/cases?status=open`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(list.status).toBe(200);
    // The printed token is the only credential; the log never carries it.
    const logLines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logLines.some((l) => l.includes(token))).toBe(false);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutting down');
  }, 120_000);

  it('refuses to start in production with development tokens', async () => {
    const server = start({
      NODE_ENV: 'production',
      DEV_TOKENS: 'abcdefghijklmnopqrstuvwxyz=demo',
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
    });
    expect(await server.exited).toBe(78);
    expect(server.output()).toContain('DEV_TOKENS');
    expect(server.output()).not.toContain('abcdefghijklmnopqrstuvwxyz');
  }, 60_000);

  it('in production serves no preview and no unauthenticated API', async () => {
    const port = await freePort();
    const server = start({
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: join(dataDir, 'prod'),
      CREDENTIAL_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      CREDENTIAL_ACTIVE_KID: 'k1',
    });
    await waitFor(
      () => server.output().includes('"listening"') || server.output().includes('listening'),
      'listening',
    );
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/preview`)).status).toBe(404);
    expect((await fetch(`${base}/v1/cases`)).status).toBe(401);
    expect(server.output()).not.toContain('Token:');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);
});
