import { ArgumentError, ShapeError, formatShape } from '../errors.ts';
import type { NDArray } from '../ndarray.ts';
import { checkOptions } from '../check-options.ts';
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
  /** Extra rows/columns added on one side of the output (to choose among the sizes a strided conv maps to the same input size); must be < stride. Default 0. */
  outputPadding?: Pair;
  /** Spacing between kernel taps. Default 1. */
  dilation?: Pair;
  /** Channel groups. Default 1. */
  groups?: number;
}

/** The options of the forward `conv2d` whose input gradient this transposed convolution is, and the output shape. */
export function convTranspose2dPlan(
  op: string,
  x: readonly number[],
  weight: readonly number[],
  options: ConvTranspose2dOptions,
): { outShape: number[]; conv: { stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number } } {
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
  if (outputPadding[0] >= stride[0] || outputPadding[1] >= stride[1]) {
    throw new ArgumentError(
      op,
      `outputPadding must be smaller than stride, got outputPadding [${outputPadding.join(',')}] and stride [${stride.join(',')}]`,
    );
  }
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
  return { outShape: [n, cog * groups, outH, outW], conv: { stride, padding, dilation, groups } };
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
  const { outShape, conv } = convTranspose2dPlan('convTranspose2d', x.shape, weight.shape, options);
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== outShape[1])) {
    throw new ShapeError(
      'convTranspose2d',
      `bias must have shape [${outShape[1]}], got ${formatShape(bias.shape)}: weight ${formatShape(weight.shape)}`,
      [bias.shape, weight.shape],
    );
  }
  const y = conv2dInputGrad(x, weight, outShape, conv);
  if (bias !== null) addChannelBias(y.data, bias.data, outShape[0]!, outShape[1]!, outShape[2]! * outShape[3]!);
  return y;
}
