import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { maxWorkers } from '../../vitest.workers.ts';

export default defineConfig({
  // @vigie/csp from its TypeScript sources, as tsc and `vigie` read it (see packages/csp/package.json exports).
  ssr: { resolve: { conditions: ['@vigie/source', ...defaultServerConditions] } },
  test: {
    maxWorkers,
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
