import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  type Config,
  DATASETS,
  DEFAULT_CONFIG,
  INITS,
  INIT_OPTIONS,
  LANGS,
  OPTIMIZERS,
  parseConfig,
  serializeConfig,
} from '../src/config.ts';

const configArb = fc
  .record({
    depth: fc.integer({ min: 1, max: 50 }),
    width: fc.integer({ min: 4, max: 512 }),
    activation: fc.constantFrom(...ACTIVATIONS),
    init: fc.constantFrom(...INITS),
    gain: fc.double({ min: 0, max: 100, noNaN: true }),
    data: fc.constantFrom(...DATASETS),
    optimizer: fc.constantFrom(...OPTIMIZERS),
    lr: fc.double({ min: 1e-6, max: 10, noNaN: true }),
    batch: fc.integer({ min: 1, max: 1024 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    lang: fc.constantFrom(...LANGS),
    pick: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    value: fc.double({ min: 0, max: 0.9, noNaN: true }),
  })
  .map(({ pick, value, ...c }): Config => {
    const initOptions: Record<string, number | string> = {};
    INIT_OPTIONS[c.init].forEach((o, i) => {
      if (!pick[i]) return;
      initOptions[o.key] =
        o.kind === 'choice' ? o.choices![o.choices!.length - 1]! : Math.min(o.max ?? Infinity, Math.max(o.min ?? -Infinity, value));
    });
    return { ...c, initOptions };
  });

describe('config ⇄ URL', () => {
  test.prop([configArb])('parseConfig(serializeConfig(c)) gives c back', (c) => {
    expect(parseConfig(`?${serializeConfig(c)}`)).toEqual(c);
  });

  it('names the issue keys with catalogue values', () => {
    const q = new URLSearchParams(serializeConfig({ ...DEFAULT_CONFIG, init: 'kaimingNormal', activation: 'relu' }));
    expect([...q.keys()]).toEqual(['depth', 'width', 'activation', 'init', 'gain', 'data', 'optimizer', 'lr', 'batch', 'seed', 'lang']);
    expect(q.get('init')).toBe('kaimingNormal');
    expect(q.get('activation')).toBe('relu');
  });

  it('falls back to defaults for unknown values and clamps numbers to the control limits', () => {
    const c = parseConfig('?depth=999&width=1&activation=swish&init=nope&lr=abc&batch=-3&lang=fr');
    expect(c).toEqual({ ...DEFAULT_CONFIG, depth: 50, width: 4, batch: 1 });
  });

  it('reads only the options of the chosen initializer', () => {
    expect(parseConfig('?init=normal&std=0.2&mode=fanOut').initOptions).toEqual({ std: 0.2 });
    expect(parseConfig('?init=kaimingNormal&mode=fanOut&std=0.2').initOptions).toEqual({ mode: 'fanOut' });
    expect(parseConfig('?init=truncatedNormal&std=0.1&a=-1&b=3&bounds=absolute&preserveStd=true').initOptions).toEqual({
      std: 0.1,
      a: -1,
      b: 3,
      bounds: 'absolute',
      preserveStd: 'true',
    });
    expect(parseConfig('?init=lsuv&maxIterations=3.7&orthonormalFirst=false').initOptions).toEqual({
      maxIterations: 4,
      orthonormalFirst: 'false',
    });
  });
});
