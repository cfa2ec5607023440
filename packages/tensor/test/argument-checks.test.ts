import { describe, expect, test } from 'vitest';
import {
  ArgumentError,
  AxisError,
  DTypeError,
  SeedlingError,
  ShapeError,
  TensorError,
  arange,
  array,
  checkArg,
  checkOptions,
  is,
  linspace,
  matmul,
  max,
  maxElementCount,
  mean,
  ones,
  pad,
  reshape,
  setMaxElements,
  sum,
  textOf,
  zeros,
} from '../src/index.ts';

// What a JavaScript caller (no types) can write; each must throw naming the function, never compute
// something else (issue 11, "JavaScript callers").
const js = <T>(v: unknown): T => v as T;

describe('checkOptions', () => {
  const rules = { weight: is.finite, ignoreIndex: is.integer, reduction: is.oneOf('mean', 'sum', 'none') };
  test('an unknown key names the function and the key and lists the valid keys', () => {
    expect(() => checkOptions('crossEntropyLoss', js({ ignoreindex: 2 }), rules)).toThrow(
      "crossEntropyLoss: unknown option 'ignoreindex' (valid: weight, ignoreIndex, reduction)",
    );
  });
  test('a wrong type names the key, what it must be and what it got', () => {
    expect(() => checkOptions('f', js({ reduction: 'avg' }), rules)).toThrow(
      "f: option 'reduction' must be one of 'mean', 'sum', 'none', got 'avg'",
    );
    expect(() => checkOptions('f', js({ weight: null }), rules)).toThrow("f: option 'weight' must be a finite number, got null");
    expect(() => checkOptions('f', js({ ignoreIndex: 1.5 }), rules)).toThrow("f: option 'ignoreIndex' must be an integer, got 1.5");
  });
  test('undefined values and an absent object keep the defaults; the object is returned unchanged', () => {
    const o = { weight: 2, reduction: undefined };
    expect(checkOptions('f', o, rules)).toBe(o);
    expect(checkOptions('f', undefined, rules)).toEqual({});
  });
  test('non-objects are refused, with a hint for a number or an array', () => {
    expect(() => checkOptions('sum', js(1), { axis: is.axes })).toThrow(
      'sum: options must be an object, got 1 (options are passed as an object such as { axis: … })',
    );
    expect(() => checkOptions('f', js(null), rules)).toThrow('f: options must be an object, got null');
    expect(() => checkOptions('f', js('mean'), rules)).toThrow("f: options must be an object, got 'mean'");
  });
  test('inherited keys (a prototype-polluting __proto__ key, toString) are unknown, not accepted', () => {
    expect(() => checkOptions('f', js(JSON.parse('{"__proto__": 1}')), rules)).toThrow("f: unknown option '__proto__'");
    expect(() => checkOptions('f', js({ toString: 1 }), rules)).toThrow("f: unknown option 'toString'");
  });
  test('errors are of the class given, and every class derives from SeedlingError', () => {
    class MyError extends SeedlingError {}
    expect(() => checkOptions('f', js({ x: 1 }), rules, MyError)).toThrow(MyError);
    expect(() => checkOptions('f', js({ x: 1 }), rules)).toThrow(ArgumentError);
    expect(new ArgumentError('f', 'x')).toBeInstanceOf(TensorError);
    expect(new ArgumentError('f', 'x')).toBeInstanceOf(SeedlingError);
    expect(new ArgumentError('f', 'bad')).toMatchObject({ op: 'f', detail: 'bad', message: 'f: bad', name: 'ArgumentError' });
  });
  test('checkArg refuses undefined and names the argument', () => {
    expect(() => checkArg('noGrad', 'fn', 5, is.function)).toThrow('noGrad: fn must be a function, got 5');
    expect(() => checkArg('f', 'x', undefined, is.any)).toThrow('f: x must be any value, got undefined');
  });
});

describe('JavaScript calling forms', () => {
  const x = array([
    [1, 2],
    [3, 4],
  ]);
  test('shapes are one array: zeros(3) and zeros(2, 3) throw instead of returning a scalar', () => {
    expect(() => zeros(js(3))).toThrow('zeros: shape must be an array of integers ≥ 0, got 3 (write zeros([3, …]): dims go in one array)');
    expect(() => ones(js(2), js(3))).toThrow(ShapeError);
    expect(() => zeros(js(null))).toThrow('zeros: shape must be an array of integers ≥ 0, got null');
    expect(() => reshape(x, js(4))).toThrow(
      'reshape: shape must be an array of integers (one may be -1), got 4 (write reshape([4, …]): dims go in one array)',
    );
  });
  test('sum(1), mean(0), max(1) throw instead of reducing every axis', () => {
    expect(() => sum(x, js(1))).toThrow('sum: options must be an object, got 1');
    expect(() => mean(x, js(0))).toThrow('mean: options must be an object, got 0');
    expect(() => max(x, js(1))).toThrow('max: options must be an object, got 1');
  });
  test('misspelled or mistyped options throw', () => {
    expect(() => sum(x, js({ axis: 1, keepDim: true }))).toThrow("sum: unknown option 'keepDim' (valid: axis, keepdims)");
    expect(() => sum(x, js({ axis: null }))).toThrow("sum: option 'axis' must be an integer axis or an array of integer axes, got null");
    expect(() => sum(x, { axis: 0.5 })).toThrow(AxisError);
    expect(() => matmul(x, x, js({ transposeA: 'yes' }))).toThrow("matmul: option 'transposeA' must be true or false, got 'yes'");
  });
  test('a non-array operand names the op and the operand', () => {
    expect(() => matmul(x, js(null))).toThrow('matmul: b must be an NDArray, got null');
    expect(() => sum(js([1, 2]))).toThrow('sum: x must be an NDArray, got [1, 2]');
  });
});

describe('element limit', () => {
  test('shapes above the limit are refused before allocating, naming the op and the shape', () => {
    expect(maxElementCount()).toBe(2 ** 28);
    expect(() => zeros([1e6, 1e6])).toThrow(`zeros: shape [1000000,1000000] holds 1000000000000 elements, above the limit of ${2 ** 28}`);
    expect(() => ones([40000, 40000])).toThrow(ShapeError);
  });
  test('broadcasting results and reshapes are bounded too; the limit can be lowered and restored', () => {
    const old = setMaxElements(10);
    try {
      expect(() => zeros([11])).toThrow('zeros: shape [11] holds 11 elements, above the limit of 10');
      expect(zeros([10]).size).toBe(10);
      expect(() => matmul(zeros([4, 1]), zeros([1, 4]))).toThrow(ShapeError);
    } finally {
      expect(setMaxElements(old)).toBe(10);
    }
    expect(() => setMaxElements(0)).toThrow(ArgumentError);
  });
});

test('an error built from a symbol prints it instead of throwing a TypeError (JavaScript callers)', () => {
  const e = new ArgumentError(Symbol('s') as never, Symbol('d') as never);
  expect(e.message).toBe('Symbol(s): Symbol(d)');
  expect(e.op).toBe('Symbol(s)');
});

describe('symbols and bigints (JavaScript callers): refused with the library error, never a TypeError', () => {
  const sym = Symbol('s');
  test('textOf prints what String prints, and what String refuses', () => {
    expect(textOf([1, [2, 3]])).toBe(String([1, [2, 3]]));
    expect(textOf([1, null, undefined])).toBe(String([1, null, undefined]));
    expect(textOf([sym, 2n])).toBe('Symbol(s),2n');
    expect(textOf(Object.create(null))).toBe('an object');
    const cyclic: unknown[] = [1];
    cyclic.push(cyclic);
    expect(() => textOf(cyclic)).not.toThrow();
  });

  test('an error built from an array holding a symbol prints it', () => {
    expect(new ArgumentError('op', [sym, 1] as never).message).toBe('op: Symbol(s),1');
    expect(new AxisError('op', sym as never, 2).message).toBe('op: axis Symbol(s) out of range for rank 2');
  });

  test('shapes, number arguments and dtypes holding symbols or bigints', () => {
    expect(() => zeros([sym] as never)).toThrow('zeros: dimension 0 must be a non-negative integer, got Symbol(s) in [Symbol(s)]');
    expect(() => zeros([2n] as never)).toThrow('zeros: dimension 0 must be a non-negative integer, got 2n in [2n]');
    expect(() => arange(sym as never)).toThrow('arange: start, stop and step must be finite and step non-zero, got 0, Symbol(s), 1');
    expect(() => arange(3n as never)).toThrow('arange: start, stop and step must be finite and step non-zero, got 0, 3n, 1');
    expect(() => linspace(0, 1, [sym] as never)).toThrow('linspace: num must be a non-negative integer, got Symbol(s)');
    expect(() => zeros([2]).astype(sym as never)).toThrow(DTypeError);
    expect(() => zeros([2, 2]).get(sym as never, 0)).toThrow(/^get: /);
    expect(() => pad(zeros([2]), [[1, 1]], 1n as never)).toThrow('pad: value must be a number, got 1n');
    expect(() => pad(zeros([2]), [[sym, 1]] as never)).toThrow('pad: widths must be pairs of non-negative integers, got [Symbol(s),1]');
  });
});
