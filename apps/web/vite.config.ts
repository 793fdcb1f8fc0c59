import { defineConfig } from 'vite'

/**
 * The dashboard's build: `index.html` and hashed assets in `dist/`, every script, style and chart
 * library bundled (no CDN), served by the API at `/` (`webAssetsDir`).
 */
export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1024 },
})
