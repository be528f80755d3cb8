import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'pipeline/**/*.test.ts',
      'scripts/**/*.test.ts',
      'config/**/*.test.ts',
    ],
    environment: 'node',
    // Phantom tests render real volumes; the machines are small and shared.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
