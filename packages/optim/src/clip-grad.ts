import { type Tensor, tensor } from '@seedling-ml/autograd';
import { NDArray, checkOptions, is } from '@seedling-ml/tensor';
import { checkNumber } from './check.ts';
import { OptimError } from './errors.ts';
import { type ParamsLike, resolveParams } from './params.ts';

/** Options of clipGradNorm. */
export interface ClipGradNormOptions {
  /** p of the p-norm (> 0, or Infinity for the max-norm); default 2. */
  normType?: number;
  /**
   * Throw an OptimError if the total norm is NaN or Infinity. Default false, as PyTorch's `error_if_nonfinite`:
   * the non-finite norm is returned and the gradients are left unscaled (PyTorch multiplies them by a NaN
   * coefficient instead); the optimizer's next `step()` then refuses the non-finite gradient, naming the
   * parameter, unless it was built with `nonFiniteGrad: 'skip'` (then that parameter is left as it is).
   */
  errorIfNonfinite?: boolean;
}

/**
 * Rescales gradients so their total norm is at most `maxNorm` (PyTorch's `clip_grad_norm_`) and returns the
 * total norm before clipping. The total norm treats all gradients as one vector:
 * ‖g‖ = (Σ |gᵢ|ᵖ)^(1/p) (max |gᵢ| for p = Infinity); if maxNorm / (‖g‖ + 1e-6) < 1, every gradient is
 * multiplied by that coefficient.
 *
 * NOTE: scaled gradients are new buffers (`p.grad` is replaced), so a gradient array shared with another
 * tensor is never written. A non-finite total leaves the gradients as they are (the optimizer's step then
 * reports the offending parameter), unless `errorIfNonfinite` asks for an error here.
 *
 * @example
 * w.grad = tensor([3, 4]);
 * clipGradNorm([w], 1); // 5
 * w.grad.toArray();     // ≈ [0.6, 0.8]
 */
export function clipGradNorm(params: ParamsLike, maxNorm: number, options: ClipGradNormOptions = {}): number {
  const op = 'clipGradNorm';
  checkNumber(op, 'maxNorm', maxNorm, { min: 0 });
  // normType's range is checked below with the optimizers' wording; here the keys and the flag's type.
  checkOptions(op, options, { normType: is.any, errorIfNonfinite: is.boolean }, OptimError);
  const p = options.normType ?? 2;
  if (typeof p !== 'number' || Number.isNaN(p) || p <= 0)
    throw new OptimError(op, `invalid normType: ${p} (valid range: normType > 0, or Infinity)`);
  const owners = ownersOf(op, params);
  const grads = owners.map((o) => o.grad!);
  let total: number;
  if (p === Infinity) {
    total = 0;
    for (const g of grads) for (const x of g.data.data) total = Math.max(total, Math.abs(x));
    // Math.max drops NaN only if it comes first; make NaN sticky explicitly.
    for (const g of grads) for (const x of g.data.data) if (Number.isNaN(x)) total = NaN;
  } else {
    let acc = 0;
    for (const g of grads) for (const x of g.data.data) acc += p === 2 ? x * x : Math.abs(x) ** p;
    total = acc ** (1 / p);
  }
  if (!Number.isFinite(total)) {
    if (options.errorIfNonfinite ?? false) throw new OptimError(op, `the total norm of the gradients is ${total}`);
    return total;
  }
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    for (const owner of owners) {
      const out = owner.grad!.data.clone();
      for (let i = 0; i < out.data.length; i++) out.data[i] = out.data[i]! * coef;
      owner.grad = tensor(out);
    }
  }
  return total;
}

/**
 * Clamps every gradient element to [−clipValue, clipValue] (PyTorch's `clip_grad_value_`).
 * Like clipGradNorm, writes new gradient buffers rather than changing shared ones.
 *
 * @example
 * w.grad = tensor([-3, 0.5, 7]);
 * clipGradValue([w], 1);
 * w.grad.toArray(); // [-1, 0.5, 1]
 */
export function clipGradValue(params: ParamsLike, clipValue: number): void {
  const op = 'clipGradValue';
  checkNumber(op, 'clipValue', clipValue, { min: 0 });
  for (const owner of ownersOf(op, params)) {
    const g = owner.grad!.data;
    const out = new NDArray(g.data.slice(), g.shape);
    for (let i = 0; i < out.data.length; i++) out.data[i] = Math.min(clipValue, Math.max(-clipValue, out.data[i]!));
    owner.grad = tensor(out);
  }
}

/** The parameters that have a gradient (the iterable is read once: it may be a generator). */
function ownersOf(op: string, params: ParamsLike): Tensor[] {
  const { params: ps } = resolveParams(op, params as Iterable<unknown>, undefined, 'params');
  return ps.filter((p) => p.grad !== null && p.grad !== undefined);
}
