import { describe, expect, test } from 'vitest';
import { Rng, full } from '@seedling-ml/tensor';
import {
  BatchNorm1d,
  Embedding,
  LayerNorm,
  Linear,
  NNError,
  Sequential,
  ReLU,
  defineInitializer,
  getInitializer,
  kaimingNormal,
  manualSeed,
  defaultSeed,
  torchDefault,
} from '../src/index.ts';
import { values } from './helpers.ts';

const bits = (m: { parameters(): { data: { data: Float32Array | Float64Array } }[] }) => m.parameters().map((p) => Array.from(p.data.data));

describe('seeding', () => {
  test('same seed ⇒ bit-identical parameters; different seed ⇒ different', () => {
    expect(bits(new Linear(5, 4, { seed: 9 }))).toEqual(bits(new Linear(5, 4, { seed: 9 })));
    expect(bits(new Linear(5, 4, { seed: 9, biasInit: 'torchDefault' }))).toEqual(
      bits(new Linear(5, 4, { seed: 9, biasInit: 'torchDefault' })),
    );
    expect(values(new Linear(5, 4, { seed: 9 }).weight)).not.toEqual(values(new Linear(5, 4, { seed: 10 }).weight));
  });

  test('each parameter draws from its own fork: removing the bias leaves the weight unchanged', () => {
    const withBias = new Linear(6, 3, { seed: 4 });
    const without = new Linear(6, 3, { seed: 4, bias: false });
    expect(without.bias).toBeNull();
    expect(values(without.weight)).toEqual(values(withBias.weight));
  });

  test('a seeded layer is unaffected by the layers built before it', () => {
    const alone = new Sequential(new Linear(3, 3, { seed: 7 }));
    const after = new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 3), new Linear(3, 3, { seed: 7 }));
    expect(values((after.at(3) as Linear).weight)).toEqual(values((alone.at(0) as Linear).weight));
  });

  test('a shared rng: the whole model reproduces from one seed', () => {
    const build = () => {
      const rng = new Rng(123);
      return new Sequential(new Linear(3, 4, { rng }), new ReLU(), new Linear(4, 2, { rng }), new LayerNorm(2, { rng }));
    };
    expect(bits(build())).toEqual(bits(build()));
    const rng = new Rng(1);
    expect(values(new Linear(3, 4, { rng }).weight)).not.toEqual(values(new Linear(3, 4, { rng }).weight));
  });

  test('the default generator: manualSeed makes unseeded layers reproducible; it advances', () => {
    manualSeed(42);
    expect(defaultSeed()).toBe(42);
    const a1 = new Linear(3, 3);
    const a2 = new Linear(3, 3);
    manualSeed(42);
    const b1 = new Linear(3, 3);
    const b2 = new Linear(3, 3);
    expect(values(b1.weight)).toEqual(values(a1.weight));
    expect(values(b2.weight)).toEqual(values(a2.weight));
    expect(values(a2.weight)).not.toEqual(values(a1.weight));
    manualSeed(0);
  });

  test('rng and seed together is an error', () => {
    expect(() => new Linear(2, 2, { seed: 1, rng: new Rng(1) })).toThrow(NNError);
    expect(() => new Linear(2, 2, { seed: 1, rng: new Rng(1) })).toThrow('Linear: give either rng or seed, not both (seed 1)');
  });
});

describe('initializers and the init report', () => {
  test('defaults: xavierUniform weight within ±√(6/(in+out)), zero bias', () => {
    const fc = new Linear(30, 20, { seed: 1 });
    const limit = Math.sqrt(6 / 50);
    expect(values(fc.weight).every((v) => Math.abs(v) <= limit)).toBe(true);
    expect(Math.max(...values(fc.weight).map(Math.abs))).toBeGreaterThan(0.9 * limit);
    expect(values(fc.bias!)).toEqual(new Array(20).fill(0));
  });

  test('torchDefault bias uses the weight fanIn: U(±1/√in)', () => {
    const fc = new Linear(16, 400, { seed: 2, weightInit: torchDefault(), biasInit: 'torchDefault' });
    const b = values(fc.bias!);
    expect(b.every((v) => Math.abs(v) <= 1 / 4)).toBe(true);
    // P(all 400 draws have |b| < 0.24) = 0.96^400 ≈ 8e-8 (and the seed is fixed)
    expect(Math.max(...b.map(Math.abs))).toBeGreaterThan(0.24);
  });

  test('initializers by instance, name and JSON spec give the same values', () => {
    const a = new Linear(8, 4, { seed: 3, weightInit: kaimingNormal({ mode: 'fanOut' }) });
    const b = new Linear(8, 4, { seed: 3, weightInit: { name: 'kaimingNormal', config: { mode: 'fanOut' } } });
    expect(values(b.weight)).toEqual(values(a.weight));
    const c = new Linear(8, 4, { seed: 3, weightInit: 'heNormal' });
    expect(values(c.weight)).toEqual(values(new Linear(8, 4, { seed: 3, weightInit: kaimingNormal() }).weight));
  });

  test('initReport is JSON and reproduces every parameter bit for bit', () => {
    const net = new Sequential(
      new Linear(5, 4, { seed: 11, biasInit: 'torchDefault' }),
      new ReLU(),
      new Linear(4, 2, { seed: 12, weightInit: 'orthogonal' }),
    );
    const report = JSON.parse(JSON.stringify(net.initReport())) as ReturnType<typeof net.initReport>;
    expect(Object.keys(report)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(report['0.weight']).toMatchObject({
      initializer: 'xavierUniform',
      config: { gain: 1 },
      parentSeed: 11,
      fanIn: 5,
      fanOut: 4,
      shape: [4, 5],
    });
    expect(report['0.bias']).toMatchObject({ initializer: 'torchDefault', fanIn: 5, shape: [4] });
    expect(report['2.weight']!.initializer).toBe('orthogonal');
    for (const [name, p] of net.namedParameters()) {
      const r = report[name]!;
      const init = getInitializer({ name: r.initializer, config: r.config as Record<string, never> });
      const again = init.sample(r.shape, { rng: new Rng(r.seed!), dtype: 'float32', fanIn: r.fanIn!, fanOut: r.fanOut! });
      expect(Array.from(again.data)).toEqual(values(p));
    }
  });

  test('LayerNorm and BatchNorm default to ones/zeros; Embedding to N(0, 1)', () => {
    const ln = new LayerNorm(3);
    expect(values(ln.weight!)).toEqual([1, 1, 1]);
    expect(values(ln.bias!)).toEqual([0, 0, 0]);
    const bn = new BatchNorm1d(2);
    expect(bn.initReport()).toMatchObject({ weight: { initializer: 'ones' }, bias: { initializer: 'zeros' } });
    const emb = new Embedding(100, 100, { seed: 0 });
    expect(emb.initReport().weight).toMatchObject({ initializer: 'normal', config: { mean: 0, std: 1 } });
    const w = values(emb.weight);
    const mean = w.reduce((s, v) => s + v, 0) / w.length;
    const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
    // N = 10⁴: SE(mean) = 0.01, SE(std) ≈ 1/√(2N) ≈ 0.0071; tolerance 4 SE
    expect(Math.abs(mean)).toBeLessThan(0.04);
    expect(Math.abs(std - 1)).toBeLessThan(4 * 0.0071);
  });

  test('an initializer that returns the wrong shape or dtype is refused, naming it and both shapes', () => {
    const wrongShape = defineInitializer('wrongShape', {}, (_shape, ctx) => full([2], 1, { dtype: ctx.dtype }));
    expect(() => new Linear(3, 2, { weightInit: wrongShape })).toThrow(NNError);
    expect(() => new Linear(3, 2, { weightInit: wrongShape })).toThrow(
      "Linear: initializer 'wrongShape' returned shape [2], expected [2,3]",
    );
    const wrongDtype = defineInitializer('wrongDtype', {}, (shape) => full(shape, 1, { dtype: 'float64' }));
    expect(() => new Linear(3, 2, { weightInit: wrongDtype })).toThrow(
      "Linear: initializer 'wrongDtype' returned float64, expected float32",
    );
  });

  test('an unknown initializer name throws listing the valid ones', () => {
    expect(() => new Linear(2, 2, { weightInit: 'xavier' })).toThrow(/unknown initializer 'xavier' \(valid: .*xavierUniform/);
  });
});
