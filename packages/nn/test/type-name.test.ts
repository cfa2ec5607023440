import { expect, test } from 'vitest';
import type { Tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import * as nn from '../src/index.ts';
import { Linear, Module, ReLU, Sequential, inspectInit, typeNameOf } from '../src/index.ts';

/** What a minifier does to a class: its `name` becomes something short. Restored afterwards. */
function withMangledName<T>(cls: { name: string }, run: () => T): T {
  const own = Object.getOwnPropertyDescriptor(cls, 'name')!;
  Object.defineProperty(cls, 'name', { value: 'Tt', configurable: true });
  try {
    return run();
  } finally {
    Object.defineProperty(cls, 'name', own);
  }
}

test('every exported Module subclass declares its own static typeName equal to its export name', () => {
  const layers = Object.entries(nn).filter(([, v]) => typeof v === 'function' && v.prototype instanceof Module) as [
    string,
    { typeName?: unknown },
  ][];
  expect(layers.length).toBeGreaterThan(10);
  for (const [exportName, cls] of layers) {
    expect(Object.hasOwn(cls, 'typeName'), exportName).toBe(true);
    expect(cls.typeName, exportName).toBe(exportName);
  }
});

test('a minified (renamed) class still prints its PyTorch name in toString, typeName and inspectInit', () => {
  withMangledName(Linear, () =>
    withMangledName(ReLU, () => {
      expect(Linear.name).toBe('Tt');
      const model = new Sequential(new Linear(2, 3, { seed: 0 }), new ReLU());
      expect(model.toString()).toMatch(
        /^Sequential\(\n {2}\(0\): Linear\(inFeatures=2, outFeatures=3, bias=true\)\n {2}\(1\): ReLU\(\)\n\)$/,
      );
      const report = inspectInit(model, new Rng(1).normal([8, 2]));
      expect(report.layers.map((l) => [l.type, l.activation])).toEqual([['Linear', 'ReLU']]);
    }),
  );
});

test("a user's subclass is named by its own class, not by the layer's typeName it inherits", () => {
  class MyLinear extends Linear {}
  class Mlp extends Module {
    fc = new MyLinear(2, 2, { seed: 0 });
    forward(x: Tensor): Tensor {
      return this.fc.forward(x);
    }
  }
  expect(new MyLinear(2, 2).typeName).toBe('MyLinear');
  expect(typeNameOf(new Mlp())).toBe('Mlp');
  expect(new Mlp().toString()).toMatch(/^Mlp\(\n {2}\(fc\): MyLinear\(/);
});
