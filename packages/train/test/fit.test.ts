import { type Tensor, tensor } from '@seedling-ml/autograd';
import { Linear, Sequential, crossEntropyLoss, mseLoss } from '@seedling-ml/nn';
import { ReduceLROnPlateau, SGD, StepLR } from '@seedling-ml/optim';
import { describe, expect, test } from 'vitest';
import {
  type Callback,
  EarlyStopping,
  LRSchedulerStep,
  TrainError,
  accuracy,
  evaluate,
  fit,
  historySeries,
  predict,
} from '../src/index.ts';

/** y = 2x + 1 on 8 points, in 2 batches of 4: a problem SGD solves without surprises. */
function line(): Tensor[][] {
  const xs = [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75];
  const rows = xs.map((x) => [x]);
  const ys = xs.map((x) => [2 * x + 1]);
  return [
    [tensor(rows.slice(0, 4)), tensor(ys.slice(0, 4))],
    [tensor(rows.slice(4)), tensor(ys.slice(4))],
  ];
}

describe('fit', () => {
  test('runs the hooks in the documented order, callbacks in array order', async () => {
    const events: string[] = [];
    const spy = (tag: string): Callback => ({
      onTrainBegin: () => void events.push(`${tag}:trainBegin`),
      onEpochBegin: (e) => void events.push(`${tag}:epochBegin ${e}`),
      onBatchBegin: (b) => void events.push(`${tag}:batchBegin ${b}`),
      onBatchEnd: (l) => void events.push(`${tag}:batchEnd ${l.batch}`),
      onEpochEnd: (r, ctx) => void events.push(`${tag}:epochEnd ${r.epoch} history=${ctx.history.epochs.length}`),
      onTrainEnd: (h) => void events.push(`${tag}:trainEnd ${h.epochs.length}`),
    });
    const model = new Linear(1, 1, { seed: 0 });
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    // A scheduler given to fit runs before the callbacks: record when it steps.
    const scheduler = { step: () => void events.push('scheduler') };
    await fit(model, { train: line(), loss: mseLoss, optimizer, epochs: 2, scheduler, callbacks: [spy('a'), spy('b')] });
    const epoch = (e: number): string[] => [
      `a:epochBegin ${e}`,
      `b:epochBegin ${e}`,
      'a:batchBegin 1',
      'b:batchBegin 1',
      'a:batchEnd 1',
      'b:batchEnd 1',
      'a:batchBegin 2',
      'b:batchBegin 2',
      'a:batchEnd 2',
      'b:batchEnd 2',
      'scheduler',
      `a:epochEnd ${e} history=${e}`,
      `b:epochEnd ${e} history=${e}`,
    ];
    expect(events).toEqual(['a:trainBegin', 'b:trainBegin', ...epoch(1), ...epoch(2), 'a:trainEnd 2', 'b:trainEnd 2']);
  });

  test('the history holds per-epoch loss, metrics, validation, lr and time, and survives JSON', async () => {
    const model = new Linear(1, 1, { seed: 0 });
    const optimizer = new SGD(model.parameters(), { lr: 0.2 });
    const data = line();
    const history = await fit(model, {
      train: data,
      val: data,
      loss: mseLoss,
      optimizer,
      epochs: 5,
      scheduler: new StepLR(optimizer, { stepSize: 2, gamma: 0.5 }),
    });
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    // lr at each epoch's start: StepLR halves it after epochs 2 and 4.
    expect(historySeries(history, 'lr')).toEqual([0.2, 0.2, 0.1, 0.1, 0.05]);
    const losses = historySeries(history, 'loss');
    expect(losses[4]!).toBeLessThan(losses[0]! / 4);
    // Validation runs after the epoch's updates on the same data, so it sees better weights than the epoch mean.
    for (const e of history.epochs) expect(e.logs.valLoss as number).toBeLessThan(e.logs.loss as number);
    // The final validation loss is what evaluate says now.
    expect(evaluate(model, data, { loss: mseLoss }).loss).toBeCloseTo(history.epochs[4]!.logs.valLoss as number, 6);
    for (const e of history.epochs) expect(e.seconds).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(JSON.stringify(history))).toEqual(history);
    expect(history.stopReason).toBeNull();
  });

  test('the epoch loss is the example-weighted mean of the batch losses before each update', async () => {
    // lr 0: nothing changes, so the epoch loss must equal the loss over the whole set, batches of 3 and 1
    // (float64, so the two summation orders agree to ~1e-15).
    const f64 = { dtype: 'float64' } as const;
    const model = new Linear(1, 1, { seed: 1, ...f64 });
    const x = tensor([[1], [2], [3], [4]], f64);
    const y = tensor([[0], [1], [0], [3]], f64);
    const batches = [
      [tensor([[1], [2], [3]], f64), tensor([[0], [1], [0]], f64)],
      [tensor([[4]], f64), tensor([[3]], f64)],
    ];
    const history = await fit(model, { train: batches, loss: mseLoss, optimizer: new SGD(model.parameters(), { lr: 0 }), epochs: 1 });
    expect(history.epochs[0]!.logs.loss).toBeCloseTo(mseLoss(model.forward(x), y).item(), 12);
  });

  test('a scheduler can step per batch', async () => {
    const model = new Linear(1, 1, { seed: 0 });
    const optimizer = new SGD(model.parameters(), { lr: 1 });
    const history = await fit(model, {
      train: line(),
      loss: mseLoss,
      optimizer: optimizer,
      epochs: 3,
      scheduler: { scheduler: new StepLR(optimizer, { stepSize: 1, gamma: 0.5 }), interval: 'batch' },
    });
    // Two batches per epoch: the rate halves twice per epoch.
    expect(historySeries(history, 'lr')).toEqual([1, 0.25, 0.0625]);
  });

  test('a monitored scheduler gets the log value', async () => {
    const got: number[] = [];
    const model = new Linear(1, 1, { seed: 0 });
    const data = line();
    const history = await fit(model, {
      train: data,
      val: data,
      loss: mseLoss,
      optimizer: new SGD(model.parameters(), { lr: 0.1 }),
      epochs: 2,
      callbacks: [new LRSchedulerStep({ step: (v) => void got.push(v!) }, { monitor: 'valLoss' })],
    });
    expect(got).toEqual(historySeries(history, 'valLoss'));
    expect(() => new LRSchedulerStep({ step: () => {} }, { interval: 'batch', monitor: 'valLoss' })).toThrow(/needs interval 'epoch'/);
  });

  test('ReduceLROnPlateau through fit: the rate drops once the monitored value stalls', async () => {
    // A scripted metric that never improves after epoch 1: epochs 2 and 3 are bad, and with patience 1 the rate
    // is cut ×0.5 after epoch 3 (PyTorch's rule: when the bad-epoch count exceeds patience), so epoch 4 runs at
    // half the rate; the count restarts, and epochs 4 and 5 cut it again after epoch 5.
    const model = new Linear(1, 1, { seed: 0 });
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    const score = { name: 'score', reset: () => {}, update: () => {}, compute: () => 1 };
    const history = await fit(model, {
      train: line(),
      loss: mseLoss,
      optimizer,
      epochs: 6,
      metrics: [score],
      scheduler: { scheduler: new ReduceLROnPlateau(optimizer, { patience: 1, factor: 0.5 }), monitor: 'score' },
    });
    expect(historySeries(history, 'lr')).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  test('a non-finite loss stops with the epoch and batch, before the update', async () => {
    const model = new Linear(1, 1, { seed: 0 });
    const before = model.weight.toArray();
    // Batch 2 of epoch 1 has an infinite target: its loss is Infinity.
    const batches = [
      [tensor([[1]]), tensor([[1]])],
      [tensor([[1]]), tensor([[Number.POSITIVE_INFINITY]])],
    ];
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    await expect(fit(model, { train: batches, loss: mseLoss, optimizer, epochs: 3 })).rejects.toThrow(
      new TrainError(
        'fit',
        'the loss is Infinity at epoch 1, batch 2; training stopped before its update, so the weights are those after the previous batch',
      ),
    );
    // Batch 1 updated the weights, batch 2 did not: one SGD step from `before` on batch 1 alone.
    const fresh = new Linear(1, 1, { seed: 0 });
    await fit(fresh, { train: [batches[0]!], loss: mseLoss, optimizer: new SGD(fresh.parameters(), { lr: 0.1 }), epochs: 1 });
    expect(model.weight.toArray()).toEqual(fresh.weight.toArray());
    expect(model.weight.toArray()).not.toEqual(before);

    const history = await fit(new Linear(1, 1, { seed: 0 }), { train: batches, loss: mseLoss, optimizer, epochs: 3, onNonFinite: 'stop' });
    expect(history.epochs).toEqual([]);
    expect(history.stopReason).toMatch(/^fit: the loss is Infinity at epoch 1, batch 2/);
  });

  test('clipGradNorm bounds every step', async () => {
    // One point far from the fit gives a huge gradient; with clipping at 1e-3 and lr 1 a step moves ≤ 1e-3.
    const model = new Linear(1, 1, { seed: 0, dtype: 'float64' });
    const w0 = model.weight.item();
    const b0 = model.bias!.item();
    await fit(model, {
      train: [[tensor([[100]], { dtype: 'float64' }), tensor([[1e6]], { dtype: 'float64' })]],
      loss: mseLoss,
      optimizer: new SGD(model.parameters(), { lr: 1 }),
      epochs: 1,
      clipGradNorm: 1e-3,
    });
    expect(Math.hypot(model.weight.item() - w0, model.bias!.item() - b0)).toBeLessThanOrEqual(1e-3 * (1 + 1e-9));
  });

  test('restores the model mode and validates its options', async () => {
    const model = new Linear(1, 1, { seed: 0 });
    model.eval();
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    await fit(model, { train: line(), loss: mseLoss, optimizer, epochs: 1 });
    expect(model.training).toBe(false);
    await expect(fit(model, { train: line(), loss: mseLoss, optimizer, epochs: 0 })).rejects.toThrow(
      'fit: invalid epochs: 0 (valid: an integer ≥ 1)',
    );
    await expect(fit(model, { train: [], loss: mseLoss, optimizer, epochs: 1 })).rejects.toThrow(
      'fit: the training batches are empty at epoch 1',
    );
    await expect(fit(model, { train: [[tensor([[1]])]], loss: mseLoss, optimizer, epochs: 1 })).rejects.toThrow(
      'fit: expected [input, target] batches, got an array of 1 at epoch 1, batch 1',
    );
    await expect(fit(model, { train: line(), loss: mseLoss, optimizer, epochs: 1, onNonFinite: 'skip' as 'stop' })).rejects.toThrow(
      /invalid onNonFinite/,
    );
    await expect(fit(model, { train: line(), loss: (o, t) => mseLoss(o, t, { reduction: 'none' }), optimizer, epochs: 1 })).rejects.toThrow(
      "fit: the loss must be a scalar, got shape [4,1] at epoch 1, batch 1 (use a 'mean' or 'sum' reduction)",
    );
  });
});

describe('EarlyStopping', () => {
  /** A model whose validation loss we script: each epoch's val batch has a target chosen per epoch. */
  test('stops after `patience` epochs without improvement and restores the best weights', async () => {
    const model = new Linear(1, 1, { seed: 0 });
    const optimizer = new SGD(model.parameters(), { lr: 0.1 });
    // The monitored value is scripted through a metric-like callback-free path: a fake val metric.
    const script = [5, 3, 4, 3.5, 2, 9, 9];
    let epoch = 0;
    const scripted = { name: 'score', reset: () => {}, update: () => {}, compute: () => script[epoch - 1]! };
    const snapshots: number[][] = [];
    const stop = new EarlyStopping({ monitor: 'score', patience: 2 });
    const history = await fit(model, {
      train: line(),
      loss: mseLoss,
      optimizer,
      epochs: 7,
      metrics: [scripted],
      callbacks: [
        { onEpochBegin: (e) => void (epoch = e) },
        stop,
        { onEpochEnd: () => void snapshots.push([model.weight.item(), model.bias!.item()]) },
      ],
    });
    // Best 5 → 3 (epoch 2); 4, 3.5 do not improve: stop after epoch 4 (patience 2).
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(stop.bestEpoch).toBe(2);
    expect(stop.stoppedEpoch).toBe(4);
    expect(history.stopReason).toBe('EarlyStopping: score did not improve on 3 (epoch 2) for 2 epochs');
    // The model now holds the weights it had at the end of epoch 2, not those of epoch 4.
    expect([model.weight.item(), model.bias!.item()]).toEqual(snapshots[1]);
    expect(snapshots[3]).not.toEqual(snapshots[1]);
  });

  test('minDelta, max mode, and no restore when the last epoch is best', async () => {
    const run = async (script: number[], options: ConstructorParameters<typeof EarlyStopping>[0]) => {
      let epoch = 0;
      const model = new Linear(1, 1, { seed: 0 });
      const stop = new EarlyStopping(options);
      const h = await fit(model, {
        train: line(),
        loss: mseLoss,
        optimizer: new SGD(model.parameters(), { lr: 0.1 }),
        epochs: script.length,
        metrics: [{ name: 'valAccuracy', reset: () => {}, update: () => {}, compute: () => script[epoch - 1]! }],
        callbacks: [{ onEpochBegin: (e) => void (epoch = e) }, stop],
      });
      return { epochs: h.epochs.length, best: stop.bestEpoch, w: model.weight.item() };
    };
    // auto → max for accuracy; +0.005 is not more than minDelta 0.01.
    expect(await run([0.5, 0.505, 0.52, 0.6], { monitor: 'valAccuracy', minDelta: 0.01, patience: 1 })).toMatchObject({
      epochs: 2,
      best: 1,
    });
    const full = await run([0.5, 0.6, 0.7], { monitor: 'valAccuracy' });
    expect(full).toMatchObject({ epochs: 3, best: 3 });
  });

  test('a missing monitor key is an error listing the keys', async () => {
    const model = new Linear(1, 1, { seed: 0 });
    await expect(
      fit(model, {
        train: line(),
        loss: mseLoss,
        optimizer: new SGD(model.parameters(), { lr: 0.1 }),
        epochs: 2,
        callbacks: [new EarlyStopping()],
      }),
    ).rejects.toThrow(
      "EarlyStopping: monitor 'valLoss' is not a number in the logs of epoch 1 (keys: loss); pass val to fit for val* keys",
    );
    expect(() => new EarlyStopping({ patience: -1 })).toThrow('EarlyStopping: invalid patience: -1');
  });
});

describe('evaluate and predict', () => {
  const model = new Sequential(new Linear(2, 3, { seed: 0 }));
  const x = tensor([
    [1, 0],
    [0, 1],
    [1, 1],
    [-1, 2],
    [3, -1],
  ]);
  const y = tensor([0, 1, 2, 1, 0]);

  test('evaluate streams loss and metrics over batches, equal to one pass', () => {
    const batches = [
      [
        tensor([
          [1, 0],
          [0, 1],
        ]),
        tensor([0, 1]),
      ],
      [
        tensor([
          [1, 1],
          [-1, 2],
          [3, -1],
        ]),
        tensor([2, 1, 0]),
      ],
    ];
    const logits = model.forward(x);
    const labels = y.toArray() as number[];
    const correct = (logits.argmax({ axis: 1 }).toArray() as number[]).filter((p, i) => p === labels[i]).length;
    const logs = evaluate(model, batches, { loss: crossEntropyLoss, metrics: [accuracy()] });
    expect(logs.loss).toBeCloseTo(crossEntropyLoss(logits, y).item(), 6);
    expect(logs.accuracy).toBe(correct / 5);
  });

  test('predict: eval mode, no graph, same values for a tensor, slices and batches', () => {
    const direct = model.forward(x).toArray();
    const p = predict(model, x);
    expect(p.requiresGrad).toBe(false);
    expect(p.toArray()).toEqual(direct);
    expect(predict(model, x.data, { batchSize: 2 }).toArray()).toEqual(direct);
    expect(
      predict(model, [
        [
          tensor([
            [1, 0],
            [0, 1],
          ]),
        ],
        [
          tensor([
            [1, 1],
            [-1, 2],
            [3, -1],
          ]),
        ],
      ]).toArray(),
    ).toEqual(direct);
    expect(model.training).toBe(true);
  });
});
