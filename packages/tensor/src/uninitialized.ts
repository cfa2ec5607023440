// Internal (not re-exported by index.ts): result buffers that skip the zero fill.
import { takePooledArray } from './buffer-pool.ts';
import { type DType, type TypedArray, allocate } from './dtype.ts';

/**
 * Node's `Buffer.allocUnsafeSlow` (bytes not zeroed, an ArrayBuffer of its own), absent in browsers. Measured
 * (Node 20, benchmarks/profile/elementwise-allocation.ts): `new Float32Array` of 1M elements costs 0.64 ms on
 * average — the zeroed pages are fresh mappings, faulted in by the kernel — against 0.01 ms; of 4,096 elements
 * 1.4 against 0.9 µs; below 1,024 elements the two are even, so small arrays keep the zeroing allocator.
 */
const allocUnsafeSlow = (globalThis as { Buffer?: { allocUnsafeSlow?: (bytes: number) => Uint8Array } }).Buffer?.allocUnsafeSlow;
const UNINITIALIZED_MIN = 1024;

/**
 * Test aid: with `SEEDLING_POISON_UNINITIALIZED=1` in the environment (the test suite sets it), every
 * `allocateUninitialized` buffer starts as NaN, so a kernel that leaves an element unwritten fails the
 * tests instead of returning stale bytes.
 */
const poisonUninitialized =
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.SEEDLING_POISON_UNINITIALIZED === '1';

/**
 * A buffer for a kernel that writes **every** element before anyone reads it (like `torch.empty`): above 1,024
 * elements, the memory of a disposed array of the same byte size when there is one (`NDArray.dispose()`,
 * buffer-pool.ts), else, in Node, a buffer whose bytes are not zeroed first (add f32 1M went from 10.9–11.7 to
 * 13.3–13.7 GB/s). Anywhere else (browsers without a recycled buffer, small sizes) it is `allocate`. Never hand
 * it out before it is filled.
 */
export function allocateUninitialized(dtype: DType, size: number): TypedArray {
  if (size < UNINITIALIZED_MIN) return allocate(dtype, size);
  const out = takePooledArray(dtype, size) ?? unzeroed(dtype, size);
  if (poisonUninitialized) out.fill(Number.NaN);
  return out;
}

/** A new buffer: unzeroed where Node's `Buffer.allocUnsafeSlow` exists, zeroed elsewhere. */
function unzeroed(dtype: DType, size: number): TypedArray {
  if (allocUnsafeSlow === undefined) return dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  const bytes = allocUnsafeSlow(size * (dtype === 'float64' ? 8 : 4));
  return dtype === 'float64' ? new Float64Array(bytes.buffer, 0, size) : new Float32Array(bytes.buffer, 0, size);
}

/** The float32 form of `allocateUninitialized`. */
export function allocateUninitializedF32(size: number): Float32Array {
  return allocateUninitialized('float32', size) as Float32Array;
}
