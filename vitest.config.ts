import { defineConfig } from 'vitest/config';

const shared = {
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // PGlite instances are memory-hungry; two workers match the two cores CI has.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...shared,
          name: 'suite',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**', '.data/**', '.services/**', '**/*.disruptive.test.ts'],
        },
      },
      {
        // Suites that stop and start shared services; run after the others, one file at a time.
        test: {
          ...shared,
          name: 'disruptive',
          include: ['**/*.disruptive.test.ts'],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
        },
      },
    ],
  },
});
