// Bundles the backend's two entry points (server, CLI) into backend/dist with esbuild. Third-party
// packages stay external (installed by npm); the shared workspace is inlined because it ships as
// TypeScript source. The SQL migrations are copied beside the bundle, where migrate.ts looks for them.
import { build } from 'esbuild';
import { cp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await rm(`${root}dist`, { recursive: true, force: true });
await build({
  entryPoints: { server: `${root}src/server.ts`, triage: `${root}src/cli/main.ts` },
  outdir: `${root}dist`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'externalize-packages',
      setup(b) {
        // Bare imports are packages, except our own shared workspace.
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@triage/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
await cp(`${root}src/storage/migrations`, `${root}dist/migrations`, { recursive: true });
process.stdout.write('backend built: dist/server.js, dist/triage.js, dist/migrations/\n');
