import { type DType, type TypedArray, allocate, checkDType, dtypeOfData } from './dtype.ts';
import { releaseStorage } from './buffer-pool.ts';
import { ArgumentError, DTypeError, DisposedError, ShapeError, formatShape } from './errors.ts';
import { formatArray, inspectSymbol } from './format.ts';
import { checkShape, sizeOf, stridesOf } from './shape.ts';
import { describeValue, textOf } from './check-options.ts';

/**
 * Returns `value` when it is a live NDArray; otherwise throws ArgumentError `<op>: <name> must be an NDArray,
 * got <value>` (so `matmul(a, null)` names matmul instead of failing inside with a TypeError), or DisposedError
 * for an array used after `dispose()`.
 */
export function checkNDArray(op: string, name: string, value: unknown): NDArray {
  if (!(value instanceof NDArray)) throw new ArgumentError(op, `${name} must be an NDArray, got ${describeValue(value)}`);
  if (value.isDisposed) throw new DisposedError(op, name, value.shape);
  return value;
}

/** Zero-length storage a disposed array keeps, so that anything reading past the checks finds no stale values. */
const EMPTY = { float32: new Float32Array(0), float64: new Float64Array(0) } as const;

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
  #disposed = false;

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

  /**
   * True after `dispose()`, and for an array whose storage another array's `dispose()` released (one built with
   * `new NDArray` over the same `data`). Every op refuses a disposed array with DisposedError.
   */
  get isDisposed(): boolean {
    return this.#disposed || this.data.length !== this.size;
  }

  /**
   * Declares this array dead, so its memory can serve the next result of the same size — what `tf.dispose` and
   * PyTorch's freeing of an unreferenced tensor do, and what makes a loop over large arrays run in memory that is
   * still in cache (add f32 1M: ≈ 13 → 27 GB/s). After it, every op given this array throws DisposedError, and
   * `data` is empty.
   *
   * The storage itself is released only when this array alone owns a whole ordinary ArrayBuffer: then it is
   * detached, so every other reference to it (a `data` you kept, a `subarray` of it) has length 0 and can
   * neither read later results nor write into them. Storage shared with a view (`reshape`, `squeeze`,
   * `expandDims`), part of a larger buffer, a SharedArrayBuffer or WebAssembly memory is left as it is, for the
   * garbage collector. Disposing twice does nothing. Optional: arrays you never dispose are garbage collected.
   *
   * @example
   * for (const batch of batches) {
   *   const y = add(batch, bias); // reuses the buffer disposed on the previous iteration
   *   total += sum(y).item();
   *   y.dispose();
   * }
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const data = this.data;
    // An empty array of the same dtype: length 0 ≠ size marks it disposed for any code that reads `data` directly.
    (this as { data: TypedArray }).data = EMPTY[this.dtype];
    if (data.length === this.size) releaseStorage(data);
  }

  /** The single value of a size-1 array; throws otherwise. */
  item(): number {
    checkNDArray('item', 'array', this);
    if (this.size !== 1)
      throw new ShapeError('item', `only a size-1 array converts to a number, got shape ${formatShape(this.shape)}`, [this.shape]);
    return this.data[0]!;
  }

  /** The element at a full index (negative indices count from the end). */
  get(...index: number[]): number {
    checkNDArray('get', 'array', this);
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
    checkNDArray('toArray', 'array', this);
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
    checkNDArray('clone', 'array', this);
    return new NDArray(this.data.slice(), this.shape);
  }

  /**
   * This array converted to `dtype`: always a copy; float32 → float64 is exact, float64 → float32 rounds
   * each value to nearest. Throws DTypeError for an unsupported dtype.
   * @example array([0.1], { dtype: 'float64' }).astype('float32').data[0]; // 0.10000000149011612
   */
  astype(dtype: DType): NDArray {
    checkNDArray('astype', 'array', this);
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
    if (this.isDisposed)
      return `array(<disposed>, shape=${formatShape(this.shape)}${this.dtype === 'float32' ? '' : `, dtype=${this.dtype}`})`;
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
