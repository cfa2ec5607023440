import { type NDArray, linear as linearArrays, matmul, reshape, sumToShape } from '@seedling-ml/tensor';
import { apply, defineOp } from '../op.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';
import { matmul as matmulTensors } from './matmul.ts';

/** `x` as a matrix of its rows: `[..., f]` → `[rows, f]` (a view; a 1-D `x` is one row). */
function rows(x: NDArray): NDArray {
  const f = x.shape[x.rank - 1]!;
  return x.rank === 2 ? x : reshape(x, [x.size / f, f]);
}

/**
 * `y = x·Wᵀ + b` as one primitive (x `[..., in]`, W `[out, in]`, b `[out]`). VJP with G = dy:
 * dx = G·W, dW = Gᵀ·x over all leading axes of x at once (both as `[rows, ·]` matrices, one GEMM), and
 * db = Σ over the leading axes of G, a column sum in one pass — the sum the engine formed for the broadcast
 * bias of `add`, in the same order, so for 2-D x every gradient equals the composed ops' bit for bit.
 */
export const linearOp = defineOp<[NDArray, NDArray, NDArray]>({
  name: 'linear',
  forward: ([x, w, b]) => linearArrays(x, w, b),
  vjp: (g, { inputs: [x, w, b], needsGrad }) => [
    needsGrad[0] ? matmul(g, w) : null,
    needsGrad[1] ? matmul(rows(g), rows(x), { transposeA: true }) : null,
    needsGrad[2] ? sumToShape(g, b.shape) : null,
  ],
});

/**
 * Fully connected layer: out = x·Wᵀ + b for `x` `[..., in]`, `w` `[out, in]` (PyTorch's layout) and `b` `[out]`,
 * or x·Wᵀ without a bias. One fused op: the bias is added as the product leaves the GEMM and its gradient is a
 * single column sum (see `linearOp`); the values equal `x.matmul(w, { transposeB: true }).add(b)`.
 * @example linear(tensor([[1, 2]]), tensor([[1, 0], [0, 1]]), tensor([10, 20])).toArray(); // [[11, 22]]
 */
export function linear(x: Tensor, w: Tensor, b?: Tensor | null): Tensor {
  x = asTensor('linear', x, undefined, 'x');
  w = asTensor('linear', w, undefined, 'w');
  if (b === undefined || b === null) return matmulTensors(x, w, { transposeB: true });
  b = asTensor('linear', b, undefined, 'b');
  return apply(linearOp, [x, w, b], undefined);
}
