import { arange } from '@seedling-ml/tensor';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Subset, TensorDataset, randomSplit, trainTestSplit } from '../src/index.ts';

const numbered = (n: number) => new TensorDataset(arange(n, undefined, 1, { dtype: 'float64' }));
const ids = (s: Subset): number[] => Array.from({ length: s.length }, (_, i) => s.get(i)[0]!.item());

describe('randomSplit', () => {
  test('property: disjoint subsets of the requested sizes covering the dataset, fixed by the seed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 4 }), fc.integer(), (sizes, seed) => {
        const n = sizes.reduce((a, b) => a + b, 0);
        const parts = randomSplit(numbered(n), sizes, { seed });
        expect(parts.map((p) => p.length)).toEqual(sizes);
        expect(parts.flatMap(ids).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(randomSplit(numbered(n), sizes, { seed }).map(ids)).toEqual(parts.map(ids));
      }),
      { numRuns: 100 },
    );
  });

  test('fractions: floors, remainder handed out from the first subset (PyTorch)', () => {
    // 10 · [0.33, 0.33, 0.34] floors to [3, 3, 3]; the 1 left goes to the first.
    expect(randomSplit(numbered(10), [0.33, 0.33, 0.34]).map((s) => s.length)).toEqual([4, 3, 3]);
    expect(() => randomSplit(numbered(10), [3, 3])).toThrow(
      'randomSplit: sizes [3, 3] must be counts summing to 10 or fractions summing to 1',
    );
  });

  test('Subset batches go through the parent', () => {
    const s = new Subset(numbered(5), [4, 2]);
    expect(Array.from(s.getBatch([1, 0])[0]!.data.data)).toEqual([2, 4]);
    expect(() => new Subset(numbered(5), [5])).toThrow('Subset: index 5 out of range for a dataset of 5 examples');
  });
});

describe('trainTestSplit', () => {
  test('a fraction rounds the test set up; a count is exact; seeded', () => {
    const { train, test: t } = trainTestSplit(numbered(10), { testSize: 0.25, seed: 1 });
    expect([train.length, t.length]).toEqual([7, 3]);
    expect(new Set([...ids(train), ...ids(t)]).size).toBe(10);
    const again = trainTestSplit(numbered(10), { testSize: 0.25, seed: 1 });
    expect(ids(again.test)).toEqual(ids(t));
    expect(trainTestSplit(numbered(10), { testSize: 4 }).test.length).toBe(4);
    expect(() => trainTestSplit(numbered(10), { testSize: 10 })).toThrow(
      'trainTestSplit: invalid testSize: 10 (valid: a fraction in (0, 1) or a count in [1, 9])',
    );
  });
});
