import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * `vite build` writes the Custom UI to `dist/`, the manifest's resource path: relative asset URLs
 * (`base: './'`), as Forge serves the folder under its own prefix and CSP.
 *
 * `vite build --mode harness` writes the same panel to `harness/dist/` with `@forge/bridge` replaced by
 * a postMessage fake, for the backend's local harness page. That build never goes to Forge.
 */
export default defineConfig(({ mode }) => {
  const harness = mode === 'harness';
  return {
    root: here,
    base: './',
    plugins: [react()],
    resolve: harness
      ? { alias: { '@forge/bridge': fileURLToPath(new URL('./harness/fake-bridge.ts', import.meta.url)) } }
      : {},
    build: {
      outDir: harness ? 'harness/dist' : 'dist',
      emptyOutDir: true,
      // Atlaskit's CSS-in-JS and tokens make one chunk of a few hundred KB; the panel loads it once.
      chunkSizeWarningLimit: 1500,
    },
  };
});
