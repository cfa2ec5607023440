import { describe, expect, test } from 'vitest';
import { Tensor } from '@seedling-ml/autograd';
import { NDArray, array } from '@seedling-ml/tensor';
import { Embedding, NNError } from '../../src/index.ts';
import { gradcheckModule, values } from '../helpers.ts';

describe('Embedding', () => {
  test('looks up rows; output shape is indices.shape + [dim]', () => {
    const emb = new Embedding(5, 3, { seed: 1 });
    const w = values(emb.weight);
    const y = emb.forward(
      array([
        [4, 0],
        [2, 4],
      ]),
    );
    expect(y.shape).toEqual([2, 2, 3]);
    expect(values(y)).toEqual([...w.slice(12, 15), ...w.slice(0, 3), ...w.slice(6, 9), ...w.slice(12, 15)]);
    expect(emb.forward([1]).shape).toEqual([1, 3]);
    expect(emb.forward(new Tensor(array([3]))).shape).toEqual([1, 3]);
  });

  test('gradient adds into each used row (repeats accumulate)', () => {
    const emb = new Embedding(4, 2, { seed: 2, dtype: 'float64' });
    const y = emb.forward([1, 3, 1]);
    y.mul(new NDArray(Float64Array.from([1, 2, 3, 4, 5, 6]), [3, 2]))
      .sum()
      .backward();
    expect(values(emb.weight.grad!)).toEqual([0, 0, 1 + 5, 2 + 6, 0, 0, 3, 4]);
  });

  test('gradcheck in float64', () => {
    const emb = new Embedding(6, 3, { seed: 3, dtype: 'float64' });
    expect(
      gradcheckModule(emb, [], {
        call: (m) =>
          (m as Embedding)
            .forward(
              array([
                [0, 5],
                [5, 2],
              ]),
            )
            .tanh(),
      }),
    ).toBe(true);
  });

  test('indices out of range or not integers throw', () => {
    const emb = new Embedding(5, 3);
    expect(() => emb.forward([1, 5])).toThrow(NNError);
    expect(() => emb.forward([1, 5])).toThrow('Embedding: index 5 at flat position 1 is not an integer in [0, 5): indices [2]');
    expect(() => emb.forward(array([[0.5]]))).toThrow('Embedding: index 0.5 at flat position 0 is not an integer in [0, 5): indices [1,1]');
    expect(() => emb.forward([-1])).toThrow(/index -1/);
  });
});
