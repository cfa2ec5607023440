import { describe, expect, test } from 'vitest';
import { type LayerReport, findProblems } from '../../src/index.ts';

/** A healthy ReLU layer; tests override what they need. */
function layer(index: number, over: Partial<LayerReport> = {}): LayerReport {
  return {
    index,
    name: String(2 * (index - 1)),
    type: 'Linear',
    activation: 'ReLU',
    activationKind: 'relu',
    preActivationStd: 1.4,
    activationMean: 0.56,
    activationStd: 0.82,
    saturated: null,
    dead: 0,
    weightMean: 0,
    weightStd: 0.088,
    weightConstant: false,
    weightGradStd: 0.01,
    biasGradStd: 0.001,
    preActivationGradStd: 1e-3,
    updateRatio: 1e-3,
    ...over,
  };
}
const context = { inputStd: 1, loss: null, stepLabel: 'an SGD step (lr 0.01)' };

describe('findProblems', () => {
  test('healthy layers: nothing to say', () => {
    expect(
      findProblems(
        [1, 2, 3, 4, 5].map((i) => layer(i)),
        context,
      ),
    ).toEqual([]);
  });

  test('a steady drift below the vanishing limit is reported with its per-layer factor', () => {
    // Pre-activation std ×0.5 per layer over layers 1–5 (variance ×0.25), output stays above 1e-2.
    const layers = [1, 2, 3, 4, 5].map((i) => layer(i, { preActivationStd: 0.5 ** (i - 1), activationStd: 0.6 * 0.5 ** (i - 1) }));
    layers.push(layer(6, { activation: null, activationKind: null }));
    const [f, ...rest] = findProblems(layers, context);
    expect(rest).toEqual([]);
    expect(f?.kind).toBe('shrinking');
    expect(f?.message).toBe(
      'pre-activation variance changes ×0.25 per layer: std 1 at layer 1 → 0.0625 at layer 5 — the signal is fading and will vanish in a deeper network; with ReLU use kaimingNormal()',
    );
  });

  test('the output layer is exempt from signal-level and constant-weight checks (a zero read-out is a sound choice)', () => {
    const layers = [
      layer(1),
      layer(2),
      layer(3, {
        activation: null,
        activationKind: null,
        activationStd: 0,
        preActivationStd: 0,
        weightConstant: true,
        weightStd: 0,
        updateRatio: Number.POSITIVE_INFINITY,
      }),
    ];
    expect(findProblems(layers, context)).toEqual([]);
  });

  test('thresholds can be overridden per call', () => {
    const layers = [layer(1, { dead: 0.3 }), layer(2), layer(3)];
    expect(findProblems(layers, context)).toEqual([]);
    expect(findProblems(layers, { ...context, thresholds: { dead: 0.2 } }).map((f) => f.kind)).toEqual(['dead']);
  });

  test('initial loss far above ln C is flagged; near it is not', () => {
    const layers = [layer(1), layer(2)];
    const loss = (value: number) => ({ ...context, loss: { value, classes: 10, expected: Math.log(10) } });
    expect(findProblems(layers, loss(2.9))).toEqual([]);
    expect(findProblems(layers, loss(9.5)).map((f) => [f.kind, f.severity])).toEqual([['initialLoss', 'warning']]);
    expect(findProblems(layers, loss(Number.POSITIVE_INFINITY)).map((f) => [f.kind, f.severity])).toEqual([['initialLoss', 'error']]);
  });
});

describe('findProblems: signal levels are judged against the input scale', () => {
  // Three hidden layers of equal activation std s and a read-out; only the input std changes.
  const flat = (s: number) =>
    [1, 2, 3]
      .map((i) => layer(i, { activationStd: s, preActivationStd: s }))
      .concat([layer(4, { activation: null, activationKind: null })]);
  test('std 50 is healthy for inputs of std 100, and vanished for inputs of std 10⁵', () => {
    expect(findProblems(flat(50), { ...context, inputStd: 100 })).toEqual([]);
    // 50 < 0.01 × 10⁵: an inverted scaling (comparing against 1/inputStd) would see nothing here.
    expect(findProblems(flat(50), { ...context, inputStd: 1e5 }).map((f) => f.kind)).toEqual(['vanishing']);
  });
  test('std 5 is healthy for unit inputs, and exploding for inputs of std 0.01', () => {
    expect(findProblems(flat(5), context)).toEqual([]);
    const [f] = findProblems(flat(5), { ...context, inputStd: 0.01 });
    expect(f?.kind).toBe('exploding');
    expect(f?.message).toMatch(/^layer 1: activation std 5 against input std 0\.01 — the signal is exploding/);
  });
});

describe('findProblems: gradients, layer to layer', () => {
  test('an explosion inside the network is found even when the first and last layers agree', () => {
    // Weight-gradient std 0.01 at layers 1 and 5, but 10 at layer 3: ×1000 from layer 5 back to layer 3.
    const g = [0.01, 1, 10, 0.1, 0.01];
    const layers = g.map((v, i) => layer(i + 1, { weightGradStd: v }));
    const found = findProblems(layers, context).filter((f) => f.kind.endsWith('Gradients'));
    // Going back from layer 5 to 3 the std grows ×1000 (exploding); from layer 3 back to 1 it shrinks ×1/1000 (vanishing).
    expect(found.map((f) => [f.kind, f.layers])).toEqual([
      ['vanishingGradients', [1, 3]],
      ['explodingGradients', [3, 5]],
    ]);
  });
  test('no gradient finding when the std varies by less than the threshold anywhere', () => {
    const layers = [0.01, 0.3, 0.05, 0.9, 0.02].map((v, i) => layer(i + 1, { weightGradStd: v }));
    expect(findProblems(layers, context).filter((f) => f.kind.endsWith('Gradients'))).toEqual([]);
  });
});

describe('findProblems: the saturated message says what the gradient does', () => {
  const tanh = (i: number, delta: number) =>
    layer(i, { activation: 'Tanh', activationKind: 'tanh', dead: null, saturated: 0.87, weightStd: 1, preActivationGradStd: delta });
  test('growing toward the input (large weights amplify it through the unsaturated units)', () => {
    // δ std 0.08 at layer 1, 0.01 at layer 3: ×√8 ≈ 2.83 per layer going back.
    const f = findProblems([tanh(1, 0.08), tanh(2, 0.028), tanh(3, 0.01)], context).find((x) => x.kind === 'saturated');
    expect(f?.message).toBe(
      "layer 1: 87% of Tanh outputs are saturated (|y| > 0.99, where tanh' < 0.02); the gradient still reaches the input through the unsaturated units and grows ×2.83 per layer on the way back (also layers 2–3) — the weights are too large (std 1); with tanh use xavierNormal() or lecunNormal()",
    );
  });
  test('shrinking toward the input', () => {
    const f = findProblems([tanh(1, 0.0025), tanh(2, 0.005), tanh(3, 0.01)], context).find((x) => x.kind === 'saturated');
    expect(f?.message).toContain('and pass almost no gradient back (it shrinks ×0.5 per layer on the way back)');
  });
});

describe('findProblems in Chinese', () => {
  test("{ lang: 'zh-CN' } writes the same findings in Chinese, with the same kinds and layers", () => {
    const layers = [1, 2, 3, 4, 5].map((i) => layer(i, { preActivationStd: 0.5 ** (i - 1), activationStd: 0.6 * 0.5 ** (i - 1) }));
    layers.push(layer(6, { activation: null, activationKind: null }));
    const en = findProblems(layers, context);
    const zh = findProblems(layers, { ...context, lang: 'zh-CN' });
    expect(zh.map((f) => [f.kind, f.severity, f.layers])).toEqual(en.map((f) => [f.kind, f.severity, f.layers]));
    expect(zh[0]?.message).toBe(
      '预激活值的方差每层 ×0.25：标准差从第 1 层的 1 变为第 5 层的 0.0625——信号在衰减，网络更深时会消失；ReLU 请用 kaimingNormal()',
    );
  });
});
