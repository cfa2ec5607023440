import { allocate } from '../dtype.ts';
import { ArgumentError, ShapeError, formatShape } from '../errors.ts';
import { NDArray } from '../ndarray.ts';
import { checkArg, checkOptions, is } from '../check-options.ts';
import type { ErrorClass } from '../seedling-error.ts';
import { checkElementLimit } from '../limits.ts';
import { checkBiasArg, checkNDArrayArg, checkOpName, checkShapeArg, convTranspose2dOptionRules } from './arg-checks.ts';
import { type Pair, checkGroups, resolvePair } from './conv-geometry.ts';
import { addChannelBias, conv2dInputGrad } from './conv2d.ts';

/** Options of `convTranspose2d` (PyTorch's `conv_transpose2d` arguments, camelCase). */
export interface ConvTranspose2dOptions {
  /** Step of the corresponding forward convolution (upsampling factor). Default 1. */
  stride?: Pair;
  /** Padding of the corresponding forward convolution: trims `padding` rows/columns from each side of the output. Default 0. */
  padding?: Pair;
  /** Extra rows/columns added on one side of the output (to choose among the sizes a strided conv maps to the same input size); must be smaller than `stride` or `dilation` on each axis (PyTorch's rule). Default 0. */
  outputPadding?: Pair;
  /** Spacing between kernel taps. Default 1. */
  dilation?: Pair;
  /** Channel groups. Default 1. */
  groups?: number;
}

/**
 * PyTorch's rule for `outputPadding`, per axis: smaller than the stride or than the dilation. Either bound
 * keeps the extra rows inside what the forward convolution could have produced: below the stride they are
 * input positions a strided conv skips, below the dilation positions between dilated taps.
 */
export function checkOutputPadding(
  op: string,
  outputPadding: readonly [number, number],
  stride: readonly [number, number],
  dilation: readonly [number, number],
  ErrorCls: ErrorClass = ArgumentError,
): void {
  checkOpName('checkOutputPadding', op);
  const pair = is.arrayOf(is.nonNegativeInteger, 2);
  checkArg(op, 'outputPadding', outputPadding, pair);
  checkArg(op, 'stride', stride, pair);
  checkArg(op, 'dilation', dilation, pair);
  for (let a = 0; a < 2; a++) {
    if (outputPadding[a]! >= stride[a]! && outputPadding[a]! >= dilation[a]!) {
      throw new ErrorCls(
        op,
        `outputPadding must be smaller than either stride or dilation on each axis, got outputPadding [${outputPadding.join(',')}], stride [${stride.join(',')}] and dilation [${dilation.join(',')}]`,
      );
    }
  }
}

/** How `convTranspose2d` computes its output from `conv2dInputGrad` (see `convTranspose2dPlan`). */
export interface ConvTranspose2dPlan {
  /** The output shape `[N, O, outH, outW]`. */
  outShape: number[];
  /** The options of the forward `conv2d` whose input gradient is computed. */
  conv: { stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number };
  /**
   * null when the input gradient has the output's shape. Otherwise (outputPadding ≥ stride on an axis, allowed
   * because it is below the dilation, so a conv2d of the output's size would not map back to the input's) the
   * input gradient is computed unpadded at `fullShape` = `[N, O, (H−1)·s + d·(k−1) + 1, …]` with `conv.padding`
   * 0, and the output is its window starting at `offset` = the padding: `y[…, t, u] = full[…, t + pH, u + pW]`,
   * zero past the end of `full`.
   */
  full: { fullShape: number[]; offset: [number, number] } | null;
}

/**
 * Moves a window over the last two axes of a 4-D `a`: `out[n, c, t, u] = a[n, c, t + top, u + left]`, zero where
 * that is outside `a`; `out` has `height` × `width` planes. `top`, `left` may be negative. With
 * `shiftWindow(a, h, w, top, left)` the adjoint is `shiftWindow(g, a.shape[2], a.shape[3], −top, −left)`.
 * @example shiftWindow(array([[[[1, 2], [3, 4]]]]), 2, 3, 1, 0).toArray(); // [[[[3, 4, 0], [0, 0, 0]]]]
 */
export function shiftWindow(a: NDArray, height: number, width: number, top: number, left: number): NDArray {
  checkNDArrayArg('shiftWindow', 'a', a);
  checkArg('shiftWindow', 'height', height, is.nonNegativeInteger);
  checkArg('shiftWindow', 'width', width, is.nonNegativeInteger);
  checkArg('shiftWindow', 'top', top, is.integer);
  checkArg('shiftWindow', 'left', left, is.integer);
  if (a.rank !== 4) throw new ShapeError('shiftWindow', `expected a 4-D array, got ${formatShape(a.shape)}`, [a.shape]);
  const [n, c, h, w] = a.shape as [number, number, number, number];
  checkElementLimit('shiftWindow', [n, c, height, width]);
  const out = allocate(a.dtype, n * c * height * width);
  const src = a.data;
  // Rows and columns of `out` that read inside `a`.
  const t0 = Math.max(0, -top);
  const t1 = Math.min(height, h - top);
  const u0 = Math.max(0, -left);
  const u1 = Math.min(width, w - left);
  if (t1 > t0 && u1 > u0) {
    for (let p = 0; p < n * c; p++) {
      for (let t = t0; t < t1; t++) {
        const from = p * h * w + (t + top) * w + left;
        out.set(src.subarray(from + u0, from + u1), p * height * width + t * width + u0);
      }
    }
  }
  return new NDArray(out, [n, c, height, width]);
}

/** The options of the forward `conv2d` whose input gradient this transposed convolution is, and the output shape. */
export function convTranspose2dPlan(
  op: string,
  x: readonly number[],
  weight: readonly number[],
  options: ConvTranspose2dOptions,
): ConvTranspose2dPlan {
  checkOpName('convTranspose2dPlan', op);
  checkShapeArg(op, 'input shape', x);
  checkShapeArg(op, 'weight shape', weight);
  options = checkOptions(op, options, convTranspose2dOptionRules);
  const operands = `input ${formatShape(x)}, weight ${formatShape(weight)}`;
  if (x.length !== 4 || weight.length !== 4) {
    throw new ShapeError(op, `expected a 4-D input [N,C,H,W] and a 4-D weight [C,O/groups,kH,kW]: ${operands}`, [x, weight]);
  }
  const groups = checkGroups(op, options.groups);
  const stride = resolvePair(op, 'stride', options.stride, 1, 1);
  const padding = resolvePair(op, 'padding', options.padding, 0, 0);
  const dilation = resolvePair(op, 'dilation', options.dilation, 1, 1);
  const outputPadding = resolvePair(op, 'outputPadding', options.outputPadding, 0, 0);
  checkOutputPadding(op, outputPadding, stride, dilation);
  const [n, cIn, h, w] = x as [number, number, number, number];
  const [wc, cog, kh, kw] = weight as [number, number, number, number];
  if (wc !== cIn || cIn % groups !== 0) {
    throw new ShapeError(op, `input has ${cIn} channels, weight expects ${wc} (divisible by groups ${groups}): ${operands}`, [x, weight]);
  }
  // H_out = (H − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1 (PyTorch's formula).
  const outH = (h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
  const outW = (w - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
  if (outH < 1 || outW < 1) {
    throw new ShapeError(
      op,
      `output would be empty (${outH}×${outW}): padding [${padding.join(',')}] removes more than the input ${h}×${w} provides: ${operands}`,
      [x, weight],
    );
  }
  checkElementLimit(op, [n, cog * groups, outH, outW]);
  const outShape = [n, cog * groups, outH, outW];
  if (outputPadding[0] < stride[0] && outputPadding[1] < stride[1])
    return { outShape, conv: { stride, padding, dilation, groups }, full: null };
  const fullShape = [n, cog * groups, (h - 1) * stride[0] + dilation[0] * (kh - 1) + 1, (w - 1) * stride[1] + dilation[1] * (kw - 1) + 1];
  checkElementLimit(op, fullShape);
  return { outShape, conv: { stride, padding: [0, 0], dilation, groups }, full: { fullShape, offset: padding } };
}

/**
 * 2-D transposed convolution ("deconvolution") of `x` [N, C, H, W] with `weight` [C, O/groups, kH, kW]
 * (PyTorch's layout), plus `bias` (shape `[O]`); it is the gradient of `conv2d` with respect to its input, so
 * `convTranspose2d(y, w)` maps back to the shape a `conv2d(·, w)` with the same options came from.
 * Output `[N, O, (H−1)·s − 2p + d·(k−1) + outputPadding + 1, …]`.
 *
 * @example
 * convTranspose2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]), null).toArray(); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 */
export function convTranspose2d(x: NDArray, weight: NDArray, bias: NDArray | null = null, options: ConvTranspose2dOptions = {}): NDArray {
  checkNDArrayArg('convTranspose2d', 'input', x);
  checkNDArrayArg('convTranspose2d', 'weight', weight);
  checkBiasArg('convTranspose2d', bias);
  const plan = convTranspose2dPlan('convTranspose2d', x.shape, weight.shape, options);
  const { outShape, conv } = plan;
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== outShape[1])) {
    throw new ShapeError(
      'convTranspose2d',
      `bias must have shape [${outShape[1]}], got ${formatShape(bias.shape)}: weight ${formatShape(weight.shape)}`,
      [bias.shape, weight.shape],
    );
  }
  const { full } = plan;
  const y =
    full === null
      ? conv2dInputGrad(x, weight, outShape, conv)
      : shiftWindow(conv2dInputGrad(x, weight, full.fullShape, conv), outShape[2]!, outShape[3]!, full.offset[0], full.offset[1]);
  if (bias !== null) addChannelBias(y.data, bias.data, outShape[0]!, outShape[1]!, outShape[2]! * outShape[3]!);
  return y;
}
