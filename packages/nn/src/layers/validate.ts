import { textOf } from '@seedling-ml/tensor';
import { Tensor } from '@seedling-ml/autograd';
import { NDArray, describeValue, formatShape } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';

/** `value` if it is a positive safe integer; otherwise throws NNError naming the option. */
export function checkPositiveInteger(op: string, name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new NNError(op, `${name} must be a positive integer, got ${textOf(value)}`);
  return value;
}

/** `value` if it is a finite number in [low, high]; otherwise throws NNError naming the option. */
export function checkRange(op: string, name: string, value: number, low: number, high: number): number {
  if (typeof value !== 'number' || !(value >= low && value <= high)) {
    throw new NNError(op, `${name} must be a number in [${low}, ${high}], got ${textOf(value)}`);
  }
  return value;
}

/** `value` if it is a finite number > 0; otherwise throws NNError naming the option. */
export function checkPositive(op: string, name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new NNError(op, `${name} must be a finite number > 0, got ${textOf(value)}`);
  }
  return value;
}

/** `value` if it is a finite number; otherwise throws NNError naming the option (a NaN slope would give NaN outputs). */
export function checkFinite(op: string, name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new NNError(op, `${name} must be a finite number, got ${textOf(value)}`);
  return value;
}

/** `value` if it is an integer (an axis, checked against the input's rank at forward time). */
export function checkInteger(op: string, name: string, value: number): number {
  if (!Number.isSafeInteger(value)) throw new NNError(op, `${name} must be an integer, got ${textOf(value)}`);
  return value;
}

/** Throws unless `axis` (negative counts from the end) exists in an input of `shape`. */
export function checkAxisInRange(op: string, axis: number, shape: readonly number[]): void {
  const rank = shape.length;
  // typeof first: comparing a symbol throws a TypeError.
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank)
    throw new NNError(op, `axis ${textOf(axis)} out of range for rank ${rank}: input ${formatShape(shape)}`);
}

/**
 * A layer's or loss's input as a Tensor: a Tensor as is, an NDArray as a constant (as the tensor ops
 * accept it); anything else throws NNError `<op>: <name> must be a Tensor or an NDArray, got <value>`.
 */
export function inputTensor(op: string, name: string, x: unknown): Tensor {
  if (x instanceof Tensor) return x;
  if (x instanceof NDArray) return new Tensor(x);
  throw new NNError(op, `${name} must be a Tensor or an NDArray, got ${describeValue(x)}`);
}
