import fc from 'fast-check';
import { NDArray } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { AutogradError, softmaxCrossEntropy, tensor } from '../src/index.ts';

/** The unfused reference: −mean(logSoftmax(z)[n, yₙ]) built from four separately tested ops. */
function composed(z: number[][], y: number[], dtype: 'float32' | 'float64') {
  const x = tensor(z, { dtype, requiresGrad: true });
  const loss = x
    .logSoftmax(-1)
    .takeAlongAxis(new NDArray(Float64Array.from(y), [y.length, 1]), -1)
    .mean()
    .neg();
  loss.backward();
  return { loss: loss.item(), grad: x.grad!.data.data };
}

function fused(z: number[][], y: number[], dtype: 'float32' | 'float64') {
  const x = tensor(z, { dtype, requiresGrad: true });
  const loss = softmaxCrossEntropy(x, new NDArray(Float64Array.from(y), [y.length]));
  loss.backward();
  return { loss: loss.item(), grad: x.grad!.data.data };
}

describe('softmaxCrossEntropy', () => {
  test('equals the composed logSoftmax cross-entropy, value and gradient, for random logits (float64 to 1e-12, float32 to 1e-6)', () => {
    const problem = fc.record({ n: fc.integer({ min: 1, max: 6 }), c: fc.integer({ min: 1, max: 12 }) }).chain(({ n, c }) =>
      fc.record({
        z: fc.array(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: c, maxLength: c }), {
          minLength: n,
          maxLength: n,
        }),
        y: fc.array(fc.nat(c - 1), { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(problem, fc.constantFrom<'float32' | 'float64'>('float32', 'float64'), ({ z, y }, dtype) => {
        const tol = dtype === 'float64' ? 1e-12 : 1e-6;
        const a = fused(z, y, dtype);
        const b = composed(z, y, dtype);
        expect(Math.abs(a.loss - b.loss)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b.loss)));
        for (let i = 0; i < a.grad.length; i++) expect(Math.abs(a.grad[i]! - b.grad[i]!)).toBeLessThanOrEqual(tol);
      }),
      { numRuns: 60 },
    );
  });

  test('stays finite for huge logits and a retained graph backpropagates twice to twice the gradient', () => {
    const x = tensor([[1e4, -1e4, 0]], { dtype: 'float64', requiresGrad: true });
    const loss = softmaxCrossEntropy(x, new NDArray(Float64Array.from([1]), [1]));
    expect(loss.item()).toBe(2e4); // ln Σ e^z = 1e4 exactly in float64, minus z[1] = −1e4
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    expect(Array.from(x.grad!.data.data)).toEqual([2, -2, 0]);
  });

  test('refuses wrong shapes and targets outside [0, C), naming the operands', () => {
    const x = tensor([
      [0, 0],
      [0, 0],
    ]);
    expect(() => softmaxCrossEntropy(x, new NDArray(Float64Array.from([0]), [1]))).toThrow(AutogradError);
    expect(() => softmaxCrossEntropy(x, new NDArray(Float64Array.from([0]), [1]))).toThrow(
      'softmaxCrossEntropy: expected logits [N, C] and targets [N], got [2,2] and [1]',
    );
    expect(() => softmaxCrossEntropy(x, new NDArray(Float64Array.from([0, 2]), [2]))).toThrow(
      'softmaxCrossEntropy: target 2 at index 1 is not a class index in [0, 2): logits [2,2], targets [2]',
    );
  });
});
