import type { Tensor } from '@seedling-ml/autograd';
import { formatShape } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { Module } from '../module.ts';
import { inputTensor } from './validate.ts';

/**
 * Merges axes `startAxis … endAxis` (inclusive; defaults 1 and −1, PyTorch's) into one, e.g.
 * `[N, C, H, W]` → `[N, C·H·W]` before a `Linear`.
 *
 * @example
 * new Flatten().forward(Tensor.zeros([2, 3, 4])).shape; // [2, 12]
 */
export class Flatten extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Flatten';
  /** First axis merged (negative counts from the end). */
  readonly startAxis: number;
  /** Last axis merged, inclusive. */
  readonly endAxis: number;

  constructor(startAxis = 1, endAxis = -1) {
    super();
    this.startAxis = startAxis;
    this.endAxis = endAxis;
  }

  override forward(x: Tensor): Tensor {
    x = inputTensor('Flatten', 'input', x);
    const rank = x.rank;
    // NOTE: a scalar flattens to [1], as in PyTorch.
    if (rank === 0) return x.reshape([1]);
    const norm = (axis: number, name: string): number => {
      if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
        throw new NNError('Flatten', `${name} ${axis} out of range for rank ${rank}: input ${formatShape(x.shape)}`);
      }
      return axis < 0 ? axis + rank : axis;
    };
    const start = norm(this.startAxis, 'startAxis');
    const end = norm(this.endAxis, 'endAxis');
    if (start > end)
      throw new NNError('Flatten', `startAxis ${this.startAxis} comes after endAxis ${this.endAxis}: input ${formatShape(x.shape)}`);
    let merged = 1;
    for (let i = start; i <= end; i++) merged *= x.shape[i]!;
    return x.reshape([...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
  }

  override extraRepr(): string {
    return `startAxis=${this.startAxis}, endAxis=${this.endAxis}`;
  }
}
