/** End-to-end: a small MLP with a stable cross-entropy, gradchecked and compared across dtypes. */
import { describe, expect, test } from 'vitest';
import { Rng, array } from '@seedling-ml/tensor';
import { Tensor, gradcheck, tensor } from '../src/index.ts';

const targets = array([[0], [2], [1], [2]]);

function loss(x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor {
  const h = x.matmul(w1, { transposeB: true }).add(b1).gelu();
  const logits = h.matmul(w2, { transposeB: true }).add(b2);
  return logits.logSoftmax(-1).takeAlongAxis(targets, -1).mean().neg();
}

function params(dtype: 'float32' | 'float64'): Tensor[] {
  const rng = new Rng(3);
  // Drawn in float32 so both dtypes start from identical values.
  const shapes = [[4, 5], [6, 5], [6], [3, 6], [3]];
  return shapes.map((s) => tensor(rng.normal(s, 0, 0.7, { dtype: 'float32' }), { dtype, requiresGrad: true }));
}

describe('MLP with cross-entropy', () => {
  test('gradcheck through the whole network', () => {
    const [x, w1, b1, w2, b2] = params('float64');
    expect(gradcheck(loss, [x!, w1!, b1!, w2!, b2!])).toBe(true);
  });

  test('float32 loss and gradients match float64 to float32 precision', () => {
    const p32 = params('float32');
    const p64 = params('float64');
    const l32 = loss(...(p32 as [Tensor, Tensor, Tensor, Tensor, Tensor]));
    const l64 = loss(...(p64 as [Tensor, Tensor, Tensor, Tensor, Tensor]));
    expect(Math.abs(l32.item() - l64.item())).toBeLessThan(1e-6 * Math.max(1, Math.abs(l64.item())));
    l32.backward();
    l64.backward();
    p64.forEach((p, k) => {
      const g64 = Float64Array.from(p.grad!.data.data);
      const g32 = p32[k]!.grad!.data.data;
      expect(p32[k]!.grad!.dtype).toBe('float32');
      // Scale-relative tolerance: float32 roundoff (6e-8) amplified by a handful of ops.
      const scale = g64.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      g64.forEach((v, i) => expect(Math.abs(g32[i]! - v)).toBeLessThanOrEqual(2e-6 * scale));
    });
  });

  test('training steps with in-place updates reduce the loss; each step releases its graph', () => {
    const ps = params('float32');
    const [x, ...weights] = ps as [Tensor, ...Tensor[]];
    const first = loss(x, ...(weights as [Tensor, Tensor, Tensor, Tensor])).item();
    let last = first;
    for (let step = 0; step < 30; step++) {
      const l = loss(x, ...(weights as [Tensor, Tensor, Tensor, Tensor]));
      l.backward();
      expect(l.node?.released).toBe(true);
      for (const p of weights) {
        const d = p.data.data;
        const g = p.grad!.data.data;
        for (let i = 0; i < d.length; i++) d[i]! -= 0.5 * g[i]!;
        p.zeroGrad();
      }
      last = l.item();
    }
    expect(last).toBeLessThan(first * 0.5);
  });
});
