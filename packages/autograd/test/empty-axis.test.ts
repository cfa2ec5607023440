/**
 * Empty axes (issue 11): softmax of an empty tensor is the empty tensor of its shape (PyTorch's result), and
 * the minimum of zero elements is refused naming `min` — both used to throw naming the internal `max`.
 */
import { ShapeError, zeros } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { logSoftmax, min, softmax, tensor } from '../src/index.ts';

describe('reductions over an empty axis name the op the user called', () => {
  test('softmax and logSoftmax of an empty tensor return it, and backward runs', () => {
    const x = tensor(zeros([2, 0], { dtype: 'float64' }), { requiresGrad: true });
    const s = softmax(x, 1);
    expect(s.shape).toEqual([2, 0]);
    expect(logSoftmax(x, 1).shape).toEqual([2, 0]);
    expect(x.softmax(0).shape).toEqual([2, 0]);
    s.sum().backward();
    expect(x.grad?.shape).toEqual([2, 0]);
  });

  test('min over zero elements throws ShapeError naming min; an empty result is fine', () => {
    expect(() => min(tensor(zeros([2, 0])), { axis: 1 })).toThrow(ShapeError);
    expect(() => min(tensor(zeros([2, 0])), { axis: 1 })).toThrow('min: cannot reduce over zero elements (no identity): axes [1] of [2,0]');
    expect(() => min(tensor(zeros([0])))).toThrow(/^min: /);
    // Reducing the non-empty axis of [2, 0] gives an empty result, not an error.
    expect(min(tensor(zeros([2, 0])), { axis: 0 }).shape).toEqual([0]);
  });
});
