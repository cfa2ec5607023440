import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Tensor } from '@seedling-ml/autograd';
import { NDArray, Rng, array, zeros } from '@seedling-ml/tensor';
import { BatchNorm1d, Dropout, Linear, Module, NNError, Parameter, ReLU, Sequential, StateDictError, Tanh } from '../src/index.ts';
import { values } from './helpers.ts';

class Block extends Module {
  fc = new Linear(3, 3, { seed: 1 });
  norm = new BatchNorm1d(3);
  forward(x: Tensor): Tensor {
    return this.norm.forward(this.fc.forward(x)).relu();
  }
}

class Net extends Module {
  scale = new Parameter(array([2], { dtype: 'float32' }));
  stem = new Linear(2, 3, { seed: 0 });
  blocks = [new Block(), new Block()];
  head = new Sequential(new Dropout(0.5, { seed: 0 }), new Linear(3, 1, { seed: 2 }));
  forward(x: Tensor): Tensor {
    let h = this.stem.forward(x.mul(this.scale));
    for (const b of this.blocks) h = b.forward(h);
    return this.head.forward(h);
  }
}

describe('structure', () => {
  test('namedParameters: own first, then children depth first in declaration order', () => {
    expect(new Net().namedParameters().map(([n]) => n)).toEqual([
      'scale',
      'stem.weight',
      'stem.bias',
      'blocks.0.fc.weight',
      'blocks.0.fc.bias',
      'blocks.0.norm.weight',
      'blocks.0.norm.bias',
      'blocks.1.fc.weight',
      'blocks.1.fc.bias',
      'blocks.1.norm.weight',
      'blocks.1.norm.bias',
      'head.1.weight',
      'head.1.bias',
    ]);
  });

  test('order is the same on every construction and parameters() follows it', () => {
    const a = new Net();
    const b = new Net();
    expect(a.namedParameters().map(([n]) => n)).toEqual(b.namedParameters().map(([n]) => n));
    expect(a.parameters()).toEqual(a.namedParameters().map(([, p]) => p));
  });

  test('children, namedModules and numParameters', () => {
    const net = new Net();
    expect(net.namedChildren().map(([n]) => n)).toEqual(['stem', 'blocks.0', 'blocks.1', 'head']);
    expect(net.children()).toHaveLength(4);
    expect(net.namedModules().map(([n]) => n)).toEqual([
      '',
      'stem',
      'blocks.0',
      'blocks.0.fc',
      'blocks.0.norm',
      'blocks.1',
      'blocks.1.fc',
      'blocks.1.norm',
      'head',
      'head.0',
      'head.1',
    ]);
    // scale 1 + stem 2·3+3 + 2 × (fc 9+3 + norm 3+3) + head 3+1
    expect(net.numParameters()).toBe(1 + 9 + 2 * 18 + 4);
  });

  test('a shared parameter is listed once', () => {
    const fc = new Linear(2, 2);
    const net = new Sequential(fc, new ReLU(), fc);
    expect(net.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias']);
    expect(Object.keys(net.stateDict())).toEqual(['0.weight', '0.bias']);
  });

  test('train()/eval() reach every submodule', () => {
    const net = new Net();
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
    expect(net.train(false).training).toBe(false);
    expect(() => net.train('no' as never)).toThrow('train: mode must be true or false, got no');
  });

  test('zeroGrad clears every gradient', () => {
    const net = new Net();
    net
      .forward(new Tensor(new Rng(0).normal([4, 2])))
      .sum()
      .backward();
    expect(net.parameters().every((p) => p.grad !== null)).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });

  test('apply visits every module, children before parents', () => {
    const seen: string[] = [];
    const net = new Sequential(new Linear(1, 1), new Sequential(new Tanh(), new ReLU()));
    net.apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(['Linear', 'Tanh', 'ReLU', 'Sequential', 'Sequential']);
    // custom init through apply
    net.apply((m) => {
      if (m instanceof Linear) m.weight.data.data.fill(3);
    });
    expect(values((net.at(0) as Linear).weight)).toEqual([3]);
  });

  test('toString prints the tree', () => {
    expect(new Sequential(new Linear(2, 1), new Tanh()).toString()).toMatchInlineSnapshot(`
      "Sequential(
        (0): Linear(inFeatures=2, outFeatures=1, bias=true)
        (1): Tanh()
      )"
    `);
  });
});

describe('stateDict / loadStateDict', () => {
  test('holds parameters and buffers, as copies', () => {
    const net = new Net();
    const dict = net.stateDict();
    expect(Object.keys(dict)).toContain('blocks.0.norm.running_mean');
    expect(Object.keys(dict)).toContain('blocks.1.norm.num_batches_tracked');
    expect(Object.keys(dict)).toHaveLength(13 + 2 * 3);
    const before = values(dict['stem.weight']!);
    net.stem.weight.data.data[0] = 123;
    net.forward(new Tensor(new Rng(1).normal([4, 2]))); // training updates running stats
    expect(values(dict['stem.weight']!)).toEqual(before);
    expect(values(dict['blocks.0.norm.running_mean']!)).toEqual([0, 0, 0]);
  });

  test('round trip: a fresh model loaded from a dict computes the same outputs', () => {
    const a = new Net();
    a.forward(new Tensor(new Rng(2).normal([5, 2]))); // move running stats away from their init
    const b = new Net();
    b.stem.weight.data.data.fill(0);
    const result = b.loadStateDict(a.stateDict());
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    for (const [k, v] of Object.entries(a.stateDict())) expect(values(b.stateDict()[k]!)).toEqual(values(v));
    a.eval();
    b.eval();
    const x = new Tensor(new Rng(3).normal([4, 2]));
    expect(values(b.forward(x))).toEqual(values(a.forward(x)));
  });

  test('loads in place: parameter objects (held by optimizers) are kept', () => {
    const a = new Linear(2, 2, { seed: 1 });
    const b = new Linear(2, 2, { seed: 2 });
    const w = b.weight;
    b.loadStateDict(a.stateDict());
    expect(b.weight).toBe(w);
    expect(values(b.weight)).toEqual(values(a.weight));
  });

  test('strict: missing, unexpected and shape mismatches are all named, and nothing changes', () => {
    const net = new Sequential(new Linear(2, 3, { seed: 1 }), new ReLU(), new Linear(3, 1, { seed: 2 }));
    const before = net.stateDict();
    const dict: Record<string, NDArray> = { ...net.stateDict() };
    delete dict['2.bias'];
    dict['3.weight'] = zeros([1, 1]);
    dict['0.weight'] = zeros([3, 3]);
    dict['0.bias'] = array([7, 7, 7]); // valid, must not be written either
    let error: unknown;
    try {
      net.loadStateDict(dict);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateDictError);
    expect(error).toBeInstanceOf(NNError);
    const e = error as StateDictError;
    expect(e.op).toBe('loadStateDict');
    expect(e.message).toMatchInlineSnapshot(
      `"loadStateDict: state dict does not fit the module: missing keys [2.bias]; unexpected keys [3.weight]; shape mismatch for '0.weight': module has [3,2], dict has [3,3]; nothing was loaded"`,
    );
    expect(e.missingKeys).toEqual(['2.bias']);
    expect(e.unexpectedKeys).toEqual(['3.weight']);
    expect(e.shapeMismatches).toEqual([{ key: '0.weight', expected: [3, 2], got: [3, 3] }]);
    for (const [k, v] of Object.entries(net.stateDict())) expect(values(v)).toEqual(values(before[k]!));
  });

  test('non-strict: loads what matches, reports the rest; shape mismatch still throws', () => {
    const net = new Sequential(new Linear(2, 3, { seed: 1 }), new ReLU(), new Linear(3, 1, { seed: 2 }));
    const other = new Sequential(new Linear(2, 3, { seed: 5 }));
    const extra = { ...other.stateDict(), 'x.y': zeros([1]) };
    const r = net.loadStateDict(extra, { strict: false });
    expect(r).toEqual({ missingKeys: ['2.weight', '2.bias'], unexpectedKeys: ['x.y'] });
    expect(values((net.at(0) as Linear).weight)).toEqual(values(other.stateDict()['0.weight']!));
    expect(() => net.loadStateDict({ '0.weight': zeros([2, 2]) }, { strict: false })).toThrow(
      /shape mismatch for '0.weight': module has \[3,2\], dict has \[2,2\]/,
    );
  });

  test('property: any dict from an identically shaped model round-trips exactly (float64)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1000 }), (i, o, seed) => {
        const a = new Linear(i, o, { seed, dtype: 'float64' });
        const b = new Linear(i, o, { seed: seed + 1, dtype: 'float64' });
        b.loadStateDict(a.stateDict());
        return values(b.weight).every((v, k) => v === a.weight.data.data[k]) && values(b.bias!).every((v, k) => v === a.bias!.data.data[k]);
      }),
      { numRuns: 50 },
    );
  });

  test('a dict that is not an object, or a value that is not an NDArray, throws and changes nothing', () => {
    const net = new Linear(2, 2, { seed: 1 });
    const before = values(net.weight);
    expect(() => net.loadStateDict(null as never)).toThrow(NNError);
    expect(() => net.loadStateDict(null as never)).toThrow(
      'loadStateDict: expected an object of NDArrays keyed by parameter name, got null',
    );
    // 'weight' is valid and comes first; 'bias' is a plain array: neither may be written.
    const dict = { weight: zeros([2, 2]), bias: [1, 2] as unknown as NDArray };
    expect(() => net.loadStateDict(dict)).toThrow("loadStateDict: value of 'bias' is not an NDArray");
    expect(values(net.weight)).toEqual(before);
    expect(() => net.loadStateDict(net.stateDict(), { strict: 'yes' as never })).toThrow(
      "loadStateDict: option 'strict' must be true or false, got 'yes'",
    );
  });

  test('loadStateDict records where the values came from', () => {
    const b = new Linear(2, 2, { seed: 2 });
    b.loadStateDict(new Linear(2, 2).stateDict());
    expect(b.initReport().weight!.initializer).toBe('loadStateDict');
    expect(b.initReport().weight!.previous?.initializer).toBe('xavierUniform');
  });
});

describe('buffers', () => {
  test('registerBuffer rejects non-arrays', () => {
    class Bad extends Module {
      constructor() {
        super();
        this.registerBuffer('x', 3 as unknown as NDArray);
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Bad()).toThrow("registerBuffer: buffer 'x' must be an NDArray");
  });

  test('a buffer is saved under its key, and integer buffers are listed by dotted key', () => {
    class Counter extends Module {
      declare stepCount: NDArray;
      declare totalSum: NDArray;
      constructor() {
        super();
        this.registerBuffer('stepCount', zeros([], { dtype: 'float64' }), { key: 'step_count', integer: true });
        this.registerBuffer('totalSum', zeros([2]));
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    class Outer extends Module {
      inner = new Counter();
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const net = new Outer();
    expect(net.namedBuffers().map(([k]) => k)).toEqual(['inner.step_count', 'inner.totalSum']);
    expect(Object.keys(net.stateDict())).toEqual(['inner.step_count', 'inner.totalSum']);
    expect(net.integerBufferKeys()).toEqual(['inner.step_count']);
    const dict = net.stateDict();
    dict['inner.step_count']!.data[0] = 7;
    net.loadStateDict(dict);
    expect(net.inner.stepCount.item()).toBe(7);
  });

  test('registerBuffer checks its options', () => {
    const make = (options: object, dtype: 'float32' | 'float64' = 'float64') =>
      class extends Module {
        constructor() {
          super();
          this.registerBuffer('a', zeros([1], { dtype }), { key: 'a_key' });
          this.registerBuffer('b', zeros([1], { dtype }), options);
        }
        forward(x: Tensor): Tensor {
          return x;
        }
      };
    expect(() => new (make({ Key: 'x' }))()).toThrow("registerBuffer: unknown option 'Key' (valid: key, integer)");
    expect(() => new (make({ key: 'a.b' }))()).toThrow(
      "registerBuffer: key of buffer 'b' must be a non-empty string without '.', got \"a.b\"",
    );
    expect(() => new (make({ key: 'a_key' }))()).toThrow("registerBuffer: key 'a_key' of buffer 'b' is already the key of buffer 'a'");
    expect(() => new (make({ integer: true }, 'float32'))()).toThrow(
      "registerBuffer: integer buffer 'b' must be float64 (exact integers up to 2^53), got float32",
    );
  });
});
