import { type Rule, type Rules, ShapeError, checkArg, checkOptions, formatShape, is, rule } from '@seedling-ml/tensor';
import { AutogradError } from '../errors.ts';
import { adaptiveAvgPool2d } from '../ops/adaptive-avg-pool2d.ts';
import { avgPool2d } from '../ops/avg-pool2d.ts';
import { conv2d } from '../ops/conv2d.ts';
import { maxPool2d } from '../ops/max-pool2d.ts';
import { reshape } from '../ops/reshape.ts';
import type { Tensor } from '../tensor.ts';
import { asTensor } from '../tensor-like.ts';

/*
 * 1-D convolution and pooling are the 2-D ops on a height-1 image: [N, C, L] is viewed as [N, C, 1, L]
 * and the kernel as 1 × k, so they need no kernels or VJPs of their own.
 */

/** A 1-D size: an int or a one-element list (PyTorch accepts both). */
export type Single = number | readonly [number];

const one = (v: Single | undefined, fallback: number): number => (v === undefined ? fallback : typeof v === 'number' ? v : v[0]);

const isInt = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

/** A `Single` whose value is an integer ≥ `min`. */
function singleRule(min: number): Rule {
  return rule(`an integer ≥ ${min} or a one-element array of one`, (v) =>
    Array.isArray(v) ? v.length === 1 && isInt(v[0], min) : isInt(v, min),
  );
}

/** Checks a 1-D pooling options object (kernelSize required) under `op`. */
function checkPool1dOptions<T extends { kernelSize: Single }>(op: string, options: T, rules: Rules<T>): void {
  checkOptions(op, options, rules, AutogradError);
  if (options?.kernelSize === undefined) throw new AutogradError(op, `option 'kernelSize' is required (an integer ≥ 1)`);
}

function check3d(op: string, x: Tensor, what = 'input'): void {
  if (x.rank !== 3) throw new ShapeError(op, `expected a 3-D ${what} [N,C,L], got ${formatShape(x.shape)}`, [x.shape]);
}

const lift = (x: Tensor): Tensor => reshape(x, [x.shape[0]!, x.shape[1]!, 1, x.shape[2]!]);
const lower = (y: Tensor): Tensor => reshape(y, [y.shape[0]!, y.shape[1]!, y.shape[3]!]);

/** Options of `conv1d` (PyTorch's `F.conv1d` arguments, camelCase). */
export interface Conv1dOptions {
  /** Window step. Default 1. */
  stride?: Single;
  /** Zeros on each side, or `'same'` / `'valid'`. Default 0. */
  padding?: Single | 'same' | 'valid';
  /** Spacing between kernel taps. Default 1. */
  dilation?: Single;
  /** Channel groups. Default 1. */
  groups?: number;
}

/**
 * 1-D convolution of `x` [N, C, L] with `weight` [O, C/groups, k] and optional `bias` [O] (PyTorch's
 * `F.conv1d`): `y[n, o, i] = b[o] + Σ_{c, p} w[o, c, p] · x[n, g·C/groups + c, i·stride − padding + p·dilation]`.
 *
 * @example
 * conv1d(tensor([[[1, 2, 3]]]), tensor([[[1, 1]]])).toArray(); // [[[3, 5]]]
 */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv1dOptions = {}): Tensor {
  x = asTensor('conv1d', x, undefined, 'input');
  weight = asTensor('conv1d', weight, x.dtype, 'weight');
  if (bias !== null) bias = asTensor('conv1d', bias, x.dtype, 'bias');
  checkOptions(
    'conv1d',
    options,
    {
      stride: singleRule(1),
      padding: is.anyOf(singleRule(0), is.oneOf('same', 'valid')),
      dilation: singleRule(1),
      groups: is.positiveInteger,
    },
    AutogradError,
  );
  check3d('conv1d', x);
  check3d('conv1d', weight, 'weight [O,C/groups,k]');
  const groups = options.groups ?? 1;
  if (weight.shape[1]! * groups !== x.shape[1]) {
    throw new ShapeError(
      'conv1d',
      `input has ${x.shape[1]} channels, weight expects ${weight.shape[1]! * groups} (${weight.shape[1]} per group × ${groups} groups): input ${formatShape(x.shape)}, weight ${formatShape(weight.shape)}`,
      [x.shape, weight.shape],
    );
  }
  const p = options.padding;
  const padding = p === 'same' || p === 'valid' ? p : ([0, one(p, 0)] as const);
  const w4 = reshape(weight, [weight.shape[0]!, weight.shape[1]!, 1, weight.shape[2]!]);
  return lower(
    conv2d(lift(x), w4, bias, {
      stride: [1, one(options.stride, 1)],
      padding,
      dilation: [1, one(options.dilation, 1)],
      groups: options.groups ?? 1,
    }),
  );
}

/** Options of `maxPool1d` (PyTorch's `F.max_pool1d`). */
export interface MaxPool1dOptions {
  kernelSize: Single;
  /** Default `kernelSize`. */
  stride?: Single;
  padding?: Single;
  dilation?: Single;
  ceilMode?: boolean;
  /** Also return the position of each maximum in its row (PyTorch's `return_indices`): `[values, indices]`. */
  returnIndices?: boolean;
}

/**
 * 1-D max pooling of `x` [N, C, L] (PyTorch's `F.max_pool1d`; `stride` defaults to `kernelSize`). With
 * `returnIndices: true`, `[values, indices]`: each maximum's position in [0, L) (as `maxPool2d`'s, a constant
 * of x's dtype).
 * @example maxPool1d(tensor([[[1, 3, 2, 0]]]), { kernelSize: 2 }).toArray(); // [[[3, 2]]]
 */
export function maxPool1d(x: Tensor, options: MaxPool1dOptions & { returnIndices?: false }): Tensor;
export function maxPool1d(x: Tensor, options: MaxPool1dOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool1d(x: Tensor, options: MaxPool1dOptions): Tensor | [Tensor, Tensor];
export function maxPool1d(x: Tensor, options: MaxPool1dOptions): Tensor | [Tensor, Tensor] {
  x = asTensor('maxPool1d', x, undefined, 'input');
  checkPool1dOptions('maxPool1d', options, {
    kernelSize: singleRule(1),
    stride: singleRule(1),
    padding: singleRule(0),
    dilation: singleRule(1),
    ceilMode: is.boolean,
    returnIndices: is.boolean,
  });
  check3d('maxPool1d', x);
  const k = one(options.kernelSize, 1);
  const pool = {
    kernelSize: [1, k] as [number, number],
    stride: [1, one(options.stride, k)] as [number, number],
    padding: [0, one(options.padding, 0)] as [number, number],
    dilation: [1, one(options.dilation, 1)] as [number, number],
    ceilMode: options.ceilMode ?? false,
  };
  if (options.returnIndices !== true) return lower(maxPool2d(lift(x), pool));
  // On a height-1 plane the flat position row·L + column is the column.
  const [y, indices] = maxPool2d(lift(x), { ...pool, returnIndices: true });
  return [lower(y), lower(indices)];
}

/** Options of `avgPool1d` (PyTorch's `F.avg_pool1d`). */
export interface AvgPool1dOptions {
  kernelSize: Single;
  /** Default `kernelSize`. */
  stride?: Single;
  padding?: Single;
  ceilMode?: boolean;
  /** Default true. */
  countIncludePad?: boolean;
}

/**
 * 1-D average pooling of `x` [N, C, L] (PyTorch's `F.avg_pool1d`; `stride` defaults to `kernelSize`).
 * @example avgPool1d(tensor([[[1, 3, 2, 0]]]), { kernelSize: 2 }).toArray(); // [[[2, 1]]]
 */
export function avgPool1d(x: Tensor, options: AvgPool1dOptions): Tensor {
  x = asTensor('avgPool1d', x, undefined, 'input');
  checkPool1dOptions('avgPool1d', options, {
    kernelSize: singleRule(1),
    stride: singleRule(1),
    padding: singleRule(0),
    ceilMode: is.boolean,
    countIncludePad: is.boolean,
  });
  check3d('avgPool1d', x);
  const k = one(options.kernelSize, 1);
  return lower(
    avgPool2d(lift(x), {
      kernelSize: [1, k],
      stride: [1, one(options.stride, k)],
      padding: [0, one(options.padding, 0)],
      ceilMode: options.ceilMode ?? false,
      countIncludePad: options.countIncludePad ?? true,
    }),
  );
}

/**
 * Adaptive 1-D average pooling of `x` [N, C, L] to `[N, C, outputSize]` (PyTorch's `F.adaptive_avg_pool1d`).
 * @example adaptiveAvgPool1d(tensor([[[1, 3, 2, 0]]]), 2).toArray(); // [[[2, 1]]]
 */
export function adaptiveAvgPool1d(x: Tensor, outputSize: Single): Tensor {
  x = asTensor('adaptiveAvgPool1d', x, undefined, 'input');
  checkArg('adaptiveAvgPool1d', 'outputSize', outputSize, singleRule(1), AutogradError);
  check3d('adaptiveAvgPool1d', x);
  return lower(adaptiveAvgPool2d(lift(x), [1, one(outputSize, 1)]));
}
