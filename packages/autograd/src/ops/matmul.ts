import { type MatmulOptions, type NDArray, matmul as matmulArrays, reshape } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';
import { checkOptions, is } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';

/** Transpose flags of `matmul` (resolved to booleans). */
interface MatmulAttrs {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

/** `shape` without the axis at negative position `at` (-1 = last). */
function dropAxis(shape: readonly number[], at: number): number[] {
  const out = shape.slice();
  out.splice(out.length + at, 1);
  return out;
}

/**
 * NumPy matmul, C = op(A)·op(B) with op = optional transpose of the last two dims.
 * VJP with G = dC: dop(A) = G·op(B)ᵀ and dop(B) = op(A)ᵀ·G, written with transpose flags so no
 * transpose is materialized; for a transposed operand the product is itself transposed
 * (dA = op(B)·Gᵀ, dB = Gᵀ·op(A)). 1-D operands are promoted to a row [1,k] (A) or a column [k,1] (B)
 * and the gradient is reshaped back; broadcast batch dims are summed away by the engine.
 */
export const matmulOp = defineOp<[NDArray, NDArray], MatmulAttrs>({
  name: 'matmul',
  broadcasts: true,
  forward: ([a, b], flags) => matmulArrays(a, b, flags),
  vjp: (g, { inputs: [a, b], attrs, needsGrad }) => {
    const aVec = a.rank === 1;
    const bVec = b.rank === 1;
    const tA = attrs.transposeA && !aVec;
    const tB = attrs.transposeB && !bVec;
    const A = aVec ? reshape(a, [1, a.shape[0]!]) : a;
    const B = bVec ? reshape(b, [b.shape[0]!, 1]) : b;
    const gShape = g.shape.slice();
    if (bVec) gShape.push(1);
    if (aVec) gShape.splice(gShape.length - 1, 0, 1);
    const G = reshape(g, gShape);
    let gA: NDArray | null = null;
    let gB: NDArray | null = null;
    if (needsGrad[0]) {
      gA = tA ? matmulArrays(B, G, { transposeA: tB, transposeB: true }) : matmulArrays(G, B, { transposeB: !tB });
      if (aVec) gA = reshape(gA, dropAxis(gA.shape, -2));
    }
    if (needsGrad[1]) {
      gB = tB ? matmulArrays(G, A, { transposeA: true, transposeB: tA }) : matmulArrays(A, G, { transposeA: !tA });
      if (bVec) gB = reshape(gB, dropAxis(gB.shape, -1));
    }
    return [gA, gB];
  },
});

/**
 * Matrix product with NumPy `matmul` semantics (1-D·1-D, 1-D·N-D, N-D·1-D, batched with broadcast
 * batch dims). `transposeA` / `transposeB` use the transpose of the last two dims without copying.
 * @example matmul(tensor([[1, 2]]), tensor([[3], [4]])).toArray(); // [[11]]
 * @example x.matmul(w, { transposeB: true }) // x · wᵀ, the Linear layer's product
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  a = asTensor('matmul', a, undefined, 'a');
  b = asTensor('matmul', b, undefined, 'b');
  checkOptions('matmul', options, { transposeA: is.boolean, transposeB: is.boolean }, AutogradError);
  return apply(matmulOp, [a, b], { transposeA: options.transposeA ?? false, transposeB: options.transposeB ?? false });
}
