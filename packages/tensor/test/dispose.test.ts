import { afterEach, describe, expect, test } from 'vitest';
import {
  ArgumentError,
  DisposedError,
  NDArray,
  Rng,
  add,
  array,
  conv2d,
  exp,
  expandDims,
  gather,
  getBufferPoolStatus,
  matmul,
  reshape,
  setBufferPoolLimit,
  squeeze,
  sum,
  zeros,
} from '../src/index.ts';
import { POOL_MIN_BYTES, resetBufferPool } from '../src/buffer-pool.ts';

afterEach(() => resetBufferPool());

/** A float32 array of `n` elements with values 0, 1, 2, … (exact in float32 below 2²⁴). */
function ramp(n: number): NDArray {
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = i;
  return new NDArray(d, [n]);
}

const BIG = 4096; // 16 KB of float32: above POOL_MIN_BYTES, so its buffer is kept for reuse

describe('NDArray.dispose', () => {
  test('every op refuses a disposed array with DisposedError naming the op, the argument and the shape', () => {
    const x = new Rng(1).uniform([2, 3], -1, 1);
    const y = new Rng(2).uniform([3, 2], -1, 1);
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(() => add(x, 1)).toThrow(new DisposedError('add', 'a', [2, 3]));
    expect(() => add(y, x)).toThrow('add: b of shape [2,3] was disposed; its storage has been released');
    expect(() => matmul(y, x)).toThrow(DisposedError);
    expect(() => matmul(y, x)).toThrow(/^matmul: /);
    expect(() => sum(x)).toThrow(/^sum: .*shape \[2,3\] was disposed/);
    expect(() => exp(x)).toThrow(/^exp: /);
    expect(() => reshape(x, [6])).toThrow(/^reshape: /);
    expect(() => gather(y, x)).toThrow(/^gather: indices of shape \[2,3\] was disposed/);
    expect(() => conv2d(zeros([1, 1, 3, 3]), x)).toThrow(/^conv2d: weight of shape \[2,3\] was disposed/);
    expect(() => x.item()).toThrow(/^item: /);
    expect(() => x.toArray()).toThrow(/^toArray: /);
    expect(() => x.get(0, 0)).toThrow(/^get: /);
    expect(() => x.clone()).toThrow(/^clone: /);
    expect(() => x.astype('float64')).toThrow(/^astype: /);
    // Printing still works (a debugger or console.log of a dead array must not throw).
    expect(String(x)).toBe('array(<disposed>, shape=[2,3])');
    expect(x.shape).toEqual([2, 3]);
    expect(x.data.length).toBe(0);
    // The other operand is untouched.
    expect(y.isDisposed).toBe(false);
  });

  test('the error is a TensorError subclass with the shape as a field', () => {
    const x = zeros([4]);
    x.dispose();
    try {
      sum(x);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DisposedError);
      expect((e as DisposedError).shape).toEqual([4]);
      expect((e as DisposedError).op).toBe('sum');
    }
  });

  test('disposing twice does nothing', () => {
    const x = ramp(BIG);
    x.dispose();
    x.dispose();
    expect(getBufferPoolStatus().buffers).toBe(1);
  });

  test('a reference kept to data is detached: it can neither read nor write the memory later results get', () => {
    for (const n of [4, BIG]) {
      const x = ramp(n);
      const kept = x.data;
      const part = x.data.subarray(1, 3);
      x.dispose();
      expect(kept.length).toBe(0);
      expect(part.length).toBe(0);
      expect(kept[0]).toBeUndefined();
    }
  });

  test('the next result of the same byte size reuses the memory, with every element written', () => {
    const a = ramp(BIG);
    const b = ramp(BIG);
    const first = add(a, b);
    first.dispose();
    expect(getBufferPoolStatus()).toMatchObject({ buffers: 1, bytes: BIG * 4 });
    // The test run poisons recycled buffers with NaN (SEEDLING_POISON_UNINITIALIZED): an element the kernel
    // skipped would show.
    const second = add(a, 1);
    expect(getBufferPoolStatus()).toMatchObject({ buffers: 0, bytes: 0 });
    for (let i = 0; i < BIG; i++) if (second.data[i] !== i + 1) throw new Error(`element ${i}: ${second.data[i]}`);
    // float64 results of the same byte size take float32 buffers too.
    ramp(BIG).dispose();
    const half = zeros([BIG / 2], { dtype: 'float64' });
    const d = add(half, half);
    expect(getBufferPoolStatus().buffers).toBe(0);
    expect(Array.from(d.data).every((v) => v === 0)).toBe(true);
  });

  test('small buffers are detached but not kept', () => {
    const x = ramp(POOL_MIN_BYTES / 4 - 1);
    x.dispose();
    expect(getBufferPoolStatus().buffers).toBe(0);
  });

  test('storage shared with a view is not released: the view (or the original) stays valid', () => {
    const x = ramp(BIG);
    const v = reshape(x, [64, 64]);
    x.dispose();
    expect(v.isDisposed).toBe(false);
    expect(v.get(63, 63)).toBe(BIG - 1);
    v.dispose();
    expect(getBufferPoolStatus().buffers).toBe(0);

    for (const makeView of [(a: NDArray) => squeeze(a), (a: NDArray) => expandDims(a, 0)]) {
      const y = ramp(BIG);
      const w = makeView(y);
      w.dispose();
      expect(y.get(5)).toBe(5);
      expect(getBufferPoolStatus().buffers).toBe(0);
    }
  });

  test('an array built with new NDArray over the same data is disposed with the storage', () => {
    const x = ramp(BIG);
    const alias = new NDArray(x.data, [BIG]);
    x.dispose();
    expect(alias.isDisposed).toBe(true);
    expect(() => sum(alias)).toThrow(/^sum: x of shape \[4096\] was disposed/);
  });

  test('part of a larger buffer, a SharedArrayBuffer and WebAssembly memory are left alone', () => {
    const whole = new Float32Array(BIG * 2).fill(7);
    const part = new NDArray(whole.subarray(0, BIG), [BIG]);
    part.dispose();
    expect(part.isDisposed).toBe(true);
    expect(whole.length).toBe(BIG * 2);
    expect(whole[0]).toBe(7);

    const shared = new Float32Array(new SharedArrayBuffer(BIG * 4)).fill(3);
    new NDArray(shared, [BIG]).dispose();
    expect(shared[BIG - 1]).toBe(3);

    const memory = new WebAssembly.Memory({ initial: 1 });
    const inWasm = new Float32Array(memory.buffer);
    inWasm[0] = 5;
    new NDArray(inWasm, [inWasm.length]).dispose();
    expect(new Float32Array(memory.buffer)[0]).toBe(5);
    expect(getBufferPoolStatus().buffers).toBe(0);
  });

  test('an empty array can be disposed and is then refused', () => {
    const x = zeros([0, 3]);
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(() => sum(x)).toThrow(DisposedError);
  });
});

describe('setBufferPoolLimit', () => {
  test('caps the bytes kept; lowering it drops what no longer fits; 0 keeps nothing', () => {
    setBufferPoolLimit(BIG * 4 * 2);
    for (let i = 0; i < 3; i++) ramp(BIG).dispose();
    expect(getBufferPoolStatus()).toEqual({ buffers: 2, bytes: BIG * 8, limit: BIG * 8 });
    setBufferPoolLimit(BIG * 4);
    expect(getBufferPoolStatus()).toEqual({ buffers: 1, bytes: BIG * 4, limit: BIG * 4 });
    setBufferPoolLimit(0);
    expect(getBufferPoolStatus().buffers).toBe(0);
    const x = ramp(BIG);
    const kept = x.data;
    x.dispose();
    expect(kept.length).toBe(0); // still detached
    expect(getBufferPoolStatus().buffers).toBe(0);
  });

  test('a full pool makes room by dropping the size used least recently', () => {
    setBufferPoolLimit(BIG * 4 * 2);
    ramp(BIG).dispose(); // 16 KB
    ramp(BIG / 2).dispose(); // 8 KB
    ramp(BIG / 2).dispose(); // 8 KB: full (32 KB)
    add(ramp(BIG / 2), 0).dispose(); // takes an 8 KB buffer and gives it back: 8 KB is now the size used last
    ramp(BIG * 2).dispose(); // 32 KB: everything else goes
    expect(getBufferPoolStatus()).toMatchObject({ buffers: 1, bytes: BIG * 8 });
    setBufferPoolLimit(BIG * 4 * 2);
    ramp(BIG).dispose(); // over the limit: the 32 KB buffer goes
    ramp(BIG / 2).dispose(); // fits beside the 16 KB one
    expect(getBufferPoolStatus()).toMatchObject({ buffers: 2, bytes: BIG * 4 + BIG * 2 });
    ramp(BIG * 4).dispose(); // larger than the limit: not kept, nothing else dropped
    expect(getBufferPoolStatus()).toMatchObject({ buffers: 2, bytes: BIG * 4 + BIG * 2 });
  });

  test('refuses a limit that is not a non-negative integer', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', null]) {
      expect(() => setBufferPoolLimit(bad as number)).toThrow(ArgumentError);
    }
    expect(() => setBufferPoolLimit(-1)).toThrow('setBufferPoolLimit: bytes must be a non-negative integer, got -1');
  });
});

describe('values stay right across reuse', () => {
  test('a loop that disposes each result computes what it computes without dispose', () => {
    const rng = new Rng(7);
    const xs = Array.from({ length: 5 }, () => rng.uniform([50, 100], -1, 1));
    const reference = xs.map((x) => sum(exp(add(x, x))).item());
    const got = xs.map((x) => {
      const y = add(x, x);
      const z = exp(y);
      y.dispose();
      const s = sum(z).item();
      z.dispose();
      return s;
    });
    expect(got).toEqual(reference);
    expect(array([1]).isDisposed).toBe(false);
  });
});

describe('zero-filled allocations take recycled memory too', () => {
  test('zeros() after a dispose gets the buffer, zeroed', () => {
    const x = ramp(BIG);
    x.dispose();
    const z = zeros([BIG]);
    expect(getBufferPoolStatus().buffers).toBe(0);
    expect(z.data.every((v) => v === 0)).toBe(true);
  });
});
