import { textOf } from '../describe-value.ts';
import { checkOptions } from '../check-options.ts';
import { ArgumentError, ShapeError, formatShape } from '../errors.ts';
import { checkElementLimit } from '../limits.ts';
import { checkOpName, checkShapeArg, conv2dOptionRules } from './arg-checks.ts';

/** An int for both spatial axes, or `[height, width]`. */
export type Pair = number | readonly [number, number];

/** Padding of a convolution: per-side zeros (int or `[h, w]`), `'valid'` (= 0) or `'same'` (output size = input size; stride 1 only). */
export type Conv2dPadding = Pair | 'same' | 'valid';

/** Options of `conv2d` (PyTorch's `torch.nn.functional.conv2d` arguments, camelCase). */
export interface Conv2dOptions {
  /** Step of the sliding window. Default 1. */
  stride?: Pair;
  /** Zero padding. Default 0. */
  padding?: Conv2dPadding;
  /** Spacing between kernel taps. Default 1. */
  dilation?: Pair;
  /** Channel groups: input and output channels are split into `groups` independent convolutions. Default 1. */
  groups?: number;
}

/**
 * Everything a 2-D convolution kernel needs, resolved: NCHW sizes, kernel, stride, the top/left
 * padding (bottom/right padding is implied by the output size), dilation and groups.
 */
export interface ConvGeometry {
  readonly n: number;
  readonly cIn: number;
  readonly h: number;
  readonly w: number;
  readonly cOut: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly dh: number;
  readonly dw: number;
  readonly groups: number;
  readonly outH: number;
  readonly outW: number;
}

/** `[h, w]` from an int or pair, checking each is an integer ≥ `min`. */
export function resolvePair(op: string, name: string, value: Pair | undefined, fallback: number, min: number): [number, number] {
  const v: unknown = value ?? fallback;
  let pair: [number, number];
  if (typeof v === 'number') pair = [v, v];
  else if (Array.isArray(v) && v.length === 2) pair = [v[0] as number, v[1] as number];
  else throw new ArgumentError(op, `${name} must be an int or a pair of ints, got ${JSON.stringify(v)}`);
  for (const x of pair) {
    if (!Number.isInteger(x) || x < min) throw new ArgumentError(op, `${name} must be integers ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return pair;
}

/** Checks a positive-integer group count. */
export function checkGroups(op: string, groups: number | undefined): number {
  const g = groups ?? 1;
  if (!Number.isInteger(g) || g < 1) throw new ArgumentError(op, `groups must be a positive integer, got ${textOf(g)}`);
  return g;
}

/**
 * Resolves `conv2d`'s options against `x` [N, C, H, W] and `weight` [O, C/groups, kH, kW].
 *
 * Output size per axis: `⌊(H + padBefore + padAfter − dilation·(k − 1) − 1) / stride⌋ + 1`. `'same'`
 * pads `total = dilation·(k − 1)` with `⌊total/2⌋` before and the rest after, as PyTorch does.
 * Throws ShapeError naming both shapes for a wrong rank, a channel mismatch or an empty output.
 */
export function conv2dGeometry(op: string, x: readonly number[], weight: readonly number[], options: Conv2dOptions): ConvGeometry {
  checkOpName('conv2dGeometry', op);
  checkShapeArg(op, 'input shape', x);
  checkShapeArg(op, 'weight shape', weight);
  options = checkOptions(op, options, conv2dOptionRules);
  const operands = `input ${formatShape(x)}, weight ${formatShape(weight)}`;
  if (x.length !== 4 || weight.length !== 4) {
    throw new ShapeError(op, `expected a 4-D input [N,C,H,W] and a 4-D weight [O,C/groups,kH,kW]: ${operands}`, [x, weight]);
  }
  const groups = checkGroups(op, options.groups);
  const [n, cIn, h, w] = x as [number, number, number, number];
  const [cOut, cg, kh, kw] = weight as [number, number, number, number];
  if (cIn % groups !== 0 || cOut % groups !== 0) {
    throw new ShapeError(op, `input channels ${cIn} and output channels ${cOut} must both be divisible by groups ${groups}: ${operands}`, [
      x,
      weight,
    ]);
  }
  if (cg * groups !== cIn) {
    throw new ShapeError(op, `input has ${cIn} channels, weight expects ${cg * groups} (${cg} per group × ${groups} groups): ${operands}`, [
      x,
      weight,
    ]);
  }
  const [sh, sw] = resolvePair(op, 'stride', options.stride, 1, 1);
  const [dh, dw] = resolvePair(op, 'dilation', options.dilation, 1, 1);
  const padding = options.padding ?? 0;
  let pads: [number, number, number, number];
  if (padding === 'valid') pads = [0, 0, 0, 0];
  else if (padding === 'same') {
    if (sh !== 1 || sw !== 1) throw new ArgumentError(op, `padding 'same' needs stride 1, got stride [${sh},${sw}]`);
    const th = dh * (kh - 1);
    const tw = dw * (kw - 1);
    pads = [th >> 1, th - (th >> 1), tw >> 1, tw - (tw >> 1)];
  } else if (typeof padding === 'string') {
    throw new ArgumentError(op, `padding must be an int, a pair, 'same' or 'valid', got '${padding}'`);
  } else {
    const [ph, pw] = resolvePair(op, 'padding', padding, 0, 0);
    pads = [ph, ph, pw, pw];
  }
  const outH = Math.floor((h + pads[0] + pads[1] - dh * (kh - 1) - 1) / sh) + 1;
  const outW = Math.floor((w + pads[2] + pads[3] - dw * (kw - 1) - 1) / sw) + 1;
  if (outH < 1 || outW < 1 || kh < 1 || kw < 1) {
    throw new ShapeError(
      op,
      `output would be empty (${outH}×${outW}): input ${h}×${w} with padding [${pads.join(',')}] is smaller than the dilated kernel ${dh * (kh - 1) + 1}×${dw * (kw - 1) + 1}: ${operands}`,
      [x, weight],
    );
  }
  checkElementLimit(op, [n, cOut, outH, outW]); // a huge padding or input would otherwise reach the allocation
  return { n, cIn, h, w, cOut, kh, kw, sh, sw, padTop: pads[0], padLeft: pads[2], dh, dw, groups, outH, outW };
}
