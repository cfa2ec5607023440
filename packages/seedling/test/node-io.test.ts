import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@seedling-ml/autograd';
import { Linear, Sequential } from '@seedling-ml/nn';
import { Adam, SGD, StepLR } from '@seedling-ml/optim';
import { type DType, NDArray, array, formatShape } from '@seedling-ml/tensor';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type StateDictModule,
  loadCheckpoint,
  loadModel,
  loadOptimizer,
  saveCheckpoint,
  saveModel,
  saveOptimizer,
  writeFileAtomic,
} from '../src/node.ts';
import { SafetensorsError, decodeSafetensors, encodeSafetensors } from '../src/safetensors.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seedling-io-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A hand-made module with a state dict and a validating, all-or-nothing loadStateDict (like nn.Module's). */
class FakeModule implements StateDictModule {
  readonly values: Record<string, NDArray>;
  constructor(dtype: DType, seed: number) {
    const make = (shape: number[]) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = Math.sin(seed * 1000 + i) / 3; // arbitrary, non-round values
      return new NDArray(data, shape);
    };
    this.values = { 'layer.weight': make([3, 4]), 'layer.bias': make([3]), scale: make([]) };
  }
  stateDict(): Record<string, NDArray> {
    return Object.fromEntries(Object.entries(this.values).map(([k, v]) => [k, v.clone()]));
  }
  loadStateDict(dict: Record<string, NDArray>, options: { strict?: boolean } = {}): void {
    for (const [k, v] of Object.entries(this.values)) {
      const d = dict[k];
      if (d === undefined) {
        if (options.strict ?? true) throw new Error(`fake: missing ${k}`);
        continue;
      }
      if (formatShape(d.shape) !== formatShape(v.shape)) throw new Error(`fake: shape of ${k}`);
    }
    for (const [k, v] of Object.entries(this.values)) if (dict[k] !== undefined) v.data.set(dict[k]!.data);
  }
}

const bits = (x: NDArray): number[] => Array.from(new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength));
const snapshot = (m: StateDictModule) => Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, bits(v)]));

describe('saveModel / loadModel', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    test(`round trip is bit-exact for ${dtype}`, async () => {
      const path = join(dir, `fake-${dtype}.safetensors`);
      const a = new FakeModule(dtype, 1);
      const b = new FakeModule(dtype, 2);
      await saveModel(a, path);
      expect(snapshot(b)).not.toEqual(snapshot(a));
      await loadModel(b, path);
      expect(snapshot(b)).toEqual(snapshot(a));
      const { tensors } = decodeSafetensors(await readFile(path));
      expect(tensors['layer.weight']!.dtype).toBe(dtype);
    });
  }

  test('an nn model round-trips, and the file is plain safetensors named like PyTorch', async () => {
    const path = join(dir, 'mlp.safetensors');
    const make = (seed: number) => new Sequential(new Linear(4, 8, { seed }), new Linear(8, 2, { seed: seed + 1, dtype: 'float64' }));
    const a = make(1);
    const b = make(7);
    await saveModel(a, path, { metadata: { format: 'pt' } });
    await loadModel(b, path);
    expect(snapshot(b)).toEqual(snapshot(a));
    const { tensors, metadata } = decodeSafetensors(await readFile(path));
    expect(Object.keys(tensors).sort()).toEqual(['0.bias', '0.weight', '1.bias', '1.weight']);
    expect(tensors['0.weight']!.shape).toEqual([8, 4]);
    expect(tensors['1.weight']!.dtype).toBe('float64');
    expect(metadata).toEqual({ format: 'pt' });
  });

  test('names and shapes must match the module; on error nothing changes', async () => {
    const target = new FakeModule('float32', 3);
    const before = snapshot(target);
    const write = async (name: string, tensors: Record<string, NDArray>) => {
      const p = join(dir, name);
      await writeFile(p, encodeSafetensors(tensors));
      return p;
    };
    const good = new FakeModule('float32', 4).stateDict();
    const { scale: _scale, ...withoutScale } = good;
    const missing = await write('missing.safetensors', withoutScale);
    await expect(loadModel(target, missing)).rejects.toThrow(
      `loadModel: '${missing}' does not fit the model: missing [scale]; nothing was loaded`,
    );
    const extra = await write('extra.safetensors', { ...good, 'head.weight': array([1]) });
    await expect(loadModel(target, extra)).rejects.toThrow('unexpected [head.weight]');
    const shape = await write('shape.safetensors', { ...good, 'layer.bias': array([1, 2]) });
    await expect(loadModel(target, shape)).rejects.toThrow("'layer.bias' has shape [2], the model [3]");
    expect(snapshot(target)).toEqual(before);
    // Non-strict: the subset loads, the rest stays.
    await loadModel(target, missing, { strict: false });
    expect(snapshot(target).scale).toEqual(before.scale);
    expect(snapshot(target)['layer.bias']).toEqual(bits(good['layer.bias']!));
  });

  test('a float64 file loads into a float32 model by rounding', async () => {
    const path = join(dir, 'f64.safetensors');
    const src = new FakeModule('float64', 5);
    await saveModel(src, path);
    const dst = new FakeModule('float32', 6);
    await loadModel(dst, path);
    const got = dst.stateDict()['layer.weight']!;
    expect(got.dtype).toBe('float32');
    expect(Array.from(got.data)).toEqual(Array.from(src.values['layer.weight']!.data, (v) => Math.fround(v)));
  });

  test('corrupt files (truncated, oversized, lying headers) throw clearly and leave the module untouched (property)', async () => {
    const path = join(dir, 'src.safetensors');
    await saveModel(new FakeModule('float32', 8), path);
    const valid = new Uint8Array(await readFile(path));
    const dataStart = 8 + Number(new DataView(valid.buffer).getBigUint64(0, true));
    const target = new FakeModule('float32', 9);
    const before = snapshot(target);
    const corruption = fc.oneof(
      fc.integer({ min: 0, max: valid.length - 1 }).map((cut) => valid.slice(0, cut)),
      fc.uint8Array({ minLength: 1, maxLength: 16 }).map((extra) => Uint8Array.from([...valid, ...extra])),
      fc.bigInt({ min: 0n, max: 1n << 20n }).map((n) => {
        const b = valid.slice();
        new DataView(b.buffer).setBigUint64(0, n, true);
        return b;
      }),
      fc.tuple(fc.integer({ min: 8, max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([at, v]) => {
        const b = valid.slice();
        b[at] = v;
        return b;
      }),
    );
    const bad = join(dir, 'bad.safetensors');
    await fc.assert(
      fc.asyncProperty(corruption, async (bytes) => {
        if (bytes.length === valid.length && bytes.every((v, i) => v === valid[i])) return; // an identity flip
        await writeFile(bad, bytes);
        try {
          await loadModel(target, bad);
        } catch (e) {
          expect(e).toBeInstanceOf(SafetensorsError);
          expect(snapshot(target)).toEqual(before);
          return;
        }
        // Only a changed byte inside the data region may load (a valid file with other values); undo it.
        const firstDiff = bytes.findIndex((v, i) => v !== valid[i]);
        expect(bytes.length).toBe(valid.length);
        expect(firstDiff).toBeGreaterThanOrEqual(dataStart);
        for (const [k, v] of Object.entries(before)) target.values[k]!.data.set(new Float32Array(Uint8Array.from(v).buffer));
      }),
      { numRuns: 60 },
    );
  });
});

describe('atomic writes', () => {
  test('no temporary files remain; an existing file is replaced whole', async () => {
    const sub = join(dir, 'atomic');
    await mkdir(sub);
    const path = join(sub, 'm.safetensors');
    await saveModel(new FakeModule('float32', 1), path);
    await saveModel(new FakeModule('float64', 2), path);
    expect(await readdir(sub)).toEqual(['m.safetensors']);
    expect(decodeSafetensors(await readFile(path)).tensors.scale!.dtype).toBe('float64');
  });

  test('a failed rename removes the temporary file and keeps the target', async () => {
    const sub = join(dir, 'atomic-fail');
    await mkdir(join(sub, 'target'), { recursive: true });
    await writeFile(join(sub, 'target', 'keep'), 'x');
    // Renaming a file over a non-empty directory fails.
    await expect(writeFileAtomic(join(sub, 'target'), Uint8Array.from([1, 2, 3]))).rejects.toThrow();
    expect((await readdir(sub)).sort()).toEqual(['target']);
    expect(await readdir(join(sub, 'target'))).toEqual(['keep']);
  });
});

describe('optimizer state and checkpoints', () => {
  const grads = (t: number) => [Math.cos(t), Math.sin(2 * t), 0.5 - t / 10];

  test('saveOptimizer / loadOptimizer resume Adam exactly', async () => {
    const path = join(dir, 'adam.safetensors');
    const run = async (interrupt: boolean): Promise<number[]> => {
      let p = tensor([1, -1, 0.5], { requiresGrad: true, dtype: 'float64' });
      let opt = new Adam([['w', p]], { lr: 0.1, amsgrad: true });
      for (let t = 0; t < 6; t++) {
        if (interrupt && t === 3) {
          await saveOptimizer(opt, path);
          p = tensor(Array.from(p.data.data), { requiresGrad: true, dtype: 'float64' });
          opt = new Adam([['w', p]], { lr: 0.7 });
          await loadOptimizer(opt, path);
        }
        p.grad = tensor(grads(t), { dtype: 'float64' });
        opt.step();
      }
      return Array.from(p.data.data);
    };
    expect(await run(true)).toEqual(await run(false));
  });

  test('loadOptimizer: a corrupt file or state for other parameters changes nothing', async () => {
    const path = join(dir, 'opt.safetensors');
    const p = tensor([1, 2, 3], { requiresGrad: true, dtype: 'float64' });
    const saved = new Adam([['w', p]], { lr: 0.1 });
    p.grad = tensor([0.5, -1, 2], { dtype: 'float64' });
    saved.step();
    await saveOptimizer(saved, path);
    const valid = new Uint8Array(await readFile(path));

    const q = tensor([1, 2, 3], { requiresGrad: true, dtype: 'float64' });
    const target = new Adam([['w', q]], { lr: 0.3 });
    q.grad = tensor([1, 1, 1], { dtype: 'float64' });
    target.step();
    const before = JSON.stringify(target.stateDict(), (_k, v: unknown) => (v instanceof NDArray ? Array.from(v.data) : v));
    const unchanged = () =>
      expect(JSON.stringify(target.stateDict(), (_k, v: unknown) => (v instanceof NDArray ? Array.from(v.data) : v))).toBe(before);

    const bad = join(dir, 'opt-bad.safetensors');
    await writeFile(bad, valid.subarray(0, valid.length - 3));
    await expect(loadOptimizer(target, bad)).rejects.toThrow(SafetensorsError);
    unchanged();
    // A valid file for a parameter of another shape: the optimizer's own check refuses it.
    const other = new Adam([['w', tensor([1, 2], { requiresGrad: true, dtype: 'float64' })]]);
    other.paramGroups[0]!.params[0]!.grad = tensor([1, 1], { dtype: 'float64' });
    other.step();
    await saveOptimizer(other, bad);
    await expect(loadOptimizer(target, bad)).rejects.toThrow(
      "Adam.loadStateDict: state entry 'expAvg' of 'w' (param 0 of group 0) has shape [2], parameter has [3]",
    );
    unchanged();
    await loadOptimizer(target, path);
    expect(target.getLr()).toBe(0.1);
  });

  test('a checkpoint restores model, optimizer, scheduler and extra data', async () => {
    const path = join(dir, 'ckpt.safetensors');
    const model = new Sequential(new Linear(3, 2, { seed: 1 }));
    const opt = new SGD(model.namedParameters(), { lr: 0.5, momentum: 0.9 });
    const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
    for (const p of model.parameters()) p.grad = tensor(new NDArray(new Float32Array(p.size).fill(0.25), p.shape));
    opt.step();
    sched.step();
    await saveCheckpoint(path, { model, optimizer: opt, scheduler: sched, extra: { epoch: 1, note: 'ok' } });

    const model2 = new Sequential(new Linear(3, 2, { seed: 2 }));
    const opt2 = new SGD(model2.namedParameters(), { lr: 9, momentum: 0.9 });
    const sched2 = new StepLR(opt2, { stepSize: 1, gamma: 0.5 });
    const extra = await loadCheckpoint(path, { model: model2, optimizer: opt2, scheduler: sched2 });
    expect(extra).toEqual({ epoch: 1, note: 'ok' });
    expect(snapshot(model2)).toEqual(snapshot(model));
    expect(opt2.getLr()).toBe(0.25);
    expect(sched2.lastEpoch).toBe(1);
    // The next step is the same for both.
    for (const m of [model, model2])
      for (const p of m.parameters()) p.grad = tensor(new NDArray(new Float32Array(p.size).fill(-0.5), p.shape));
    opt.step();
    opt2.step();
    expect(snapshot(model2)).toEqual(snapshot(model));
  });

  test('a checkpoint that does not fit changes nothing (optimizer rolled back)', async () => {
    const path = join(dir, 'ckpt2.safetensors');
    const model = new Sequential(new Linear(3, 2, { seed: 1 }));
    const opt = new SGD(model.parameters(), { lr: 0.5 });
    await saveCheckpoint(path, {
      model,
      optimizer: opt,
      scheduler: { stateDict: () => ({ lastEpoch: 5, baseLrs: [1, 2] }), loadStateDict: () => {} },
    });

    const model2 = new Sequential(new Linear(3, 2, { seed: 2 }));
    const opt2 = new SGD(model2.parameters(), { lr: 0.1 });
    const sched2 = new StepLR(opt2, { stepSize: 1 });
    const before = snapshot(model2);
    await expect(loadCheckpoint(path, { model: model2, optimizer: opt2, scheduler: sched2 })).rejects.toThrow(
      'StepLR.loadStateDict: baseLrs must be 1 finite numbers',
    );
    expect(opt2.getLr()).toBe(0.1);
    expect(snapshot(model2)).toEqual(before);

    const wrongModel = new Sequential(new Linear(3, 4, { seed: 2 }));
    await expect(loadCheckpoint(path, { model: wrongModel })).rejects.toThrow(
      `loadCheckpoint: the model in '${path}' does not fit the model: '0.weight' has shape [2,3], the model [4,3]`,
    );
  });
});
