import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildPackage, type PackageEnv } from '../../zendesk-app/scripts/package-plugin';
import { readPngHeader } from '../../zendesk-app/scripts/png';
import { writeZip, type ZipEntry } from '../../zendesk-app/scripts/zip';

const APP_ROOT = 'zendesk-app';
const ENV: PackageEnv = {
  ZENDESK_BACKEND_URL: 'https://triage.example.com',
  ZENDESK_AUTHOR_NAME: 'Triage Desk',
  ZENDESK_AUTHOR_EMAIL: 'apps@triage-desk.example',
  ZENDESK_AUTHOR_URL: 'https://triage-desk.example',
};

/**
 * The manifest rules of PLATFORMS.md §1.1–1.2 (after zendesk_apps_support's validations): what a
 * Marketplace (`private: false`) ticket_sidebar app served from a signed URL must declare.
 */
const Parameter = z
  .object({
    name: z
      .string()
      .min(1)
      .refine((n) => n !== 'name', 'a parameter may not be called "name"'),
    type: z.enum(['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth']),
    required: z.boolean().optional(),
    secure: z.boolean().optional(),
    default: z.unknown().optional(),
    scopes: z
      .array(
        z.enum([
          'header',
          'body',
          'url',
          'jwt_secret_key',
          'jwt_claim',
          'basic_auth_username',
          'basic_auth_password',
        ]),
      )
      .optional(),
  })
  .refine((p) => !(p.type === 'hidden' && p.required), 'hidden parameters cannot be required')
  .refine((p) => p.secure === true || p.scopes === undefined, 'scopes only on secure parameters')
  .refine(
    (p) => p.secure !== true || (p.scopes !== undefined && p.scopes.length > 0),
    'a secret needs scopes',
  )
  .refine(
    (p) => !(p.secure === true || p.type === 'hidden') || p.default === undefined,
    'no default on a secret',
  );

const Manifest = z
  .object({
    name: z.string().min(1),
    author: z.object({ name: z.string().min(1), email: z.email(), url: z.url() }),
    defaultLocale: z.literal('en'),
    private: z.literal(false),
    location: z.object({
      support: z.object({
        ticket_sidebar: z.object({
          url: z.url({ protocol: /^https$/ }),
          flexible: z.literal(true),
          signed: z.literal(true),
        }),
      }),
    }),
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    frameworkVersion: z.literal('2.0'),
    domainWhitelist: z.array(z.string().min(1)).min(1),
    parameters: z.array(Parameter).optional(),
    experiments: z.record(z.enum(['hashParams', 'newCssCompiler']), z.boolean()).optional(),
  })
  .strict();

const MarketplaceTranslation = z
  .object({
    app: z
      .object({
        name: z.string().min(1),
        short_description: z.string().min(1).max(80),
        long_description: z.string().min(1),
        installation_instructions: z.string().min(1),
        parameters: z.record(z.string(), z.object({ label: z.string().min(1) })).optional(),
      })
      .strict(),
  })
  .strict();

/** Reads a zip back: names from the central directory, contents inflated. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    out.set(name, inflateRawSync(zip.subarray(dataStart, dataStart + size)));
    at += 46 + nameLength;
  }
  return out;
}

function byPath(entries: ZipEntry[]): Map<string, Uint8Array> {
  return new Map(entries.map((e) => [e.path, e.data]));
}

describe('the Zendesk Marketplace package', () => {
  it('has manifest.json at the root with every required field, the signed sidebar URL and its host whitelisted', async () => {
    const files = byPath(await buildPackage(APP_ROOT, ENV));
    const raw = files.get('manifest.json');
    expect(raw).toBeDefined();
    const manifest = Manifest.parse(JSON.parse(Buffer.from(raw ?? '').toString('utf8')));
    expect(manifest.location.support.ticket_sidebar.url).toBe('https://triage.example.com/zendesk/sidebar');
    expect(manifest.domainWhitelist).toEqual(['triage.example.com']);
    for (const p of manifest.parameters ?? []) {
      if (p.secure) expect(manifest.domainWhitelist.length).toBeGreaterThan(0);
    }
    const names = (manifest.parameters ?? []).map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('carries every locale with the Marketplace fields only, the default locale included', async () => {
    const files = byPath(await buildPackage(APP_ROOT, ENV));
    const manifest = Manifest.parse(
      JSON.parse(Buffer.from(files.get('manifest.json') ?? '').toString('utf8')),
    );
    const locales = [...files.keys()].filter((p) => p.startsWith('translations/'));
    expect(locales.sort()).toEqual([
      'translations/de.json',
      'translations/en.json',
      'translations/es.json',
      'translations/fr.json',
    ]);
    expect(locales).toContain(`translations/${manifest.defaultLocale}.json`);
    for (const path of locales) {
      const translation = MarketplaceTranslation.parse(
        JSON.parse(Buffer.from(files.get(path) ?? '').toString('utf8')),
      );
      for (const p of manifest.parameters ?? [])
        expect(translation.app.parameters?.[p.name]?.label).toBeTruthy();
    }
  });

  it('translates every UI string into every shipped language', async () => {
    const read = async (locale: string) =>
      JSON.parse(await readFile(`${APP_ROOT}/src/translations/${locale}.json`, 'utf8')) as {
        ui: Record<string, string>;
      };
    const en = await read('en');
    for (const locale of ['de', 'fr', 'es']) {
      const other = await read(locale);
      expect(Object.keys(other.ui).sort()).toEqual(Object.keys(en.ui).sort());
      for (const [key, text] of Object.entries(en.ui)) {
        const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
        expect(placeholders(other.ui[key] ?? ''), `${locale}.${key}`).toEqual(placeholders(text));
      }
    }
  });

  it('has the logos at the required sizes: 320×320 and 128×128 RGBA PNGs', async () => {
    const files = byPath(await buildPackage(APP_ROOT, ENV));
    expect(readPngHeader(files.get('assets/logo.png') ?? new Uint8Array())).toEqual({
      width: 320,
      height: 320,
      bitDepth: 8,
      colorType: 6,
    });
    expect(readPngHeader(files.get('assets/logo-small.png') ?? new Uint8Array())).toEqual({
      width: 128,
      height: 128,
      bitDepth: 8,
      colorType: 6,
    });
  });

  it('zips to exactly those files, manifest first and nothing nested', async () => {
    const entries = await buildPackage(APP_ROOT, ENV);
    const unzipped = unzip(writeZip(entries));
    expect([...unzipped.keys()]).toEqual(entries.map((e) => e.path));
    expect([...unzipped.keys()][0]).toBe('manifest.json');
    for (const e of entries) expect(unzipped.get(e.path)?.equals(Buffer.from(e.data))).toBe(true);
  });

  it('refuses a plain-http backend other than localhost', async () => {
    await expect(
      buildPackage(APP_ROOT, { ...ENV, ZENDESK_BACKEND_URL: 'http://triage.example.com' }),
    ).rejects.toThrow(/https/);
  });
});
