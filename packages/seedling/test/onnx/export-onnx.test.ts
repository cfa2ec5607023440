import { Tensor } from '@seedling-ml/autograd';
import {
  BatchNorm1d,
  Dropout,
  ELU,
  Embedding,
  Flatten,
  GELU,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  Module,
  ReLU,
  SELU,
  Sequential,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from '@seedling-ml/nn';
import { NDArray, Rng } from '@seedling-ml/tensor';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { exportOnnx } from '../../src/index.ts';
import { declaredDims, decodeModel, expectOrtMatches, randomInput } from './ort-helpers.ts';

/** Runs a few training-mode forwards so BatchNorm's running statistics are far from their 0/1 defaults. */
function warmUp(model: Module, shape: number[]): Module {
  for (let s = 0; s < 3; s++) model.forward(new Tensor(new Rng(100 + s).normal([8, ...shape], 0.7, 2)));
  return model.eval();
}

/** Integer-valued float indices in [0, n) (Seedling's index tensors are floats). */
function indices(shape: number[], n: number, seed: number): NDArray {
  const u = new Rng(seed).uniform(shape, 0, n);
  for (let i = 0; i < u.data.length; i++) u.data[i] = Math.floor(u.data[i]!);
  return u;
}

/** A user-defined block: a container whose forward only chains its submodules (traceable). */
class Block extends Module {
  fc: Linear;
  act = new Tanh();
  constructor(inF: number, outF: number, seed: number) {
    super();
    this.fc = new Linear(inF, outF, { seed });
  }
  override forward(x: Tensor): Tensor {
    return this.act.forward(this.fc.forward(x));
  }
}

interface Case {
  readonly name: string;
  readonly build: () => Module;
  /** Per-sample input shape. */
  readonly sample: number[];
  /** Input of `batch` samples (default: normal values). */
  readonly input?: (batch: number, seed: number) => NDArray;
}

const afterLinear =
  (act: Module): (() => Module) =>
  () =>
    new Sequential(new Linear(5, 6, { seed: 1 }), act).eval();

/** One exported model per layer kind (and configuration), each run in onnxruntime. */
const CASES: Case[] = [
  {
    name: 'MLP with BatchNorm1d and GELU (issue 10 acceptance)',
    sample: [4],
    build: () => warmUp(new Sequential(new Linear(4, 8, { seed: 1 }), new BatchNorm1d(8), new GELU(), new Linear(8, 3, { seed: 2 })), [4]),
  },
  { name: 'ReLU', sample: [5], build: afterLinear(new ReLU()) },
  { name: 'LeakyReLU(0.2)', sample: [5], build: afterLinear(new LeakyReLU(0.2)) },
  { name: 'Tanh', sample: [5], build: afterLinear(new Tanh()) },
  { name: 'Sigmoid', sample: [5], build: afterLinear(new Sigmoid()) },
  { name: 'GELU exact', sample: [5], build: afterLinear(new GELU()) },
  { name: "GELU approximate 'tanh'", sample: [5], build: afterLinear(new GELU({ approximate: 'tanh' })) },
  { name: 'SELU', sample: [5], build: afterLinear(new SELU()) },
  { name: 'ELU(0.7)', sample: [5], build: afterLinear(new ELU(0.7)) },
  { name: 'Softplus', sample: [5], build: afterLinear(new Softplus()) },
  { name: 'Softplus beta 2.5', sample: [5], build: afterLinear(new Softplus({ beta: 2.5 })) },
  { name: 'Softmax', sample: [5], build: afterLinear(new Softmax()) },
  { name: 'LogSoftmax', sample: [5], build: afterLinear(new LogSoftmax()) },
  { name: 'Softmax over axis 1 of [N, 3, 5]', sample: [3, 5], build: () => new Softmax(1) },
  { name: 'Identity', sample: [5], build: afterLinear(new Identity()) },
  { name: 'Dropout in eval mode', sample: [5], build: afterLinear(new Dropout(0.5, { seed: 0 })) },
  {
    name: 'Linear without bias on [N, 3, 5] (MatMul path)',
    sample: [3, 5],
    build: () => new Sequential(new Linear(5, 2, { seed: 3, bias: false }), new ReLU()),
  },
  { name: 'Linear with bias on [N, 2, 3, 5]', sample: [2, 3, 5], build: () => new Linear(5, 4, { seed: 4 }) },
  { name: 'LayerNorm', sample: [5], build: afterLinear(new LayerNorm(6, { eps: 1e-3 })) },
  { name: 'LayerNorm over [3, 4] without bias', sample: [3, 4], build: () => new LayerNorm([3, 4], { bias: false, seed: 5 }) },
  { name: 'LayerNorm without affine', sample: [2, 6], build: () => new LayerNorm(6, { elementwiseAffine: false }) },
  { name: 'BatchNorm1d on [N, C, L]', sample: [3, 4], build: () => warmUp(new BatchNorm1d(3, { eps: 1e-3 }), [3, 4]) },
  { name: 'BatchNorm1d without affine', sample: [3], build: () => warmUp(new BatchNorm1d(3, { affine: false }), [3]) },
  { name: 'Flatten', sample: [2, 3, 4], build: () => new Sequential(new Flatten(), new Linear(24, 3, { seed: 6 })) },
  { name: 'Flatten(1, 2) of [N, 2, 3, 4]', sample: [2, 3, 4], build: () => new Flatten(1, 2) },
  { name: 'Flatten(2) of [N, 2, 3, 4]', sample: [2, 3, 4], build: () => new Flatten(2) },
  { name: 'Flatten(0) (merges the batch axis)', sample: [2, 3], build: () => new Flatten(0) },
  {
    name: 'Embedding, Flatten, Linear',
    sample: [3],
    build: () => new Sequential(new Embedding(10, 4, { seed: 7 }), new Flatten(), new Linear(12, 2, { seed: 8 })),
    input: (batch, seed) => indices([batch, 3], 10, seed),
  },
  {
    name: 'nested user modules and named Sequential',
    sample: [4],
    build: () => new Sequential({ enc: new Sequential(new Block(4, 6, 9), new Block(6, 6, 10)), head: new Linear(6, 2, { seed: 11 }) }),
  },
  {
    name: 'a layer used twice (weights stored once)',
    sample: [4],
    build: () => {
      const shared = new Linear(4, 4, { seed: 12 });
      return new Sequential(shared, new Tanh(), shared);
    },
  },
];

const inputOf = (c: Case, batch: number, seed: number): NDArray => c.input?.(batch, seed) ?? randomInput([batch, ...c.sample], seed);

describe("exportOnnx runs in onnxruntime with Seedling's outputs", () => {
  test.each(CASES)('$name: batch sizes 1, 3 and 7 from one export (dynamic batch axis)', async (c) => {
    const model = c.build();
    const bytes = exportOnnx(model, new Tensor(inputOf(c, 2, 1)));
    for (const batch of [1, 3, 7]) await expectOrtMatches(model, bytes, inputOf(c, batch, 10 + batch));
  });

  test('property: random MLP weights, inputs and batch sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        async (seed, exampleBatch, batch) => {
          const model = new Sequential(
            new Linear(3, 5, { seed }),
            new LayerNorm(5),
            new GELU(),
            new Linear(5, 2, { seed: seed + 1 }),
            new Softmax(),
          );
          const bytes = exportOnnx(model.eval(), randomInput([exampleBatch, 3], seed));
          await expectOrtMatches(model, bytes, randomInput([batch, 3], seed + 2));
        },
      ),
      { numRuns: 8, seed: 42 },
    );
  });

  test('float64 models export DOUBLE tensors and match in float64', async () => {
    const model = new Sequential(
      new Linear(4, 6, { seed: 1, dtype: 'float64' }),
      new Tanh(),
      new Linear(6, 2, { seed: 2, dtype: 'float64' }),
    );
    const x = randomInput([5, 4], 3, 'float64');
    const bytes = exportOnnx(model, x);
    const m = decodeModel(bytes);
    expect(m.graph!.initializer.map((t) => t.dataType)).toEqual([11, 11, 11, 11]); // DOUBLE
    await expectOrtMatches(model, bytes, x);
  });

  test.each([17, 18, 19, 20, 21, 22])('opset %i is declared and runs', async (opset) => {
    const model = CASES[0]!.build();
    const bytes = exportOnnx(model, randomInput([2, 4], 1), { opset });
    const m = decodeModel(bytes);
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', opset]]);
    expect(Number(m.irVersion)).toBe({ 17: 8, 18: 8, 19: 9, 20: 9, 21: 10, 22: 10 }[opset]);
    await expectOrtMatches(model, bytes, randomInput([4, 4], 2));
  });
});

describe('exportOnnx writes a well-formed graph', () => {
  test('input and output value infos: float32, symbolic batch axis, static feature axes', () => {
    const m = decodeModel(exportOnnx(CASES[0]!.build(), randomInput([2, 4], 1)));
    expect(m.graph!.input.map((v) => v.name)).toEqual(['input']);
    expect(m.graph!.output.map((v) => v.name)).toEqual(['output']);
    expect(declaredDims(m, 'input')).toEqual(['batch', 4]);
    expect(declaredDims(m, 'output')).toEqual(['batch', 3]);
    const t = m.graph!.input[0]!.type!.value;
    expect(t.case === 'tensorType' && t.value.elemType).toBe(1); // FLOAT
    expect(m.producerName).toBe('seedling-ml');
  });

  test("weights are initializers named by PyTorch state-dict keys, holding the weights' values", () => {
    const model = CASES[0]!.build() as Sequential;
    const m = decodeModel(exportOnnx(model, randomInput([2, 4], 1)));
    const inits = new Map(m.graph!.initializer.map((t) => [t.name, t]));
    for (const key of ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', '3.weight', '3.bias'])
      expect(inits.has(key), key).toBe(true);
    const w = inits.get('0.weight')!;
    expect(w.dims.map(Number)).toEqual([8, 4]);
    const raw = w.rawData;
    const values = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    expect(Array.from(values)).toEqual(Array.from((model.at(0) as Linear).weight.data.data));
  });

  test('intermediate value infos carry the traced shapes with the batch axis symbolic', () => {
    const m = decodeModel(
      exportOnnx(new Sequential(new Linear(4, 6, { seed: 1 }), new ReLU(), new Linear(6, 2, { seed: 2 })), randomInput([3, 4], 1)),
    );
    const shapes = m.graph!.valueInfo.map((v) => {
      const t = v.type!.value;
      return t.case === 'tensorType'
        ? t.value.shape!.dim.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : d.value.value))
        : [];
    });
    expect(shapes).toEqual([
      ['batch', 6],
      ['batch', 6],
    ]);
  });

  test('a batch-merging Flatten declares an unnamed output dim; dynamicBatch: false declares all static', () => {
    const merged = decodeModel(exportOnnx(new Flatten(0), randomInput([2, 3], 1)));
    expect(declaredDims(merged, 'output')).toEqual(['?']);
    const fixed = decodeModel(exportOnnx(new Linear(3, 2), randomInput([2, 3], 1), { dynamicBatch: false }));
    expect(declaredDims(fixed, 'input')).toEqual([2, 3]);
    expect(declaredDims(fixed, 'output')).toEqual([2, 2]);
  });

  test('custom input and output names', async () => {
    const model = new Linear(3, 2, { seed: 1 });
    const bytes = exportOnnx(model, randomInput([2, 3], 1), { inputName: 'features', outputName: 'logits' });
    const m = decodeModel(bytes);
    expect([m.graph!.input[0]!.name, m.graph!.output[0]!.name]).toEqual(['features', 'logits']);
  });

  test('a model that returns its input (Identity) still has distinct input and output', async () => {
    const model = new Sequential(new Dropout(0.3).eval());
    const x = randomInput([2, 3], 1);
    await expectOrtMatches(model, exportOnnx(model, x), x);
  });
});
