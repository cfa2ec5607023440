/**
 * Layers describe themselves (issue 16, item 3): `inspectInit` and `lsuv` work on CNNs, and a layer
 * defined outside the package joins both by overriding `activationKind()` / `initTarget()` alone.
 */
import { expect, test } from 'vitest';
import { type Tensor, tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import * as nn from '../../src/index.ts';

const images = (n: number, seed: number): Tensor => tensor(new Rng(seed).normal([n, 3, 12, 12], 0, 1));

function cnn(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(3, 8, 3, { padding: 1, seed: 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(8, 16, 3, { padding: 1, seed: 2 }),
    new nn.Tanh(),
    new nn.AdaptiveAvgPool2d(1),
    new nn.Flatten(),
    new nn.Linear(16, 4, { seed: 3 }),
  );
}

test('inspectInit reports every conv layer with its activation', () => {
  const report = nn.inspectInit(cnn(), images(16, 0), { targets: tensor([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]) });
  expect(report.layers.map((l) => [l.type, l.activationKind])).toEqual([
    ['Conv2d', 'relu'],
    ['Conv2d', 'tanh'],
    ['Linear', null],
  ]);
  expect(report.layers[0]!.dead).not.toBeNull();
  expect(report.layers[1]!.saturated).not.toBeNull();
});

test('lsuv calibrates conv layers by default, in forward order', () => {
  const model = cnn();
  const r = nn.lsuv(model, images(32, 1), { seed: 0 });
  expect(r.layers.map((l) => l.name)).toEqual(['0', '3', '7']);
  expect(r.converged).toBe(true);
  for (const l of r.layers) expect(Math.abs(l.stdAfter - 1)).toBeLessThan(0.1);
  expect(model.initTarget()).toBeNull();
  expect((model.children()[0] as nn.Conv2d).initTarget()).toMatchObject({ fanIn: 27, fanOut: 72 });
});

test('a user-defined layer joins diagnostics and lsuv by describing itself', () => {
  class Square extends nn.Module {
    static readonly typeName = 'Square';
    override forward(x: Tensor): Tensor {
      return x.mul(x);
    }
    override activationKind(): 'other' {
      return 'other';
    }
  }
  class Scale extends nn.Module {
    static readonly typeName = 'Scale';
    weight: nn.Parameter;
    constructor() {
      super();
      this.weight = new nn.ParameterFactory('Scale', { seed: 0 }).create([4, 4], 'eye');
    }
    override forward(x: Tensor): Tensor {
      return x.matmul(this.weight);
    }
    override initTarget(): nn.InitTarget {
      return { weight: this.weight, fanIn: 4, fanOut: 4 };
    }
  }
  const model = new nn.Sequential(new Scale(), new Square());
  const x = tensor(new Rng(2).normal([64, 4], 0, 3));
  expect(nn.inspectInit(model, x).layers.map((l) => [l.type, l.activationKind])).toEqual([['Scale', 'other']]);
  expect(nn.lsuv(model, x, { seed: 1 }).layers.map((l) => l.type)).toEqual(['Scale']);
});
