import { expect, test } from 'vitest';
import { CNN_SHAPE, cnnSchemes, cnnTheory, measureCnn } from '../lib/init-lab/cnn.ts';
import { cnnStdSpec } from '../lib/init-lab/figures.ts';
import { stepsText } from '../lib/init-lab/report.ts';
import { FULL_CONFIG, QUICK_CONFIG, trainingSteps } from '../lib/init-lab/run.ts';

test('CNN theory, exact cases: a centre-only kernel reads no neighbour, a 1×1 image keeps only the centre tap', () => {
  // Delta-orthogonal with gain √2 (q = 2) under ReLU: v₁ = q, then q·v/2 = v — std √2 everywhere, δ 1 everywhere.
  const delta = cnnTheory('relu', { q: 2, centreOnly: true }, { depth: 6, channels: 4, size: 5 });
  for (const s of delta.std) expect(s).toBeCloseTo(Math.SQRT2, 12);
  for (const g of delta.grad) expect(g).toBeCloseTo(1, 12);
  // On a 1×1 image a 3×3 'same' conv sees only its centre tap: 1 of 9, so v₁ = q/9 and ReLU's ratio is q/18 per layer.
  const one = cnnTheory('relu', { q: 2, centreOnly: false }, { depth: 4, channels: 4, size: 1 });
  one.std.forEach((s, l) => expect(s).toBeCloseTo(Math.sqrt((2 / 9) * (1 / 9) ** l), 12));
});

test('CNN theory: He keeps the variance in the interior, zero padding loses it at the border', () => {
  // Pixel (i, j) has r(i)·r(j) taps inside, r = 2 on an edge row/column and 3 inside, so the first layer's
  // mean variance is q·(Σᵢ r(i))²/(9n²) = 2·((3n − 2)/(3n))²: 1.959 for n = 64; and it keeps falling slowly.
  const big = cnnTheory('relu', { q: 2, centreOnly: false }, { depth: 10, channels: 4, size: 64 });
  expect(big.std[0]! ** 2).toBeCloseTo(2 * ((3 * 64 - 2) / (3 * 64)) ** 2, 12);
  expect(big.std[9]!).toBeLessThan(big.std[0]!);
  expect(big.std[9]! / big.std[0]!).toBeGreaterThan(0.9);
  // The docs' 8×8 image leaks far more: theory 0.34 at layer 32 (docs/initialization.md, "Deep plain CNNs").
  expect(cnnTheory('relu', { q: 2, centreOnly: false }, CNN_SHAPE).std[31]).toBeCloseTo(0.34, 2);
});

test('CNN theory against measurement: tanh, the docs net, within 10% at layers 8 and 32 for every scheme', () => {
  // tanh's variance map has an attracting behaviour, so one 16-channel net already follows the theory
  // (the docs' table: two digits); 10% is several times the spread of three seeds there.
  for (const scheme of cnnSchemes('tanh')) {
    const theory = cnnTheory('tanh', scheme, CNN_SHAPE);
    const measured = measureCnn('tanh', scheme, CNN_SHAPE, 0);
    for (const l of [8, 32])
      expect(Math.abs(Math.log(measured.std[l - 1]! / theory.std[l - 1]!)), `${scheme.id} layer ${l}`).toBeLessThan(0.1);
  }
}, 60_000);

test('the CNN figure spec has one panel per (activation, scheme) and a legend naming the theory and each net', () => {
  const points = [
    { activation: 'tanh', scheme: 'xavierNormal', source: 'theory' as const, layer: 1, std: 0.9 },
    { activation: 'tanh', scheme: 'xavierNormal', source: 1, layer: 1, std: 0.91 },
    { activation: 'relu', scheme: 'kaimingNormal', source: 1, layer: 1, std: 0 }, // 0 cannot be drawn on a log axis: left out
  ];
  const spec = JSON.stringify(cnnStdSpec(points, CNN_SHAPE, 'zh-CN'));
  expect(spec).toContain('理论值');
  expect(spec).toContain('网络 1');
  expect(spec).toContain('tanh · xavierNormal');
  expect(spec).not.toContain('relu · kaimingNormal');
});

test('the full lab trains its 30-layer nets longer; the quick one does not', () => {
  expect(trainingSteps(FULL_CONFIG, 10)).toBe(100);
  expect(trainingSteps(FULL_CONFIG, 30)).toBe(300);
  expect(trainingSteps(QUICK_CONFIG, 30)).toBe(100);
  expect(stepsText(FULL_CONFIG)).toBe('100 steps (depth 30: 300)');
  expect(stepsText(QUICK_CONFIG)).toBe('100 steps');
});
