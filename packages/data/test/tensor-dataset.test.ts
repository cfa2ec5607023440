import { tensor } from '@seedling-ml/autograd';
import { array } from '@seedling-ml/tensor';
import { describe, expect, expectTypeOf, test } from 'vitest';
import type { Tensor } from '@seedling-ml/autograd';
import { DataError, DataLoader, TensorDataset } from '../src/index.ts';

describe('TensorDataset', () => {
  const x = array([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const y = array([0, 1, 0]);

  test('examples and batches are rows of every tensor', () => {
    const ds = new TensorDataset(x, tensor(y));
    expect(ds.length).toBe(3);
    expect(ds.get(1).map((t) => t.toArray())).toEqual([[3, 4], 1]);
    const [xb, yb] = ds.getBatch([2, 0, 2]);
    expect(xb.toArray()).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    expect(yb.toArray()).toEqual([0, 0, 0]);
    expect(xb.requiresGrad).toBe(false);
  });

  test('batches are typed tuples: one Tensor per constructor argument, no `!` needed', () => {
    const loader = new DataLoader(new TensorDataset(x, tensor(y)), { batchSize: 2 });
    for (const batch of loader) {
      expectTypeOf(batch).toEqualTypeOf<[Tensor, Tensor]>();
      expect(batch).toHaveLength(2);
    }
  });

  test('examples are copies', () => {
    const ds = new TensorDataset(x, y);
    const [row] = ds.get(0);
    row!.data.data[0] = 99;
    expect(x.data[0]).toBe(1);
  });

  test('errors name the problem', () => {
    expect(() => new TensorDataset()).toThrow('TensorDataset: needs at least one tensor');
    expect(() => new TensorDataset(x, array([1, 2]))).toThrow('TensorDataset: tensors differ in their first dimension: [3,2], [2]');
    expect(() => new TensorDataset(array(5))).toThrow('every tensor needs a first (example) axis');
    expect(() => new TensorDataset(x).get(3)).toThrow(DataError);
    expect(() => new TensorDataset(x).getBatch([0, -1])).toThrow(
      'TensorDataset.getBatch: index -1 out of range for 3 examples (shape [3,2])',
    );
  });
});
