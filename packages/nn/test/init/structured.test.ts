import { Rng } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { InitError, dirac, eye, sparse } from '../../src/init/index.ts';
import { expectMoments } from './stats.ts';

const ctx = { rng: new Rng(0) };

describe('eye', () => {
  test('square and rectangular identities', () => {
    expect(eye().sample([3, 3], ctx).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(eye().sample([2, 3], ctx).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(eye().sample([3, 2], ctx).toArray()).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
  });
  test('only 2-D', () => {
    expect(() => eye().sample([2, 2, 2], ctx)).toThrow('eye: expected a matrix of rank 2, got shape [2,2,2]');
  });
});

describe('dirac', () => {
  test('Conv1d [2, 2, 3]: ones at [d, d, 1]', () => {
    expect(dirac().sample([2, 2, 3], ctx).toArray()).toEqual([
      [
        [0, 1, 0],
        [0, 0, 0],
      ],
      [
        [0, 0, 0],
        [0, 1, 0],
      ],
    ]);
  });

  test('Conv2d [3, 2, 3, 3]: min(out, in) = 2 ones at the centre, third filter all zero', () => {
    const w = dirac().sample([3, 2, 3, 3], { rng: new Rng(0), dtype: 'float64' });
    let ones = 0;
    for (let o = 0; o < 3; o++)
      for (let i = 0; i < 2; i++)
        for (let y = 0; y < 3; y++)
          for (let x = 0; x < 3; x++) {
            const expected = o === i && y === 1 && x === 1 ? 1 : 0;
            expect(w.get(o, i, y, x)).toBe(expected);
            ones += expected;
          }
    expect(ones).toBe(2);
  });

  test('groups 2 on [4, 2, 3]: each group of 2 outputs copies its 2 input channels', () => {
    expect(dirac({ groups: 2 }).sample([4, 2, 3], ctx).toArray()).toEqual([
      [
        [0, 1, 0],
        [0, 0, 0],
      ],
      [
        [0, 0, 0],
        [0, 1, 0],
      ],
      [
        [0, 1, 0],
        [0, 0, 0],
      ],
      [
        [0, 0, 0],
        [0, 1, 0],
      ],
    ]);
  });

  test('Conv3d [2, 1, 3, 3, 3]: one 1 at [0, 0, 1, 1, 1]', () => {
    const w = dirac().sample([2, 1, 3, 3, 3], ctx);
    expect(w.get(0, 0, 1, 1, 1)).toBe(1);
    expect(Array.from(w.data).reduce((s, v) => s + v, 0)).toBe(1);
  });

  test('errors', () => {
    expect(() => dirac({ groups: 3 }).sample([4, 2, 3], ctx)).toThrow('dirac: groups 3 must divide out channels 4 of shape [4,2,3]');
    expect(() => dirac({ groups: 0 })).toThrow('dirac: groups must be a positive integer, got 0');
    expect(() => dirac().sample([4, 2], ctx)).toThrow('dirac: expected a conv weight [out, in, k...] of rank 3 to 5, got shape [4,2]');
  });
});

describe('sparse (Martens 2010)', () => {
  function zerosPerColumn(data: ArrayLike<number>, rows: number, cols: number): number[] {
    const counts = new Array<number>(cols).fill(0);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (data[r * cols + c] === 0) counts[c]!++;
    return counts;
  }

  test('exactly ceil(sparsity·rows) zeros per column: 0.25·10 = 2.5 → 3', () => {
    const w = sparse({ sparsity: 0.25 }).sample([10, 50], ctx).data;
    expect(zerosPerColumn(w, 10, 50)).toEqual(new Array(50).fill(3));
  });

  test('1000 rows, sparsity 0.25 → 250 zeros per column; non-zeros N(0, std²) within 4 SE', () => {
    const rows = 1000;
    const cols = 200;
    const w = sparse({ sparsity: 0.25, std: 0.02 }).sample([rows, cols], { rng: new Rng('sparse'), dtype: 'float64' }).data;
    expect(zerosPerColumn(w, rows, cols)).toEqual(new Array(cols).fill(250));
    const nonZero = Array.from(w).filter((v) => v !== 0); // 150,000 samples
    expectMoments(nonZero, 0, 0.02);
  });

  test('zero rows are uniform: each row is zeroed in a column with probability 0.25', () => {
    // Over 200 columns × 1000 rows, row r's zero count is Binomial(200, 0.25) per row; pooled over the
    // first 100 rows: mean 50, SE of the pooled mean = √(200·0.25·0.75/100).
    const w = sparse({ sparsity: 0.25 }).sample([1000, 200], { rng: new Rng(5) }).data;
    let total = 0;
    for (let r = 0; r < 100; r++) for (let c = 0; c < 200; c++) if (w[r * 200 + c] === 0) total++;
    expect(Math.abs(total / 100 - 50)).toBeLessThan(4 * Math.sqrt((200 * 0.25 * 0.75) / 100));
  });

  test('the zero pattern is drawn from the given rng: same seed same pattern, other seed other pattern', () => {
    const pattern = (seed: number) =>
      Array.from(sparse({ sparsity: 0.5 }).sample([20, 8], { rng: new Rng(seed) }).data).map((v) => v === 0);
    expect(pattern(1)).toEqual(pattern(1));
    expect(pattern(1)).not.toEqual(pattern(2));
  });

  test('sparsity 0 keeps every value', () => {
    expect(zerosPerColumn(sparse({ sparsity: 0 }).sample([10, 10], ctx).data, 10, 10)).toEqual(new Array(10).fill(0));
  });

  test.each([
    [{ sparsity: 1 }, 'sparse: sparsity must be in [0, 1), got 1'],
    [{ sparsity: -0.1 }, 'sparse: sparsity must be a finite number ≥ 0, got -0.1'],
    [{ sparsity: NaN }, 'sparse: sparsity must be a finite number ≥ 0, got NaN'],
    [{}, 'sparse: sparsity is required (a number in [0, 1))'],
    [{ sparsity: 0.1, std: -1 }, 'sparse: std must be a finite number ≥ 0, got -1'],
  ])('bad config %j throws', (config, message) => {
    expect(() => sparse(config as never)).toThrow(InitError);
    expect(() => sparse(config as never)).toThrow(message);
  });

  test('only 2-D', () => {
    expect(() => sparse({ sparsity: 0.1 }).sample([2, 2, 2], ctx)).toThrow('sparse: expected a matrix of rank 2, got shape [2,2,2]');
  });
});
