import { type DType, type TypedArray, allocate, checkDType, dtypeOfData } from './dtype.ts';
import { ArgumentError, DTypeError, ShapeError, formatShape } from './errors.ts';
import { formatArray, inspectSymbol } from './format.ts';
import { checkShape, sizeOf, stridesOf } from './shape.ts';
import { describeValue, textOf } from './check-options.ts';

/**
 * Returns `value` when it is an NDArray; otherwise throws ArgumentError `<op>: <name> must be an NDArray,
 * got <value>` (so `matmul(a, null)` names matmul instead of failing inside with a TypeError).
 */
export function checkNDArray(op: string, name: string, value: unknown): NDArray {
  if (!(value instanceof NDArray)) throw new ArgumentError(op, `${name} must be an NDArray, got ${describeValue(value)}`);
  return value;
}

/** Nested JS arrays of numbers, as returned by `toArray()` (a plain number for a scalar). */
export type NestedArray = number | NestedArray[];

/**
 * An N-dimensional array: row-major, contiguous storage in a Float32Array or Float64Array.
 *
 * NDArrays are treated as values: ops return new arrays and never write into their inputs. `reshape`
 * (and `squeeze`/`expandDims`) return views sharing `data`, as in NumPy and PyTorch; writing into
 * `data` directly (optimizers do, on parameters) is visible through such views.
 *
 * @example
 * const a = new NDArray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * a.toArray(); // [[1, 2, 3], [4, 5, 6]]
 */
export class NDArray {
  /** Dimensions, outermost first; `[]` for a scalar. Frozen. */
  readonly shape: readonly number[];
  /** Element type of `data`. */
  readonly dtype: DType;
  /** Row-major element storage; `data.length === size`. */
  readonly data: TypedArray;
  /** Number of elements (product of `shape`; 1 for a scalar). */
  readonly size: number;
  /** Row-major strides in elements. */
  readonly strides: readonly number[];

  /**
   * Wraps `data` (not copied) with `shape`. Throws DTypeError unless `data` is a Float32Array or
   * Float64Array, and ShapeError for a dim that is not a non-negative integer (NaN, 1.5, -1, Infinity)
   * or a data length that does not match the shape.
   */
  constructor(data: TypedArray, shape: ArrayLike<number>) {
    if (!(data instanceof Float32Array) && !(data instanceof Float64Array)) {
      const kind = describe(data);
      throw new DTypeError('NDArray', kind, `data must be a Float32Array or Float64Array, got ${kind}`);
    }
    const rawShape: unknown = shape;
    if (rawShape === null || typeof rawShape !== 'object' || typeof (rawShape as { length?: unknown }).length !== 'number') {
      throw new ShapeError('NDArray', `shape must be an array of dims, got ${describe(rawShape)}`);
    }
    const s = checkShape('NDArray', shape);
    const size = sizeOf(s);
    if (data.length !== size) {
      throw new ShapeError('NDArray', `data length ${data.length} does not match shape ${formatShape(s)} (size ${size})`, [s]);
    }
    this.shape = s;
    this.data = data;
    this.dtype = dtypeOfData(data);
    this.size = size;
    this.strides = Object.freeze(stridesOf(s));
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** The single value of a size-1 array; throws otherwise. */
  item(): number {
    if (this.size !== 1)
      throw new ShapeError('item', `only a size-1 array converts to a number, got shape ${formatShape(this.shape)}`, [this.shape]);
    return this.data[0]!;
  }

  /** The element at a full index (negative indices count from the end). */
  get(...index: number[]): number {
    if (index.length !== this.rank) {
      throw new ArgumentError('get', `expected ${this.rank} indices for shape ${formatShape(this.shape)}, got ${index.length}`);
    }
    let offset = 0;
    for (let i = 0; i < index.length; i++) {
      const dim = this.shape[i]!;
      let k = index[i]!;
      if (!Number.isInteger(k) || k < -dim || k >= dim) {
        throw new ArgumentError('get', `index ${textOf(k)} out of range for axis ${i} of size ${dim} in ${formatShape(this.shape)}`);
      }
      if (k < 0) k += dim;
      offset += k * this.strides[i]!;
    }
    return this.data[offset]!;
  }

  /** Nested JS arrays (a number for a scalar), for printing and tests. */
  toArray(): NestedArray {
    if (this.rank === 0) return this.data[0]!;
    const build = (axis: number, offset: number): NestedArray[] => {
      const dim = this.shape[axis]!;
      const stride = this.strides[axis]!;
      const out: NestedArray[] = new Array(dim);
      if (axis === this.rank - 1) {
        for (let i = 0; i < dim; i++) out[i] = this.data[offset + i]!;
      } else {
        for (let i = 0; i < dim; i++) out[i] = build(axis + 1, offset + i * stride);
      }
      return out;
    };
    return build(0, 0);
  }

  /** A copy of this array with its own buffer. */
  clone(): NDArray {
    return new NDArray(this.data.slice(), this.shape);
  }

  /**
   * This array converted to `dtype`: always a copy; float32 → float64 is exact, float64 → float32 rounds
   * each value to nearest. Throws DTypeError for an unsupported dtype.
   * @example array([0.1], { dtype: 'float64' }).astype('float32').data[0]; // 0.10000000149011612
   */
  astype(dtype: DType): NDArray {
    const out = allocate(checkDType('astype', dtype), this.size);
    out.set(this.data);
    return new NDArray(out, this.shape);
  }

  /**
   * The values as PyTorch prints a tensor, headed `array(`: 4 decimals (or scientific notation when
   * they span over three orders of magnitude), `...` summaries above 1000 elements, `dtype=float64`
   * when not the default float32. `String(a)`, template literals and `console.log` (Node) all use it.
   * @example String(array([[1, 2], [3, 4.5]])); // 'array([[1.0000, 2.0000],\n       [3.0000, 4.5000]])'
   */
  toString(): string {
    return formatArray(this, 'array(');
  }

  /** What Node's `util.inspect` and `console.log` show: the same as `toString()`. */
  [inspectSymbol](): string {
    return this.toString();
  }
}

/** A short name for a value of unexpected type, for error messages: `null`, `number`, `Int32Array`, `Array`. */
function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x !== 'object') return typeof x;
  const proto: unknown = Object.getPrototypeOf(x);
  const ctor = proto === null ? undefined : (proto as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' ? ctor.name : 'object';
}

/** True when `x` is an NDArray. */
export function isNDArray(x: unknown): x is NDArray {
  return x instanceof NDArray;
}
