import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves the build under /admin from its own origin (apps/gateway/src/console).
export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react()],
  // The domain's VietQR parser, compiled from its source like the console's own files.
  resolve: { alias: { '@ppm/domain': resolve(import.meta.dirname, '../../libs/domain/src/index.ts') } },
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/apps/admin-console'),
    emptyOutDir: true,
    // The gateway's policy allows no inline script or style: every asset is a file of its own.
    assetsInlineLimit: 0,
  },
});
