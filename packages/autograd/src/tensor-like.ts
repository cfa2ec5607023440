/**
 * Operand conversion for op functions: numbers and NDArrays become constant tensors (no gradient).
 */
import { type DType, DEFAULT_DTYPE, DisposedError, NDArray, describeValue, full } from '@seedling-ml/tensor';
import { AutogradError } from './errors.ts';
import { Tensor } from './tensor.ts';

/** What op functions accept for an operand: a Tensor, or a constant NDArray or number (never differentiated). */
export type TensorLike = Tensor | NDArray | number;

/** `data` unless it was disposed (`NDArray.dispose()`), in which case DisposedError `<op>: <name> of shape … was disposed`. */
export function live(op: string, name: string, data: NDArray): NDArray {
  if (data.isDisposed) throw new DisposedError(op, name, data.shape);
  return data;
}

/**
 * `x` as a Tensor: a Tensor as is, an NDArray wrapped without copy, a number as a 0-d constant of `dtype`.
 */
export function asTensor(op: string, x: TensorLike, dtype: DType = DEFAULT_DTYPE, name = 'operand'): Tensor {
  if (x instanceof Tensor) {
    live(op, name, x.data);
    return x;
  }
  if (x instanceof NDArray) return new Tensor(live(op, name, x));
  if (typeof x === 'number') return new Tensor(full([], x, { dtype }));
  throw new AutogradError(op, `${name} must be a Tensor, an NDArray or a number, got ${describeValue(x)}`);
}

/** Throws AutogradError `<op>: <name>[i] must be a Tensor …` unless `xs` is an array of Tensors or NDArrays. */
export function requireTensorList(op: string, name: string, xs: unknown): void {
  if (!Array.isArray(xs)) throw new AutogradError(op, `${name} must be an array of Tensors, got ${describeValue(xs)}`);
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new AutogradError(op, `${name}[${i}] must be a Tensor, got ${describeValue(x)}`);
  });
}

function dtypeOf(x: TensorLike): DType | undefined {
  return x instanceof Tensor || x instanceof NDArray ? x.dtype : undefined;
}

/** Both operands of a binary op as Tensors; a number takes the other operand's dtype (float32 if none). */
export function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const dtype = dtypeOf(a) ?? dtypeOf(b) ?? DEFAULT_DTYPE;
  return [asTensor(op, a, dtype, 'a'), asTensor(op, b, dtype, 'b')];
}

/** `constantData` of a checked argument: throws AutogradError `<op>: <name> must be a Tensor or an NDArray, got …` otherwise. */
export function constantArg(op: string, name: string, x: unknown): NDArray {
  if (x instanceof Tensor) return live(op, name, x.data);
  if (x instanceof NDArray) return live(op, name, x);
  throw new AutogradError(op, `${name} must be a Tensor or an NDArray, got ${describeValue(x)}`);
}

/** The array behind a non-differentiable argument (a condition, indices): a Tensor's data is used, its graph ignored. */
export function constantData(x: Tensor | NDArray): NDArray {
  return x instanceof Tensor ? x.data : x;
}
