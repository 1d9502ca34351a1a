import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/integration/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Workers bundled once per run from these sources (tsx in every worker costs ~0.6 s a start).
    globalSetup: ['test/setup/build-workers.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests spawn workers and child processes; two cores are all we have.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
