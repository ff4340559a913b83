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
          exclude: ['**/node_modules/**', '.data/**', '.services/**', '**/*.disruptive.test.ts', '**/*.security.test.ts'],
        },
      },
      {
        // Probes against the running platform (`npm run test:security`); one file at a time, since each
        // measures how responsive the platform stays while it attacks.
        test: {
          ...shared,
          name: 'security',
          include: ['test/security/**/*.security.test.ts'],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
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
