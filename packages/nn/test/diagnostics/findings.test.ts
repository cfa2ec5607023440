import { describe, expect, test } from 'vitest';
import { type LayerReport, findProblems } from '../../src/index.ts';

/** A healthy ReLU layer; tests override what they need. */
function layer(index: number, over: Partial<LayerReport> = {}): LayerReport {
  return {
    index, name: String(2 * (index - 1)), type: 'Linear', activation: 'ReLU', activationKind: 'relu',
    preActivationStd: 1.4, activationMean: 0.56, activationStd: 0.82, saturated: null, dead: 0,
    weightMean: 0, weightStd: 0.088, weightConstant: false, weightGradStd: 0.01, biasGradStd: 0.001,
    preActivationGradStd: 1e-3, updateRatio: 1e-3, ...over,
  };
}
const context = { inputStd: 1, loss: null, stepLabel: 'an SGD step (lr 0.01)' };

describe('findProblems', () => {
  test('healthy layers: nothing to say', () => {
    expect(findProblems([1, 2, 3, 4, 5].map((i) => layer(i)), context)).toEqual([]);
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
    const layers = [layer(1), layer(2), layer(3, { activation: null, activationKind: null, activationStd: 0, preActivationStd: 0, weightConstant: true, weightStd: 0, updateRatio: Number.POSITIVE_INFINITY })];
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
