import { defineConfig } from 'vitest/config';

const integrationGlobs = ['tests/integration/**/*.test.ts', '{server,bot,entities,config}/**/*.integration.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['{server,bot,entities,config}/**/*.test.ts', 'miniprogram/src/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: integrationGlobs,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file gets its own database; MariaDB and SQLite both cope with a few at once.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'browser',
          sequence: { groupOrder: 2 },
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          globalSetup: ['tests/browser/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
