import { describe, expect, test } from 'vitest';
import { Tensor } from '@seedling-ml/autograd';
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
