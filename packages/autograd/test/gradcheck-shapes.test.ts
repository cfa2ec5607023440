/**
 * gradcheck checks each VJP gradient's shape and dtype, not just the values (issue 11): a `[1, C]` gradient
 * for a `[C]` input used to be summed into shape by the engine and pass every gradcheck.
 */
import { type NDArray, mul, reshape } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { AutogradError, apply, defineOp, gradcheck, tensor } from '../src/index.ts';

// Correct values, wrong shape: the VJP of 2x returns [1, C] for a [C] input.
const wrongShapeOp = defineOp<[NDArray]>({
  name: 'wrongShapeDouble',
  forward: ([x]) => mul(x, 2),
  vjp: (g) => [reshape(mul(g, 2), [1, g.size])],
});

// Correct values, wrong dtype: the VJP returns float32 for a float64 input.
const wrongDTypeOp = defineOp<[NDArray]>({
  name: 'wrongDTypeDouble',
  forward: ([x]) => mul(x, 2),
  vjp: (g) => [mul(g, 2).astype('float32')],
});

// The same shapes from an op that declares it broadcasts: the engine's reduction is its contract.
const broadcastingOp = defineOp<[NDArray]>({
  name: 'broadcastingDouble',
  broadcasts: true,
  forward: ([x]) => mul(x, 2),
  vjp: (g) => [reshape(mul(g, 2), [1, g.size])],
});

const x = () => tensor([0.5, -1, 2], { dtype: 'float64', requiresGrad: true });

describe('gradcheck checks gradient shapes and dtypes', () => {
  test('a [1, C] gradient for a [C] input fails, naming the op and both shapes', () => {
    expect(() => gradcheck((a) => apply(wrongShapeOp, [a], undefined).sum(), [x()])).toThrow(AutogradError);
    expect(() => gradcheck((a) => apply(wrongShapeOp, [a], undefined).sum(), [x()])).toThrow(
      'wrongShapeDouble: vjp returned a gradient of shape [1,3] for input 0 of shape [3]',
    );
    // Outside gradcheck the engine still sums it into shape (the values are right), as before.
    const t = x();
    apply(wrongShapeOp, [t], undefined).sum().backward();
    expect(t.grad?.toArray()).toEqual([2, 2, 2]);
  });

  test('a gradient of another dtype fails', () => {
    expect(() => gradcheck((a) => apply(wrongDTypeOp, [a], undefined).sum(), [x()])).toThrow(
      'wrongDTypeDouble: vjp returned a float32 gradient for input 0, which is float64',
    );
  });

  test('an op that declares broadcasts may return the broadcast shape', () => {
    expect(gradcheck((a) => apply(broadcastingOp, [a], undefined).sum(), [x()])).toBe(true);
  });

  test('broadcasting library ops still pass', () => {
    const b = tensor([[1, 2, 3]], { dtype: 'float64', requiresGrad: true });
    const c = tensor([[0.5], [-2]], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((p, q) => p.mul(q).add(p).sum(), [b, c])).toBe(true);
  });
});
