import { describe, expect, test } from 'vitest';
import { htmlReport, textReport } from '../lib/init-lab/report.ts';
import { type LabConfig, QUICK_CONFIG, runInitLab } from '../lib/init-lab/run.ts';
import { schemeById } from '../lib/init-lab/schemes.ts';

const LN10 = Math.log(10);

/** The quick lab, narrowed to the 30-layer ReLU net and the schemes whose contrast the literature states. */
const CONTRAST: LabConfig = {
  ...QUICK_CONFIG,
  activations: ['relu'],
  depths: [30],
  schemes: ['zeros', 'xavierNormal', 'kaimingNormal', 'torchDefault', 'lsuv'].map(schemeById),
};

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('init lab, 30-layer ReLU MLP (quick: width 128)', () => {
  // Statistics at initialization for five schemes; training only where the test needs it (it is the slow part).
  const runs = runInitLab(CONTRAST, { skipTraining: true });
  const run = (id: string) => runs.find((r) => r.scheme === id)!;
  const trained = runInitLab({ ...CONTRAST, schemes: ['xavierNormal', 'kaimingNormal'].map(schemeById) });

  test('per-layer variance ratios match the closed forms: He 1, Xavier ½, torchDefault ⅙, LSUV 1', () => {
    // Worst-case relative SE per layer √(5/n) (see packages/nn/test/diagnostics/variance-ratios.test.ts),
    // 29 independent layers: 4 SE in log space = 4·√(5/128)/√29 = 0.147.
    const tol = (4 * Math.sqrt(5 / CONTRAST.width)) / Math.sqrt(29);
    for (const [id, expected] of [
      ['kaimingNormal', 1],
      ['xavierNormal', 1 / 2],
      ['torchDefault', 1 / 6],
      ['lsuv', 1],
    ] as const) {
      expect(Math.abs(Math.log(run(id).varianceRatio / expected)), id).toBeLessThan(tol);
    }
  });

  test('zeros: every weight gradient is exactly 0 and the loss never leaves ln 10 by more than the output bias can move it', () => {
    const z = run('zeros');
    expect(z.layers.map((l) => l.weightGradStd)).toEqual(z.layers.map(() => 0));
    expect(z.layers.slice(0, -1).map((l) => l.biasGradStd)).toEqual(z.layers.slice(0, -1).map(() => 0));
    expect(z.layers[z.layers.length - 1]!.biasGradStd).toBeGreaterThan(0);
    expect(z.initialLoss).toBeCloseTo(LN10, 6);
    expect(z.findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['constantWeights', 'zeroGradients']));
  });

  test('Xavier stalls where He trains (He et al. 2015, Fig. 3)', () => {
    const he = trained.find((r) => r.scheme === 'kaimingNormal')!.training.losses;
    const xavier = trained.find((r) => r.scheme === 'xavierNormal')!.training.losses;
    // Xavier: the signal reaching the read-out is ~2⁻¹⁵ of He's, so are the gradients; SGD cannot move it.
    expect(Math.max(...xavier.map((l) => Math.abs(l - LN10)))).toBeLessThan(0.02);
    // He: the loss falls clearly below ln 10 (an uninformed guess), on the training batches and held out.
    expect(mean(he.slice(-10))).toBeLessThan(LN10 - 0.3);
    expect(trained.find((r) => r.scheme === 'kaimingNormal')!.training.testLoss).toBeLessThan(LN10 - 0.3);
    expect(run('xavierNormal').findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['vanishing', 'tinyUpdates']));
    expect(run('kaimingNormal').findings.map((f) => f.kind)).not.toContain('vanishing');
  });

  test('the terminal table and the HTML report (vega-lite SVG) show every scheme', async () => {
    // (Training curves are empty here: skipTraining.)
    const text = textReport(runs, CONTRAST);
    for (const id of ['zeros', 'xavierNormal', 'kaimingNormal', 'torchDefault', 'lsuv']) expect(text).toMatch(new RegExp(`^${id}\\s`, 'm'));
    const html = await htmlReport(runs, CONTRAST, 'test');
    // The He-vs-Xavier headline, then std / gradient / loss panels of the one (activation, depth) block.
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain('relu, depth 30: pre-activation std per layer, measured (solid) and theory (dashed)');
    expect(html).toContain('not drawn (every value 0 on a log axis): zeros');
    expect(html).toContain('What to look at:');
    // The findings in words, not only their kinds.
    expect(html).toContain('the signal has vanished');
  });
});

test('the theory column: the tanh variance map and the ReLU closed form, beside the measurement', () => {
  const runs = runInitLab(
    { ...QUICK_CONFIG, width: 64, depths: [10], schemes: ['xavierNormal', 'kaimingNormal'].map(schemeById) },
    { skipTraining: true },
  );
  for (const r of runs) {
    const measured = r.layers[9]!.preActivationStd;
    // Width 64: the per-layer sampling error (≈ √(2/64) in variance) over 9 layers allows ~15% in std; the map itself is exact to 3 digits at width 256.
    expect(Math.abs(Math.log(measured / r.predictedStd![9]!)), `${r.activation} ${r.scheme}`).toBeLessThan(0.15);
  }
  // q = 1, tanh: a power law, not ½ per layer: the predicted std at layer 10 is 0.24 (docs/initialization.md §6).
  expect(runs.find((r) => r.activation === 'tanh' && r.scheme === 'xavierNormal')!.predictedStd![9]).toBeCloseTo(0.241, 3);
});

test('same config, same numbers (every draw is seeded)', () => {
  const tiny: LabConfig = {
    ...QUICK_CONFIG,
    width: 32,
    activations: ['tanh'],
    depths: [4],
    schemes: ['orthogonal', 'lsuv'].map(schemeById),
    train: { ...QUICK_CONFIG.train, steps: 5 },
  };
  const strip = (rs: ReturnType<typeof runInitLab>) => JSON.parse(JSON.stringify(rs));
  expect(strip(runInitLab(tiny))).toEqual(strip(runInitLab(tiny)));
});
