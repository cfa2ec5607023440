/**
 * Run-time argument checks of the convolution and pooling entry points (issue 11): each exported kernel,
 * gradient kernel and geometry helper calls one of these first, so a JavaScript caller passing a number for
 * an NDArray, a string for a stride or an unknown option gets an error naming the function instead of a
 * TypeError from inside the loops. They run once per call (O(rank)), outside every loop; the kernels'
 * shape arithmetic (channels, empty outputs) stays in `conv-geometry.ts` / `pool-geometry.ts`.
 *
 * The option rule tables are exported so the autograd ops and nn layers check the same options with the
 * same rules under their own error class.
 */
import type { TypedArray } from '../dtype.ts';
import { type Rule, type Rules, checkArg, checkOptions, is, rule } from '../check-options.ts';
import { ArgumentError, DisposedError, ShapeError } from '../errors.ts';
import type { ErrorClass } from '../seedling-error.ts';
import { checkElementLimit } from '../limits.ts';
import { NDArray } from '../ndarray.ts';
import type { Conv2dOptions } from './conv-geometry.ts';
import type { ConvTranspose2dOptions } from './conv-transpose2d.ts';
import type { AvgPool2dOptions, MaxPool2dOptions } from './pool-geometry.ts';

const isInt = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** An int ≥ `min` for both spatial axes, or a pair `[h, w]` of them (the `Pair` type). */
export function pairRule(min: number): Rule {
  checkArg('pairRule', 'min', min, is.integer);
  return rule(`an integer ≥ ${min} or a pair [h, w] of them`, (v) =>
    Array.isArray(v) ? v.length === 2 && isInt(v[0], min) && isInt(v[1], min) : isInt(v, min),
  );
}

/** `conv2d` options (also its gradient kernels'). */
export const conv2dOptionRules: Rules<Conv2dOptions> = {
  stride: pairRule(1),
  padding: is.anyOf(pairRule(0), is.oneOf('same', 'valid')),
  dilation: pairRule(1),
  groups: is.positiveInteger,
};

/** `convTranspose2d` options. */
export const convTranspose2dOptionRules: Rules<ConvTranspose2dOptions> = {
  stride: pairRule(1),
  padding: pairRule(0),
  outputPadding: pairRule(0),
  dilation: pairRule(1),
  groups: is.positiveInteger,
};

/** `maxPool2d` options (`kernelSize` is required: `checkPoolOptions`). */
export const maxPool2dOptionRules: Rules<MaxPool2dOptions> = {
  kernelSize: pairRule(1),
  stride: pairRule(1),
  padding: pairRule(0),
  dilation: pairRule(1),
  ceilMode: is.boolean,
};

/** `avgPool2d` options (`kernelSize` is required: `checkPoolOptions`). */
export const avgPool2dOptionRules: Rules<AvgPool2dOptions> = {
  kernelSize: pairRule(1),
  stride: pairRule(1),
  padding: pairRule(0),
  ceilMode: is.boolean,
  countIncludePad: is.boolean,
  divisorOverride: rule('a non-zero integer', (v) => typeof v === 'number' && Number.isSafeInteger(v) && v !== 0),
};

const ndarray = is.instance(NDArray, 'an NDArray');

/** Throws unless `x` is a live NDArray (DisposedError after its `dispose()`); returns it typed. */
export function checkNDArrayArg(op: string, name: string, x: unknown, ErrorCls: ErrorClass = ArgumentError): NDArray {
  const a = checkArg<NDArray>(op, name, x, ndarray, ErrorCls);
  if (a.isDisposed) throw new DisposedError(op, name, a.shape);
  return a;
}

/** Throws unless `bias` is null/undefined or a live NDArray. */
export function checkBiasArg(op: string, bias: unknown, ErrorCls: ErrorClass = ArgumentError): void {
  if (bias !== null && bias !== undefined) checkNDArrayArg(op, 'bias', bias, ErrorCls);
}

/**
 * Checks a pooling options object against `rules`, with `kernelSize` required (the kernels have no default
 * window); returns it typed.
 */
export function checkPoolOptions<T extends { kernelSize: unknown }>(
  op: string,
  options: unknown,
  rules: Rules<T>,
  ErrorCls: ErrorClass = ArgumentError,
): T {
  const o = checkOptions(op, options as T | undefined, rules, ErrorCls);
  if (o.kernelSize === undefined) throw new ErrorCls(op, `option 'kernelSize' is required (an integer ≥ 1 or a pair [h, w] of them)`);
  return o;
}

/**
 * Checks a shape argument of a gradient kernel or geometry helper: an array of integers ≥ 0 within the
 * element limit (the kernels allocate it).
 */
export function checkShapeArg(op: string, name: string, shape: unknown, ErrorCls: ErrorClass = ArgumentError): readonly number[] {
  const s = checkArg<readonly number[]>(op, name, shape, is.shape, ErrorCls);
  checkElementLimit(op, s);
  return s;
}

/** Throws unless `op` (the name a geometry helper reports errors under) is a non-empty string. */
export function checkOpName(caller: string, op: unknown): string {
  return checkArg<string>(
    caller,
    'op',
    op,
    rule('a non-empty string', (v) => typeof v === 'string' && v.length > 0),
  );
}

/**
 * `addChannelBias`'s arguments: two float typed arrays and three counts whose product fits in `y` and
 * whose channel count fits in `bias`. Without it a count of 2⁵³ loops (the writes past the end are no-ops)
 * for hours.
 */
export function checkChannelBiasArgs(y: unknown, bias: unknown, n: unknown, channels: unknown, plane: unknown): void {
  const op = 'addChannelBias';
  const typed = rule('a Float32Array or a Float64Array', (v) => v instanceof Float32Array || v instanceof Float64Array);
  const yy = checkArg<TypedArray>(op, 'y', y, typed);
  const bb = checkArg<TypedArray>(op, 'bias', bias, typed);
  const nn = checkArg<number>(op, 'n', n, is.nonNegativeInteger);
  const c = checkArg<number>(op, 'channels', channels, is.nonNegativeInteger);
  const p = checkArg<number>(op, 'plane', plane, is.nonNegativeInteger);
  if (nn * c * p > yy.length) {
    throw new ShapeError(op, `n·channels·plane = ${nn}·${c}·${p} exceeds the buffer's ${yy.length} elements`, [[nn, c, p]]);
  }
  if (c > bb.length) throw new ShapeError(op, `channels ${c} exceeds the bias's ${bb.length} elements`, [[c], [bb.length]]);
  // With plane 0 (or channels 0) the product fits any buffer but the outer loops still run n·channels (or n)
  // times: bound those by the element limit too.
  checkElementLimit(op, [nn]);
  checkElementLimit(op, [nn, c]);
}

/** `adaptiveAvgPool2d`'s input and output size, and the output within the element limit. */
export function checkAdaptivePoolArgs(op: string, x: unknown, outputSize: unknown, ErrorCls: ErrorClass = ArgumentError): void {
  const a = checkNDArrayArg(op, 'input', x, ErrorCls);
  const size = checkArg<number | readonly [number, number]>(op, 'outputSize', outputSize, pairRule(1), ErrorCls);
  const [oh, ow] = typeof size === 'number' ? [size, size] : size;
  if (a.rank === 4) checkElementLimit(op, [a.shape[0]!, a.shape[1]!, oh, ow]);
}
