import { describe, expect, test } from 'vitest';
import { Tensor, tensor } from '@seedling-ml/autograd';
import { type NDArray, Rng } from '@seedling-ml/tensor';
import {
  BatchNorm1d,
  type Initializer,
  InitReport,
  Linear,
  type Module,
  ReLU,
  Sequential,
  Tanh,
  constant,
  crossEntropyLoss,
  inspectInit,
  kaimingNormal,
  lecunNormal,
  normal,
  torchDefault,
  xavierNormal,
  zeros,
} from '../../src/index.ts';

/** depth × (Linear(width, width) + act) + Linear(width, classes), seeded per layer. */
function mlp(
  depth: number,
  width: number,
  act: 'relu' | 'tanh',
  weightInit: Initializer,
  options: { classes?: number; biasInit?: Initializer } = {},
): Sequential {
  const layers: Module[] = [];
  for (let i = 0; i < depth; i++) {
    layers.push(new Linear(width, width, { weightInit, biasInit: options.biasInit ?? zeros(), seed: `h${i}` }));
    layers.push(act === 'relu' ? new ReLU() : new Tanh());
  }
  layers.push(new Linear(width, options.classes ?? 10, { weightInit, seed: 'out' }));
  return new Sequential(...layers);
}

/** Naive population std of a tensor's values. */
function std(x: NDArray): number {
  const d = Array.from(x.data);
  const m = d.reduce((a, b) => a + b, 0) / d.length;
  return Math.sqrt(d.reduce((a, b) => a + (b - m) ** 2, 0) / d.length);
}

/** Outputs of every activation module, by an independent forward pass with our own hooks. */
function activationOutputs(model: Module, x: NDArray): NDArray[] {
  const outs: NDArray[] = [];
  const handles = model
    .children()
    .filter((m) => m instanceof ReLU || m instanceof Tanh)
    .map((m) => m.registerForwardHook((_m, _i, out) => outs.push(out.data)));
  model.forward(tensor(x));
  for (const h of handles) h.remove();
  return outs;
}

const rng = new Rng(2024);
const x64 = rng.normal([128, 64]);
const y64 = rng.integers([128], 0, 10);

describe('inspectInit flags what is wrong and names the layer', () => {
  test('vanishing: torchDefault in a ReLU net (variance ×1/6 per layer)', () => {
    const model = mlp(10, 64, 'relu', torchDefault());
    // The first hidden layer whose activation std falls below 1% of the input std, measured independently.
    const expected = activationOutputs(model, x64).findIndex((a) => std(a) < 0.01 * std(x64)) + 1;
    expect(expected).toBeGreaterThan(1);
    const report = inspectInit(model, x64, { targets: y64 });
    const f = report.findings.find((g) => g.kind === 'vanishing');
    expect(f?.severity).toBe('error');
    expect(f?.layers[0]).toBe(expected);
    expect(f?.message).toMatch(
      new RegExp(`^layer ${expected}: activation std .* the signal has vanished.*with ReLU use kaimingNormal\\(\\)`),
    );
  });

  test('exploding: N(0, 1) in a ReLU net (variance ×n/2 per layer)', () => {
    const model = mlp(6, 64, 'relu', normal({ std: 1 }));
    const expected = activationOutputs(model, x64).findIndex((a) => std(a) > 100 * std(x64)) + 1;
    expect(expected).toBeGreaterThan(0);
    const report = inspectInit(model, x64, { targets: y64 });
    const f = report.findings.find((g) => g.kind === 'exploding');
    expect(f?.layers[0]).toBe(expected);
    expect(f?.message).toMatch(new RegExp(`^layer ${expected}: activation std .* the signal is exploding`));
    expect(report.findings.some((g) => g.kind === 'initialLoss')).toBe(true);
  });

  test('overflow: N(0, 1) in a 60-layer width-64 ReLU net (std ×√32 per layer) passes the float32 maximum 3.4·10³⁸, and the JSON keeps it', () => {
    const model = mlp(60, 64, 'relu', normal({ std: 1 }));
    const report = inspectInit(model, x64);
    const f = report.findings.find((g) => g.kind === 'nonfinite');
    expect(f?.severity).toBe('error');
    const bad = report.layers.find((l) => !Number.isFinite(l.activationStd))!;
    expect(f?.layers[0]).toBe(bad.index);
    const back = InitReport.fromJSON(JSON.parse(JSON.stringify(report)));
    expect(back.layers.map((l) => l.activationStd)).toEqual(report.layers.map((l) => l.activationStd));
    expect(back.findings).toEqual(report.findings);
  });

  test('saturated: N(0, 1) in a tanh net', () => {
    const model = mlp(4, 64, 'tanh', normal({ std: 1 }));
    const fractions = activationOutputs(model, x64).map((a) => Array.from(a.data).filter((v) => Math.abs(v) > 0.99).length / a.size);
    const report = inspectInit(model, x64, { targets: y64 });
    report.layers.slice(0, 4).forEach((l, i) => expect(l.saturated).toBeCloseTo(fractions[i]!, 12));
    const f = report.findings.find((g) => g.kind === 'saturated');
    expect(f?.layers).toEqual(fractions.map((fr, i) => (fr > 0.25 ? i + 1 : 0)).filter((i) => i > 0));
    expect(f?.message).toMatch(/^layer 1: \d+% of Tanh outputs are saturated/);
  });

  test('dead: a ReLU net whose biases push every unit below 0', () => {
    const model = mlp(5, 64, 'relu', kaimingNormal(), { biasInit: constant({ value: -10 }) });
    const report = inspectInit(model, x64, { targets: y64 });
    const f = report.findings.find((g) => g.kind === 'dead');
    expect(f?.severity).toBe('error');
    expect(f?.layers).toEqual([1, 2, 3, 4, 5]);
    expect(f?.message).toMatch(/^layer 1: 100% of ReLU units output 0 for the whole batch \(dead\)/);
  });

  test('zeros: constant weights, and exactly zero weight gradients except through the output bias', () => {
    const model = mlp(4, 64, 'relu', zeros());
    // Independently: one backward of the cross-entropy.
    crossEntropyLoss(model.forward(tensor(x64)), tensor(y64)).backward();
    for (const [name, p] of model.namedParameters()) {
      const nonzero = Array.from(p.grad!.data.data).some((v) => v !== 0);
      expect([name, nonzero]).toEqual([name, name === '8.bias']);
    }
    model.zeroGrad();
    const report = inspectInit(model, x64, { targets: y64 });
    expect(report.layers.map((l) => l.weightGradStd)).toEqual([0, 0, 0, 0, 0]);
    const kinds = report.findings.map((f) => f.kind);
    expect(kinds).toContain('constantWeights');
    expect(report.findings.find((f) => f.kind === 'zeroGradients')?.message).toBe(
      'layers 1–5: weight gradients are exactly 0 — these weights cannot learn; only the bias of layer 5 gets a gradient',
    );
  });

  test('stays quiet on well-initialized networks', () => {
    const x = rng.normal([256, 256]);
    const y = rng.integers([256], 0, 10);
    for (const model of [
      mlp(10, 256, 'relu', kaimingNormal()),
      mlp(10, 256, 'tanh', xavierNormal()),
      mlp(10, 256, 'tanh', lecunNormal()),
      mlp(10, 256, 'tanh', xavierNormal({ gain: 5 / 3 })),
    ]) {
      expect(inspectInit(model, x, { targets: y }).findings).toEqual([]);
      expect(inspectInit(model, x).findings).toEqual([]);
    }
  });
});

describe('inspectInit measurements', () => {
  test('initial loss, weight-gradient std and SGD update ratio match an independent computation', () => {
    const model = mlp(3, 64, 'tanh', xavierNormal());
    const report = inspectInit(model, x64, { targets: y64, lr: 0.1 });
    // Loss by hand: mean over rows of logsumexp(z) − z[y].
    const z = model.forward(tensor(x64)).data;
    let loss = 0;
    for (let i = 0; i < 128; i++) {
      const row = Array.from(z.data.subarray(i * 10, i * 10 + 10));
      const m = Math.max(...row);
      loss += m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0)) - row[y64.data[i]!]!;
    }
    expect(report.loss?.value).toBeCloseTo(loss / 128, 5);
    expect(report.loss?.classes).toBe(10);
    expect(report.loss?.expected).toBeCloseTo(Math.log(10), 12);
    crossEntropyLoss(model.forward(tensor(x64)), tensor(y64)).backward();
    const linears = model.children().filter((m): m is Linear => m instanceof Linear);
    linears.forEach((fc, i) => {
      const g = fc.weight.grad!.data;
      const w = fc.weight.data;
      const norm = (a: NDArray) => Math.sqrt(Array.from(a.data).reduce((s, v) => s + v * v, 0));
      expect(report.layers[i]!.weightGradStd).toBeCloseTo(std(g), 6);
      expect(report.layers[i]!.updateRatio! / ((0.1 * norm(g)) / norm(w))).toBeCloseTo(1, 5);
    });
  });

  test('leaves parameters, their .grad and the hooks as they were', () => {
    const model = mlp(2, 64, 'relu', kaimingNormal());
    const before = model.parameters().map((p) => Array.from(p.data.data));
    const sentinel = new Tensor(model.parameters()[0]!.data.clone());
    model.parameters()[0]!.grad = sentinel;
    inspectInit(model, x64, { targets: y64 });
    expect(model.parameters().map((p) => Array.from(p.data.data))).toEqual(before);
    expect(model.parameters()[0]!.grad).toBe(sentinel);
    expect(model.parameters()[1]!.grad).toBeNull();
    // No backward hook is left behind: outputs are no longer routed through the gradient tap.
    for (const m of model.children())
      expect(m.forward(tensor(m instanceof Linear ? x64 : rng.normal([2, 64]))).node?.op.name).not.toBe('backwardHook');
  });

  test("leaves BatchNorm's running statistics unchanged (buffers are restored)", () => {
    const model = new Sequential(new Linear(64, 32, { seed: 1 }), new BatchNorm1d(32), new ReLU(), new Linear(32, 10, { seed: 2 }));
    const before = model.stateDict();
    inspectInit(model, x64, { targets: y64 });
    for (const [k, v] of Object.entries(model.stateDict())) expect([k, Array.from(v.data)]).toEqual([k, Array.from(before[k]!.data)]);
  });

  test('prints a table with one row per layer, and the findings', () => {
    const report = inspectInit(mlp(3, 64, 'relu', xavierNormal()), x64, { targets: y64 });
    const lines = report.toTable().split('\n');
    expect(lines[0]).toMatch(
      /^layer\s+name\s+module\s+act\s+pre std\s+act mean\s+act std\s+sat\/dead\s+W std\s+grad W\s+grad pre\s+upd\/W$/,
    );
    expect(lines).toHaveLength(2 + 4);
    expect(lines[2]).toMatch(/^1\s+0\s+Linear\s+ReLU\s/);
    expect(lines[5]).toMatch(/^4\s+6\s+Linear\s+-\s/);
    expect(report.toString()).toContain('initial loss');
  });
});

describe('hooks the diagnostics rely on', () => {
  test('forward hooks fire in forward order, backward hooks in reverse, removed ones never', () => {
    const model = mlp(2, 8, 'relu', kaimingNormal(), { classes: 3 });
    const log: string[] = [];
    const handles = model
      .namedChildren()
      .flatMap(([name, m]) => [m.registerForwardHook(() => log.push(`f${name}`)), m.registerBackwardHook(() => log.push(`b${name}`))]);
    model
      .forward(tensor(rng.normal([4, 8])))
      .sum()
      .backward();
    expect(log).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'b4', 'b3', 'b2', 'b1', 'b0']);
    handles.forEach((h) => h.remove());
    log.length = 0;
    model
      .forward(tensor(rng.normal([4, 8])))
      .sum()
      .backward();
    expect(log).toEqual([]);
  });
});

describe('inspectInit with inputs of non-unit scale (the limits are relative to the input std)', () => {
  const scaled = (k: number) => {
    const x = rng.normal([128, 64]);
    for (let i = 0; i < x.data.length; i++) x.data[i] = x.data[i]! * k;
    return x;
  };
  test('a He ReLU net has no signal-level finding at input std 100 and 0.01 (ReLU is scale-equivariant: every layer scales alike)', () => {
    // (The update ratio does depend on the input scale — an SGD step grows with the activations — so only signal levels are checked.)
    const signal = new Set(['vanishing', 'exploding', 'shrinking', 'growing']);
    for (const k of [100, 0.01])
      expect(inspectInit(mlp(6, 64, 'relu', kaimingNormal()), scaled(k)).findings.filter((f) => signal.has(f.kind))).toEqual([]);
  });
  test('a vanishing torchDefault ReLU net is flagged at the same layer whatever the input scale', () => {
    const layerOf = (k: number) =>
      inspectInit(mlp(10, 64, 'relu', torchDefault()), scaled(k)).findings.find((f) => f.kind === 'vanishing')?.layers[0];
    const unit = layerOf(1);
    expect(unit).toBeGreaterThan(1);
    expect(layerOf(100)).toBe(unit);
    expect(layerOf(0.01)).toBe(unit);
  });
  test("N(0, 1) tanh: the saturated finding says the gradient grows on the way back, as the table's δ column shows", () => {
    const report = inspectInit(mlp(4, 64, 'tanh', normal({ std: 1 })), x64, { targets: y64 });
    const deltas = report.layers.slice(0, 4).map((l) => l.preActivationGradStd!);
    expect(deltas[0]!).toBeGreaterThan(deltas[3]!);
    expect(report.findings.find((f) => f.kind === 'saturated')?.message).toMatch(
      /the gradient still reaches the input through the unsaturated units and grows ×[\d.]+ per layer on the way back/,
    );
  });
  test("{ lang: 'zh-CN' }: findings and summary lines in Chinese, same kinds; the JSON keeps the language", () => {
    const model = mlp(10, 64, 'relu', torchDefault());
    const en = inspectInit(model, x64, { targets: y64 });
    const zh = inspectInit(model, x64, { targets: y64, lang: 'zh-CN' });
    expect(zh.findings.map((f) => f.kind)).toEqual(en.findings.map((f) => f.kind));
    expect(zh.findingsText()).toMatch(/^错误：第 \d+ 层：激活值标准差 .*信号已经消失/);
    expect(zh.toString()).toContain('初始损失');
    expect(InitReport.fromJSON(JSON.parse(JSON.stringify(zh))).findingsText()).toBe(zh.findingsText());
  });
});
