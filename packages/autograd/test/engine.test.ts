import { describe, expect, test } from 'vitest';
import { type NDArray, array, mul as mulArrays, sum as sumArray } from '@seedling-ml/tensor';
import { AutogradError, Tensor, apply, defineOp, gather, isGradEnabled, noGrad, takeAlongAxis, tensor, where } from '../src/index.ts';

const f64 = { dtype: 'float64', requiresGrad: true } as const;

describe('gradient flow', () => {
  test('a tensor used twice gets the sum of both gradients', () => {
    const x = tensor([1, -2, 3], f64);
    x.mul(x).add(x).sum().backward(); // d/dx (x² + x) = 2x + 1
    expect(x.grad?.toArray()).toEqual([3, -3, 7]);
  });

  test('diamond graph: both paths contribute', () => {
    const a = tensor(1.5, f64);
    const b = a.mul(2);
    const c = a.add(3);
    b.mul(c).backward(); // d = 2a(a + 3) ⇒ d' = 4a + 6
    expect(a.grad?.item()).toBe(12);
  });

  test('gradients accumulate over two backward calls', () => {
    const w = tensor([1, 2], f64);
    w.mul(3).sum().backward();
    w.mul(3).sum().backward();
    expect(w.grad?.toArray()).toEqual([6, 6]);
  });

  test('zeroGrad clears the gradient; the next backward starts from zero', () => {
    const w = tensor([1, 2], f64);
    w.mul(w).sum().backward();
    w.zeroGrad();
    expect(w.grad).toBeNull();
    w.mul(5).sum().backward();
    expect(w.grad?.toArray()).toEqual([5, 5]);
  });

  test('leaf gradients never share storage, so in-place edits (clipping) stay local', () => {
    const a = tensor([1, 2], f64);
    const b = tensor([3, 4], f64);
    a.add(b).backward(array([1, 1], { dtype: 'float64' }));
    a.grad!.data.data[0] = 100;
    expect(b.grad?.toArray()).toEqual([1, 1]);
    a.add(b).backward(array([1, 1], { dtype: 'float64' }));
    expect(a.grad?.toArray()).toEqual([101, 2]);
    expect(b.grad?.toArray()).toEqual([2, 2]);
  });

  test('the seed is not written by accumulation', () => {
    const x = tensor([1, 2], f64);
    const seed = array([1, 1], { dtype: 'float64' });
    const y = x.mul(1);
    y.add(y).backward(seed);
    expect(seed.toArray()).toEqual([1, 1]);
    expect(x.grad?.toArray()).toEqual([2, 2]);
  });

  test('broadcast operands receive gradients summed to their own shape', () => {
    const x = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      f64,
    );
    const b = tensor([10, 20, 30], f64);
    const s = tensor(2, f64);
    x.add(b).mul(s).sum().backward();
    expect(b.grad?.toArray()).toEqual([4, 4, 4]);
    expect(s.grad?.item()).toBe(21 + 120);
    expect(x.grad?.toArray()).toEqual([
      [2, 2, 2],
      [2, 2, 2],
    ]);
  });

  test('a float32 leaf gets a float32 gradient even through float64 ops', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.mul(tensor([3, 4], { dtype: 'float64' }))
      .sum()
      .backward();
    expect(w.grad?.dtype).toBe('float32');
    expect(w.grad?.toArray()).toEqual([3, 4]);
  });

  test('deep graphs do not overflow the stack (iterative topological sort)', () => {
    const x = tensor(1, f64);
    let y = x;
    for (let i = 0; i < 50_000; i++) y = y.add(1);
    y.backward();
    expect(x.grad?.item()).toBe(1);
  });
});

describe('what gets recorded', () => {
  test('requiresGrad propagates; ops on tensors without it record nothing', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const c = tensor([3, 4]);
    expect(w.mul(c).requiresGrad).toBe(true);
    expect(w.mul(c).node).not.toBeNull();
    const k = c.mul(c).exp();
    expect(k.requiresGrad).toBe(false);
    expect(k.node).toBeNull();
  });

  test('noGrad records nothing and restores grad mode, also after a throw', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return w.mul(2).relu().sum();
    });
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  test('detach stops the gradient', () => {
    const x = tensor([2, 3], f64);
    x.mul(x.detach()).sum().backward(); // only the first factor is differentiated
    expect(x.grad?.toArray()).toEqual([2, 3]);
    expect(x.detach().requiresGrad).toBe(false);
  });

  test('integer-like targets (indices, conditions) never get gradients', () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      f64,
    );
    const rows = tensor([1, 0, 1], { requiresGrad: true });
    const cols = tensor([[1], [0]], { requiresGrad: true });
    const cond = tensor([1, 0], { requiresGrad: true });
    gather(x, rows)
      .sum()
      .add(takeAlongAxis(x, cols, 1).sum())
      .add(where(cond, x, 0).sum())
      .backward();
    expect(rows.grad).toBeNull();
    expect(cols.grad).toBeNull();
    expect(cond.grad).toBeNull();
    // gather picks row 1 twice and row 0 once; takeAlongAxis picks (0,1) and (1,0); where keeps column 0.
    expect(x.grad?.toArray()).toEqual([
      [1 + 1, 1 + 1],
      [2 + 1 + 1, 2],
    ]);
  });

  test('requiresGrad cannot be switched off on a non-leaf', () => {
    const y = tensor([1], { requiresGrad: true }).mul(2);
    expect(() => (y.requiresGrad = false)).toThrow(AutogradError);
  });
});

describe('backward errors and graph release', () => {
  test('a non-scalar needs an explicit seed; the error prints the shape', () => {
    const y = tensor([[1, 2, 3]], { requiresGrad: true }).mul(2);
    expect(() => y.backward()).toThrowErrorMatchingInlineSnapshot(
      `[AutogradError: backward: a gradient can be implied only for a single-element output, got shape [1,3]: call backward(grad) with a gradient of shape [1,3]]`,
    );
    expect(() => y.backward(array([1, 1]))).toThrowErrorMatchingInlineSnapshot(
      `[AutogradError: backward: gradient shape [2] does not match output shape [1,3]]`,
    );
    expect(() => y.backward(2 as unknown as NDArray)).toThrowErrorMatchingInlineSnapshot(
      `[AutogradError: backward: gradient must be a Tensor or an NDArray of shape [1,3], got number]`,
    );
  });

  test('backward on a tensor that does not require grad throws', () => {
    expect(() => tensor([1]).backward()).toThrowErrorMatchingInlineSnapshot(
      `[AutogradError: backward: tensor of shape [1] does not require grad, so it has no graph to backpropagate through]`,
    );
  });

  test('the graph is released after backward; a second backward throws and retainGraph allows it', () => {
    const x = tensor([1, 2], f64);
    const y = x.mul(x).sum();
    y.backward();
    expect(y.node?.released).toBe(true);
    expect(y.node?.parents).toEqual([]);
    expect(() => y.backward()).toThrowErrorMatchingInlineSnapshot(
      `[AutogradError: backward: the graph through 'sum' was already freed by an earlier backward(): pass { retainGraph: true } to that earlier call to backpropagate through the same graph again]`,
    );

    const z = x.mul(x).sum();
    x.zeroGrad();
    z.backward(undefined, { retainGraph: true });
    z.backward();
    expect(x.grad?.toArray()).toEqual([4, 8]);
  });

  test('a shared subgraph released by one loss cannot be reused by another', () => {
    const x = tensor([1, 2], f64);
    const h = x.exp();
    const a = h.sum();
    const b = h.mul(2).sum();
    a.backward();
    expect(() => b.backward()).toThrow(/graph through 'exp' was already freed/);
    expect(x.grad?.toArray()).toEqual([Math.exp(1), Math.exp(2)]); // b's failed backward added nothing
  });
});

describe('custom ops through defineOp', () => {
  test('a VJP of the wrong shape is reported naming the op and both shapes', () => {
    const badOp = defineOp<[NDArray]>({
      name: 'bad',
      forward: ([x]) => x.clone(),
      vjp: (g) => [sumArray(g, { axis: 0 })],
    });
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      f64,
    );
    expect(() => apply(badOp, [x], undefined).sum().backward()).toThrowErrorMatchingInlineSnapshot(
      `[AutogradError: bad: gradient for input 0 has shape [2], which does not reduce to the input's shape [2,2]]`,
    );
  });

  test('a VJP returning broadcast-larger gradients is un-broadcast', () => {
    const spreadOp = defineOp<[NDArray]>({
      name: 'spread',
      forward: ([x]) => x.clone(),
      // Pretends the op broadcast x to [4, ...]: gives a [4, n] gradient for an [n] input.
      vjp: (g) => [mulArrays(g, array([[1], [1], [1], [1]], { dtype: g.dtype }))],
    });
    const x = tensor([1, 2], f64);
    apply(spreadOp, [x], undefined).sum().backward();
    expect(x.grad?.toArray()).toEqual([4, 4]);
  });
});

describe('Tensor basics', () => {
  test('tensor() wraps an NDArray without copying and copies other values', () => {
    const a = array([1, 2]);
    expect(tensor(a).data).toBe(a);
    expect(tensor(a, { dtype: 'float64' }).dtype).toBe('float64');
    expect(tensor([[1, 2]]).shape).toEqual([1, 2]);
    expect(tensor(3).item()).toBe(3);
    expect(tensor(new Float64Array([1, 2])).dtype).toBe('float64');
  });

  test('creation helpers', () => {
    expect(Tensor.zeros([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(Tensor.ones([2, 1]).toArray()).toEqual([[1], [1]]);
    expect(Tensor.full([2], 7, { dtype: 'float64' }).toArray()).toEqual([7, 7]);
    expect(Tensor.zerosLike(tensor([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(Tensor.onesLike(tensor([1, 2])).toArray()).toEqual([1, 1]);
    expect(Tensor.arange(3).toArray()).toEqual([0, 1, 2]);
    expect(String(tensor([1], { requiresGrad: true }))).toBe('tensor([1.], requiresGrad=true)');
  });

  test('chained expression from the issue', () => {
    const x = tensor([[1, 2]], f64);
    const w = tensor(
      [
        [1, -1],
        [2, 0.5],
      ],
      f64,
    );
    const b = tensor([0.5, -1], f64);
    const y = x.matmul(w, { transposeB: true }).add(b).relu().sum();
    // x·wᵀ = [-1, 3]; + b = [-0.5, 2]; relu = [0, 2]: only the second unit passes gradient.
    expect(y.item()).toBe(2);
    y.backward();
    expect(w.grad?.toArray()).toEqual([
      [0, 0],
      [1, 2],
    ]);
    expect(b.grad?.toArray()).toEqual([0, 1]);
    expect(x.grad?.toArray()).toEqual([[2, 0.5]]);
  });
});
