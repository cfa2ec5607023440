/** The fixture comparison itself: it must fail on a wrong shape, dtype or value, and only beyond its tolerance. */
import { expect, test } from 'vitest';
import { type Encoded, mismatch } from './compare.ts';

const expected: Encoded = { shape: [3], dtype: 'float64', data: [1, -2, 1e-12] };

test('mismatch accepts equal values and values within rtol·(|e| + max|expected|)', () => {
  expect(mismatch({ shape: [3], data: [1, -2, 1e-12], dtype: 'float64' }, expected)).toBeNull();
  // 1e-12 vs 2e-12 differ by 100% but by 1e-12 on a tensor of scale 2: within 1e-9·(1e-12 + 2).
  expect(mismatch({ shape: [3], data: [1, -2, 2e-12] }, expected)).toBeNull();
  expect(mismatch({ shape: [3], data: [1 + 2.9e-9, -2, 1e-12] }, expected)).toBeNull();
});

test('mismatch reports the first wrong element, a wrong shape, a wrong dtype and NaN', () => {
  expect(mismatch({ shape: [3], data: [1 + 3.1e-9, -2, 1e-12] }, expected)).toMatch(/^element 0: /);
  expect(mismatch({ shape: [3], data: [1, -2, 1e-8] }, expected)).toMatch(/^element 2: /);
  expect(mismatch({ shape: [1, 3], data: [1, -2, 1e-12] }, expected)).toBe('shape [1,3], expected [3]');
  expect(mismatch({ shape: [3], data: [1, -2, 1e-12], dtype: 'float32' }, expected)).toBe('dtype float32, expected float64');
  expect(mismatch({ shape: [3], data: [Number.NaN, -2, 1e-12] }, expected)).toMatch(/^element 0: NaN/);
});

test('float32 fixtures get rtol 1e-5 unless told otherwise', () => {
  const f32: Encoded = { shape: [1], dtype: 'float32', data: [1] };
  expect(mismatch({ shape: [1], data: [1 + 1.9e-5] }, f32)).toBeNull();
  expect(mismatch({ shape: [1], data: [1 + 2.1e-5] }, f32)).not.toBeNull();
  expect(mismatch({ shape: [1], data: [1 + 2.1e-5] }, f32, 1e-4)).toBeNull();
});
