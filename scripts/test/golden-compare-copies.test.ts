/**
 * The golden-fixture comparison helper exists once per package that uses it (a test may import only inside its own package,
 * see scripts/dependency-rules.ts); the copies must stay identical, so a fix reaches every package.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const copies = ['autograd', 'nn', 'optim', 'seedling'].map((p) => `packages/${p}/test/golden/compare.ts`);

test('packages/*/test/golden/compare.ts are identical', () => {
  const root = new URL('../../', import.meta.url);
  const [first, ...rest] = copies.map((f) => readFileSync(new URL(f, root), 'utf8'));
  for (const [i, text] of rest.entries()) expect(text, `${copies[i + 1]} differs from ${copies[0]}`).toBe(first);
});
