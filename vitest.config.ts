import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@seedling-ml/source'] },
  ssr: { resolve: { conditions: ['@seedling-ml/source'] } },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'examples/test/**/*.test.ts',
      'scripts/test/**/*.test.ts',
      'docs/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
    ],
    reporters: ['default', './scripts/count-reporter.ts'],
    testTimeout: 60_000,
    pool: 'threads',
    // Buffers from allocateUninitialized start as NaN, so a kernel that skips an element fails loudly.
    env: { SEEDLING_POISON_UNINITIALIZED: '1' },
  },
});
