import { AutogradError, tensor } from '@seedling-ml/autograd';
import { expect, test } from 'vitest';
import { SGD } from '../src/index.ts';

// Issue 11, silent failure 2: this sequence gave [0, 0] instead of an error.
test('backward through a graph recorded before an optimizer step throws instead of using the new weights', () => {
  const w = tensor([1, 2], { requiresGrad: true, dtype: 'float64' });
  const opt = new SGD([w], { lr: 0.1 });
  const loss = w.mul(w).sum();
  loss.backward(undefined, { retainGraph: true });
  expect(w.grad?.toArray()).toEqual([2, 4]);
  opt.step();
  opt.zeroGrad();
  expect(() => loss.backward()).toThrow(AutogradError);
  expect(() => loss.backward()).toThrow(/^mul: input 0 .*modified in place after the forward pass/);
});

test('a fresh forward after the step backpropagates normally (d/dw Σw² = 2w at the stepped w)', () => {
  const w = tensor([1, 2], { requiresGrad: true, dtype: 'float64' });
  const opt = new SGD([w], { lr: 0.5 });
  w.mul(w).sum().backward();
  opt.step(); // w = [1, 2] - 0.5·[2, 4] = [0, 0]
  opt.zeroGrad();
  const v = tensor([3, 4], { requiresGrad: true, dtype: 'float64' });
  w.add(v).mul(w.add(v)).sum().backward();
  expect(w.grad?.toArray()).toEqual([6, 8]);
});
