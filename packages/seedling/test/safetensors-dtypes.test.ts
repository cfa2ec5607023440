import { NDArray } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { SafetensorsError, decodeSafetensors, encodeSafetensors } from '../src/safetensors.ts';
import { fromBFloat16Bits, fromFloat16Bits, toBFloat16Bits, toFloat16Bits } from '../src/safetensors-dtypes.ts';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** A one-tensor safetensors file built by hand: `data` are the raw little-endian element bytes. */
function oneTensor(dtype: string, shape: number[], data: number[]): Uint8Array {
  const h = ascii(`{"t":{"dtype":"${dtype}","shape":[${shape.join(',')}],"data_offsets":[0,${data.length}]}}`);
  const padding = (8 - (h.length % 8)) % 8;
  return Uint8Array.from([h.length + padding, 0, 0, 0, 0, 0, 0, 0, ...h, ...new Array<number>(padding).fill(0x20), ...data]);
}
/** Little-endian bytes of 16-bit patterns. */
const le16 = (bits: number[]): number[] => bits.flatMap((b) => [b & 0xff, b >> 8]);
const ITEM: Record<string, number> = { F16: 2, BF16: 2, F32: 4, F64: 8 };
/** Decodes one tensor; the shape defaults to a vector of all the bytes' elements. */
const read = (dtype: string, data: number[], shape = [data.length / (ITEM[dtype] ?? 1)]): NDArray =>
  decodeSafetensors(oneTensor(dtype, shape, data)).tensors.t!;
const values = (x: NDArray): number[] => Array.from(x.data);
/** The 16-bit patterns of a tensor written as `dtype`. */
function written(dtype: 'F16' | 'BF16', v: number[]): number[] {
  const bytes = encodeSafetensors({ t: new NDArray(Float64Array.from(v), [v.length]) }, undefined, { dtype });
  const data = bytes.subarray(bytes.length - 2 * v.length);
  return Array.from({ length: v.length }, (_, i) => data[2 * i]! | (data[2 * i + 1]! << 8));
}

describe('reading float dtypes from hand-built bytes', () => {
  test('F16: ±0, normals, extremes, subnormals, ±Infinity, NaN — exactly, as float32', () => {
    // IEEE binary16: sign | 5 exponent bits (bias 15) | 10 mantissa bits.
    const x = read('F16', le16([0x0000, 0x8000, 0x3c00, 0xc000, 0x7bff, 0x0400, 0x0001, 0x03ff, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0x3555]));
    expect(x.dtype).toBe('float32');
    const v = values(x);
    expect(Object.is(v[0], 0)).toBe(true);
    expect(Object.is(v[1], -0)).toBe(true);
    expect(v.slice(2, 10)).toEqual([1, -2, 65504, 2 ** -14, 2 ** -24, 1023 * 2 ** -24, Infinity, -Infinity]);
    expect(Number.isNaN(v[10])).toBe(true);
    expect(Number.isNaN(v[11])).toBe(true); // a signalling NaN pattern is still NaN
    expect(v[12]).toBe(1365 / 4096); // 0x3555 = 1.0101010101b × 2^−2, the float16 nearest 1/3
  });

  test('BF16: ±0, extremes, subnormals, ±Infinity, NaN', () => {
    // bfloat16: float32's top half — sign | 8 exponent bits (bias 127) | 7 mantissa bits.
    const v = values(read('BF16', le16([0x3f80, 0xc000, 0x7f80, 0xff80, 0x7fc0, 0x0001, 0x007f, 0x0080, 0x7f7f, 0x8000, 0x3eab])));
    expect(v.slice(0, 4)).toEqual([1, -2, Infinity, -Infinity]);
    expect(Number.isNaN(v[4])).toBe(true);
    expect(v.slice(5, 9)).toEqual([2 ** -133, 127 * 2 ** -133, 2 ** -126, (2 - 2 ** -7) * 2 ** 127]);
    expect(Object.is(v[9], -0)).toBe(true);
    expect(v[10]).toBe(171 / 512); // 0x3eab = 1.0101011b × 2^−2
  });

  test('F32 and F64 keep their dtype: subnormals, ±0, ±Infinity, NaN', () => {
    const f = read('F32', [0, 0, 0x80, 0x3f, 1, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0x80, 0xff, 0, 0, 0xc0, 0x7f]);
    expect(f.dtype).toBe('float32');
    const fv = values(f);
    expect(fv.slice(0, 2)).toEqual([1, 2 ** -149]); // 0x00000001: the smallest float32 subnormal
    expect(Object.is(fv[2], -0)).toBe(true);
    expect(fv[3]).toBe(-Infinity);
    expect(Number.isNaN(fv[4])).toBe(true);
    const d = read('F64', [
      ...[0, 0, 0, 0, 0, 0, 0xf0, 0x7f], // +∞
      ...[1, 0, 0, 0, 0, 0, 0, 0], // 2^−1074, the smallest float64 subnormal
      ...[0, 0, 0, 0, 0, 0, 0, 0x80], // −0
      ...[0, 0, 0, 0, 0, 0, 0xf8, 0x7f], // NaN
    ]);
    expect(d.dtype).toBe('float64');
    const dv = values(d);
    expect(dv.slice(0, 2)).toEqual([Infinity, 2 ** -1074]);
    expect(Object.is(dv[2], -0)).toBe(true);
    expect(Number.isNaN(dv[3])).toBe(true);
  });

  test('every float16 and bfloat16 pattern survives decode → encode (exhaustive)', () => {
    for (let b = 0; b < 0x10000; b++) {
      const h = fromFloat16Bits(b);
      if (!Number.isNaN(h) && toFloat16Bits(h) !== b) throw new Error(`F16 ${b.toString(16)} → ${h} → ${toFloat16Bits(h).toString(16)}`);
      const f = fromBFloat16Bits(b);
      if (!Number.isNaN(f) && toBFloat16Bits(f) !== b) throw new Error(`BF16 ${b.toString(16)} → ${f} → ${toBFloat16Bits(f).toString(16)}`);
      // The decoded value must be a float32 (it is stored in a Float32Array without rounding).
      if (!Number.isNaN(f) && Math.fround(f) !== f) throw new Error(`BF16 ${b.toString(16)} is not a float32`);
    }
  });
});

describe('reading integer dtypes from hand-built bytes', () => {
  test('I8, U8, I16, U16 and BOOL become float32 (every value exact)', () => {
    expect(values(read('I8', [0x80, 0xff, 0x7f, 0x00]))).toEqual([-128, -1, 127, 0]);
    expect(values(read('U8', [0, 255]))).toEqual([0, 255]);
    expect(values(read('I16', [0x00, 0x80, 0xff, 0xff, 0xff, 0x7f], [3]))).toEqual([-32768, -1, 32767]);
    expect(values(read('U16', [0xff, 0xff], [1]))).toEqual([65535]);
    const b = read('BOOL', [0, 1, 0]);
    expect([b.dtype, ...values(b)]).toEqual(['float32', 0, 1, 0]);
  });

  test('I32 and U32 become float64', () => {
    const x = read('I32', [0, 0, 0, 0x80, 0xff, 0xff, 0xff, 0x7f, 0xfe, 0xff, 0xff, 0xff], [3]);
    expect([x.dtype, ...values(x)]).toEqual(['float64', -2147483648, 2147483647, -2]);
    expect(values(read('U32', [0xff, 0xff, 0xff, 0xff], [1]))).toEqual([4294967295]);
  });

  test('I64 and U64: float64 when every value is exactly representable', () => {
    const x = read(
      'I64',
      [
        ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // −1
        ...[0, 0, 0, 0, 0, 0, 0x20, 0], // 2^53
        ...[0, 0, 0, 0, 0, 0, 0xe0, 0xff], // −2^53
        ...[0, 0, 0, 0, 0, 0, 0, 0x80], // −2^63: exactly representable though far past 2^53
        ...[7, 0, 0, 0, 1, 0, 0, 0], // 2^32 + 7
      ],
      [5],
    );
    expect([x.dtype, ...values(x)]).toEqual(['float64', -1, 2 ** 53, -(2 ** 53), -(2 ** 63), 2 ** 32 + 7]);
    expect(values(read('U64', [0, 0, 0, 0, 0, 0, 0, 0x80], [1]))).toEqual([2 ** 63]);
    expect(() => read('U64', [1, 0, 0, 0, 0, 0, 0, 0x80], [1])).toThrow(
      "decodeSafetensors: tensor 't': U64 element 0 is 9223372036854775809, which a float64 cannot hold exactly",
    );
  });

  test("decodeSafetensors reports each tensor's dtype in the file", () => {
    expect(decodeSafetensors(oneTensor('I64', [], [3, 0, 0, 0, 0, 0, 0, 0])).dtypes).toEqual({ t: 'I64' });
  });
});

describe('writing F16 and BF16: round to nearest, ties to even', () => {
  test('F16 ties, carries, overflow, subnormals, ±0, ±Infinity, NaN', () => {
    const cases: [number, number][] = [
      [1, 0x3c00],
      [1 + 2 ** -11, 0x3c00], // tie between 1 (even) and 1 + 2^−10: stays at 1
      [1 + 3 * 2 ** -11, 0x3c02], // tie between mantissa 1 (odd) and 2: goes up
      [1 + 2 ** -11 + 2 ** -30, 0x3c01], // just above the tie
      [2 - 2 ** -11, 0x4000], // tie at mantissa 1023 (odd): carries into the exponent
      [1 / 3, 0x3555],
      [65504, 0x7bff],
      [65519.99, 0x7bff],
      [65520, 0x7c00], // halfway to 2^16, mantissa 1023 odd: rounds to infinity
      [-1e6, 0xfc00],
      [2 ** -24, 0x0001],
      [2 ** -25, 0x0000], // tie between 0 (even) and the smallest subnormal
      [3 * 2 ** -25, 0x0002], // tie between subnormals 1 and 2
      [1023.5 * 2 ** -24, 0x0400], // tie between the largest subnormal (odd) and the smallest normal
      [-(2 ** -26), 0x8000], // rounds to −0, sign kept
      [-0, 0x8000],
      [Infinity, 0x7c00],
      [-Infinity, 0xfc00],
      [NaN, 0x7e00],
    ];
    expect(
      written(
        'F16',
        cases.map(([v]) => v),
      ),
    ).toEqual(cases.map(([, b]) => b));
  });

  test('BF16 rounds from the float64 value (no double rounding through float32)', () => {
    const cases: [number, number][] = [
      [1 + 2 ** -8, 0x3f80], // tie: to even
      [1 + 3 * 2 ** -8, 0x3f82],
      // Through float32 this would first round to 1 + 2^−8 (a tie) and then to 0x3f80.
      [1 + 2 ** -8 + 2 ** -40, 0x3f81],
      [(2 - 2 ** -7) * 2 ** 127, 0x7f7f],
      [3.4028234663852886e38, 0x7f80], // float32's max is past bfloat16's halfway point: infinity
      [1e-40, 0x0001], // 1e-40 · 2^133 ≈ 1.089: the smallest subnormal
      [-0, 0x8000],
      [NaN, 0x7fc0],
      [-Infinity, 0xff80],
    ];
    expect(
      written(
        'BF16',
        cases.map(([v]) => v),
      ),
    ).toEqual(cases.map(([, b]) => b));
  });

  test('a file written as F16 reads back as float32 with the rounded values', () => {
    const x = new NDArray(new Float32Array([0.1, -2, 70000]), [3]);
    const bytes = encodeSafetensors({ w: x }, undefined, { dtype: 'F16' });
    const back = decodeSafetensors(bytes);
    expect(back.dtypes.w).toBe('F16');
    // 0.1 in float16: 0x2e66 = 1.1001100110b × 2^−4 = 1638 / 16384.
    expect(values(back.tensors.w!)).toEqual([1638 / 16384, -2, Infinity]);
  });
});

describe('writing integer dtypes on request', () => {
  test("I64 through options.dtypes (PyTorch's num_batches_tracked)", () => {
    const bytes = encodeSafetensors({ n: new NDArray(new Float64Array([5]), []), w: new NDArray(new Float32Array([1]), [1]) }, undefined, {
      dtypes: { n: 'I64' },
    });
    const text = new TextDecoder().decode(bytes.subarray(8, bytes.length - 12));
    expect(text.trim()).toBe('{"n":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}');
    expect(Array.from(bytes.subarray(bytes.length - 12, bytes.length - 4))).toEqual([5, 0, 0, 0, 0, 0, 0, 0]);
    const neg = encodeSafetensors({ n: new NDArray(new Float64Array([-2, 2 ** 53]), [2]) }, undefined, { dtypes: { n: 'I64' } });
    expect(Array.from(neg.subarray(neg.length - 16))).toEqual([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0x20, 0]);
  });

  test('every integer dtype round-trips in-range integers', () => {
    const ranges: [string, number, number][] = [
      ['BOOL', 0, 1],
      ['U8', 0, 255],
      ['I8', -128, 127],
      ['I16', -32768, 32767],
      ['U16', 0, 65535],
      ['I32', -(2 ** 31), 2 ** 31 - 1],
      ['U32', 0, 2 ** 32 - 1],
      ['I64', -(2 ** 53), 2 ** 53],
      ['U64', 0, 2 ** 53],
    ];
    for (const [dtype, lo, hi] of ranges) {
      const x = new NDArray(Float64Array.from([lo, hi, 0]), [3]);
      const back = decodeSafetensors(encodeSafetensors({ x }, undefined, { dtypes: { x: dtype as never } }));
      expect([dtype, ...values(back.tensors.x!)]).toEqual([dtype, lo, hi, 0]);
    }
  });

  test('non-integers, out-of-range values and bad options are refused, naming the tensor', () => {
    const x = new NDArray(new Float64Array([1, 1.5]), [2]);
    expect(() => encodeSafetensors({ x }, undefined, { dtypes: { x: 'I64' } })).toThrow(
      "encodeSafetensors: tensor 'x' cannot be written as I64: element 1 is 1.5, not an integer in the range of I64 that a float64 holds exactly (|v| ≤ 2^53)",
    );
    expect(() => encodeSafetensors({ x: new NDArray(new Float64Array([256]), [1]) }, undefined, { dtypes: { x: 'U8' } })).toThrow(
      "tensor 'x' cannot be written as U8: element 0 is 256",
    );
    expect(() => encodeSafetensors({ x }, undefined, { dtype: 'I64' as never })).toThrow(
      'encodeSafetensors: dtype must be one of F16, BF16, F32, F64, got "I64"',
    );
    expect(() => encodeSafetensors({ x }, undefined, { dtypes: { y: 'I64' } })).toThrow(
      "encodeSafetensors: dtypes names tensor 'y', which is not among the tensors",
    );
    expect(() => encodeSafetensors({ x }, undefined, { dtypes: { x: 'F8_E4M3' as never } })).toThrow(
      "encodeSafetensors: dtypes['x'] must be one of",
    );
    expect(() => encodeSafetensors({ x }, undefined, { dtyp: 'F16' } as never)).toThrow(SafetensorsError);
    expect(() => encodeSafetensors({ x }, undefined, { dtyp: 'F16' } as never)).toThrow(
      "encodeSafetensors: unknown option 'dtyp' (valid: dtype, dtypes)",
    );
  });
});

test("tensors are laid out in the reference writer's dtype order (as Python's safetensors.torch.save orders them)", () => {
  // Python: save({a: float64, b: int64, c: float32, d: float16, e: bfloat16, f: uint8, g: bool, h: int32, i: int16,
  // j: int8, k: uint16, l: uint32, m: uint64}) lays them out in this order.
  const expected = [
    ['m', 'U64'],
    ['b', 'I64'],
    ['a', 'F64'],
    ['c', 'F32'],
    ['l', 'U32'],
    ['h', 'I32'],
    ['e', 'BF16'],
    ['d', 'F16'],
    ['k', 'U16'],
    ['i', 'I16'],
    ['j', 'I8'],
    ['f', 'U8'],
    ['g', 'BOOL'],
  ];
  const tensors = Object.fromEntries(expected.map(([name]) => [name, new NDArray(new Float64Array(1), [1])]));
  const dtypes = Object.fromEntries(expected.map(([name, dtype]) => [name, dtype])) as Record<string, never>;
  const bytes = encodeSafetensors(tensors, undefined, { dtypes });
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<
    string,
    { dtype: string; data_offsets: [number, number] }
  >;
  const laidOut = Object.entries(header)
    .sort((p, q) => p[1].data_offsets[0] - q[1].data_offsets[0])
    .map(([name, e]) => [name, e.dtype]);
  expect(laidOut).toEqual(expected);
});

test('a file PyTorch wrote with every readable dtype decodes to the values PyTorch reads (scripts/golden/safetensors_dtypes.py)', async () => {
  const { readFileSync } = await import('node:fs');
  const { tensors, dtypes } = decodeSafetensors(readFileSync(new URL('./fixtures/pytorch-interop/dtypes.safetensors', import.meta.url)));
  const pairs: [string, string, string][] = [
    ['f16', 'f16_as_f32', 'F16'],
    ['bf16', 'bf16_as_f32', 'BF16'],
    ['i8', 'i8_as_f64', 'I8'],
    ['i16', 'i16_as_f64', 'I16'],
    ['i32', 'i32_as_f64', 'I32'],
    ['i64', 'i64_as_f64', 'I64'],
    ['u8', 'u8_as_f64', 'U8'],
    ['bool', 'bool_as_f64', 'BOOL'],
  ];
  for (const [name, reference, dtype] of pairs) {
    expect(dtypes[name], name).toBe(dtype);
    const got = values(tensors[name]!);
    const want = values(tensors[reference]!);
    expect(got.length, name).toBe(want.length);
    // Object.is: NaN equals NaN and −0 differs from +0, so every special value is compared exactly.
    const differ = got.flatMap((v, i) => (Object.is(v, want[i]) ? [] : [`${i}: ${v} vs ${want[i]}`]));
    expect(differ, name).toEqual([]);
  }
  expect(tensors.f16!.size).toBe(4096 + 2048);
});
