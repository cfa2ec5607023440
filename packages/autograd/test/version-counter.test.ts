import { bumpVersion, reshape, versionOf, zeros } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { AutogradError, tensor } from '../src/index.ts';

describe('version counters (in-place writes after the forward)', () => {
  test('storage versions start at 0, bump by one, and are shared by views of the same buffer', () => {
    const a = zeros([2, 3]);
    const view = reshape(a, [6]);
    expect(versionOf(a)).toBe(0);
    expect(bumpVersion(view)).toBe(1);
    expect(versionOf(a)).toBe(1);
    expect(versionOf(zeros([2, 3]))).toBe(0);
  });

  test('a backward whose saved input was written in place throws naming the op, and leaves .grad untouched', () => {
    const w = tensor([1, 2], { requiresGrad: true, dtype: 'float64' });
    const loss = w.mul(w).sum();
    w.data.data[0] = 5;
    bumpVersion(w.data);
    let err: unknown;
    try {
      loss.backward();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AutogradError);
    expect((err as AutogradError).op).toBe('mul');
    expect((err as Error).message).toMatch(
      /^mul: input 0 \(a leaf such as a parameter\) of shape \[2\] was modified in place after the forward pass \(version 0, now 1\)/,
    );
    expect(w.grad).toBeNull();
  });

  test('without an in-place write the same graph backpropagates normally (d/dw Σw² = 2w)', () => {
    const w = tensor([1, 2], { requiresGrad: true, dtype: 'float64' });
    w.mul(w).sum().backward();
    expect(w.grad?.toArray()).toEqual([2, 4]);
  });

  test('gradient accumulation into .grad counts as an in-place write of the gradient, not of the parameter', () => {
    const w = tensor([3], { requiresGrad: true, dtype: 'float64' });
    const loss = w.mul(2).sum();
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    expect(w.grad?.toArray()).toEqual([4]);
    expect(versionOf(w.data)).toBe(0);
  });
});
