/**
 * Every op autograd exports is also a `Tensor` method (`x.op(…)`), unless it is listed below as function-only
 * with the reason. Adding an op without its method fails here.
 */
import { array } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import * as ag from '../src/index.ts';

/** Exports that are not ops (engine, creation, errors, utilities); the same list ops.test.ts uses. */
const NOT_OPS = new Set([
  'AutogradError',
  'GradcheckError',
  'Tensor',
  'Node',
  'tensor',
  'noGrad',
  'isGradEnabled',
  'peekGrad',
  'apply',
  'defineOp',
  'gradcheck',
]);

/** Ops deliberately without a Tensor method, each with the reason. */
const FUNCTION_ONLY: Readonly<Record<string, string>> = {
  conv1d:
    "a 1-D variant composed from the 2-D op on a height-1 image; a function like PyTorch's F.conv1d (the 2-D op is the Tensor method)",
  maxPool1d:
    "a 1-D variant composed from the 2-D op on a height-1 image; a function like PyTorch's F.max_pool1d (the 2-D op is the Tensor method)",
  avgPool1d:
    "a 1-D variant composed from the 2-D op on a height-1 image; a function like PyTorch's F.avg_pool1d (the 2-D op is the Tensor method)",
  adaptiveAvgPool1d:
    "a 1-D variant composed from the 2-D op on a height-1 image; a function like PyTorch's F.adaptive_avg_pool1d (the 2-D op is the Tensor method)",
  maxUnpool2d:
    "the inverse of maxPool2d with returnIndices, taking its indices as a second operand; a function like PyTorch's F.max_unpool2d (there is no Tensor.max_unpool2d)",
  linear: "a layer's forward of three operands, a function like PyTorch's F.linear (nn's Linear calls it)",
  softmaxCrossEntropy: "a loss of logits against class targets, a function as PyTorch's F.cross_entropy (nn's crossEntropyLoss calls it)",
};

const ops = Object.entries(ag)
  .filter(([name, v]) => typeof v === 'function' && !NOT_OPS.has(name))
  .map(([name]) => name);
const isMethod = (name: string): boolean => typeof (ag.Tensor.prototype as unknown as Record<string, unknown>)[name] === 'function';

describe('op checklist', () => {
  test('every exported op is a Tensor method or listed as function-only with a reason', () => {
    expect(ops.length).toBeGreaterThan(40);
    expect(ops.filter((name) => !isMethod(name) && FUNCTION_ONLY[name] === undefined)).toEqual([]);
  });

  test('the function-only list is current: each entry is an exported op without a method, with a reason', () => {
    for (const [name, reason] of Object.entries(FUNCTION_ONLY)) {
      expect(ops, name).toContain(name);
      expect(isMethod(name), name).toBe(false);
      expect(reason.length, name).toBeGreaterThan(10);
    }
  });
});

describe('where, concat and stack as methods', () => {
  const f64 = { dtype: 'float64' as const };
  test('x.where(cond, y) picks x where cond is non-zero; gradients flow to both sides', () => {
    const x = ag.tensor([1, 2, 3], { ...f64, requiresGrad: true });
    const y = ag.tensor([10, 20, 30], { ...f64, requiresGrad: true });
    const out = x.where(array([1, 0, 1]), y);
    expect(out.toArray()).toEqual([1, 20, 3]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 0, 1]);
    expect(y.grad!.toArray()).toEqual([0, 1, 0]);
    expect(x.where(array([0, 0, 1]), 0).toArray()).toEqual([0, 0, 3]);
  });

  test('x.concat(others, axis) and x.stack(others, axis) equal the functions', () => {
    const a = ag.tensor([[1, 2]], f64);
    const b = ag.tensor([[3, 4]], f64);
    expect(a.concat([b]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(a.concat([b], 1).toArray()).toEqual([[1, 2, 3, 4]]);
    expect(a.stack([b], 0).toArray()).toEqual(ag.stack([a, b], 0).toArray());
    expect(a.stack([b], -1).shape).toEqual([1, 2, 2]);
    expect(a.concat([]).toArray()).toEqual([[1, 2]]);
  });
});
