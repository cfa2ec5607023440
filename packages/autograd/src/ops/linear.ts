import {
  type LinearCallOptions,
  type NDArray,
  checkOptions,
  is,
  linear as linearArrays,
  matmul,
  reluGrad,
  reshape,
  sumToShape,
} from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
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
 * `y = x·Wᵀ + b` as one primitive (x `[..., in]`, W `[out, in]`, b `[out]`), or `relu(x·Wᵀ + b)` with the `relu`
 * attribute. VJP with G = dy (times the ReLU's mask y > 0 first, which is x·Wᵀ + b > 0, in one pass):
 * dx = G·W, dW = Gᵀ·x over all leading axes of x at once (both as `[rows, ·]` matrices, one GEMM), and
 * db = Σ over the leading axes of G, a column sum in one pass — the sum the engine formed for the broadcast
 * bias of `add`, in the same order, so for 2-D x every gradient equals the composed ops' bit for bit.
 */
export const linearOp = defineOp<[NDArray, NDArray, NDArray], { relu: boolean }>({
  name: 'linear',
  forward: ([x, w, b], { relu }) => linearArrays(x, w, b, relu ? { activation: 'relu' } : undefined),
  vjp: (dy, { inputs: [x, w, b], output, needsGrad, attrs }) => {
    const g = attrs.relu ? reluGrad(dy, output) : dy;
    return [
      needsGrad[0] ? matmul(g, w) : null,
      needsGrad[1] ? matmul(rows(g), rows(x), { transposeA: true }) : null,
      needsGrad[2] ? sumToShape(g, b.shape) : null,
    ];
  },
});

/**
 * Fully connected layer: out = x·Wᵀ + b for `x` `[..., in]`, `w` `[out, in]` (PyTorch's layout) and `b` `[out]`,
 * or x·Wᵀ without a bias. One fused op: the bias is added as the product leaves the GEMM and its gradient is a
 * single column sum (see `linearOp`); the values equal `x.matmul(w, { transposeB: true }).add(b)`. With
 * `{ activation: 'relu' }` the ReLU joins the same op (applied in place to the fresh result; its backward mask read
 * from the output): relu(x·Wᵀ + b), the same values and gradients as `.relu()` after it (nn's `Sequential` uses it
 * for a `Linear` followed by a `ReLU`).
 * @example linear(tensor([[1, 2]]), tensor([[1, 0], [0, 1]]), tensor([10, 20])).toArray(); // [[11, 22]]
 * @example linear(tensor([[1, -2]]), tensor([[1, 0], [0, 1]]), tensor([0, 1]), { activation: 'relu' }).toArray(); // [[1, 0]]
 */
export function linear(x: Tensor, w: Tensor, b?: Tensor | null, options?: LinearCallOptions): Tensor {
  x = asTensor('linear', x, undefined, 'x');
  w = asTensor('linear', w, undefined, 'w');
  const relu = checkOptions('linear', options, { activation: is.oneOf('relu') }, AutogradError).activation === 'relu';
  if (b === undefined || b === null) {
    const y = matmulTensors(x, w, { transposeB: true });
    return relu ? y.relu() : y;
  }
  b = asTensor('linear', b, undefined, 'b');
  return apply(linearOp, [x, w, b], { relu });
}
