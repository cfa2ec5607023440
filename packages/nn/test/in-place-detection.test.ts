import { AutogradError, tensor } from '@seedling-ml/autograd';
import { array } from '@seedling-ml/tensor';
import { expect, test } from 'vitest';
import { Linear } from '../src/index.ts';

test('loadStateDict between forward and backward makes that backward throw instead of using the new weights', () => {
  const layer = new Linear(2, 1, { seed: 0, dtype: 'float64' });
  const out = layer.forward(tensor([[1, 2]], { dtype: 'float64' })).sum();
  layer.loadStateDict({ weight: array([[5, 6]], { dtype: 'float64' }), bias: array([0], { dtype: 'float64' }) });
  expect(() => out.backward()).toThrow(AutogradError);
  expect(() => out.backward()).toThrow(/modified in place after the forward pass/);
  expect(layer.weight.grad).toBeNull();
});
