import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { zendeskPackage } from './scripts/package-plugin.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The sidebar page, served by the backend at `/zendesk/sidebar` with its scripts under `/zendesk/assets/`:
 * `root: 'src'`, relative `base`, unhashed names (as Zendesk's scaffold builds). After the bundle, the
 * plugin writes the Marketplace package (manifest with the build-time backend URL, translations, logos).
 */
export default defineConfig({
  root: here('src'),
  base: './',
  envDir: here('.'),
  plugins: [react(), zendeskPackage({ appRoot: here('.') })],
  build: {
    outDir: here('dist/sidebar'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // The page is served to every agent; source maps stay out of it.
    sourcemap: false,
    rolldownOptions: {
      input: here('src/index.html'),
      output: {
        entryFileNames: 'assets/[name].js',
        chunkFileNames: 'assets/[name].js',
        assetFileNames: 'assets/[name].[ext]',
      },
    },
  },
});
