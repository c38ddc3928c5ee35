import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { ConfigError, loadConfig, type Config } from './infrastructure/config';
import { loadOrCreateLocalKeyFile } from './infrastructure/crypto';
import { createLogger } from './infrastructure/logger';
import { DEMO_TENANT } from './demo/seed-demo-tenant';
import { createRuntime, prepareDemoTenant } from './runtime';
import { openDb } from './storage';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  const logger = createLogger({ level: config.logLevel, base: { service: 'triage-backend' } });

  // Outside production, a fresh random token for the demo tenant when none is configured, printed once.
  let printedToken: string | null = null;
  if (config.nodeEnv !== 'production' && config.devTokens === undefined) {
    printedToken = `dev-${randomBytes(18).toString('base64url')}`;
    config = { ...config, devTokens: new Map([[printedToken, DEMO_TENANT]]) };
  }

  await mkdir(config.dataDir, { recursive: true });
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onIdleError: (err) => logger.error({ err }, 'idle database connection failed'),
  });
  if (config.nodeEnv !== 'production') await prepareDemoTenant(db, logger);

  const credentialKeys = config.credentialKeys ?? (await loadOrCreateLocalKeyFile(config.dataDir));
  const runtime = createRuntime({ config, logger, db, credentialKeys });
  // The write-back worker runs in this process; with Postgres, more processes may run it side by side.
  const stopWorker = new AbortController();
  const worker = runtime.runWorker(stopWorker.signal);
  const server: Server = runtime.app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  logger.info({ port: config.port, database: db.kind }, 'listening');
  if (config.nodeEnv !== 'production') {
    process.stdout.write(
      [
        '',
        `  Triage desk is running (${db.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}).`,
        `  Preview:  ${base}/preview`,
        `  API:      ${base}/v1  (OpenAPI at ${base}/openapi.json)`,
        ...(printedToken ? [`  Token:    ${printedToken}   (tenant "${DEMO_TENANT}", this run only)`] : []),
        `  Try:      curl -H "Authorization: Bearer ${printedToken ?? '<your DEV_TOKENS token>'}" ${base}/v1/cases?status=open`,
        '',
      ].join('\n') + '\n',
    );
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    // Stop accepting, let in-flight requests finish, then let background work settle and close the db.
    const force = setTimeout(() => {
      logger.error('forced exit after 10 s');
      process.exit(1);
    }, 10_000);
    force.unref();
    stopWorker.abort();
    server.close(() => {
      void worker
        .then(() => runtime.drain())
        .then(() => db.close())
        .then(() => process.exit(0))
        .catch((err: unknown) => {
          logger.error({ err }, 'error during shutdown');
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
