import { describe, expect, test } from 'vitest';
import { gradcheck, tensor } from '@seedling-ml/autograd';
import { NNError, l1Loss, mseLoss } from '../../src/index.ts';
import { randn, values } from '../helpers.ts';

describe('mseLoss', () => {
  test('hand-computed values for every reduction', () => {
    const x = tensor(
      [
        [1, 2],
        [3, -1],
      ],
      { dtype: 'float64' },
    );
    const y = tensor(
      [
        [0, 4],
        [3, 1],
      ],
      { dtype: 'float64' },
    );
    // squared errors 1, 4, 0, 4
    expect(mseLoss(x, y).item()).toBe(9 / 4);
    expect(mseLoss(x, y, { reduction: 'sum' }).item()).toBe(9);
    expect(values(mseLoss(x, y, { reduction: 'none' }))).toEqual([1, 4, 0, 4]);
    expect(
      mseLoss(x, [
        [0, 4],
        [3, 1],
      ] as unknown as number[]).shape,
    ).toEqual([]);
  });
  test('gradcheck in float64, through input and target', () => {
    expect(gradcheck((a, b) => mseLoss(a!, b!), [randn([3, 2], 1), randn([3, 2], 2)])).toBe(true);
    expect(gradcheck((a) => mseLoss(a!, randn([3, 2], 4), { reduction: 'none' }), [randn([3, 2], 3)])).toBe(true);
  });
});

describe('l1Loss', () => {
  test('hand-computed values for every reduction', () => {
    const x = tensor([1, 2, 3, -1], { dtype: 'float64' });
    const y = tensor([0, 4, 3, 1], { dtype: 'float64' });
    expect(l1Loss(x, y).item()).toBe(5 / 4);
    expect(l1Loss(x, y, { reduction: 'sum' }).item()).toBe(5);
    expect(values(l1Loss(x, y, { reduction: 'none' }))).toEqual([1, 2, 0, 2]);
  });
  test('gradcheck in float64', () => {
    expect(gradcheck((a) => l1Loss(a!, randn([4, 2], 6)), [randn([4, 2], 5)])).toBe(true);
  });
});

test('shape mismatch and bad reduction throw clearly', () => {
  const x = tensor([1, 2]);
  expect(() => mseLoss(x, tensor([1, 2, 3]))).toThrow(NNError);
  expect(() => mseLoss(x, tensor([1, 2, 3]))).toThrow('mseLoss: target shape [3] does not match input shape [2]');
  expect(() => l1Loss(x, tensor([[1, 2]]))).toThrow('l1Loss: target shape [1,2] does not match input shape [2]');
  expect(() => mseLoss(x, x, { reduction: 'avg' as 'mean' })).toThrow(`mseLoss: reduction must be one of 'mean', 'sum', 'none', got "avg"`);
});
