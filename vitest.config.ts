import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { '@': path.resolve(__dirname) },
  },
  test: {
    environment: 'node',
    globalSetup: ['tests/support/global-setup.ts'],
    include: ['tests/**/*.test.ts', 'server/**/*.test.ts', 'plugins/**/*.test.ts'],
    exclude: ['tests/e2e/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // 2-core machine / CI runner.
    maxWorkers: 2,
    fileParallelism: true,
    env: {
      RAPPORT_FIXTURE_PLUGINS: '1',
      LOG_LEVEL: 'warn',
      NEXTAUTH_SECRET: 'test-secret-not-for-production',
    },
  },
});
