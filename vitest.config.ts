import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/integration/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Workers and child scripts bundled once per run from these sources (tsx costs ~0.6-1 s a start).
    globalSetup: ['test/setup/bundle-for-tests.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests spawn workers and child processes; two cores are all we have.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
