/** The README's example, so its printed output stays true. */
import { expect, test } from 'vitest';
import { gradcheck, noGrad, tensor } from '../src/index.ts';

test('README example prints what the README says', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  const w = tensor(
    [
      [0.5, -1],
      [2, 0.25],
    ],
    { requiresGrad: true },
  );
  const b = tensor([0.5, -0.5], { requiresGrad: true });
  const loss = x.matmul(w, { transposeB: true }).add(b).relu().mean();
  loss.backward();
  expect(loss.item()).toBe(2.125);
  expect(w.grad?.toArray()).toEqual([
    [0, 0],
    [1, 1.5],
  ]);
  expect(b.grad?.toArray()).toEqual([0, 0.5]);
  const y = noGrad(() => w.mul(2));
  expect([y.requiresGrad, y.node]).toEqual([false, null]);
  const z = tensor([0.3, -1.2], { dtype: 'float64', requiresGrad: true });
  expect(gradcheck((t) => t.tanh().mul(t).sum(), [z])).toBe(true);
  expect(() => loss.backward()).toThrow(
    "backward: the graph through 'div' was already freed by an earlier backward(): pass { retainGraph: true } to that earlier call to backpropagate through the same graph again",
  );
});
