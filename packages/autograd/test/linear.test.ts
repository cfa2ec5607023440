/**
 * The fused `linear` op against the ops it replaces (`x.matmul(w, { transposeB: true }).add(b)`): the same
 * values and gradients, bit for bit in float32 for a 2-D x (the same products, the same bias sums in the same
 * order), and a float64 gradcheck with leading axes (also in the op-spec property test); with `activation: 'relu'`,
 * the same against `linear(…).relu()`.
 */
import { type NDArray, Rng } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { gradcheck, leakyRelu, linear, tensor } from '../src/index.ts';

function bitsEqual(a: NDArray, b: NDArray): boolean {
  if (a.dtype !== b.dtype || a.size !== b.size) return false;
  return a.data.every((v, i) => Object.is(v, b.data[i]));
}

describe('linear', () => {
  test('float32, batch 64 784→256 with relu after it: output and all three gradients equal the composed ops', () => {
    const rng = new Rng(3);
    const xs = rng.normal([64, 784]);
    const ws = rng.normal([256, 784], 0, 0.05);
    const bs = rng.normal([256], 0, 0.1);
    const run = (fused: boolean) => {
      const x = tensor(xs.clone(), { requiresGrad: true });
      const w = tensor(ws.clone(), { requiresGrad: true });
      const b = tensor(bs.clone(), { requiresGrad: true });
      const y = fused ? linear(x, w, b) : x.matmul(w, { transposeB: true }).add(b);
      y.relu().square().sum().backward();
      return [y.data, x.grad!.data, w.grad!.data, b.grad!.data];
    };
    const fused = run(true);
    const composed = run(false);
    for (let i = 0; i < 4; i++) expect(bitsEqual(fused[i]!, composed[i]!), `array ${i}`).toBe(true);
  });

  test('float64 gradcheck with two leading axes, and without a bias', () => {
    const rng = new Rng(4);
    const x = tensor(rng.normal([2, 3, 4], 0, 1, { dtype: 'float64' }), { requiresGrad: true });
    const w = tensor(rng.normal([5, 4], 0, 1, { dtype: 'float64' }), { requiresGrad: true });
    const b = tensor(rng.normal([5], 0, 1, { dtype: 'float64' }), { requiresGrad: true });
    expect(gradcheck((x, w, b) => linear(x!, w!, b!).tanh().sum(), [x, w, b])).toBe(true);
    expect(gradcheck((x, w) => linear(x!, w!).tanh().sum(), [x, w])).toBe(true);
  });

  test("activation 'relu': output and all three gradients equal linear(…).relu() bit for bit, float32 and float64", () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const rng = new Rng(5);
      // A zero bias row and an exact-zero product column put pre-activations exactly at the kink too.
      const xs = rng.normal([64, 300], 0, 1, { dtype });
      const ws = rng.normal([200, 300], 0, 0.05, { dtype });
      ws.data.fill(0, 0, 300);
      const bs = rng.normal([200], 0, 0.1, { dtype });
      bs.data[0] = 0;
      const run = (fused: boolean) => {
        const x = tensor(xs.clone(), { requiresGrad: true });
        const w = tensor(ws.clone(), { requiresGrad: true });
        const b = tensor(bs.clone(), { requiresGrad: true });
        const y = fused ? linear(x, w, b, { activation: 'relu' }) : linear(x, w, b).relu();
        y.square().sum().backward();
        return [y.data, x.grad!.data, w.grad!.data, b.grad!.data];
      };
      const fused = run(true);
      const composed = run(false);
      for (let i = 0; i < 4; i++) expect(bitsEqual(fused[i]!, composed[i]!), `${dtype} array ${i}`).toBe(true);
    }
  });

  test("activation 'relu': float64 gradcheck away from the kink, without a bias too; bad options throw", () => {
    const rng = new Rng(6);
    const x = tensor(rng.normal([2, 3, 4], 0, 1, { dtype: 'float64' }), { requiresGrad: true });
    const w = tensor(rng.normal([5, 4], 0, 1, { dtype: 'float64' }), { requiresGrad: true });
    const b = tensor(rng.normal([5], 0, 1, { dtype: 'float64' }), { requiresGrad: true });
    const relu = { activation: 'relu' } as const;
    expect(gradcheck((x, w, b) => linear(x!, w!, b!, relu).tanh().sum(), [x, w, b])).toBe(true);
    expect(gradcheck((x, w) => linear(x!, w!, null, relu).tanh().sum(), [x, w])).toBe(true);
    expect(() => linear(x, w, b, { activation: 'tanh' as 'relu' })).toThrow(/linear: option 'activation' must be one of 'relu'/);
  });

  test('only the inputs that require grad get one', () => {
    const x = tensor([[1, 2]]);
    const w = tensor([[3, 4]], { requiresGrad: true });
    const b = tensor([0.5]);
    linear(x, w, b).sum().backward();
    expect(w.grad!.toArray()).toEqual([[1, 2]]);
    expect(x.grad).toBeNull();
  });
});

describe('leakyRelu as one op', () => {
  test('float64 gradcheck away from the kink; gradient = negativeSlope at 0', () => {
    const x = tensor([-1.5, -0.2, 0.3, 2], { dtype: 'float64', requiresGrad: true });
    expect(gradcheck((x) => leakyRelu(x!, 0.1).square().sum(), [x])).toBe(true);
    const z = tensor([0, 1], { dtype: 'float64', requiresGrad: true });
    leakyRelu(z, 0.1).sum().backward();
    expect(z.grad!.toArray()).toEqual([0.1, 1]);
  });
});
