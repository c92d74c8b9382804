// Builds the dashboard into dist/ (served by apps/server/src/web/dashboard.ts), each asset with a
// brotli and a gzip copy beside it, and runs the dev server with /api proxied to a running Vigie
// (VIGIE_URL, default http://localhost:8000).

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { initialJavaScriptSize } from './scripts/initial-size.ts';
import { precompressAssets } from './scripts/precompress.ts';

export default defineConfig({
  plugins: [react(), initialJavaScriptSize({ targetKb: 250 }), precompressAssets()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The preload helper would add <link rel=modulepreload> tags that carry no CSP nonce; lazy routes
    // load through import(), which 'strict-dynamic' trusts.
    modulePreload: false,
    assetsInlineLimit: 0,
    target: 'es2022',
  },
  server: {
    // The Host header stays the dev server's, so that login's same-origin check passes through the proxy.
    proxy: { '/api': { target: process.env.VIGIE_URL ?? 'http://localhost:8000', changeOrigin: false } },
  },
});
