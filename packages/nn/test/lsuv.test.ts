import { describe, expect, test } from 'vitest';
import { Tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import { BatchNorm1d, Dropout, Linear, Module, NNError, ReLU, Sequential, Tanh, lsuv } from '../src/index.ts';
import { values } from './helpers.ts';

/** Sample std (n − 1) of every element. */
function std(x: Tensor): number {
  const v = values(x);
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
}

/** Output std of each Linear of a Sequential, by running the chain by hand. */
function linearStds(net: Sequential, x: Tensor): number[] {
  const out: number[] = [];
  let h = x;
  for (const m of net.children()) {
    h = m.forward(h);
    if (m instanceof Linear) out.push(std(h));
  }
  return out;
}

function mlp(act: () => Module, widths: number[], seed: number): Sequential {
  const net = new Sequential();
  const rng = new Rng(seed);
  for (let i = 0; i + 1 < widths.length; i++) {
    // deliberately badly scaled start: N(0, 1) weights and nonzero biases
    net.append(
      new Linear(widths[i]!, widths[i + 1]!, {
        rng,
        weightInit: 'normal',
        biasInit: { name: 'uniform', config: { low: -0.5, high: 0.5 } },
      }),
    );
    if (i + 2 < widths.length) net.append(act());
  }
  return net;
}

const data = (n: number, d: number, seed: number) => new Tensor(new Rng(seed).normal([n, d], 0, 1));

describe('lsuv', () => {
  test.each([
    ['ReLU', () => new ReLU()],
    ['tanh', () => new Tanh()],
  ])('brings every layer of a %s net within tolerance', (_name, act) => {
    const net = mlp(act, [32, 64, 64, 64, 64, 10], 1);
    const x = data(256, 32, 2);
    const before = linearStds(net, x);
    expect(before.some((s) => Math.abs(s - 1) > 0.5)).toBe(true);
    const report = lsuv(net, x, { seed: 3 });
    expect(report.converged).toBe(true);
    expect(report.layers.map((l) => l.name)).toEqual(['0', '2', '4', '6', '8']);
    const after = linearStds(net, x);
    after.forEach((s, i) => {
      expect(Math.abs(s - 1)).toBeLessThan(0.1);
      expect(report.layers[i]!.stdAfter).toBeCloseTo(s, 4);
    });
  });

  test('targetStd, tolerance and no orthonormal start: the weight is only rescaled', () => {
    const net = mlp(() => new Tanh(), [16, 32, 32, 4], 4);
    const x = data(128, 16, 5);
    const w0 = values((net.at(2) as Linear).weight);
    const report = lsuv(net, x, { targetStd: 0.5, tolerance: 0.01, orthonormalFirst: false });
    linearStds(net, x).forEach((s) => expect(Math.abs(s - 0.5)).toBeLessThan(0.01));
    const layer = report.layers[1]!;
    values((net.at(2) as Linear).weight).forEach((v, i) => expect(v).toBeCloseTo(w0[i]! * layer.scale, 5));
    expect(layer.iterations).toBeGreaterThan(0);
  });

  test('orthonormalFirst: weights start orthogonal (rows orthonormal up to the LSUV scale)', () => {
    const net = new Sequential(new Linear(8, 4, { seed: 1 }));
    const report = lsuv(net, data(64, 8, 1), { seed: 2, maxIterations: 0 });
    const w = values((net.at(0) as Linear).weight);
    const s = report.layers[0]!.scale;
    expect(s).toBe(1);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        let dot = 0;
        for (let k = 0; k < 8; k++) dot += w[i * 8 + k]! * w[j * 8 + k]!;
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
    expect(report.layers[0]!.iterations).toBe(0);
  });

  test('works through hooks on any module; same seed ⇒ identical result', () => {
    class Custom extends Module {
      a = new Linear(10, 20, { seed: 1 });
      b = new Linear(20, 5, { seed: 2 });
      forward(x: Tensor): Tensor {
        return this.b.forward(this.a.forward(x).relu());
      }
    }
    const x = data(100, 10, 3);
    const m1 = new Custom();
    const m2 = new Custom();
    const r1 = lsuv(m1, x, { seed: 9 });
    const r2 = lsuv(m2, x, { seed: 9 });
    expect(r2).toEqual(r1);
    expect(values(m2.b.weight)).toEqual(values(m1.b.weight));
    expect(Math.abs(std(m1.a.forward(x)) - 1)).toBeLessThan(0.1);
    expect(Math.abs(std(m1.forward(x)) - 1)).toBeLessThan(0.1);
    expect(m1.initReport()['a.weight']).toMatchObject({
      initializer: 'lsuv',
      previous: { initializer: 'orthogonal', previous: { initializer: 'xavierUniform' } },
    });
  });

  test('calibrates in the order forward runs the layers, not the order they are declared in', () => {
    // `late` is declared first but runs second. Calibrating it first and then rescaling `early` (whose
    // input has std 3) would scale late's input by ≈ 1/3 afterwards and leave it far from 1.
    class Reordered extends Module {
      late = new Linear(32, 16, { seed: 1 });
      early = new Linear(16, 32, { seed: 2 });
      forward(x: Tensor): Tensor {
        return this.late.forward(this.early.forward(x).tanh());
      }
    }
    const net = new Reordered();
    const x = new Tensor(new Rng(4).normal([256, 16], 0, 3));
    const report = lsuv(net, x, { seed: 5 });
    expect(report.layers.map((l) => l.name)).toEqual(['early', 'late']);
    expect(report.converged).toBe(true);
    const h = net.early.forward(x);
    expect(Math.abs(std(h) - 1)).toBeLessThan(0.1);
    expect(Math.abs(std(net.late.forward(h.tanh())) - 1)).toBeLessThan(0.1);
  });

  test('runs in eval mode and restores every training flag; BatchNorm stats untouched', () => {
    const net = new Sequential(
      new Linear(4, 8, { seed: 1 }),
      new BatchNorm1d(8),
      new Dropout(0.5, { seed: 1 }),
      new Linear(8, 2, { seed: 2 }),
    );
    (net.at(2) as Dropout).eval();
    const bn = net.at(1) as BatchNorm1d;
    lsuv(net, data(32, 4, 1), { seed: 1 });
    expect(net.modules().map((m) => m.training)).toEqual([true, true, true, false, true]);
    expect(values(bn.runningMean)).toEqual(new Array(8).fill(0));
    expect(bn.numBatchesTracked.item()).toBe(0);
  });

  test('errors: no Linear, a layer forward never reaches, bad options', () => {
    expect(() => lsuv(new Sequential(new ReLU()), data(2, 2, 0))).toThrow(NNError);
    expect(() => lsuv(new Sequential(new ReLU()), data(2, 2, 0))).toThrow(
      'lsuv: the model has no layer to calibrate (no module declares an initTarget(): Linear, Conv2d, …)',
    );
    class Skips extends Module {
      used = new Linear(2, 2);
      unused = new Linear(2, 2);
      forward(x: Tensor): Tensor {
        return this.used.forward(x);
      }
    }
    expect(() => lsuv(new Skips(), data(8, 2, 0))).toThrow("lsuv: layer 'unused' was not called by the model's forward");
    expect(() => lsuv(new Sequential(new Linear(2, 2)), data(8, 2, 0), { tolerance: 0 })).toThrow(
      'lsuv: tolerance must be a finite number > 0, got 0',
    );
    expect(() => lsuv(new Sequential(new Linear(2, 2)), data(8, 2, 0), { orthonormalFirst: 'no' as never })).toThrow(
      "lsuv: option 'orthonormalFirst' must be true or false, got 'no'",
    );
  });
});
