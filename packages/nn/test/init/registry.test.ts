import { Rng, full } from '@seedling-ml/tensor';
import { afterEach, describe, expect, test } from 'vitest';
import {
  InitError,
  defineInitializer,
  getInitializer,
  initializerNames,
  initializerRegistry,
  registerInitializer,
  unregisterInitializer,
  type InitConfig,
  type Initializer,
  type InitializerName,
} from '../../src/init/index.ts';

const BUILTINS: InitializerName[] = [
  'zeros',
  'ones',
  'constant',
  'uniform',
  'normal',
  'truncatedNormal',
  'varianceScaling',
  'xavierUniform',
  'xavierNormal',
  'glorotUniform',
  'glorotNormal',
  'kaimingUniform',
  'kaimingNormal',
  'heUniform',
  'heNormal',
  'lecunUniform',
  'lecunNormal',
  'orthogonal',
  'eye',
  'dirac',
  'deltaOrthogonal',
  'sparse',
  'torchDefault',
];

/** A non-default config and a shape each initializer accepts. */
const EXAMPLES: Record<InitializerName, { config?: InitConfig; shape: number[] }> = {
  zeros: { shape: [3, 4] },
  ones: { shape: [3, 4] },
  constant: { config: { value: 0.7 }, shape: [3, 4] },
  uniform: { config: { low: 0, high: 3 }, shape: [3, 4] },
  normal: { config: { mean: 1, std: 0.2 }, shape: [3, 4] },
  truncatedNormal: { config: { std: 0.3, a: -0.5, b: 1, bounds: 'absolute', preserveStd: true }, shape: [3, 4] },
  varianceScaling: { config: { scale: 2, mode: 'fanAvg', distribution: 'uniform' }, shape: [3, 4] },
  xavierUniform: { config: { gain: 1.5 }, shape: [3, 4] },
  xavierNormal: { config: { gain: 0.5 }, shape: [3, 4] },
  glorotUniform: { config: { gain: 1.5 }, shape: [3, 4] },
  glorotNormal: { shape: [3, 4] },
  kaimingUniform: { config: { negativeSlope: 0.1, mode: 'fanOut' }, shape: [3, 4] },
  kaimingNormal: { config: { nonlinearity: 'tanh' }, shape: [3, 4] },
  heUniform: { shape: [3, 4] },
  heNormal: { config: { mode: 'fanOut' }, shape: [3, 4] },
  lecunUniform: { shape: [3, 4] },
  lecunNormal: { shape: [3, 4] },
  orthogonal: { config: { gain: 2 }, shape: [3, 4] },
  eye: { shape: [3, 4] },
  dirac: { config: { groups: 2 }, shape: [4, 2, 3] },
  deltaOrthogonal: { config: { gain: 3 }, shape: [4, 2, 3] },
  sparse: { config: { sparsity: 0.4, std: 0.5 }, shape: [5, 4] },
  torchDefault: { shape: [3, 4] },
};

const RANDOM: InitializerName[] = BUILTINS.filter((n) => !['zeros', 'ones', 'constant', 'eye', 'dirac'].includes(n));

function build(name: InitializerName): Initializer {
  const { config } = EXAMPLES[name];
  return getInitializer(config === undefined ? name : { name, config });
}

afterEach(() => {
  unregisterInitializer('scaledNormal');
  unregisterInitializer('zeros');
});

describe('registry', () => {
  test('holds every built-in, and the name list derives from it', () => {
    expect(Object.keys(initializerRegistry).sort()).toEqual([...BUILTINS].sort());
    expect(initializerNames()).toEqual(Object.keys(initializerRegistry));
  });

  test('factories by name build the same initializer as calling them', () => {
    for (const name of BUILTINS) {
      const { config } = EXAMPLES[name];
      const direct = (initializerRegistry[name] as (c?: InitConfig) => Initializer)(config);
      const viaName = build(name);
      expect(viaName.name).toBe(direct.name);
      expect(viaName.config).toEqual(direct.config);
    }
  });

  test('aliases resolve to the canonical name', () => {
    expect(getInitializer('glorotUniform').name).toBe('xavierUniform');
    expect(getInitializer('glorotNormal').name).toBe('xavierNormal');
    expect(getInitializer('heUniform').name).toBe('kaimingUniform');
    expect(getInitializer('heNormal').name).toBe('kaimingNormal');
  });

  test.each(BUILTINS)('%s: JSON round-trip gives an identical initializer (same samples for the same rng)', (name) => {
    const init = build(name);
    const json = JSON.stringify({ name: init.name, config: init.config });
    const again = getInitializer(JSON.parse(json) as { name: string; config: InitConfig });
    expect(again.name).toBe(init.name);
    expect(again.config).toEqual(init.config);
    expect(JSON.stringify(again)).toBe(json); // built-ins serialize to { name, config } directly
    const { shape } = EXAMPLES[name];
    const a = init.sample(shape, { rng: new Rng('round-trip'), dtype: 'float64' });
    const b = again.sample(shape, { rng: new Rng('round-trip'), dtype: 'float64' });
    expect(b.shape).toEqual(shape);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  test.each(RANDOM)('%s: same seed ⇒ bit-identical weights; different forks ⇒ different weights', (name) => {
    const init = build(name);
    const { shape } = EXAMPLES[name];
    const bits = (rng: Rng) => Array.from(new Uint32Array(init.sample(shape, { rng }).data.buffer));
    expect(bits(new Rng(99))).toEqual(bits(new Rng(99)));
    const parent = new Rng(99);
    expect(bits(parent.fork())).not.toEqual(bits(parent.fork()));
  });

  test('configs are frozen JSON with defaults filled in', () => {
    const init = getInitializer('kaimingNormal');
    expect(init.config).toEqual({ negativeSlope: 0, mode: 'fanIn', nonlinearity: 'leakyRelu' });
    expect(Object.isFrozen(init.config)).toBe(true);
    expect(Object.isFrozen(init)).toBe(true);
  });

  test('an Initializer instance is returned as is', () => {
    const init = getInitializer('ones');
    expect(getInitializer(init)).toBe(init);
  });

  test('unknown names and malformed specs throw, listing the valid names', () => {
    expect(() => getInitializer('glorot')).toThrow(InitError);
    expect(() => getInitializer('glorot')).toThrow(`getInitializer: unknown initializer 'glorot' (valid: ${BUILTINS.join(', ')})`);
    expect(() => getInitializer({ name: 'nope', config: {} })).toThrow("getInitializer: unknown initializer 'nope'");
    expect(() => getInitializer(42 as never)).toThrow('getInitializer: expected a name, { name, config } or an Initializer, got 42');
    expect(() => getInitializer({ name: 'uniform', config: { low: 'a' } } as never)).toThrow(
      "uniform: low must be a finite number, got 'a'",
    );
    expect(() => getInitializer({ name: 'uniform', config: [] } as never)).toThrow('uniform: options must be an object, got []');
  });
});

describe('registerInitializer', () => {
  const scaledNormal = (c: { scale?: number } = {}) => {
    const scale = c.scale ?? 1;
    return defineInitializer('scaledNormal', { scale }, (shape, ctx) => ctx.rng.normal(shape, 0, scale, { dtype: ctx.dtype }));
  };

  test('a registered factory resolves by name and from JSON', () => {
    registerInitializer('scaledNormal', scaledNormal);
    expect(initializerNames()).toContain('scaledNormal');
    const init = getInitializer({ name: 'scaledNormal', config: { scale: 3 } });
    const again = getInitializer(JSON.parse(JSON.stringify({ name: init.name, config: init.config })) as { name: string });
    expect(again.config).toEqual({ scale: 3 });
    expect(Array.from(again.sample([5], { rng: new Rng(1) }).data)).toEqual(Array.from(init.sample([5], { rng: new Rng(1) }).data));
    expect(getInitializer('scaledNormal').config).toEqual({ scale: 1 });
  });

  test('duplicates throw unless override; override of a built-in can be undone', () => {
    registerInitializer('scaledNormal', scaledNormal);
    expect(() => registerInitializer('scaledNormal', scaledNormal)).toThrow(
      "registerInitializer: an initializer named 'scaledNormal' already exists (pass { override: true } to replace it)",
    );
    expect(() => registerInitializer('zeros', scaledNormal)).toThrow(InitError);
    registerInitializer('zeros', () => defineInitializer('zeros', {}, (shape, ctx) => full(shape, 7, { dtype: ctx.dtype })), {
      override: true,
    });
    expect(Array.from(getInitializer('zeros').sample([2], { rng: new Rng(0) }).data)).toEqual([7, 7]);
    expect(unregisterInitializer('zeros')).toBe(true);
    expect(Array.from(getInitializer('zeros').sample([2], { rng: new Rng(0) }).data)).toEqual([0, 0]);
  });

  test('bad registrations throw', () => {
    expect(() => registerInitializer('', scaledNormal)).toThrow("registerInitializer: name must be a non-empty string, got ''");
    expect(() => registerInitializer('x', 3 as never)).toThrow("registerInitializer: factory for 'x' must be a function, got 3");
  });
});

describe('defineInitializer and sample validation', () => {
  test('config must be JSON', () => {
    expect(() => defineInitializer('bad', { x: Infinity }, () => full([1], 0))).toThrow('bad: config config.x must be JSON, got Infinity');
    expect(() => defineInitializer('bad', { x: new Date(0) as never }, () => full([1], 0))).toThrow(InitError);
  });

  test('the config is copied: mutating the caller object changes nothing', () => {
    const cfg = { list: [1, 2] };
    const init = defineInitializer('copy', cfg, () => full([1], 0));
    cfg.list.push(3);
    expect(init.config).toEqual({ list: [1, 2] });
  });

  test('sample checks shape, rng and dtype', () => {
    const init = getInitializer('normal');
    expect(() => init.sample([2, 1.5], { rng: new Rng(0) })).toThrow(
      'normal: dimension 1 must be a non-negative integer, got 1.5 in [2,1.5]',
    );
    expect(() => init.sample([2], {} as never)).toThrow('normal: ctx.rng must be an Rng, got undefined');
    expect(() => init.sample([2], { rng: new Rng(0), dtype: 'int32' as never })).toThrow(
      "normal: ctx.dtype must be one of 'float32', 'float64', got 'int32'",
    );
    expect(init.sample([2], { rng: new Rng(0), dtype: 'float64' }).dtype).toBe('float64');
  });
});
