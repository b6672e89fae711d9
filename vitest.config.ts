import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(__dirname) };

/**
 * Two projects, run one after the other by `npm run test:unit`:
 * - unit: everything beside the code in lib/, app/ and bench/ (fast, two workers on two cores);
 * - integration: server/ tests that start real server processes; one file at a time, so a
 *   server's start-up never competes with a unit suite for the machine's two cores.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'lib/**/*.test.tsx', 'app/**/*.test.ts', 'bench/**/*.test.ts'],
          environment: 'node',
          maxWorkers: 2,
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['server/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
