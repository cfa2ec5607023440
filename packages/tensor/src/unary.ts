import { textOf } from './describe-value.ts';
import { type TypedArray, allocate } from './dtype.ts';
import { allocateUninitializedF32 } from './uninitialized.ts';
import { erfScalar } from './erf-scalar.ts';
import { type SimdUnaryOp, leakyReluF32Simd, reluGradF32Simd, unaryF32Simd } from './kernels/elementwise-f32-simd.ts';
import { ArgumentError, ShapeError, formatShape } from './errors.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { shapesEqual } from './shape.ts';

// Each op is its own flat loop (no callback per element) so the JIT sees one monomorphic body per op.
// Values are computed in float64 and rounded once on store when the dtype is float32.

function like(x: NDArray): TypedArray {
  return allocate(x.dtype, x.size);
}

/**
 * Float32 arrays with at least this many elements go to the WebAssembly SIMD kernels (few-ulp exp, log,
 * tanh, sigmoid; exact relu); smaller ones and float64 stay on the loops below, where the call and copies
 * would cost more than they save.
 */
const SIMD_MIN = 64;

/** The SIMD kernel's result for a large float32 `x`, or null (the caller runs its JS loop). */
function simdUnary(op: SimdUnaryOp, x: NDArray): NDArray | null {
  const a = x.data;
  if (!(a instanceof Float32Array) || a.length < SIMD_MIN) return null;
  const out = allocateUninitializedF32(a.length);
  return unaryF32Simd(op, a, out) ? new NDArray(out, x.shape) : null;
}

/**
 * Element-wise negation: y = -x.
 * @example neg(array([1, -2])).toArray(); // [-1, 2]
 */
export function neg(x: NDArray): NDArray {
  checkNDArray('neg', 'x', x);
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = -a[i]!;
  return new NDArray(out, x.shape);
}

/**
 * Element-wise exponential: y = e^x. Float32 arrays of 64+ elements use the SIMD kernel (max error 1 ulp).
 * @example exp(array([0, 1], { dtype: 'float64' })).toArray(); // [1, 2.718281828459045]
 */
export function exp(x: NDArray): NDArray {
  checkNDArray('exp', 'x', x);
  const simd = simdUnary('exp', x);
  if (simd !== null) return simd;
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(a[i]!);
  return new NDArray(out, x.shape);
}

/**
 * Element-wise natural logarithm: y = ln x (ln 0 = -Infinity, ln of a negative number = NaN).
 * Float32 arrays of 64+ elements use the SIMD kernel (max error 2 ulp).
 * @example log(array([1, 0])).toArray(); // [0, -Infinity]
 */
export function log(x: NDArray): NDArray {
  checkNDArray('log', 'x', x);
  const simd = simdUnary('log', x);
  if (simd !== null) return simd;
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = Math.log(a[i]!);
  return new NDArray(out, x.shape);
}

/**
 * Element-wise square root: y = sqrt(x) (NaN for negative x).
 * @example sqrt(array([4, 9])).toArray(); // [2, 3]
 */
export function sqrt(x: NDArray): NDArray {
  checkNDArray('sqrt', 'x', x);
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(a[i]!);
  return new NDArray(out, x.shape);
}

/**
 * Element-wise absolute value: y = |x|.
 * @example abs(array([-1.5, 2])).toArray(); // [1.5, 2]
 */
export function abs(x: NDArray): NDArray {
  checkNDArray('abs', 'x', x);
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(a[i]!);
  return new NDArray(out, x.shape);
}

/**
 * Element-wise sign: y = -1, 0 or 1 (Math.sign: sign(-0) = -0, sign(NaN) = NaN).
 * @example sign(array([-3, 0, 2])).toArray(); // [-1, 0, 1]
 */
export function sign(x: NDArray): NDArray {
  checkNDArray('sign', 'x', x);
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = Math.sign(a[i]!);
  return new NDArray(out, x.shape);
}

/**
 * Element-wise hyperbolic tangent: y = (e^x - e^-x) / (e^x + e^-x) (via Math.tanh, saturates to ±1).
 * Float32 arrays of 64+ elements use the SIMD kernel (max error 2 ulp).
 * @example tanh(array([0, 1000])).toArray(); // [0, 1]
 */
export function tanh(x: NDArray): NDArray {
  checkNDArray('tanh', 'x', x);
  const simd = simdUnary('tanh', x);
  if (simd !== null) return simd;
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = Math.tanh(a[i]!);
  return new NDArray(out, x.shape);
}

/**
 * Element-wise logistic sigmoid: y = 1 / (1 + e^-x).
 *
 * NOTE: evaluated as 1/(1 + e^-x) for x >= 0 and e^x/(1 + e^x) for x < 0, so the exponential is always
 * of -|x| <= 0 and never overflows: sigmoid(-1000) = 0, sigmoid(1000) = 1. Float32 arrays of 64+
 * elements use the SIMD kernel (same split, max error 2 ulp).
 * @example sigmoid(array([0, -1000, 1000])).toArray(); // [0.5, 0, 1]
 */
export function sigmoid(x: NDArray): NDArray {
  checkNDArray('sigmoid', 'x', x);
  const simd = simdUnary('sigmoid', x);
  if (simd !== null) return simd;
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) {
    const v = a[i]!;
    if (v >= 0) {
      out[i] = 1 / (1 + Math.exp(-v));
    } else {
      const e = Math.exp(v);
      out[i] = e / (1 + e);
    }
  }
  return new NDArray(out, x.shape);
}

/**
 * Element-wise rectified linear unit: y = max(x, 0).
 *
 * NOTE: NaN stays NaN (a NaN input is not silently turned into 0), and relu(-0) = 0.
 * @example relu(array([-1, 0, 2])).toArray(); // [0, 0, 2]
 */
export function relu(x: NDArray): NDArray {
  checkNDArray('relu', 'x', x);
  const simd = simdUnary('relu', x);
  if (simd !== null) return simd;
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) {
    const v = a[i]!;
    out[i] = v <= 0 ? 0 : v;
  }
  return new NDArray(out, x.shape);
}

/**
 * Element-wise leaky ReLU: y = x for x > 0, negativeSlope·x otherwise (so y(0) = 0 and NaN stays NaN). The slope
 * is rounded to the array's dtype first, as a number operand of `mul` is. Float32 arrays of 64+ elements use the
 * SIMD kernel (exact: the same IEEE product). Throws ArgumentError for a non-finite slope.
 * @example leakyRelu(array([-2, 3], { dtype: 'float64' }), 0.5).toArray(); // [-1, 3]
 */
export function leakyRelu(x: NDArray, negativeSlope: number): NDArray {
  checkNDArray('leakyRelu', 'x', x);
  if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope)) {
    throw new ArgumentError('leakyRelu', `negativeSlope must be a finite number, got ${String(negativeSlope)}`);
  }
  const a = x.data;
  if (a instanceof Float32Array) {
    const s = Math.fround(negativeSlope);
    if (a.length >= SIMD_MIN) {
      const out = allocateUninitializedF32(a.length);
      if (leakyReluF32Simd(a, s, out)) return new NDArray(out, x.shape);
    }
    const out = new Float32Array(a.length);
    for (let i = 0; i < out.length; i++) {
      const v = a[i]!;
      out[i] = v > 0 ? v : v * s;
    }
    return new NDArray(out, x.shape);
  }
  const out = like(x);
  for (let i = 0; i < out.length; i++) {
    const v = a[i]!;
    out[i] = v > 0 ? v : v * negativeSlope;
  }
  return new NDArray(out, x.shape);
}

/**
 * The gradient through relu or leaky ReLU in one pass: out = g · (x > 0 ? 1 : negativeSlope), where `x` is the
 * activation's input and `g` the gradient of its output (same shape and dtype). It is the product
 * `mul(g, mask)` — so g·0 is ±0 and an infinite g gives NaN where x ≤ 0 — without building the mask. Float32
 * arrays of 64+ elements use the SIMD kernel (exact). `negativeSlope` defaults to 0 (relu) and is rounded to
 * the dtype.
 * @example reluGrad(array([5, 7]), array([-1, 2])).toArray(); // [0, 7]
 */
export function reluGrad(g: NDArray, x: NDArray, negativeSlope = 0): NDArray {
  checkNDArray('reluGrad', 'g', g);
  checkNDArray('reluGrad', 'x', x);
  if (g.dtype !== x.dtype || !shapesEqual(g.shape, x.shape)) {
    throw new ShapeError(
      'reluGrad',
      `g and x must have the same shape and dtype: ${formatShape(g.shape)} ${g.dtype} and ${formatShape(x.shape)} ${x.dtype}`,
      [g.shape, x.shape],
    );
  }
  const gd = g.data;
  const xd = x.data;
  if (gd instanceof Float32Array && xd instanceof Float32Array) {
    const s = Math.fround(negativeSlope);
    const out = allocateUninitializedF32(gd.length);
    if (gd.length >= SIMD_MIN && reluGradF32Simd(gd, xd, s, out)) return new NDArray(out, g.shape);
    for (let i = 0; i < out.length; i++) out[i] = gd[i]! * (xd[i]! > 0 ? 1 : s);
    return new NDArray(out, g.shape);
  }
  const out = like(g);
  for (let i = 0; i < out.length; i++) out[i] = gd[i]! * (xd[i]! > 0 ? 1 : negativeSlope);
  return new NDArray(out, g.shape);
}

/**
 * Element-wise error function: y = erf(x) = 2/sqrt(pi) * integral_0^x exp(-t^2) dt.
 *
 * Accurate to about 2e-15 relative in float64 (series for |x| < 2.5, continued fraction for erfc beyond).
 * Float32 arrays of 64+ elements use the SIMD kernel (max error 2 ulp).
 * @example erf(array([0, 1], { dtype: 'float64' })).toArray(); // [0, 0.8427007929497149]
 */
export function erf(x: NDArray): NDArray {
  checkNDArray('erf', 'x', x);
  const simd = simdUnary('erf', x);
  if (simd !== null) return simd;
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = erfScalar(a[i]!);
  return new NDArray(out, x.shape);
}

/**
 * Element-wise y = ln(1 + x), accurate for tiny x (Math.log1p).
 * @example log1p(array([1e-10], { dtype: 'float64' })).toArray(); // [9.9999999995e-11]
 */
export function log1p(x: NDArray): NDArray {
  checkNDArray('log1p', 'x', x);
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = Math.log1p(a[i]!);
  return new NDArray(out, x.shape);
}

/**
 * Element-wise y = e^x - 1, accurate for tiny x (Math.expm1).
 * @example expm1(array([1e-10], { dtype: 'float64' })).toArray(); // [1.00000000005e-10]
 */
export function expm1(x: NDArray): NDArray {
  checkNDArray('expm1', 'x', x);
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = Math.expm1(a[i]!);
  return new NDArray(out, x.shape);
}

/**
 * Element-wise square: y = x * x.
 * @example square(array([-3, 0.5])).toArray(); // [9, 0.25]
 */
export function square(x: NDArray): NDArray {
  checkNDArray('square', 'x', x);
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) {
    const v = a[i]!;
    out[i] = v * v;
  }
  return new NDArray(out, x.shape);
}

/**
 * Element-wise reciprocal: y = 1 / x (1/0 = Infinity, 1/-0 = -Infinity).
 * @example reciprocal(array([2, 0])).toArray(); // [0.5, Infinity]
 */
export function reciprocal(x: NDArray): NDArray {
  checkNDArray('reciprocal', 'x', x);
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) out[i] = 1 / a[i]!;
  return new NDArray(out, x.shape);
}

/**
 * Clamps every element into [min, max]: y = min(max(x, min), max). NaN elements stay NaN.
 * Pass -Infinity or Infinity for a one-sided clamp. Throws ArgumentError when a bound is NaN or
 * min > max.
 * @example clip(array([-2, 0.5, 3]), 0, 1).toArray(); // [0, 0.5, 1]
 */
export function clip(x: NDArray, min: number, max: number): NDArray {
  checkNDArray('clip', 'x', x);
  if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max)) {
    throw new ArgumentError('clip', `bounds must be numbers, not NaN: min ${textOf(min)}, max ${textOf(max)}`);
  }
  if (min > max) throw new ArgumentError('clip', `min must not exceed max: min ${min}, max ${max}`);
  const a = x.data;
  const out = like(x);
  for (let i = 0; i < out.length; i++) {
    const v = a[i]!;
    out[i] = v < min ? min : v > max ? max : v;
  }
  return new NDArray(out, x.shape);
}
