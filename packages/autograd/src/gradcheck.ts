/**
 * `gradcheck`: compares backward's gradients with central finite differences, in float64.
 */
import { textOf } from '@seedling-ml/tensor';
import { NDArray, checkOptions, describeValue, formatShape, is } from '@seedling-ml/tensor';
import { AutogradError, GradcheckError } from './errors.ts';
import { strictGradients } from './engine.ts';
import { noGrad } from './grad-mode.ts';
import { Tensor } from './tensor.ts';
import { requireTensorList } from './tensor-like.ts';

/** Options of `gradcheck` (PyTorch's defaults). */
export interface GradcheckOptions {
  /** Finite-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance (relative to the numeric value). Default 1e-3. */
  rtol?: number;
}

/**
 * Fixed projection weights for a non-scalar output: distinct, non-zero, deterministic, in [0.5, 1.5).
 * Checking d(Σ wᵢ yᵢ)/dx with unequal weights catches VJPs that mix up output positions.
 */
function projection(size: number): Float64Array {
  const w = new Float64Array(size);
  for (let i = 0; i < size; i++) w[i] = 0.5 + ((i * 0.6180339887498949 + 0.1) % 1);
  return w;
}

function project(y: Tensor, w: Float64Array): number {
  const d = y.data.data;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += w[i]! * d[i]!;
  return s;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  let rest = flat;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    index[i] = rest % d;
    rest = Math.floor(rest / d);
  }
  return index;
}

/**
 * Checks `fn`'s gradients: for every input that requires grad, the analytic gradient of Σ wᵢ·fn(inputs)ᵢ
 * (backward, fixed weights w; w = 1 for a single-element output) against the central difference
 * (f(x + eps) − f(x − eps)) / 2eps, element by element, passing when |analytic − numeric| ≤ atol + rtol·|numeric|
 * (a NaN or infinite analytic or numeric value always fails).
 * Inputs are copied to float64 first, so `fn` runs in float64 (it must not cast back down).
 *
 * @returns true when every element passes.
 * @throws GradcheckError naming the input, the worst element's index, the analytic and the numeric value;
 * AutogradError when no input requires grad or eps/atol/rtol are invalid (eps ≤ 0, negative or NaN tolerances).
 * @example
 * gradcheck((x) => x.mul(x).sum(), [tensor([1, 2], { dtype: 'float64', requiresGrad: true })]); // true
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): true {
  if (typeof fn !== 'function') throw new AutogradError('gradcheck', `fn must be a function, got ${describeValue(fn)}`);
  requireTensorList('gradcheck', 'inputs', inputs);
  checkOptions('gradcheck', options, { eps: is.any, atol: is.any, rtol: is.any }, AutogradError);
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  if (!(eps > 0) || !Number.isFinite(eps)) throw new AutogradError('gradcheck', `eps must be a finite number > 0, got ${textOf(eps)}`);
  if (!(atol >= 0) || !(rtol >= 0) || !Number.isFinite(atol) || !Number.isFinite(rtol)) {
    throw new AutogradError('gradcheck', `atol and rtol must be finite numbers >= 0, got atol ${textOf(atol)}, rtol ${textOf(rtol)}`);
  }
  const xs = inputs.map((t) => new Tensor(t.data.astype('float64'), { requiresGrad: t.requiresGrad }));
  if (!xs.some((x) => x.requiresGrad)) throw new AutogradError('gradcheck', 'no input requires grad: nothing to check');

  const y = fn(...xs);
  const w = projection(y.size);
  // Strict: a VJP's gradient must already have its input's shape and dtype (see strictGradients).
  if (y.requiresGrad) strictGradients(() => y.backward(new NDArray(w, y.shape).astype(y.dtype)));

  let worst: { input: number; flat: number; analytic: number; numeric: number; excess: number } | null = null;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    if (!x.requiresGrad) continue;
    const data = x.data.data;
    const analytic = x.grad?.data.data;
    for (let i = 0; i < data.length; i++) {
      const saved = data[i]!;
      data[i] = saved + eps;
      const plus = noGrad(() => project(fn(...xs), w));
      data[i] = saved - eps;
      const minus = noGrad(() => project(fn(...xs), w));
      data[i] = saved;
      const numeric = (plus - minus) / (2 * eps);
      const a = analytic === undefined ? 0 : analytic[i]!;
      // NOTE: a NaN or infinite value on either side is a failure (ranked worst), never a silent pass.
      const raw = Math.abs(a - numeric) - (atol + rtol * Math.abs(numeric));
      const excess = Number.isFinite(a) && Number.isFinite(numeric) ? raw : Infinity;
      if (excess > 0 && (worst === null || excess > worst.excess)) worst = { input: k, flat: i, analytic: a, numeric, excess };
    }
  }
  if (worst !== null) {
    const shape = xs[worst.input]!.shape;
    const index = unravel(worst.flat, shape);
    throw new GradcheckError(
      `gradient mismatch for input ${worst.input} (shape ${formatShape(shape)}) at index ${formatShape(index)}: ` +
        `analytic ${worst.analytic}, numeric ${worst.numeric} (atol ${atol}, rtol ${rtol})`,
      worst.input,
      index,
      worst.analytic,
      worst.numeric,
    );
  }
  return true;
}
