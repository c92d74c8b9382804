import { defineConfig } from 'vitest/config';
import { maxWorkers } from '../../vitest.workers.ts';

// The dashboard's pure modules (event reading, formatting, triage rules) and its build plugins; pages
// are tested in real Chromium by apps/server/test/dashboard.e2e.test.ts.
export default defineConfig({
  test: {
    name: 'web',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    maxWorkers,
  },
});
