import { access, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from '@forge/manifest';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RESOURCE = 'jira-forge-app/dist';

/**
 * Where to validate: in place when the Custom UI has been built (the resource folder must exist and
 * hold index.html, as `forge deploy` requires); otherwise a copy of manifest.yml beside a stand-in
 * resource, so the manifest itself is still checked on a fresh checkout.
 */
async function manifestToValidate(): Promise<string> {
  try {
    await access(path.join(root, RESOURCE, 'index.html'));
    return path.join(root, 'manifest.yml');
  } catch {
    const dir = await mkdtemp(path.join(tmpdir(), 'forge-manifest-'));
    await mkdir(path.join(dir, RESOURCE), { recursive: true });
    await writeFile(path.join(dir, RESOURCE, 'index.html'), '<!doctype html><div id="root"></div>');
    await copyFile(path.join(root, 'manifest.yml'), path.join(dir, 'manifest.yml'));
    return path.join(dir, 'manifest.yml');
  }
}

const Manifest = z.looseObject({
  modules: z.looseObject({
    'jira:issueContext': z.array(
      z.looseObject({ key: z.string(), resource: z.string(), displayConditions: z.unknown() }),
    ),
    trigger: z.array(z.looseObject({ endpoint: z.string(), events: z.array(z.string()) })),
    endpoint: z.array(
      z.looseObject({
        key: z.string(),
        remote: z.string(),
        route: z.looseObject({ path: z.string() }).optional(),
        auth: z.unknown(),
      }),
    ),
  }),
  remotes: z.array(z.looseObject({ key: z.string(), operations: z.array(z.string()) })),
  resources: z.array(z.looseObject({ key: z.string(), path: z.string() })),
  permissions: z.looseObject({ scopes: z.array(z.string()) }),
});

let result: Awaited<ReturnType<typeof validate>>;
let manifest: z.infer<typeof Manifest>;

beforeAll(async () => {
  const file = await manifestToValidate();
  // validate() resolves resources against the working directory's manifest location.
  const cwd = process.cwd();
  process.chdir(path.dirname(file));
  try {
    result = await validate(false, 'manifest.yml');
  } finally {
    process.chdir(cwd);
    if (!file.startsWith(root)) await rm(path.dirname(file), { recursive: true, force: true });
  }
  manifest = Manifest.parse(result.manifestObject?.typedContent);
}, 60_000);

describe('manifest.yml (the Forge app descriptor at the repository root)', () => {
  it('validates offline with @forge/manifest without errors', () => {
    // Warnings are advisory (the online `forge lint` job treats them as failures); errors fail here.
    expect((result.errors ?? []).filter((e) => e.level === 'error')).toEqual([]);
  });

  it('shows the panel only in service-desk projects, from the built Custom UI', () => {
    const [panel] = manifest.modules['jira:issueContext'];
    expect(panel?.displayConditions).toEqual({ projectType: 'service_desk' });
    expect(manifest.resources.find((r) => r.key === panel?.resource)?.path).toBe(RESOURCE);
  });

  it('sends issue created and updated events to the backend, with the app system token', () => {
    const [trigger] = manifest.modules.trigger;
    expect(trigger?.events).toEqual(['avi:jira:created:issue', 'avi:jira:updated:issue']);
    const endpoint = manifest.modules.endpoint.find((e) => e.key === trigger?.endpoint);
    expect(endpoint?.route?.path).toBe('/forge/events');
    expect(endpoint?.auth).toEqual({ appSystemToken: { enabled: true } });
  });

  it('calls the remote from the UI with user and system tokens (compute operation for invokeRemote)', () => {
    const api = manifest.modules.endpoint.find((e) => e.key !== manifest.modules.trigger[0]?.endpoint);
    expect(api?.auth).toEqual({ appUserToken: { enabled: true }, appSystemToken: { enabled: true } });
    expect(manifest.remotes[0]?.operations).toContain('compute');
  });

  it('asks for the minimal scopes and uses no UI Kit 1', async () => {
    expect([...manifest.permissions.scopes].sort()).toEqual(
      [
        'read:app-system-token',
        'read:app-user-token',
        'read:jira-work',
        'read:servicedesk-request',
        'write:jira-work',
        'write:servicedesk-request',
      ].sort(),
    );
    const pkg = JSON.parse(await readFile(path.join(root, 'jira-forge-app/package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('@forge/ui');
  });
});
