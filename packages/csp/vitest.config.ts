import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'csp',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
