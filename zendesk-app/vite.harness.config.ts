import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The local harness's two scripts (never part of the Marketplace package): the fake Zendesk host page's
 * script and the ZAF SDK stand-in the sidebar loads inside the harness.
 */
export default defineConfig({
  build: {
    outDir: here('dist/harness'),
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      input: { host: here('harness/host.ts'), 'zaf-fake': here('harness/zaf-fake.ts') },
      output: { entryFileNames: '[name].js', format: 'es' },
      preserveEntrySignatures: false,
    },
  },
});
