import { tensor } from '@seedling-ml/autograd';
import { Rng, arange, array } from '@seedling-ml/tensor';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DataLoader, type Dataset, TensorDataset } from '../src/index.ts';

/** A dataset of n examples [i] (and [10·i]) to follow the order of visits. */
function numbered(n: number): TensorDataset {
  return new TensorDataset(arange(n, undefined, 1, { dtype: 'float64' }), arange(0, 10 * n, 10, { dtype: 'float64' }));
}

function epoch(loader: DataLoader): number[][] {
  return [...loader].map(([x]) => Array.from(x!.data.data));
}

describe('DataLoader', () => {
  test('batches in order without shuffle; the last batch may be short', () => {
    const loader = new DataLoader(numbered(7), { batchSize: 3 });
    expect(loader.length).toBe(3);
    expect(epoch(loader)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const [x, y] = [...loader][0]!;
    expect(x!.shape).toEqual([3]);
    expect(Array.from(y!.data.data)).toEqual([0, 10, 20]);
  });

  test('dropLast drops the short batch', () => {
    const loader = new DataLoader(numbered(7), { batchSize: 3, dropLast: true });
    expect(loader.length).toBe(2);
    expect(epoch(loader)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  test('property: a shuffled epoch visits every example exactly once, reproducibly from the seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }), fc.integer(), (n, batchSize, seed) => {
        const a = new DataLoader(numbered(n), { batchSize, shuffle: true, seed });
        const b = new DataLoader(numbered(n), { batchSize, shuffle: true, seed });
        const e1 = epoch(a);
        expect(epoch(b)).toEqual(e1);
        expect(e1.flat().sort((p, q) => p - q)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(e1.every((batch, i) => batch.length === (i < e1.length - 1 ? batchSize : n - batchSize * (e1.length - 1)))).toBe(true);
        // The next epoch is the generator's next permutation: same for both loaders.
        expect(epoch(a)).toEqual(epoch(b));
      }),
      { numRuns: 100 },
    );
  });

  test('property: with dropLast every batch is full, ⌊n / batchSize⌋ of them, no example twice', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }), fc.integer(), (n, batchSize, seed) => {
        const loader = new DataLoader(numbered(n), { batchSize, shuffle: true, seed, dropLast: true });
        const batches = epoch(loader);
        expect(loader.length).toBe(Math.floor(n / batchSize));
        expect(batches).toHaveLength(loader.length);
        expect(batches.every((b) => b.length === batchSize)).toBe(true);
        const seen = batches.flat();
        expect(new Set(seen).size).toBe(seen.length);
      }),
      { numRuns: 100 },
    );
  });

  test('epoch k visits the examples in the k-th permutation of new Rng(seed) (as documented)', () => {
    const loader = new DataLoader(numbered(23), { batchSize: 5, shuffle: true, seed: 'docs' });
    const rng = new Rng('docs');
    for (let k = 0; k < 3; k++) expect(epoch(loader).flat()).toEqual(Array.from(rng.permutation(23)));
  });

  test('epochs get new orders; seeds differ', () => {
    const loader = new DataLoader(numbered(50), { batchSize: 50, shuffle: true, seed: 3 });
    const first = epoch(loader)[0];
    expect(epoch(loader)[0]).not.toEqual(first);
    expect(epoch(new DataLoader(numbered(50), { batchSize: 50, shuffle: true, seed: 4 }))[0]).not.toEqual(first);
  });

  test('datasets without getBatch are collated by stacking', () => {
    const plain: Dataset = {
      length: 3,
      get: (i) => [tensor(array([i, -i])), tensor(array(i * 2))],
    };
    const [x, y] = [...new DataLoader(plain, { batchSize: 3 })][0]!;
    expect(x!.toArray()).toEqual([
      [0, -0],
      [1, -1],
      [2, -2],
    ]);
    expect(y!.toArray()).toEqual([0, 2, 4]);
  });

  test('validates its options', () => {
    expect(() => new DataLoader(numbered(3), { batchSize: 0 })).toThrow('DataLoader: invalid batchSize: 0 (valid: an integer ≥ 1)');
    expect(() => new DataLoader(numbered(3), { shuffle: 'yes' as never })).toThrow('DataLoader: invalid shuffle: yes');
    expect(() => new DataLoader({} as never)).toThrow('DataLoader: expected a dataset');
  });
});

describe('DataLoader checks at construction what it can, and names the index otherwise', () => {
  const js = <T>(v: unknown): T => v as T;
  const ds = new TensorDataset(tensor([[1], [2], [3]]));
  test('a negative length, a non-Rng rng and a misspelled option throw at construction', () => {
    expect(() => new DataLoader(js<Dataset>({ length: -1, get: () => [] }))).toThrow(
      'DataLoader: dataset length must be an integer ≥ 0, got -1',
    );
    expect(() => new DataLoader(ds, js({ rng: 5 }))).toThrow("DataLoader: option 'rng' must be an Rng, got 5");
    expect(() => new DataLoader(ds, js({ batchsize: 4 }))).toThrow(
      "DataLoader: unknown option 'batchsize' (valid: batchSize, shuffle, seed, rng, dropLast)",
    );
  });
  test('a get() returning a number is reported with its index when iterated', () => {
    const loader = new DataLoader(js<Dataset>({ length: 2, get: (i: number) => (i === 0 ? [tensor([1])] : 7) }), { batchSize: 2 });
    expect(() => [...loader]).toThrow('DataLoader: dataset.get(1) must return a non-empty array of Tensors, got 7');
  });
});
