// Runs the Vitest suite against a real PostgreSQL instead of embedded PGlite.
//
//   npm run test:pg                          # DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test
//   npm run test:pg -- backend/src/storage   # extra arguments go to `vitest run`
//
// Each test file creates its own schema there and drops it at the end, so the database can be shared,
// but the connecting role needs CREATE on it.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pg from 'pg';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL without its password, for messages. */
function redact(value) {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}

async function checkReachable() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    console.error(`test:pg: cannot reach PostgreSQL at ${redact(url)}: ${reason}`);
    console.error('Start a server or set DATABASE_URL to one (the role needs CREATE on the database).');
    process.exit(2);
  } finally {
    await client.end().catch(() => undefined);
  }
}

await checkReachable();

const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const child = spawn(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
