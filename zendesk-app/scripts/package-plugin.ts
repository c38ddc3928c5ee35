import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadEnv, type Plugin } from 'vite';
import { writeZip, type ZipEntry } from './zip';

/** The translation keys a Marketplace listing reads (`app.*`); UI strings stay in the bundle. */
const MARKETPLACE_KEYS = [
  'name',
  'short_description',
  'long_description',
  'installation_instructions',
  'parameters',
] as const;

/** What the package is built from, besides the source files. */
export interface PackageEnv {
  ZENDESK_BACKEND_URL: string;
  ZENDESK_AUTHOR_NAME: string;
  ZENDESK_AUTHOR_EMAIL: string;
  ZENDESK_AUTHOR_URL: string;
}

function requireEnv(env: Record<string, string | undefined>): PackageEnv {
  const names = [
    'ZENDESK_BACKEND_URL',
    'ZENDESK_AUTHOR_NAME',
    'ZENDESK_AUTHOR_EMAIL',
    'ZENDESK_AUTHOR_URL',
  ] as const;
  const out: Partial<PackageEnv> = {};
  for (const name of names) {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set (see zendesk-app/.env.production)`);
    out[name] = value;
  }
  return out as PackageEnv;
}

/**
 * The Marketplace package's files: `manifest.json` with the sidebar's signed URL on the configured
 * backend (and that host as the only `domainWhitelist` entry), `translations/<locale>.json` with only
 * the `app` keys the listing reads, and `assets/` with the logos.
 *
 * @throws Error when the backend URL is not absolute https (or http on localhost, for local builds).
 */
export async function buildPackage(appRoot: string, env: PackageEnv): Promise<ZipEntry[]> {
  const backend = new URL(env.ZENDESK_BACKEND_URL);
  const local = backend.hostname === 'localhost' || backend.hostname === '127.0.0.1';
  if (backend.protocol !== 'https:' && !(local && backend.protocol === 'http:')) {
    throw new Error('ZENDESK_BACKEND_URL must be https (http only for localhost)');
  }
  const base = backend.origin + backend.pathname.replace(/\/+$/, '');
  const source = await readFile(path.join(appRoot, 'src/manifest.json'), 'utf8');
  const values: Record<string, string> = {
    ZENDESK_BACKEND_URL: base,
    ZENDESK_BACKEND_HOST: backend.host,
    ZENDESK_AUTHOR_NAME: env.ZENDESK_AUTHOR_NAME,
    ZENDESK_AUTHOR_EMAIL: env.ZENDESK_AUTHOR_EMAIL,
    ZENDESK_AUTHOR_URL: env.ZENDESK_AUTHOR_URL,
  };
  // Values go in as JSON string content, so a quote in an author name cannot change the manifest's shape.
  const manifest = source.replace(/%([A-Z_]+)%/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : JSON.stringify(value).slice(1, -1);
  });
  JSON.parse(manifest);
  const entries: ZipEntry[] = [{ path: 'manifest.json', data: Buffer.from(manifest) }];

  const translationsDir = path.join(appRoot, 'src/translations');
  for (const file of (await readdir(translationsDir)).filter((f) => f.endsWith('.json')).sort()) {
    const full = JSON.parse(await readFile(path.join(translationsDir, file), 'utf8')) as {
      app: Record<string, unknown>;
    };
    const app: Record<string, unknown> = {};
    for (const key of MARKETPLACE_KEYS) if (full.app[key] !== undefined) app[key] = full.app[key];
    entries.push({
      path: `translations/${file}`,
      data: Buffer.from(`${JSON.stringify({ app }, null, 2)}\n`),
    });
  }
  for (const logo of ['logo.png', 'logo-small.png']) {
    entries.push({ path: `assets/${logo}`, data: await readFile(path.join(appRoot, 'src/assets', logo)) });
  }
  return entries;
}

/** Writes `dist/package/` (the unzipped package, for zcli) and `dist/triage-desk-zendesk.zip`. */
export async function writePackage(appRoot: string, env: PackageEnv): Promise<string> {
  const entries = await buildPackage(appRoot, env);
  const dir = path.join(appRoot, 'dist/package');
  await rm(dir, { recursive: true, force: true });
  for (const entry of entries) {
    const target = path.join(dir, entry.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, entry.data);
  }
  const zip = path.join(appRoot, 'dist/triage-desk-zendesk.zip');
  await writeFile(zip, writeZip(entries));
  return zip;
}

/** Vite plugin: after the bundle, writes the package from the mode's `.env.<mode>` (and the environment). */
export function zendeskPackage(options: { appRoot: string }): Plugin {
  let mode = 'production';
  return {
    name: 'zendesk-package',
    apply: 'build',
    configResolved(config) {
      mode = config.mode;
    },
    async closeBundle() {
      const env = { ...loadEnv(mode, options.appRoot, 'ZENDESK_'), ...pick(process.env) };
      const zip = await writePackage(options.appRoot, requireEnv(env));
      this.info(`Zendesk package: ${path.relative(options.appRoot, zip)}`);
    },
  };
}

function pick(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('ZENDESK_') && v) out[k] = v;
  return out;
}
