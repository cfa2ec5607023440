import { PassThrough } from 'node:stream';
import { tensor } from '@seedling-ml/autograd';
import { Linear, crossEntropyLoss, mseLoss } from '@seedling-ml/nn';
import { SGD } from '@seedling-ml/optim';
import { describe, expect, test } from 'vitest';
import { EpochLogger, type Progress, ProgressCallback, accuracy, fit, formatEpoch } from '../src/index.ts';
import { ProgressBar } from '../src/node.ts';

const batches = [
  [tensor([[0], [1]]), tensor([[1], [3]])],
  [tensor([[2]]), tensor([[5]])],
];

function run(callbacks: Parameters<typeof fit>[1]['callbacks'], epochs = 2) {
  const model = new Linear(1, 1, { seed: 0 });
  return fit(model, { train: batches, loss: mseLoss, optimizer: new SGD(model.parameters(), { lr: 0.01 }), epochs, callbacks });
}

describe('progress reporting', () => {
  test('ProgressCallback reports every batch and epoch with the run fraction', async () => {
    const seen: Progress[] = [];
    const history = await run([new ProgressCallback((p) => void seen.push(p))]);
    expect(seen.map((p) => [p.kind, p.epoch, p.batch, p.batches, p.fraction])).toEqual([
      ['batch', 1, 1, 2, 0.25],
      ['batch', 1, 2, 2, 0.5],
      ['epoch', 1, 2, 2, 0.5],
      ['batch', 2, 1, 2, 0.75],
      ['batch', 2, 2, 2, 1],
      ['epoch', 2, 2, 2, 1],
    ]);
    // The batch reports carry the running example-weighted mean; the last one equals the epoch loss.
    expect(seen[1]!.examples).toBe(3);
    expect(seen[1]!.loss).toBeCloseTo(history.epochs[0]!.logs.loss as number, 12);
    expect(seen[2]!.logs).toEqual(history.epochs[0]!.logs);
    expect(seen[0]!.metrics).toEqual({});
  });

  test('batch reports carry the running values of the numeric metrics', async () => {
    const seen: Progress[] = [];
    const model = new Linear(1, 2, { seed: 0 });
    // Class scores from a 1→2 linear layer; labels 0, 1 | 1.
    const data = [
      [tensor([[0], [1]]), tensor([0, 1])],
      [tensor([[2]]), tensor([1])],
    ];
    const counted: number[] = [];
    const probe = {
      name: 'seen',
      reset: () => void counted.splice(0),
      update: (_o: unknown, t: { shape: readonly number[] }) => void counted.push(t.shape[0]!),
      compute: () => counted.reduce((a, b) => a + b, 0),
    };
    const table = { name: 'table', reset: () => {}, update: () => {}, compute: () => [[1]] };
    await fit(model, {
      train: data,
      loss: crossEntropyLoss,
      optimizer: new SGD(model.parameters(), { lr: 0 }),
      epochs: 1,
      metrics: [probe, table],
      callbacks: [new ProgressCallback((p) => void seen.push(p))],
    });
    expect(seen.map((p) => p.metrics)).toEqual([{ seen: 2 }, { seen: 3 }, { seen: 3 }]);
  });

  test('ProgressCallback is awaited, so a browser can yield to the page', async () => {
    const order: string[] = [];
    await run(
      [
        new ProgressCallback(async (p) => {
          await new Promise((r) => setTimeout(r, 1));
          order.push(`progress ${p.kind}`);
        }),
        { onBatchEnd: () => void order.push('next') },
      ],
      1,
    );
    expect(order).toEqual(['progress batch', 'next', 'progress batch', 'next', 'progress epoch']);
  });

  test('EpochLogger prints the first, every n-th and the last epoch', async () => {
    const lines: string[] = [];
    const history = await run([new EpochLogger({ log: (l) => lines.push(l), every: 2 })], 5);
    expect(lines.map((l) => l.slice(0, 10))).toEqual(['epoch 1/5 ', 'epoch 2/5 ', 'epoch 4/5 ', 'epoch 5/5 ']);
    expect(lines[0]).toBe(formatEpoch(history.epochs[0]!, 5));
    expect(formatEpoch({ epoch: 3, logs: { loss: 0.5, confusionMatrix: [[1]] }, lr: 0.1, seconds: 1.234 }, 12)).toBe(
      'epoch  3/12  loss 0.5000  (1.23 s)',
    );
  });

  test('ProgressBar draws with cli-progress on the given stream and logs one line per epoch', async () => {
    const stream = new PassThrough();
    let drawn = '';
    stream.on('data', (d: Buffer) => (drawn += d.toString()));
    const lines: string[] = [];
    await run([new ProgressBar({ enabled: true, stream, log: (l) => lines.push(l) })]);
    expect(drawn).toMatch(/epoch 1\/2 .*\| loss \d+\.\d{4} \| \d\/2 batches/);
    expect(lines.map((l) => l.slice(0, 9))).toEqual(['epoch 1/2', 'epoch 2/2']);
    // Without a terminal the bar stays silent and only the lines are printed.
    const quiet = new PassThrough();
    let quietOut = '';
    quiet.on('data', (d: Buffer) => (quietOut += d.toString()));
    await run([new ProgressBar({ stream: quiet, log: null })]);
    expect(quietOut).toBe('');
  });
});

test('ProgressBar shows the running metrics', async () => {
  const stream = new PassThrough();
  let drawn = '';
  stream.on('data', (d: Buffer) => (drawn += d.toString()));
  const model = new Linear(1, 2, { seed: 0 });
  const data = [[tensor([[0], [1]]), tensor([0, 1])]];
  await fit(model, {
    train: data,
    loss: crossEntropyLoss,
    optimizer: new SGD(model.parameters(), { lr: 0 }),
    epochs: 1,
    metrics: [accuracy()],
    callbacks: [new ProgressBar({ enabled: true, stream, log: null })],
  });
  expect(drawn).toMatch(/\| loss \d+\.\d{4} \| accuracy (0|1)\.\d{4} \| 1\/1 batches/);
});
