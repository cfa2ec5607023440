import { describe, expect, test } from 'vitest';
import { Tensor, tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import { Linear, Module, ReLU, Sequential, Tanh } from '../src/index.ts';
import { values } from './helpers.ts';

class TwoLayer extends Module {
  a = new Linear(2, 3, { seed: 1, dtype: 'float64' });
  b = new Linear(3, 1, { seed: 2, dtype: 'float64' });
  forward(x: Tensor): Tensor {
    // calls children's forward directly: hooks must still fire
    return this.b.forward(this.a.forward(x).tanh());
  }
}

describe('forward hooks', () => {
  test('fire after forward with module, inputs and output, in registration order', () => {
    const net = new TwoLayer();
    const log: string[] = [];
    let seenOutput: Tensor | null = null;
    net.a.registerForwardHook((m, inputs, out) => {
      expect(m).toBe(net.a);
      expect(inputs).toHaveLength(1);
      expect((inputs[0] as Tensor).shape).toEqual([4, 2]);
      seenOutput = out;
      log.push('a1');
    });
    net.a.registerForwardHook(() => log.push('a2'));
    net.b.registerForwardHook(() => log.push('b'));
    net.registerForwardHook(() => log.push('net'));
    const x = new Tensor(new Rng(0).normal([4, 2], 0, 1, { dtype: 'float64' }));
    net.forward(x);
    expect(log).toEqual(['a1', 'a2', 'b', 'net']);
    expect(seenOutput!.shape).toEqual([4, 3]);
    // the hook saw the real pre-activation: x·Wᵀ + b
    const w = net.a.weight.data;
    const expected00 = x.data.get(0, 0) * w.get(0, 0) + x.data.get(0, 1) * w.get(0, 1) + net.a.bias!.data.get(0);
    expect(seenOutput!.data.get(0, 0)).toBeCloseTo(expected00, 12);
  });

  test('remove() detaches; removing twice is harmless', () => {
    const fc = new Linear(1, 1);
    let n = 0;
    const h = fc.registerForwardHook(() => n++);
    fc.forward(tensor([[1]]));
    h.remove();
    h.remove();
    fc.forward(tensor([[1]]));
    expect(n).toBe(1);
  });

  test('a hook that is not a function is refused at registration', () => {
    expect(() => new Linear(1, 1).registerForwardHook(3 as never)).toThrow('registerHook: hook must be a function, got number');
    expect(() => new Linear(1, 1).registerBackwardHook(null as never)).toThrow('registerHook: hook must be a function, got null');
  });

  test('hooks fire inside Sequential and for every call', () => {
    const net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 2));
    const names: string[] = [];
    for (const [name, m] of net.namedModules()) m.registerForwardHook(() => names.push(name));
    net.forward(tensor([[1, 2]]));
    net.forward(tensor([[1, 2]]));
    expect(names).toEqual(['0', '1', '2', '', '0', '1', '2', '']);
  });
});

describe('backward hooks', () => {
  test('receive dLoss/dOutput of the module', () => {
    const net = new TwoLayer();
    const grads: number[][] = [];
    net.a.registerBackwardHook((m, g) => {
      expect(m).toBe(net.a);
      grads.push(values(g));
    });
    const x = new Tensor(new Rng(0).normal([4, 2], 0, 1, { dtype: 'float64' }));
    const h = net.a.forward(x);
    const out = net.b.forward(h.tanh());
    out.sum().backward();
    // By hand: d(Σ out)/d h[n, j] = w_b[0, j] · (1 − tanh² h[n, j]).
    const hv = values(h);
    const wb = values(net.b.weight);
    const expected = hv.map((v, k) => wb[k % 3]! * (1 - Math.tanh(v) ** 2));
    expect(grads).toHaveLength(1);
    grads[0]!.forEach((g, k) => expect(g).toBeCloseTo(expected[k]!, 12));
  });

  test('fire in registration order, once per backward, with the total gradient when the output is used twice', () => {
    const fc = new Linear(2, 2, { seed: 3, dtype: 'float64' });
    const log: string[] = [];
    let total: number[] = [];
    fc.registerBackwardHook((_m, g) => {
      log.push('first');
      total = values(g);
    });
    fc.registerBackwardHook(() => log.push('second'));
    const y = fc.forward(tensor([[1, 2]], { dtype: 'float64' }));
    y.mul(2).add(y.mul(3)).sum().backward();
    expect(log).toEqual(['first', 'second']);
    expect(total).toEqual([5, 5]);
  });

  test('do not change gradients, and removed hooks do not fire', () => {
    const make = () =>
      new Sequential(new Linear(2, 3, { seed: 4, dtype: 'float64' }), new Tanh(), new Linear(3, 1, { seed: 5, dtype: 'float64' }));
    const x = tensor(
      [
        [0.5, -1],
        [2, 0.25],
      ],
      { dtype: 'float64' },
    );
    const plain = make();
    plain.forward(x).sum().backward();
    const hooked = make();
    let fired = 0;
    const handle = hooked.at(0)!.registerBackwardHook(() => fired++);
    hooked.forward(x).sum().backward();
    expect(fired).toBe(1);
    hooked.parameters().forEach((p, i) => expect(values(p.grad!)).toEqual(values(plain.parameters()[i]!.grad!)));
    handle.remove();
    hooked.forward(x).sum().backward();
    expect(fired).toBe(1);
  });
});
