/**
 * Errors thrown by @seedling-ml/tensor. Every message reads `<op>: <what is wrong>: <operands>`, and the
 * operands are also kept as structured fields so callers can react without parsing text.
 */
import { textOf } from './describe-value.ts';
import { SeedlingError } from './seedling-error.ts';

/** Formats a shape the one way every message prints it: `[2,3]`, and `[]` for a scalar. */
export function formatShape(shape: readonly number[]): string {
  return `[${textOf(shape)}]`; // textOf: a mistyped shape may hold a symbol, which join() refuses
}

/**
 * Base class of every error @seedling-ml/tensor throws (a `SeedlingError`). `op` names the operation that
 * refused its input, e.g. `'matmul'`; the message is `<op>: <detail>`.
 */
export class TensorError extends SeedlingError {}

/** Shapes that do not fit the op (broadcasting, matmul inner dims, reshape sizes, bad dims). */
export class ShapeError extends TensorError {
  /** The offending shapes, copied (e.g. both operands of a failed broadcast); may be empty. */
  readonly shapes: readonly (readonly number[])[];
  /** `detail` already names the shapes in the message; `shapes` keeps them for callers. */
  constructor(op: string, detail: string, shapes: readonly (readonly number[])[] = []) {
    super(op, detail);
    this.shapes = shapes.map((s) => [...s]);
  }
}

/** An axis outside `[-rank, rank)`, or repeated. */
export class AxisError extends TensorError {
  /** The axis as the caller gave it (possibly negative). */
  readonly axis: number;
  /** Rank of the array the axis was applied to. */
  readonly rank: number;
  /** Default message: `<op>: axis <axis> out of range for rank <rank>`; `detail` overrides it. */
  constructor(op: string, axis: number, rank: number, detail?: string) {
    super(op, detail ?? `axis ${textOf(axis)} out of range for rank ${textOf(rank)}`);
    this.axis = axis;
    this.rank = rank;
  }
}

/** A dtype that is not supported, or operands whose dtypes cannot be combined. */
export class DTypeError extends TensorError {
  /** The refused dtype (or a description of the refused value). */
  readonly dtype: string;
  /** Default message lists the valid dtypes; `detail` overrides it. */
  constructor(op: string, dtype: string, detail?: string) {
    super(op, detail ?? `unsupported dtype '${textOf(dtype)}' (valid: 'float32', 'float64')`);
    this.dtype = dtype;
  }
}

/** Any other invalid argument: NaN where a number is required, a bad range, a wrong length. */
export class ArgumentError extends TensorError {}

/**
 * An NDArray used after `dispose()` (or one whose storage another array's `dispose()` released): its memory
 * belongs to later results now, so reading it would return their values.
 */
export class DisposedError extends TensorError {
  /** Shape of the disposed array. */
  readonly shape: readonly number[];
  /** Default message: `<op>: <name> of shape <shape> was disposed`. */
  constructor(op: string, name: string, shape: readonly number[]) {
    // A JavaScript caller may pass anything: an error constructor must not throw a TypeError of its own.
    const dims = Array.isArray(shape) ? [...(shape as readonly number[])] : [];
    super(op, `${textOf(name)} of shape ${formatShape(dims)} was disposed; its storage has been released`);
    this.shape = dims;
  }
}
