import { Tensor } from '@seedling-ml/autograd';
import { NDArray, describeValue, formatShape, textOf } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';
import { normal } from '../init/index.ts';
import { Module } from '../module.ts';
import type { InitializerLike } from '../init/index.ts';
import { ParameterFactory, type RandomOptions } from '../param-factory.ts';
import type { Parameter } from '../parameter.ts';
import { checkPositiveInteger } from './validate.ts';
import { checkOptions, is } from '@seedling-ml/tensor';
import { randomOptionRules } from '../param-factory.ts';

/** Options of `Embedding`. */
export interface EmbeddingOptions extends RandomOptions {
  /** Initializer of the table; default `normal({ std: 1 })` (N(0, 1), PyTorch's). */
  weightInit?: InitializerLike;
}

/**
 * A lookup table: row i of `weight` (`[numEmbeddings, embeddingDim]`) is the vector of index i.
 * `forward(indices)` returns `indices.shape + [embeddingDim]`; the gradient adds into the rows used.
 * The initializer gets fanIn = numEmbeddings and fanOut = embeddingDim (the table is a one-hot
 * input times W, in `[in, out]` layout).
 *
 * @example
 * const emb = new Embedding(10, 3, { seed: 0 });
 * emb.forward([1, 4, 4]).shape; // [3, 3]
 */
export class Embedding extends Module {
  /** The class's name, kept through minification (printing, reports, messages, ONNX export). */
  static readonly typeName: string = 'Embedding';
  /** Number of rows (vocabulary size). */
  readonly numEmbeddings: number;
  /** Length of each vector. */
  readonly embeddingDim: number;
  /** The table, `[numEmbeddings, embeddingDim]`. */
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    checkOptions('Embedding', options, { ...randomOptionRules, weightInit: is.any }, NNError);
    this.numEmbeddings = checkPositiveInteger('Embedding', 'numEmbeddings', numEmbeddings);
    this.embeddingDim = checkPositiveInteger('Embedding', 'embeddingDim', embeddingDim);
    const params = new ParameterFactory('Embedding', options);
    this.weight = params.create([numEmbeddings, embeddingDim], options.weightInit ?? normal({ std: 1 }), {
      fanIn: numEmbeddings,
      fanOut: embeddingDim,
    });
  }

  /** The rows of `weight` named by `indices` (integers in [0, numEmbeddings)). */
  override forward(indices: Tensor | NDArray | readonly number[]): Tensor {
    const idx = indices instanceof Tensor ? indices.data : indices instanceof NDArray ? indices : null;
    if (idx === null && !Array.isArray(indices)) {
      throw new NNError('Embedding', `indices must be a Tensor, an NDArray or an array of integers, got ${describeValue(indices)}`);
    }
    const values = idx === null ? (indices as readonly number[]) : idx.data;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= this.numEmbeddings) {
        const where = idx === null ? `[${values.length}]` : formatShape(idx.shape);
        throw new NNError(
          'Embedding',
          `index ${textOf(v)} at flat position ${i} is not an integer in [0, ${this.numEmbeddings}): indices ${where}`,
        );
      }
    }
    return this.weight.gather(idx ?? Array.from(values), 0);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}`;
  }
}
