import { describe, expect, test } from 'vitest';
import { Tensor, tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import { Linear, NNError, ReLU, Sequential, Tanh } from '../../src/index.ts';
import { gradcheckModule, randn, values } from '../helpers.ts';

describe('Sequential', () => {
  test('feeds the input through each module in order', () => {
    const a = new Linear(3, 4, { seed: 1, dtype: 'float64' });
    const b = new Linear(4, 2, { seed: 2, dtype: 'float64' });
    const net = new Sequential(a, new Tanh(), b);
    const x = new Tensor(new Rng(0).normal([5, 3], 0, 1, { dtype: 'float64' }));
    expect(values(net.forward(x))).toEqual(values(b.forward(a.forward(x).tanh())));
    expect(net.length).toBe(3);
    expect(net.at(-1)).toBe(b);
  });

  test('named form and append', () => {
    const net = new Sequential({ fc: new Linear(2, 2), act: new ReLU() });
    net.append(new Linear(2, 1));
    expect(net.namedParameters().map(([n]) => n)).toEqual(['fc.weight', 'fc.bias', '2.weight', '2.bias']);
    expect(() => new Sequential({ forward: new ReLU() })).toThrow("Sequential: name 'forward' is already taken");
    expect(() => new Sequential({ x: 3 as unknown as ReLU })).toThrow(NNError);
  });

  test('a non-Module argument throws, naming its position and what it is', () => {
    const relu = (x: Tensor) => x.relu();
    const asModule = (x: unknown) => x as ReLU;
    // A lone function used to be read as an empty named form and gave an empty network.
    expect(() => new Sequential(asModule(relu))).toThrow('Sequential: argument 0 is not a Module: got function relu');
    expect(
      () =>
        new Sequential(
          new ReLU(),
          asModule((x: Tensor) => x),
        ),
    ).toThrow('Sequential: argument 1 is not a Module: got an anonymous function');
    expect(() => new Sequential(new Linear(2, 2), asModule(undefined))).toThrow('Sequential: argument 1 is not a Module: got undefined');
    expect(() => new Sequential(asModule([new ReLU()]))).toThrow('Sequential: argument 0 is not a Module: got an instance of Array');
    expect(() => new Sequential(asModule(Tensor.zeros([1])))).toThrow(/argument 0 is not a Module: got an instance of \w+/);
    expect(() => new Sequential({ act: asModule(3) })).toThrow("Sequential: entry 'act' is not a Module: got number 3");
    expect(() => new Sequential().append(asModule(relu))).toThrow('Sequential: the appended value is not a Module: got function relu');
  });

  test('gradcheck in float64 through the chain', () => {
    const net = new Sequential(
      new Linear(3, 4, { seed: 3, dtype: 'float64' }),
      new Tanh(),
      new Linear(4, 2, { seed: 4, dtype: 'float64' }),
    );
    expect(gradcheckModule(net, [randn([2, 3], 5)])).toBe(true);
  });
});

describe('a Linear followed by a ReLU runs as one op', () => {
  const build = () =>
    new Sequential(
      new Linear(30, 20, { seed: 1 }),
      new ReLU(),
      new Linear(20, 10, { seed: 2 }),
      new ReLU(),
      new Linear(10, 3, { seed: 3 }),
    );
  const x = new Rng(4).normal([16, 30]);

  /** Output and every parameter's gradient of one forward + backward. */
  function run(net: Sequential): Float32Array[] {
    const y = net.forward(tensor(x.clone()));
    y.square().sum().backward();
    return [y.data.data as Float32Array, ...net.parameters().map((p) => p.grad!.data.data as Float32Array)];
  }

  test('the same output and gradients, bit for bit, as the two modules run apart (a hook on each ReLU turns fusion off)', () => {
    const fused = build();
    const apart = build();
    const relus = [apart.at(1)!, apart.at(3)!];
    let calls = 0;
    for (const r of relus) r.registerForwardHook(() => calls++);
    expect(fused.at(0)!.fusible && fused.at(1)!.fusible).toBe(true);
    expect(relus.every((r) => !r.fusible)).toBe(true);
    const a = run(fused);
    const b = run(apart);
    expect(calls).toBe(2); // the hooked ReLUs did run as modules
    expect(a.length).toBe(7);
    for (let i = 0; i < a.length; i++) expect(Array.from(a[i]!), `array ${i}`).toEqual(Array.from(b[i]!));
  });

  test('one graph node fewer per pair: the fused output is not a relu node', () => {
    const net = new Sequential(new Linear(3, 2, { seed: 5 }), new ReLU());
    const y = net.forward(tensor([[1, -2, 3]], { requiresGrad: true }));
    expect(y.node?.op.name).toBe('linear');
    net.at(1)!.registerForwardHook(() => {});
    expect(net.forward(tensor([[1, -2, 3]], { requiresGrad: true })).node?.op.name).toBe('relu');
  });

  test('not fused: a subclass of Linear or ReLU, a replaced forward, a backward hook; fused again once the hook is removed', () => {
    class Shifted extends Linear {
      override forward(x: Tensor): Tensor {
        return super.forward(x).add(100);
      }
    }
    const viaSubclass = new Sequential(new Shifted(3, 2, { seed: 6 }), new ReLU());
    expect(Array.from(viaSubclass.forward(tensor([[1, 2, 3]])).data.data).every((v) => v > 50)).toBe(true);
    const replaced = new Sequential(new Linear(3, 2, { seed: 6 }), new ReLU());
    const relu = replaced.at(1)!;
    relu.forward = (t: Tensor) => t.tanh();
    expect(relu.fusible).toBe(false);
    const out = replaced.forward(tensor([[-1, -2, -3]]));
    const linearOut = (replaced.at(0) as Linear).forward(tensor([[-1, -2, -3]]));
    expect(out.toArray()).toEqual(linearOut.tanh().toArray());
    const lin = new Linear(3, 2, { seed: 7 });
    const handle = lin.registerBackwardHook(() => {});
    expect(lin.fusible).toBe(false);
    handle.remove();
    expect(lin.fusible).toBe(true);
  });
});
