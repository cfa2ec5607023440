/**
 * Mistyped arguments from JavaScript callers get a TrainError (a SeedlingError) naming the function, not a
 * TypeError from inside (issue 11). The fuzz suite drives every export at random; these pin the wording.
 */
import { tensor } from '@seedling-ml/autograd';
import { Linear, mseLoss } from '@seedling-ml/nn';
import { SGD } from '@seedling-ml/optim';
import { SeedlingError } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import {
  EarlyStopping,
  EpochLogger,
  TrainError,
  evaluate,
  fit,
  formatEpoch,
  historySeries,
  predict,
  topKAccuracy,
  valKey,
} from '../src/index.ts';

const js = <T>(v: unknown): T => v as T;

describe('train checks its arguments at run time', () => {
  test('TrainError is a SeedlingError', () => {
    expect(new TrainError('fit', 'x')).toBeInstanceOf(SeedlingError);
  });

  test('fit, evaluate and predict name a missing model, batches or options', async () => {
    const model = new Linear(1, 1, { seed: 0 });
    const batches = [[tensor([[1]]), tensor([[2]])]];
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    await expect(fit(js(undefined), js({}))).rejects.toThrow(
      'fit: model must be a model (an object with forward() and train()), got undefined',
    );
    await expect(fit(model, js(1))).rejects.toThrow('fit: options must be an options object, got 1');
    await expect(fit(model, js({ train: 5, loss: mseLoss, optimizer, epochs: 1 }))).rejects.toThrow(
      'fit: options.train must be an iterable of [input, target] batches, got 5',
    );
    expect(() => evaluate(model, js(null))).toThrow('evaluate: batches must be an iterable of [input, target] batches, got null');
    expect(() => evaluate(model, js([5]))).toThrow('evaluate: expected [input, target] batches, got 5 at batch 1');
    expect(() => predict(model, js([null]))).toThrow('predict: batch 1 must be an array [input, …], got null');
    // A valid call still works after the checks.
    expect(evaluate(model, batches, { loss: mseLoss }).loss).toBeTypeOf('number');
  });

  test('metrics, callbacks and helpers name their function', () => {
    expect(() => topKAccuracy(js('2'))).toThrow('topKAccuracy: invalid k: 2 (valid: an integer ≥ 1)');
    expect(() => topKAccuracy(2, js(''))).toThrow("topKAccuracy: name must be a non-empty string, got ''");
    expect(() => new EarlyStopping(js(null))).toThrow('EarlyStopping: options must be an options object, got null');
    expect(() => new EarlyStopping({ monitor: js(3) })).toThrow('EarlyStopping: monitor must be a string, got 3');
    // every: NaN made Math.max(1, NaN) = NaN, so no epoch but the first and last was ever printed.
    expect(() => new EpochLogger({ every: NaN })).toThrow('EpochLogger: invalid every: NaN (valid: a finite number ≥ 1)');
    expect(() => formatEpoch(js({}), 3)).toThrow('formatEpoch: record must be an epoch record { epoch, logs, lr, seconds }, got an object');
    expect(() => historySeries(js({ epochs: 1 }), 'loss')).toThrow(
      'historySeries: history must be a history { epochs, stopReason } as fit returns, got an object',
    );
    expect(() => valKey(js(1))).toThrow('valKey: name must be a string, got 1');
  });
});
