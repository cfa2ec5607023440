import { Tensor, noGrad, tensor } from '@seedling-ml/autograd';
import { NDArray, concat, describeValue, rule, slice } from '@seedling-ml/tensor';
import { TrainError, checkInt, checkTrainArg, isBatches, isModel, isOptionsObject } from './errors.ts';
import type { Batches, TrainableModel } from './types.ts';

/** Options of predict. */
export interface PredictOptions {
  /** Rows per forward pass when given a single input (default: all at once). */
  batchSize?: number;
}

/**
 * The model's outputs, in evaluation mode and without recording a graph (the previous mode is restored).
 * Given an input tensor or array `[n, …]`, runs it (in slices of `batchSize` rows if set); given batches (a
 * DataLoader or any iterable of `[input, …]` arrays), runs each batch's first tensor and concatenates the
 * outputs along the first axis, in order.
 *
 * @example
 * const logits = predict(model, xTest);                 // Tensor [n, C]
 * const classes = logits.argmax({ axis: 1 });
 * predict(model, new DataLoader(ds, { batchSize: 64 })); // the same over a loader (keep shuffle off)
 */
export function predict(model: TrainableModel, input: Tensor | NDArray | Batches, options: PredictOptions = {}): Tensor {
  const op = 'predict';
  checkTrainArg(op, 'model', model, isModel);
  checkTrainArg(
    op,
    'input',
    input,
    rule('a Tensor, an NDArray or an iterable of batches', (v) => v instanceof Tensor || v instanceof NDArray || isBatches.test(v)),
  );
  checkTrainArg(op, 'options', options, isOptionsObject);
  const wasTraining = model.training;
  model.train(false);
  try {
    return noGrad(() => {
      const outputs: NDArray[] = [];
      if (input instanceof NDArray || input instanceof Tensor) {
        const x = input instanceof NDArray ? input : input.data;
        const n = x.shape[0];
        const size = options.batchSize === undefined ? (n ?? 1) : checkInt(op, 'batchSize', options.batchSize, 1);
        if (n === undefined || size >= n) return model.forward(tensor(x)).detach();
        for (let from = 0; from < n; from += size) {
          outputs.push(model.forward(tensor(slice(x, [{ start: from, stop: Math.min(from + size, n) }]))).data);
        }
      } else {
        let index = 0;
        for (const batch of input) {
          index++;
          const x = Array.isArray(batch) ? (batch[0] as unknown) : undefined;
          if (!Array.isArray(batch)) throw new TrainError(op, `batch ${index} must be an array [input, …], got ${describeValue(batch)}`);
          if (!(x instanceof Tensor)) throw new TrainError(op, `batch ${index} must start with an input Tensor, got ${describeValue(x)}`);
          if (x === undefined) throw new TrainError(op, `batch ${index} is empty`);
          outputs.push(model.forward(x).data);
        }
        if (index === 0) throw new TrainError(op, 'the batches are empty');
      }
      return tensor(outputs.length === 1 ? outputs[0]! : concat(outputs, 0));
    });
  } finally {
    model.train(wasTraining);
  }
}
