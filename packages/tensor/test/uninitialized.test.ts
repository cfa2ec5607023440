import { describe, expect, it } from 'vitest';
import { add, array, matmul, relu, zeros } from '../src/index.ts';
import { allocateUninitialized, allocateUninitializedF32 } from '../src/uninitialized.ts';

describe('allocateUninitialized', () => {
  it('is poisoned with NaN under the test suite, so an unwritten element cannot pass for a result', () => {
    // vitest.config.ts sets SEEDLING_POISON_UNINITIALIZED=1 for every test file.
    expect(process.env.SEEDLING_POISON_UNINITIALIZED).toBe('1');
    const f32 = allocateUninitializedF32(4096);
    const f64 = allocateUninitialized('float64', 4096);
    expect(f32).toBeInstanceOf(Float32Array);
    expect(f64).toBeInstanceOf(Float64Array);
    expect(f32.every(Number.isNaN)).toBe(true);
    expect(f64.every(Number.isNaN)).toBe(true);
  });

  it('gives each large buffer an ArrayBuffer of its own (no pool slice another array could share)', () => {
    const a = allocateUninitializedF32(5000);
    const b = allocateUninitializedF32(5000);
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(5000 * 4);
    expect(a.buffer).not.toBe(b.buffer);
  });

  it('keeps the zeroing allocator below 1,024 elements', () => {
    const small = allocateUninitializedF32(1023);
    expect(small.length).toBe(1023);
    expect(small.every((v) => v === 0)).toBe(true);
  });

  it('leaves no poisoned element in the results of the ops that use it (sizes above the threshold)', () => {
    const n = 3000;
    const x = array(Array.from({ length: n }, (_, i) => (i % 7) - 3));
    const y = array(Array.from({ length: n }, (_, i) => i % 5));
    const sum = add(x, y).data;
    for (let i = 0; i < n; i++) expect(sum[i]).toBe((i % 7) - 3 + (i % 5));
    expect(relu(x).data.every((v, i) => v === Math.max(0, (i % 7) - 3))).toBe(true);
    // k = 0: the product of [64, 0] and [0, 32] is all zeros, written by the GEMM, not left to the allocator.
    expect(matmul(zeros([64, 0]), zeros([0, 32])).data.every((v) => v === 0)).toBe(true);
  });
});
