/** `pad`: surround an array with a border — a constant, or read from the input (reflect, replicate, circular). */
import { allocate } from './dtype.ts';
import { checkArg, checkOptions, is } from './check-options.ts';
import { textOf } from './describe-value.ts';
import { ArgumentError, formatShape } from './errors.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { requireArray, sizeOf } from './shape.ts';
import { slice } from './slice.ts';
import { planRegion, stridedCopy } from './strided-copy.ts';
import { type PadMode, checkModeWidths, padIndexed, padIndexedGrad } from './pad-modes.ts';

export type { PadMode } from './pad-modes.ts';

/** Options of `pad` (PyTorch's `F.pad(input, pad, mode, value)`). */
export interface PadOptions {
  /**
   * How the border is filled. Default 'constant'. With widths [b, a] along an axis of size n and i the
   * position relative to the input's first element:
   * - 'constant': `value`;
   * - 'reflect': the input mirrored about its edge elements, which are not repeated
   *   (`[1, 2, 3]` padded by 2 → `[3, 2, 1, 2, 3, 2, 1]`); needs b, a < n;
   * - 'replicate': the edge element repeated (`[1, 1, 1, 2, 3, 3, 3]`); needs n > 0;
   * - 'circular': the input repeated periodically, x[i mod n] (`[2, 3, 1, 2, 3, 1, 2]`); needs b, a ≤ n.
   */
  mode?: PadMode;
  /** The border value of mode 'constant' (the other modes accept only 0, as PyTorch). Default 0. */
  value?: number;
}

const padRules = { mode: is.oneOf('constant', 'reflect', 'replicate', 'circular'), value: is.number };

/** The mode and value of `pad`'s third argument (a number is the constant value). */
function resolvePadOptions(op: string, arg: unknown): { mode: PadMode; value: number } {
  if (typeof arg !== 'object' || arg === null) {
    checkArg(op, 'value', arg, is.number); // a bigint would reach fill() and throw a TypeError there
    return { mode: 'constant', value: arg as number };
  }
  const o = checkOptions(op, arg as PadOptions, padRules);
  const mode = o.mode ?? 'constant';
  const value = o.value ?? 0;
  if (mode !== 'constant' && value !== 0) {
    throw new ArgumentError(op, `mode '${mode}' reads the border from the input and takes no value, got value ${textOf(value)}`);
  }
  return { mode, value };
}

/** Checks `widths` against `shape` (one pair of non-negative integers per axis, and the mode's limits). */
function checkWidths(op: string, shape: readonly number[], widths: readonly (readonly [number, number])[], mode: PadMode): void {
  requireArray(op, 'widths', widths, 'an array of [before, after] pairs');
  const rank = shape.length;
  if (widths.length !== rank) {
    throw new ArgumentError(op, `expected ${rank} [before, after] pairs for rank ${rank}, got ${widths.length}: ${formatShape(shape)}`);
  }
  for (let i = 0; i < rank; i++) {
    const w: unknown = widths[i];
    const pair = Array.isArray(w) ? (w as readonly unknown[]) : null;
    const before = pair?.[0];
    const after = pair?.[1];
    if (
      pair === null ||
      pair.length !== 2 ||
      !Number.isSafeInteger(before) ||
      !Number.isSafeInteger(after) ||
      (before as number) < 0 ||
      (after as number) < 0
    ) {
      const shown = pair === null ? textOf(w) : `[${textOf(pair)}]`;
      throw new ArgumentError(op, `widths must be pairs of non-negative integers, got ${shown} for axis ${i}: ${formatShape(shape)}`);
    }
    if (mode !== 'constant') checkModeWidths(op, mode, i, before as number, after as number, shape);
  }
}

/**
 * Pads `x` (NumPy `pad`; PyTorch `F.pad` with the widths listed per axis from the first, not reversed
 * from the last): `widths[i] = [before, after]` elements are added on each side of axis `i`, so
 * `out.shape[i] = before + x.shape[i] + after` and
 * `slice(out, widths.map(([b], i) => ({ start: b, stop: b + x.shape[i] })))` recovers `x`. The third
 * argument is the constant border value, or `{ mode, value }` (see `PadOptions`). Unlike PyTorch, every
 * mode pads any axis of any rank (PyTorch's non-constant modes pad only the last 1–3 axes).
 *
 * @throws ArgumentError unless there is one pair per axis of non-negative integers within the mode's limits.
 * @example
 * pad(array([[1, 2]]), [[1, 0], [0, 1]]).toArray();                      // [[0, 0, 0], [1, 2, 0]]
 * pad(array([1]), [[2, 1]], -1).toArray();                               // [-1, -1, 1, -1]
 * pad(array([1, 2, 3]), [[2, 2]], { mode: 'reflect' }).toArray();        // [3, 2, 1, 2, 3, 2, 1]
 */
export function pad(x: NDArray, widths: readonly (readonly [number, number])[], value: number | PadOptions = 0): NDArray {
  checkNDArray('pad', 'x', x);
  const o = resolvePadOptions('pad', value);
  checkWidths('pad', x.shape, widths, o.mode);
  if (o.mode !== 'constant') return padIndexed(x, widths, o.mode);
  const rank = x.rank;
  const outShape = x.shape.map((d, i) => widths[i]![0] + d + widths[i]![1]);
  const starts = widths.map(([b]) => b);
  const out = allocate(x.dtype, sizeOf(outShape));
  if (o.value !== 0) out.fill(o.value);
  if (x.size > 0) {
    const plan = planRegion(outShape, starts, new Array<number>(rank).fill(1), x.shape);
    stridedCopy(x.data, 0, plan.smallStrides, out, plan.offset, plan.bigStrides, plan.shape, plan.block);
  }
  return new NDArray(out, outShape);
}

/**
 * Gradient of `pad` with respect to `x` (of shape `xShape`) given the output gradient `g`: the interior of
 * `g` for mode 'constant'; for the other modes each border element's gradient is added to the input
 * element it copies.
 * @example padGrad(array([1, 2, 3, 4, 5]), [3], [[1, 1]], 'replicate').toArray(); // [3, 3, 9]
 */
export function padGrad(
  g: NDArray,
  xShape: readonly number[],
  widths: readonly (readonly [number, number])[],
  mode: PadMode = 'constant',
): NDArray {
  checkNDArray('padGrad', 'g', g);
  checkArg('padGrad', 'xShape', xShape, is.shape);
  checkArg('padGrad', 'mode', mode, padRules.mode);
  checkWidths('padGrad', xShape, widths, mode);
  const want = xShape.map((d, i) => widths[i]![0] + d + widths[i]![1]);
  if (g.rank !== want.length || g.shape.some((d, i) => d !== want[i])) {
    throw new ArgumentError('padGrad', `output gradient has shape ${formatShape(g.shape)}, expected ${formatShape(want)}`);
  }
  if (mode !== 'constant') return padIndexedGrad(g, xShape, widths, mode);
  return slice(
    g,
    widths.map(([before], i) => ({ start: before, stop: before + xShape[i]! })),
  );
}
