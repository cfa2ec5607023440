import { TensorError, checkArg, formatShape, is, pairRule } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';

/** Runs `fn`, turning a TensorError (shape arithmetic of the op) into an NNError naming the layer. */
export function asLayerError<T>(layer: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TensorError) throw new NNError(layer, e.message.slice(e.op.length + 2));
    throw e;
  }
}

/** Throws unless `x` has `rank` dims and `channels` channels on axis 1, naming the layer and the input. */
export function checkChannels(layer: string, shape: readonly number[], rank: number, channels: number, layout: string): void {
  if (shape.length !== rank) throw new NNError(layer, `expected a ${rank}-D input ${layout}, got ${formatShape(shape)}`);
  const c = shape[1]!;
  if (c !== channels)
    throw new NNError(layer, `input has ${c} channel${c === 1 ? '' : 's'}, expected ${channels}: input ${formatShape(shape)}`);
}

/** `[h, w]` of an int-or-pair layer argument, each a positive (or, with `min` 0, non-negative) integer. */
export function pairArg(layer: string, name: string, v: number | readonly [number, number], min = 1): [number, number] {
  checkArg(layer, name, v, pairRule(min), NNError);
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** How a convolution layer pads its input (PyTorch's `padding_mode`): zeros, or the border modes of `pad`. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Checks a layer's `paddingMode` option (default 'zeros'). */
export function paddingModeArg(layer: string, v: unknown): PaddingMode {
  if (v === undefined) return 'zeros';
  return checkArg<PaddingMode>(layer, 'paddingMode', v, is.oneOf('zeros', 'reflect', 'replicate', 'circular'), NNError);
}

/**
 * The `[before, after]` widths per spatial axis that a layer's `padding` adds, as PyTorch computes them for
 * a non-zeros `padding_mode`: `p` on both sides for a size, none for 'valid', and for 'same' the total
 * dilation·(k − 1) split with the smaller half before.
 */
export function spatialPadWidths(
  padding: number | readonly number[] | 'same' | 'valid',
  kernel: readonly number[],
  dilation: readonly number[],
): [number, number][] {
  return kernel.map((k, i) => {
    if (padding === 'valid') return [0, 0];
    if (padding === 'same') {
      const total = dilation[i]! * (k - 1);
      return [total >> 1, total - (total >> 1)];
    }
    const p = typeof padding === 'number' ? padding : padding[i]!;
    return [p, p];
  });
}
