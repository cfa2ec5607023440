import { defineConfig } from 'vite';

// Seedling's packages resolve to their TypeScript sources (the in-repo export condition), so the app
// builds without building the packages first; `base: './'` makes the built site work from any folder.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  resolve: { conditions: ['@seedling-ml/source', 'module', 'browser', 'development|production'] },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
