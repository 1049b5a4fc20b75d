import { defineConfig } from 'vite';

// The dashboard: ui/ is built into static files that the Hono server serves.
export default defineConfig({
  root: 'ui',
  build: { outDir: '../dist/ui', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
