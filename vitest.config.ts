import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real Python programs and sockets; they share two cores.
    testTimeout: 30_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    // The JSON copy lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
