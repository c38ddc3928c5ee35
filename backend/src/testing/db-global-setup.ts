import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { sha256Hex } from '../common/hashing';
import { migrate, readMigrations } from '../storage/migrate';
import { isPgliteDbHandle, openPgliteDb } from '../storage/pglite-db';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Vitest global setup: on PGlite runs, builds one migrated database and leaves its data-folder dump
 * where every test file can load it (`createTestDb`), because initdb costs ~4 s and a load ~0.5 s.
 * The dump is cached under `node_modules/.cache/` keyed by the PGlite version and the migrations, so
 * a run with unchanged migrations skips initdb entirely. On PostgreSQL runs (`TEST_DATABASE_URL`) there
 * is nothing to prepare: each test file creates its own schema.
 */
export default async function setup(project: TestProject): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteTemplatePath', null);
    return;
  }
  const migrations = await readMigrations();
  const key = sha256Hex(
    JSON.stringify([await pgliteVersion(), migrations.map((m) => [m.version, m.checksum])]),
  ).slice(0, 16);
  const cacheDir = join(repoRoot, 'node_modules', '.cache', 'triage-test-db');
  const path = join(cacheDir, `pglite-${key}.tar`);
  if (!(await exists(path))) {
    const db = await openPgliteDb({ inMemory: true });
    try {
      await migrate(db);
      if (!isPgliteDbHandle(db)) throw new Error('expected a PGlite database');
      const dump = await db.dumpDataDir();
      await mkdir(cacheDir, { recursive: true });
      // Write then rename: two concurrent runs never load a half-written file.
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, new Uint8Array(await dump.arrayBuffer()));
      await rename(tmp, path);
      // Templates of earlier migration sets are dead weight (~40 MB each).
      for (const name of await readdir(cacheDir)) {
        if (name.startsWith('pglite-') && name.endsWith('.tar') && join(cacheDir, name) !== path) {
          await rm(join(cacheDir, name), { force: true });
        }
      }
    } finally {
      await db.close();
    }
  }
  project.provide('pgliteTemplatePath', path);
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The installed PGlite version: a new PGlite may not load an older data folder. */
async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  // …/node_modules/@electric-sql/pglite/dist/index.cjs → the package folder.
  const manifest = JSON.parse(
    await readFile(join(dirname(dirname(entry)), 'package.json'), 'utf8'),
  ) as unknown;
  return typeof manifest === 'object' &&
    manifest !== null &&
    'version' in manifest &&
    typeof manifest.version === 'string'
    ? manifest.version
    : 'unknown';
}
