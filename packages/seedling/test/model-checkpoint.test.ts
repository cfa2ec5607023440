import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@seedling-ml/autograd';
import { Linear, mseLoss } from '@seedling-ml/nn';
import { SGD } from '@seedling-ml/optim';
import { fit } from '@seedling-ml/train';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ModelCheckpoint, loadCheckpoint, loadModel } from '../src/node.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seedling-ckpt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const batches = [[tensor([[0], [1], [2]]), tensor([[1], [3], [5]])]];

describe('ModelCheckpoint', () => {
  test('every epoch: one file per epoch with model, optimizer and epoch; no temporary files left', async () => {
    const model = new Linear(1, 1, { seed: 0 });
    const optimizer = new SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    const ckpt = new ModelCheckpoint({ path: join(dir, 'every-{epoch}.safetensors') });
    const history = await fit(model, { train: batches, loss: mseLoss, optimizer, epochs: 3, callbacks: [ckpt] });
    expect(ckpt.saved.map((p) => p.slice(dir.length + 1))).toEqual(['every-1.safetensors', 'every-2.safetensors', 'every-3.safetensors']);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const restored = new Linear(1, 1, { seed: 9 });
    const restoredOpt = new SGD(restored.parameters(), { lr: 0.05, momentum: 0.9 });
    const extra = (await loadCheckpoint(ckpt.saved[2]!, { model: restored, optimizer: restoredOpt })) as {
      epoch: number;
      logs: { loss: number };
    };
    expect(extra.epoch).toBe(3);
    expect(extra.logs.loss).toBeCloseTo(history.epochs[2]!.logs.loss as number, 6);
    expect(restored.weight.toArray()).toEqual(model.weight.toArray());
    expect(restoredOpt.stateDict()).toEqual(optimizer.stateDict());
  });

  test('saveBestOnly writes only improvements of the monitored value; weightsOnly writes a plain model file', async () => {
    const model = new Linear(1, 1, { seed: 0 });
    let epoch = 0;
    const script = [3, 2, 2.5, 1, 4];
    const snapshots: number[][] = [];
    const ckpt = new ModelCheckpoint({ path: join(dir, 'best.safetensors'), monitor: 'score', saveBestOnly: true, weightsOnly: true });
    await fit(model, {
      train: batches,
      loss: mseLoss,
      optimizer: new SGD(model.parameters(), { lr: 0.05 }),
      epochs: 5,
      metrics: [{ name: 'score', reset: () => {}, update: () => {}, compute: () => script[epoch - 1]! }],
      callbacks: [
        { onEpochBegin: (e) => void (epoch = e) },
        ckpt,
        { onEpochEnd: () => void snapshots.push([model.weight.item(), model.bias!.item()]) },
      ],
    });
    expect(ckpt.saved.length).toBe(3); // epochs 1, 2 and 4 improved
    expect(ckpt.bestValue).toBe(1);
    const restored = new Linear(1, 1, { seed: 9 });
    await loadModel(restored, join(dir, 'best.safetensors'));
    expect([restored.weight.item(), restored.bias!.item()]).toEqual(snapshots[3]);
  });

  test('validates its options and the monitored key', async () => {
    expect(() => new ModelCheckpoint({ path: '' })).toThrow('ModelCheckpoint: path must be a non-empty string');
    const model = new Linear(1, 1, { seed: 0 });
    await expect(
      fit(model, {
        train: batches,
        loss: mseLoss,
        optimizer: new SGD(model.parameters(), { lr: 0.05 }),
        epochs: 1,
        callbacks: [new ModelCheckpoint({ path: join(dir, 'x.safetensors'), saveBestOnly: true })],
      }),
    ).rejects.toThrow("ModelCheckpoint: monitor 'valLoss' is not a number in the logs of epoch 1 (keys: loss)");
  });
});
