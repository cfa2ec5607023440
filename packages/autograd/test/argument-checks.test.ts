import { SeedlingError, array } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { AutogradError, Tensor, concat, noGrad, tensor } from '../src/index.ts';

// Calls a JavaScript user can write; each must throw naming the op (issue 11 "JavaScript callers").
const js = <T>(v: unknown): T => v as T;

describe('Tensor methods and functions check their run-time arguments', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  test('sum(1), mean(0), max(1) throw instead of reducing over every axis', () => {
    expect(() => x.sum(js(1))).toThrow('sum: options must be an object, got 1');
    expect(() => x.mean(js(0))).toThrow('mean: options must be an object, got 0');
    expect(() => x.max(js(1))).toThrow('max: options must be an object, got 1');
    expect(x.sum({ axis: 1 }).toArray()).toEqual([3, 7]);
  });
  test('misspelled and mistyped options throw, naming the key', () => {
    expect(() => x.sum(js({ axis: 1, keepDim: true }))).toThrow("sum: unknown option 'keepDim' (valid: axis, keepdims)");
    expect(() => x.sum(js({ axis: null }))).toThrow("sum: option 'axis' must be an integer axis or an array of integer axes, got null");
    expect(() => x.matmul(x, js({ transposeA: 'yes' }))).toThrow("matmul: option 'transposeA' must be true or false, got 'yes'");
    expect(() => tensor([1], js({ requiresgrad: true }))).toThrow("tensor: unknown option 'requiresgrad' (valid: requiresGrad, dtype)");
    expect(() => x.sum().backward(undefined, js({ retain: true }))).toThrow("backward: unknown option 'retain' (valid: retainGraph)");
  });
  test('NDArray operands are accepted as constants wherever a Tensor operand is (matmul as add already did)', () => {
    const eye = array([
      [1, 0],
      [0, 1],
    ]);
    expect(x.matmul(js(eye)).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(x.add(eye).toArray()).toEqual([
      [2, 2],
      [3, 5],
    ]);
  });
  test('null, a string or a plain array as an operand names the op and the operand', () => {
    expect(() => x.matmul(js(null))).toThrow('matmul: b must be a Tensor, an NDArray or a number, got null');
    expect(() => x.add(js('1'))).toThrow("add: b must be a Tensor, an NDArray or a number, got '1'");
    expect(() => concat(js([x, [1, 2]]))).toThrow('concat: xs[1] must be a Tensor, got [1, 2]');
    expect(() => x.reshape(js(4))).toThrow('reshape: shape must be an array');
  });
  test('noGrad, the grad setter and the constructor refuse what they cannot use', () => {
    expect(() => noGrad(js(5))).toThrow('noGrad: fn must be a function, got 5');
    const p = tensor([1, 2], { requiresGrad: true });
    p.grad = js(array([3, 4]));
    expect(p.grad).toBeInstanceOf(Tensor);
    expect(p.grad?.toArray()).toEqual([3, 4]);
    expect(() => (p.grad = js([1, 2]))).toThrow('grad: must be a Tensor, an NDArray or null, got [1, 2]');
    expect(() => (p.grad = tensor([1, 2, 3]))).toThrow("grad: gradient of shape [3] does not match the tensor's shape [2]");
    expect(() => new Tensor(js([1, 2]))).toThrow(AutogradError);
  });
  test('every refusal is a SeedlingError', () => {
    for (const f of [() => x.sum(js(1)), () => x.matmul(js(null)), () => noGrad(js(5)), () => x.reshape(js(4))]) {
      expect(f).toThrow(SeedlingError);
    }
  });
});

test('clamp refuses a symbol or bigint bound (it used to throw a TypeError or pass the bigint on)', () => {
  const x = tensor([1, 2]);
  expect(() => x.clamp(Symbol('lo') as never)).toThrow('clamp: bounds must be numbers with min <= max, got min Symbol(lo), max undefined');
  expect(() => x.clamp(0, 1n as never)).toThrow('clamp: bounds must be numbers with min <= max, got min 0, max 1n');
});
