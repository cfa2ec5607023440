/**
 * Ops whose result is piecewise constant in the inputs (comparisons, sign, argmax): their derivative is
 * zero wherever it exists, so they record nothing and return tensors that do not require grad.
 */
import * as T from '@seedling-ml/tensor';
import type { ArgReduceOptions } from '@seedling-ml/tensor';
import { Tensor } from './tensor.ts';
import { type TensorLike, operands, asTensor } from './tensor-like.ts';

function compare(op: string, kernel: (a: T.NDArray, b: T.NDArray) => T.NDArray, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(op, a, b);
  return new Tensor(kernel(x.data, y.data));
}

/**
 * 1 where a = b, else 0 (broadcasting). Not differentiable: the result never requires grad.
 * @example equal(tensor([1, 2]), 2).toArray(); // [0, 1]
 */
export function equal(a: TensorLike, b: TensorLike): Tensor {
  return compare('equal', T.equal, a, b);
}

/**
 * 1 where a ≠ b, else 0. Not differentiable.
 * @example notEqual(tensor([1, 2]), 2).toArray(); // [1, 0]
 */
export function notEqual(a: TensorLike, b: TensorLike): Tensor {
  return compare('notEqual', T.notEqual, a, b);
}

/**
 * 1 where a < b, else 0. Not differentiable.
 * @example less(tensor([1, 2]), 2).toArray(); // [1, 0]
 */
export function less(a: TensorLike, b: TensorLike): Tensor {
  return compare('less', T.less, a, b);
}

/**
 * 1 where a ≤ b, else 0. Not differentiable.
 * @example lessEqual(tensor([1, 3]), 2).toArray(); // [1, 0]
 */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor {
  return compare('lessEqual', T.lessEqual, a, b);
}

/**
 * 1 where a > b, else 0. Not differentiable.
 * @example greater(tensor([1, 3]), 2).toArray(); // [0, 1]
 */
export function greater(a: TensorLike, b: TensorLike): Tensor {
  return compare('greater', T.greater, a, b);
}

/**
 * 1 where a ≥ b, else 0. Not differentiable.
 * @example greaterEqual(tensor([1, 2]), 2).toArray(); // [0, 1]
 */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor {
  return compare('greaterEqual', T.greaterEqual, a, b);
}

/**
 * Sign of each element (−1, 0 or 1). NOTE: its derivative is 0 everywhere it exists, so the result is a
 * constant that does not require grad (PyTorch instead returns an all-zero gradient; the effect on
 * every input's gradient is the same).
 * @example sign(tensor([-3, 0, 2])).toArray(); // [-1, 0, 1]
 */
export function sign(x: Tensor): Tensor {
  x = asTensor('sign', x, undefined, 'x');
  return new Tensor(T.sign(x.data));
}

/**
 * Index of the maximum along `axis` (flat index without an axis), stored as floats. Not differentiable.
 * @example argmax(tensor([[1, 3], [4, 2]]), { axis: 1 }).toArray(); // [1, 0]
 */
export function argmax(x: Tensor, options: ArgReduceOptions = {}): Tensor {
  x = asTensor('argmax', x, undefined, 'x');
  return new Tensor(T.argmax(x.data, options));
}

/**
 * Index of the minimum along `axis` (flat index without an axis), stored as floats. Not differentiable.
 * @example argmin(tensor([[1, 3], [4, 2]]), { axis: 1 }).toArray(); // [0, 1]
 */
export function argmin(x: Tensor, options: ArgReduceOptions = {}): Tensor {
  x = asTensor('argmin', x, undefined, 'x');
  return new Tensor(T.argmin(x.data, options));
}
