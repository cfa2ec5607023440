import { checkOptions, formatShape, is } from '@seedling-ml/tensor';
import { InitError } from './init-error.ts';
import type { InitContext } from './initializer.ts';
import { checkInitShape, describeValue } from './validate.ts';

/** Options of `computeFans`. */
export interface FanOptions {
  /** Axis holding input channels/features; default 1 (Seedling/PyTorch `[out, in, ...]`). Negative counts from the end. */
  inAxis?: number;
  /** Axis holding output channels/features; default 0. */
  outAxis?: number;
  /**
   * Convolution groups; default 1. `shape[outAxis]` is divided by it, so a grouped or depthwise conv's
   * fanOut counts only the outputs one input actually feeds (PyTorch does not: pytorch#23854).
   */
  groups?: number;
}

/** Fan-in and fan-out of a weight. */
export interface Fans {
  /** Inputs feeding one output unit: `shape[inAxis] · receptiveField`. */
  fanIn: number;
  /** Outputs one input unit feeds: `shape[outAxis] / groups · receptiveField`. */
  fanOut: number;
}

function axisOf(shape: readonly number[], axis: unknown, name: string): number {
  const rank = shape.length;
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InitError('computeFans', `${name} ${describeValue(axis)} out of range for rank ${rank} (shape ${formatShape(shape)})`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Fan-in and fan-out of a weight of `shape`: receptiveField = product of every axis except inAxis
 * and outAxis; fanIn = shape[inAxis]·receptiveField; fanOut = shape[outAxis]/groups·receptiveField.
 *
 * Defaults follow Seedling's (and PyTorch's) layouts: `Linear.weight` `[out, in]`, `Conv2d.weight`
 * `[out, in/groups, kH, kW]`. Keras kernels are `[in, out]` / `[kH, kW, in, out]`: pass
 * `{ inAxis: -2, outAxis: -1 }` — a [3, 4] matrix is fanIn 4 here and fanIn 3 in Keras. For a
 * PyTorch-layout ConvTranspose weight `[in, out/groups, kH, kW]` pass `{ inAxis: 0, outAxis: 1 }`
 * (PyTorch itself reads it as `[out, in]` and swaps the fans: pytorch#7865).
 * Rank < 2 throws (a bias has no fans of its own: its layer passes `fanIn`).
 *
 * @example
 * computeFans([128, 64, 3, 3]);                     // { fanIn: 576, fanOut: 1152 }
 * computeFans([10, 20]);                            // { fanIn: 20, fanOut: 10 }
 * computeFans([3, 4], { inAxis: 0, outAxis: 1 });   // { fanIn: 3, fanOut: 4 } (Keras layout)
 * computeFans([32, 1, 3, 3], { groups: 32 });       // depthwise: { fanIn: 9, fanOut: 9 }
 */
export function computeFans(shape: readonly number[], options: FanOptions = {}): Fans {
  const s = checkInitShape('computeFans', shape);
  // Values are checked below against the shape (axes in range, groups dividing the out dimension).
  checkOptions('computeFans', options, { inAxis: is.any, outAxis: is.any, groups: is.any }, InitError);
  if (s.length < 2) {
    throw new InitError('computeFans', `fans need a weight of rank ≥ 2, got shape ${formatShape(s)} (a bias takes its layer's fanIn)`);
  }
  const inAxis = axisOf(s, options.inAxis ?? 1, 'inAxis');
  const outAxis = axisOf(s, options.outAxis ?? 0, 'outAxis');
  if (inAxis === outAxis)
    throw new InitError('computeFans', `inAxis and outAxis must differ, both are ${inAxis} for shape ${formatShape(s)}`);
  const groups = options.groups ?? 1;
  const outDim = s[outAxis]!;
  if (!Number.isSafeInteger(groups) || groups < 1 || outDim % groups !== 0) {
    throw new InitError(
      'computeFans',
      `groups must be a positive integer dividing ${outDim} (shape[${outAxis}]), got ${describeValue(groups)}`,
    );
  }
  let receptiveField = 1;
  for (let i = 0; i < s.length; i++) if (i !== inAxis && i !== outAxis) receptiveField *= s[i]!;
  return { fanIn: s[inAxis]! * receptiveField, fanOut: (outDim / groups) * receptiveField };
}

function checkFan(op: string, key: 'fanIn' | 'fanOut', value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InitError(op, `ctx.${key} must be a finite number ≥ 0, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * The fan an initializer needs: `ctx.fanIn`/`ctx.fanOut` when the layer passed it, otherwise
 * `computeFans(shape)` (which needs rank ≥ 2; the message says how to fix a bias).
 */
export function fanOf(op: string, shape: readonly number[], ctx: InitContext, which: 'fanIn' | 'fanOut'): number {
  const given = ctx[which];
  if (given !== undefined) return checkFan(op, which, given);
  if (shape.length < 2) {
    throw new InitError(
      op,
      `cannot compute ${which} of shape ${formatShape(shape)} (rank < 2): pass ctx.${which} (for a bias, its layer's weight fanIn)`,
    );
  }
  return computeFans(shape)[which];
}
