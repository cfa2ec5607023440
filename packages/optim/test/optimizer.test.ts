import { type Tensor, tensor } from '@seedling-ml/autograd';
import { DisposedError, NDArray, array, getBufferPoolStatus } from '@seedling-ml/tensor';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Adagrad, Adam, AdamW, OptimError, type Optimizer, type OptimizerStateDict, RMSprop, SGD } from '../src/index.ts';
import { param, setGrad, values } from './helpers.ts';

type Make = (params: Tensor[], lr: number) => Optimizer;

/** One entry per optimizer, with non-default settings so every state buffer is exercised. */
const OPTIMIZERS: Record<string, Make> = {
  SGD: (ps, lr) => new SGD(ps, { lr }),
  'SGD nesterov': (ps, lr) => new SGD(ps, { lr, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }),
  Adam: (ps, lr) => new Adam(ps, { lr }),
  'Adam amsgrad': (ps, lr) => new Adam(ps, { lr, amsgrad: true, weightDecay: 1e-3 }),
  AdamW: (ps, lr) => new AdamW(ps, { lr }),
  RMSprop: (ps, lr) => new RMSprop(ps, { lr }),
  'RMSprop centered momentum': (ps, lr) => new RMSprop(ps, { lr, centered: true, momentum: 0.5 }),
  Adagrad: (ps, lr) => new Adagrad(ps, { lr, lrDecay: 1e-3 }),
};

/** Learning rates and step counts that bring each optimizer to the minimum of the quadratic below. */
const CONVERGENCE: Record<string, { lr: number; steps: number }> = {
  SGD: { lr: 0.2, steps: 300 },
  'SGD nesterov': { lr: 0.05, steps: 300 },
  Adam: { lr: 0.02, steps: 2000 },
  'Adam amsgrad': { lr: 0.02, steps: 2000 },
  AdamW: { lr: 0.02, steps: 2000 },
  RMSprop: { lr: 0.003, steps: 3000 },
  'RMSprop centered momentum': { lr: 0.002, steps: 3000 },
  Adagrad: { lr: 0.5, steps: 2000 },
};

// f(θ) = ½ Σ aᵢ(θᵢ − cᵢ)², minimum at c, ∇f = a ⊙ (θ − c).
const A = [1, 3, 0.5];
const C = [1, -2, 0.5];
const quadGrad = (theta: number[]): number[] => theta.map((x, i) => A[i]! * (x - C[i]!));

describe('every optimizer', () => {
  test('drives a convex quadratic to its minimum', () => {
    for (const [name, make] of Object.entries(OPTIMIZERS)) {
      const { lr, steps } = CONVERGENCE[name]!;
      const p = param([4, 3, -3]);
      const opt = make([p], lr);
      for (let t = 0; t < steps; t++) {
        setGrad(p, quadGrad(values(p)));
        opt.step();
      }
      // AdamW's decay pulls towards 0 by ~ γλ/aᵢ per unit distance; the others reach c itself.
      const tol = name === 'AdamW' ? 2e-2 : 2e-3;
      values(p).forEach((x, i) => {
        if (!(Math.abs(x - C[i]!) < tol)) throw new Error(`${name}: θ[${i}] = ${x}, minimum at ${C[i]}`);
      });
    }
  });

  test('lr = 0 changes nothing (property)', () => {
    const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(OPTIMIZERS)),
        fc.array(finite, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(finite, { minLength: 6, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        (name, theta, grads) => {
          const p = param(theta);
          const before = Float64Array.from(p.data.data);
          const opt = OPTIMIZERS[name]!([p], 0);
          for (const g of grads) {
            setGrad(p, g.slice(0, theta.length));
            opt.step();
          }
          // === rather than Object.is: θ − 0·g may turn −0 into +0, the same number.
          p.data.data.forEach((x, i) => {
            if (x !== before[i]) throw new Error(`${name}: θ[${i}] changed from ${before[i]} to ${x}`);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  test('stateDict round-trip resumes identically (same next steps as an uninterrupted run)', () => {
    const grads = (t: number, theta: number[]) => theta.map((x, i) => Math.sin(t + i) + 0.5 * x);
    for (const [name, make] of Object.entries(OPTIMIZERS)) {
      // Uninterrupted: 6 steps.
      const a = param([0.3, -1, 2]);
      const optA = make([a], 0.05);
      for (let t = 0; t < 6; t++) {
        setGrad(a, grads(t, values(a)));
        optA.step();
      }
      // Interrupted after 3: save, rebuild from the saved values, load, continue.
      const b = param([0.3, -1, 2]);
      const optB = make([b], 0.05);
      for (let t = 0; t < 3; t++) {
        setGrad(b, grads(t, values(b)));
        optB.step();
      }
      const saved = optB.stateDict();
      // Later steps must not leak into the saved dict.
      setGrad(b, [100, 100, 100]);
      optB.step();
      // The non-array part must survive JSON.
      const dict: OptimizerStateDict = { state: saved.state, paramGroups: JSON.parse(JSON.stringify(saved.paramGroups)) };
      const c = param(values(b)); // wrong values on purpose; overwritten below
      c.data.data.set(valuesAfter3(make, grads));
      const optC = make([c], 0.999); // a different lr: loadStateDict restores the saved one
      optC.loadStateDict(dict);
      expect(optC.getLr()).toBe(0.05);
      for (let t = 3; t < 6; t++) {
        setGrad(c, grads(t, values(c)));
        optC.step();
      }
      expect(values(c), name).toEqual(values(a));
    }
  });

  test('float32 parameters get float32 state and stay float32', () => {
    for (const make of Object.values(OPTIMIZERS)) {
      const p = tensor([1, 2], { requiresGrad: true });
      const opt = make([p], 0.1);
      p.grad = tensor([0.5, -0.5]);
      opt.step();
      expect(p.data.dtype).toBe('float32');
      for (const v of Object.values(opt.stateDict().state['0'] ?? {})) {
        if (typeof v !== 'number') expect(v.dtype).toBe('float32');
      }
    }
  });
});

function valuesAfter3(make: Make, grads: (t: number, theta: number[]) => number[]): number[] {
  const p = param([0.3, -1, 2]);
  const opt = make([p], 0.05);
  for (let t = 0; t < 3; t++) {
    setGrad(p, grads(t, values(p)));
    opt.step();
  }
  return values(p);
}

describe('non-finite gradients', () => {
  for (const bad of [NaN, Infinity, -Infinity]) {
    test(`a ${bad} gradient throws naming the parameter and changes nothing`, () => {
      for (const make of Object.values(OPTIMIZERS)) {
        const a = param([1, 2]);
        const b = param([3, 4]);
        const opt = make([a, b], 0.1);
        setGrad(a, [0.1, 0.2]);
        setGrad(b, [0.5, bad]);
        expect(() => opt.step()).toThrow(`gradient of param 1 of group 0 holds ${bad} at flat index 1; no parameter was updated`);
        expect(values(a)).toEqual([1, 2]);
        expect(values(b)).toEqual([3, 4]);
        expect(opt.getState(a)).toBeUndefined();
        expect(opt.stateDict().state).toEqual({});
      }
    });
  }

  test("names come from [name, tensor] pairs or from a group's names", () => {
    const w = param([1]);
    const bias = param([2]);
    setGrad(w, [NaN]);
    setGrad(bias, [0]);
    expect(() =>
      new SGD([
        ['fc.weight', w],
        ['fc.bias', bias],
      ] as const).step(),
    ).toThrow("SGD: gradient of 'fc.weight' (param 0 of group 0) holds NaN");
    expect(() => new Adam([{ params: [bias] }, { params: [w], names: ['head.w'] }]).step()).toThrow(
      "Adam: gradient of 'head.w' (param 0 of group 1) holds NaN",
    );
  });

  test("nonFiniteGrad: 'skip' updates the others and reports the skipped", () => {
    const a = param([1]);
    const b = param([3]);
    const opt = new SGD(
      [
        ['a', a],
        ['b', b],
      ] as const,
      { lr: 0.5, nonFiniteGrad: 'skip' },
    );
    setGrad(a, [1]);
    setGrad(b, [NaN]);
    const report = opt.step();
    expect(report.skipped).toEqual(["'b' (param 1 of group 0)"]);
    expect(values(a)).toEqual([0.5]);
    expect(values(b)).toEqual([3]);
    setGrad(b, [1]);
    expect(opt.step().skipped).toEqual([]);
  });
});

describe('Optimizer base', () => {
  test('param groups carry their own hyperparameters; lr is readable and settable per group', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
    expect([opt.getLr(0), opt.getLr(1)]).toEqual([0.1, 0.5]);
    opt.paramGroups[0]!.lr = 0.25;
    setGrad(a, [1]);
    setGrad(b, [1]);
    opt.step();
    expect([values(a)[0], values(b)[0]]).toEqual([0.75, 0.5]);
    opt.setLr(0.125);
    expect([opt.getLr(0), opt.getLr(1)]).toEqual([0.125, 0.125]);
    expect(() => opt.setLr(-1, 1)).toThrow('SGD: invalid lr: -1');
    expect(opt.getLr(1)).toBe(0.125);
    opt.paramGroups[1]!.lr = -3;
    expect(() => opt.step()).toThrow('SGD: invalid lr: -3');
    expect(() => opt.getLr(5)).toThrow('SGD: param group 5 does not exist (have 2)');
  });

  test('a group without a grad is skipped; zeroGrad clears gradients', () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([a, b], { lr: 1 });
    setGrad(a, [1]);
    opt.step();
    expect([values(a)[0], values(b)[0]]).toEqual([0, 1]);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
    opt.zeroGrad({ setToNone: false });
    expect(Array.from(a.grad!.data.data)).toEqual([0]);
  });

  test('rejects bad parameter lists and unknown options', () => {
    const p = param([1]);
    expect(() => new SGD([])).toThrow('SGD: got an empty parameter list');
    expect(() => new SGD([p, p])).toThrow('SGD: param 1 of group 0 appears in more than one place');
    expect(() => new SGD([{ params: [p] }, { params: [p] }])).toThrow('param 0 of group 1 appears in more than one place');
    expect(() => new SGD([p], { learningRate: 1 } as never)).toThrow(
      "SGD: unknown option 'learningRate' (valid: lr, momentum, dampening, weightDecay, nesterov, maximize, nonFiniteGrad)",
    );
    expect(() => new SGD([{ params: [p], momentun: 0.9 }] as never)).toThrow("SGD: unknown hyperparameter 'momentun' in param group 0");
    expect(() => new SGD([1, 2] as never)).toThrow('SGD: element 0 of param group 0 is not a Tensor or a [name, Tensor] pair');
    expect(() => new SGD([{ params: [p], names: ['a', 'b'] }])).toThrow('names of param group 0 must be 1 strings');
  });

  test('a grad of the wrong shape is refused before anything is written', () => {
    const a = param([1, 2]);
    const b = param([1, 2]);
    const opt = new SGD([a, b], { lr: 1 });
    setGrad(a, [1, 1]);
    // The grad setter refuses a wrong shape (AutogradError); a gradient whose data was swapped afterwards
    // must still be caught by step().
    expect(() => setGrad(b, [1, 1, 1])).toThrow("grad: gradient of shape [3] does not match the tensor's shape [2]");
    setGrad(b, [1, 1]);
    b.grad!.data = tensor([1, 1, 1], { dtype: 'float64' }).data;
    expect(() => opt.step()).toThrow('SGD: gradient shape [3] does not match parameter shape [2]: param 1 of group 0');
    expect(values(a)).toEqual([1, 2]);
  });

  test('loadStateDict checks everything first and changes nothing on error', () => {
    const p = param([1, 2]);
    const opt = new Adam([['w', p]] as const, { lr: 0.1 });
    setGrad(p, [1, 1]);
    opt.step();
    const good = opt.stateDict();
    const other = new Adam([['w', param([1, 2])]] as const, { lr: 0.3 });
    const bad = (mutate: (d: OptimizerStateDict) => void): OptimizerStateDict => {
      // Deep copy that keeps NDArrays as NDArrays (structuredClone would turn them into plain objects).
      const d: OptimizerStateDict = {
        state: Object.fromEntries(Object.entries(good.state).map(([k, v]) => [k, { ...v }])),
        paramGroups: JSON.parse(JSON.stringify(good.paramGroups)),
      };
      mutate(d);
      return d;
    };
    const cases: [OptimizerStateDict, string][] = [
      [bad((d) => d.paramGroups.push({ ...d.paramGroups[0]!, params: [1] })), 'state dict has 2 param groups, this optimizer has 1'],
      [bad((d) => (d.paramGroups[0]!.lr = -1)), 'Adam.loadStateDict: invalid lr: -1'],
      [bad((d) => (d.paramGroups[0]!.momentum = 0.9)), "unknown key 'momentum' in param group 0"],
      [bad((d) => (d.state['0']!.bogus = 1)), "unknown state entry 'bogus'"],
      [bad((d) => (d.state['7'] = {})), 'state for parameter index 7'],
      [bad((d) => (d.paramGroups[0]!.paramNames = ['v'])), "'w' (param 0 of group 0) is named 'v' in the state dict"],
      [bad((d) => (d.state['0']!.step = NaN)), "state entry 'step' of 'w' (param 0 of group 0) must be an integer ≥ 0, got NaN"],
      // Issue 11, silent failure 1: each of these loaded and the next step() wrote NaN into the model.
      [bad((d) => (d.state['0']!.step = -5)), "state entry 'step' of 'w' (param 0 of group 0) must be an integer ≥ 0, got -5"],
      [bad((d) => (d.state['0']!.step = 1.5)), "state entry 'step' of 'w' (param 0 of group 0) must be an integer ≥ 0, got 1.5"],
      [
        bad((d) => (d.state['0']!.expAvg = array([NaN, 0], { dtype: 'float64' }))),
        "state entry 'expAvg' of 'w' (param 0 of group 0) holds NaN at flat index 0 (valid: finite values)",
      ],
      [
        bad((d) => (d.state['0']!.expAvg = array([0, -Infinity], { dtype: 'float64' }))),
        "state entry 'expAvg' of 'w' (param 0 of group 0) holds -Infinity at flat index 1",
      ],
      [
        bad((d) => (d.state['0']!.expAvgSq = array([1, -1e-3], { dtype: 'float64' }))),
        "state entry 'expAvgSq' of 'w' (param 0 of group 0) holds -0.001 at flat index 1 (valid: values ≥ 0)",
      ],
    ];
    for (const [dict, message] of cases) {
      expect(() => other.loadStateDict(dict)).toThrow(message);
      expect(other.getLr()).toBe(0.3);
      expect(other.stateDict().state).toEqual({});
    }
    const wrongShape = new Adam([['w', param([1, 2, 3])]] as const);
    expect(() => wrongShape.loadStateDict(good)).toThrow(
      "state entry 'expAvg' of 'w' (param 0 of group 0) has shape [2], parameter has [3]",
    );
    expect(() => new SGD([param([1, 2])]).loadStateDict(good)).toThrow("SGD.loadStateDict: unknown key 'betas' in param group 0");
  });

  test('a bad hyperparameter in a param group is reported with its group', () => {
    const [a, b] = [param([1]), param([1])];
    expect(() => new Adam([{ params: [a] }, { params: [b], betas: [0.9, 1.5] }])).toThrow(
      'Adam: invalid betas[1]: 1.5 (valid range: [0, 1)) in param group 1',
    );
    expect(() => new SGD([{ params: [a], nesterov: true }], { momentum: 0 })).toThrow(
      'SGD: nesterov requires momentum > 0 and dampening = 0, got momentum 0 and dampening 0 in param group 0',
    );
    const opt = new RMSprop([{ params: [a] }, { params: [b] }]);
    expect(() => opt.setLr(-1, 1)).toThrow('RMSprop: invalid lr: -1 (valid range: lr ≥ 0) in param group 1');
    opt.paramGroups[1]!.alpha = 2;
    setGrad(a, [1]);
    setGrad(b, [1]);
    expect(() => opt.step()).toThrow('RMSprop: invalid alpha: 2 (valid range: [0, 1]) in param group 1');
    expect([values(a), values(b)]).toEqual([[1], [1]]);
    // The defaults given as options are not a group: no suffix.
    expect(() => new Adagrad([a], { eps: -1 })).toThrow(/^Adagrad: invalid eps: -1 \(valid range: eps ≥ 0\)$/);
  });

  test('OptimError carries op', () => {
    try {
      new RMSprop([param([1])], { lr: -2 });
    } catch (e) {
      expect(e).toBeInstanceOf(OptimError);
      expect((e as OptimError).op).toBe('RMSprop');
      return;
    }
    throw new Error('expected a throw');
  });
});

describe('options as a JavaScript caller writes them', () => {
  const js = <T>(v: unknown): T => v as T;
  test('lr: null throws instead of meaning the default; a misspelled key and a non-object throw', () => {
    expect(() => new SGD([param([1])], js({ lr: null }))).toThrow("SGD: option 'lr' must be a value (null is not a default), got null");
    expect(() => new Adam([param([1])], js({ learningRate: 0.1 }))).toThrow(
      "Adam: unknown option 'learningRate' (valid: lr, betas, eps, weightDecay, amsgrad, maximize, nonFiniteGrad)",
    );
    expect(() => new SGD([param([1])], js(0.1))).toThrow('SGD: options must be an object, got 0.1');
  });
});

describe('a disposed parameter or gradient', () => {
  test('step() refuses it before updating anything', () => {
    for (const which of ['param', 'grad'] as const) {
      const a = tensor([1, 2], { requiresGrad: true });
      const b = tensor([3, 4], { requiresGrad: true });
      a.mul(b).sum().backward();
      const opt = new Adam([a, b], { lr: 0.1 });
      if (which === 'param') b.data.dispose();
      else b.grad!.data.dispose();
      expect(() => opt.step()).toThrow(DisposedError);
      expect(() => opt.step()).toThrow(
        which === 'param' ? /^Adam: param 1 of group 0 of shape \[2\] was disposed/ : /^Adam: gradient of param 1/,
      );
      expect(a.data.toArray()).toEqual([1, 2]);
    }
  });
});

test('zeroGrad after step recycles the gradients backward made (step reads them without handing them out)', () => {
  const w = tensor(new NDArray(new Float32Array(4096).fill(0.5), [4096]), { requiresGrad: true });
  for (const zero of [(o: SGD) => o.zeroGrad(), (o: SGD) => o.zeroGrad({ setToNone: false })]) {
    const opt = new SGD([w], { lr: 0.1 });
    w.mul(w).sum().backward();
    opt.step();
    const before = getBufferPoolStatus().bytes;
    zero(opt);
    expect(getBufferPoolStatus().bytes - before).toBe(4096 * 4);
  }
  // The update itself used the gradient before it was recycled: w = 0.5 − 0.1·(2·0.5) = 0.4, then 0.4 − 0.08.
  expect(w.data.get(0)).toBeCloseTo(0.32, 6);
});
