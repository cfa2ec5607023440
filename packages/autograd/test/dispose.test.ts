/**
 * Every op refuses an input whose NDArray was disposed (`NDArray.dispose()`): it throws DisposedError naming an
 * op, never reads the empty storage into NaN or stale values. Driven by the op specs, so a new op is covered.
 */
import { DisposedError, NDArray } from '@seedling-ml/tensor';
import { peekGrad, tensor } from '../src/index.ts';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { OP_SPECS, inputsArb, makeInputs } from './op-specs.ts';

describe('an op given a disposed input throws DisposedError', () => {
  test.each(OP_SPECS.map((s) => [s.op, s] as const))('%s', (_name, spec) => {
    const drawn = fc.sample(inputsArb(spec), { numRuns: 3, seed: 11 });
    let checked = 0;
    for (const { c, values } of drawn) {
      for (let i = 0; i < c.shapes.length; i++) {
        const xs = makeInputs(c, values, 'float32');
        xs[i]!.data.dispose();
        let thrown: unknown = null;
        try {
          spec.call(xs, c.args as never);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `input ${i} of ${c.shapes.map((s) => `[${s}]`).join(', ')}`).toBeInstanceOf(DisposedError);
        expect((thrown as DisposedError).message).toMatch(/^[\w.]+: .* was disposed/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('backward through a disposed array', () => {
  test('an input disposed after the forward pass is refused before any gradient is written', () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    const b = tensor([1, 1, 1], { requiresGrad: true });
    const y = w.mul(w).add(b).sum();
    w.data.dispose();
    expect(() => y.backward()).toThrow(DisposedError);
    expect(() => y.backward()).toThrow(/^mul: input 0 saved for backward of shape \[3\] was disposed/);
    expect(b.grad).toBeNull();
  });

  test('a .grad whose array was disposed is not accumulated into', () => {
    const w = tensor(new NDArray(new Float32Array(4096).fill(1), [4096]), { requiresGrad: true });
    w.mul(2).sum().backward();
    const g = w.grad!;
    g.data.dispose();
    expect(() => w.mul(2).sum().backward()).toThrow(DisposedError);
  });
});

describe('Tensor.dispose', () => {
  test('disposes the array and the gradient the engine allocated; the tensor is then refused', () => {
    const w = tensor(new NDArray(new Float32Array(4096).fill(1), [4096]), { requiresGrad: true });
    w.mul(3).sum().backward();
    const g = w.grad!;
    expect(g.data.get(0)).toBe(3);
    w.dispose();
    expect(w.data.isDisposed).toBe(true);
    expect(g.data.isDisposed).toBe(true);
    expect(w.grad).toBeNull();
    expect(() => w.mul(2)).toThrow(/^mul: a of shape \[4096\] was disposed/);
  });

  test('a gradient it does not own (a seed passed to backward) is dropped, not disposed', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const seed = tensor([5, 6]);
    x.backward(seed);
    x.dispose();
    expect(x.grad).toBeNull();
    expect(seed.data.toArray()).toEqual([5, 6]);
  });
});

describe('gradients nobody was handed are recycled when cleared', () => {
  const big = () => tensor(new NDArray(new Float32Array(4096).fill(1), [4096]), { requiresGrad: true });

  test('zeroGrad disposes a gradient read only through peekGrad', () => {
    const w = big();
    w.mul(3).sum().backward();
    const g = peekGrad(w)!;
    expect(g.data.get(7)).toBe(3);
    w.zeroGrad();
    expect(g.data.isDisposed).toBe(true);
    expect(w.grad).toBeNull();
  });

  test('a gradient read through .grad stays valid after zeroGrad, as in PyTorch', () => {
    const w = big();
    w.mul(3).sum().backward();
    const g = w.grad!;
    w.zeroGrad();
    expect(g.data.isDisposed).toBe(false);
    expect(g.data.get(7)).toBe(3);
  });

  test('replacing the gradient recycles the old one; a gradient the user set is never disposed', () => {
    const w = big();
    w.mul(3).sum().backward();
    const old = peekGrad(w)!;
    const mine = tensor(new NDArray(new Float32Array(4096).fill(5), [4096]));
    w.grad = mine;
    expect(old.data.isDisposed).toBe(true);
    w.zeroGrad();
    expect(mine.data.isDisposed).toBe(false);
    expect(mine.data.get(0)).toBe(5);
  });

  test('a later backward accumulates into a fresh gradient: the values are what they are without recycling', () => {
    const run = (read: boolean): number[] => {
      const w = tensor(
        new NDArray(
          Float32Array.from({ length: 2048 }, (_, i) => Math.sin(i)),
          [2048],
        ),
        { requiresGrad: true },
      );
      const sums: number[] = [];
      for (let step = 0; step < 5; step++) {
        w.mul(w)
          .mul(step + 1)
          .sum()
          .backward();
        const g = read ? w.grad! : peekGrad(w)!;
        sums.push(Array.from(g.data.data).reduce((a, b) => a + b, 0));
        w.data.data[step] = -1; // a parameter update, as an optimizer would make
        w.zeroGrad();
      }
      return sums;
    };
    expect(run(false)).toEqual(run(true));
  });

  test('peekGrad refuses a non-tensor by name', () => {
    expect(() => peekGrad(null as never)).toThrow('peekGrad: t must be a Tensor, got null');
  });
});
