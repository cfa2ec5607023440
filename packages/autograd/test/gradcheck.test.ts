import { describe, expect, test } from 'vitest';
import { type NDArray, mul } from '@seedling-ml/tensor';
import { AutogradError, GradcheckError, apply, defineOp, gradcheck, tensor } from '../src/index.ts';

// sin-free test op with a deliberately wrong VJP at one position: forward x², VJP 2x except element 1 gets 3x.
const wrongOp = defineOp<[NDArray]>({
  name: 'wrongSquare',
  forward: ([x]) => mul(x, x),
  vjp: (g, { inputs: [x] }) => {
    const d = mul(g, mul(x, 2));
    if (d.size > 1) d.data[1] = g.data[1]! * 3 * x.data[1]!;
    return [d];
  },
});

describe('gradcheck', () => {
  test('passes for a correct composite function, float32 inputs checked in float64', () => {
    const x = tensor(
      [
        [0.5, -1.2],
        [2, 0.3],
      ],
      { requiresGrad: true },
    );
    const w = tensor(
      [
        [1, 2],
        [-0.5, 0.25],
      ],
      { requiresGrad: true },
    );
    expect(gradcheck((a, b) => a.matmul(b).tanh().mul(a).sum(), [x, w])).toBe(true);
    expect(x.grad).toBeNull(); // the caller's tensors are untouched
  });

  test('checks non-scalar outputs through a fixed projection', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((a) => a.mul(a).softmax(), [x])).toBe(true);
  });

  test('reports the input, the worst index, the analytic and the numeric value', () => {
    const c = tensor([1, 1, 1], { dtype: 'float64' });
    const x = tensor([[0.5, 2, 1]], { dtype: 'float64', requiresGrad: true });
    let error: unknown;
    try {
      gradcheck((k, a) => apply(wrongOp, [a], undefined).add(k), [c, x]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GradcheckError);
    const g = error as GradcheckError;
    expect(g.input).toBe(1);
    expect(g.index).toEqual([0, 1]);
    // output weight for element 1 is w₁ = 0.5 + frac(0.618… + 0.1), numeric = w₁·2x, analytic = w₁·3x
    const w1 = 0.5 + ((0.6180339887498949 + 0.1) % 1);
    expect(g.analytic).toBeCloseTo(w1 * 6, 12);
    expect(g.numeric).toBeCloseTo(w1 * 4, 6);
    expect(g.message).toMatch(/^gradcheck: gradient mismatch for input 1 \(shape \[1,3\]\) at index \[0,1\]: analytic .*, numeric .*/);
  });

  test('tolerances are honoured', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    // A 1% relative error in the VJP passes with rtol 0.05 and fails with the default 1e-3.
    const offOp = defineOp<[NDArray]>({ name: 'off', forward: ([a]) => mul(a, 2), vjp: (g) => [mul(g, 2.02)] });
    expect(gradcheck((a) => apply(offOp, [a], undefined), [x], { rtol: 0.05 })).toBe(true);
    expect(() => gradcheck((a) => apply(offOp, [a], undefined), [x])).toThrow(GradcheckError);
  });

  test('refuses when no input requires grad', () => {
    expect(() => gradcheck((a) => a.mul(2), [tensor([1])])).toThrow(AutogradError);
  });
});
