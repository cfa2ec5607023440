import { ArgumentError, ShapeError, formatShape } from '../errors.ts';
import { checkElementLimit, maxElementCount } from '../limits.ts';
import { avgPool2dOptionRules, checkOpName, checkPoolOptions, checkShapeArg, maxPool2dOptionRules } from './arg-checks.ts';
import { type Pair, resolvePair } from './conv-geometry.ts';

/** Options of `maxPool2d` (PyTorch's `max_pool2d` arguments, camelCase). */
export interface MaxPool2dOptions {
  /** Window size. */
  kernelSize: Pair;
  /** Window step. Default `kernelSize`. */
  stride?: Pair;
  /** Implicit −∞ border on each side; at most half the kernel size. Default 0. */
  padding?: Pair;
  /** Spacing between window taps. Default 1. */
  dilation?: Pair;
  /** Round the output size up instead of down (a last window may start inside the right padding's reach). Default false. */
  ceilMode?: boolean;
}

/** Options of `avgPool2d` (PyTorch's `avg_pool2d` arguments, camelCase). */
export interface AvgPool2dOptions {
  /** Window size. */
  kernelSize: Pair;
  /** Window step. Default `kernelSize`. */
  stride?: Pair;
  /** Implicit zero border on each side; at most half the kernel size. Default 0. */
  padding?: Pair;
  /** Round the output size up instead of down. Default false. */
  ceilMode?: boolean;
  /** Count padding zeros in the divisor. Default true (PyTorch's default). */
  countIncludePad?: boolean;
  /** Divide every window sum by this instead of the window's size. */
  divisorOverride?: number;
}

/** A pooling window's resolved geometry over an NCHW input. */
export interface PoolGeometry {
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly ph: number;
  readonly pw: number;
  readonly dh: number;
  readonly dw: number;
  readonly outH: number;
  readonly outW: number;
}

/** PyTorch's pooling output size: floor (or ceil) division, and a ceil-mode window must start inside the input or left padding. */
function outSize(size: number, k: number, pad: number, stride: number, dilation: number, ceilMode: boolean): number {
  const span = size + 2 * pad - dilation * (k - 1) - 1;
  let out = Math.floor((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

/**
 * Resolves pooling options against `x` [N, C, H, W]. Output size per axis:
 * `⌊(H + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1` (⌈·⌉ with ceilMode, dropping a last window
 * that would start in the right padding), as in PyTorch. Throws naming the input shape.
 */
export function pool2dGeometry(
  op: string,
  x: readonly number[],
  options: {
    kernelSize: Pair;
    stride?: Pair | undefined;
    padding?: Pair | undefined;
    dilation?: Pair | undefined;
    ceilMode?: boolean | undefined;
  },
): PoolGeometry {
  checkOpName('pool2dGeometry', op);
  checkShapeArg(op, 'input shape', x);
  // Both kernels pass their whole options object here, so the table is the union of theirs.
  options = checkPoolOptions<MaxPool2dOptions & AvgPool2dOptions>(op, options, { ...maxPool2dOptionRules, ...avgPool2dOptionRules });
  if (x.length !== 4) throw new ShapeError(op, `expected a 4-D input [N,C,H,W], got ${formatShape(x)}`, [x]);
  const [kh, kw] = resolvePair(op, 'kernelSize', options.kernelSize, 1, 1);
  const [sh, sw] = resolvePair(op, 'stride', options.stride ?? [kh, kw], 1, 1);
  const [ph, pw] = resolvePair(op, 'padding', options.padding, 0, 0);
  const [dh, dw] = resolvePair(op, 'dilation', options.dilation, 1, 1);
  if (2 * ph > kh || 2 * pw > kw) {
    throw new ArgumentError(op, `padding must be at most half the kernel size, got padding [${ph},${pw}] for kernelSize [${kh},${kw}]`);
  }
  const [n, c, h, w] = x as [number, number, number, number];
  const ceil = options.ceilMode ?? false;
  const outH = outSize(h, kh, ph, sh, dh, ceil);
  const outW = outSize(w, kw, pw, sw, dw, ceil);
  if (outH < 1 || outW < 1) {
    throw new ShapeError(
      op,
      `output would be empty (${outH}×${outW}): input ${h}×${w} with padding [${ph},${pw}] is smaller than the window ${dh * (kh - 1) + 1}×${dw * (kw - 1) + 1}: input ${formatShape(x)}`,
      [x],
    );
  }
  checkElementLimit(op, [n, c, outH, outW]);
  // Padding may be half the window, so a window of 2⁴⁰ taps fits an input of size 1: bounding the padded
  // input bounds the taps each output visits (the loops would otherwise run for hours).
  const padded = (h + 2 * ph) * (w + 2 * pw);
  if (n * c * padded > maxElementCount()) {
    throw new ShapeError(
      op,
      `the padded input ${formatShape([n, c, h + 2 * ph, w + 2 * pw])} (padding [${ph},${pw}], kernelSize [${kh},${kw}]) would exceed the element limit of ${maxElementCount()}: input ${formatShape(x)}`,
      [x],
    );
  }
  return { n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, outH, outW };
}
