/**
 * Element codecs of the safetensors dtypes: little-endian bytes ↔ Seedling's float32/float64 arrays.
 * Reading never rounds (F16/BF16 → float32 exactly; an integer dtype goes to the smallest float dtype that
 * holds all of its values, and I64/U64 values beyond that are refused); writing F16/BF16 rounds to nearest,
 * ties to even, directly from the float64 value (no double rounding through float32).
 */
import type { DType, NDArray } from '@seedling-ml/tensor';

/** Every safetensors dtype Seedling reads (F8_E5M2 and F8_E4M3 are known but refused). */
export type SafetensorsDType = 'BOOL' | 'U8' | 'I8' | 'I16' | 'U16' | 'F16' | 'BF16' | 'I32' | 'U32' | 'F32' | 'F64' | 'I64' | 'U64';

/** Element size in bytes of every dtype the format defines (so unsupported ones are named, not "unknown"). */
export const FORMAT_ITEM_SIZE: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

/**
 * The reference writer's tensor order: by dtype, in the reverse of its enum's order (U64, I64, F64, F32, U32,
 * I32, BF16, F16, U16, I16, I8, U8, BOOL — checked against Python's `safetensors.torch.save`), then by name.
 */
export const WRITE_RANK: Readonly<Record<SafetensorsDType, number>> = {
  BOOL: 0,
  U8: 1,
  I8: 2,
  I16: 5,
  U16: 6,
  F16: 7,
  BF16: 8,
  I32: 9,
  U32: 10,
  F32: 11,
  F64: 12,
  I64: 13,
  U64: 14,
};

/**
 * The Seedling dtype each readable safetensors dtype becomes: the smallest that holds every value of the
 * type exactly (float32 has 24 significant bits, float64 53; I64/U64 values past 2^53 are checked one by one).
 */
export const READ_AS: Readonly<Record<SafetensorsDType, DType>> = {
  BOOL: 'float32',
  U8: 'float32',
  I8: 'float32',
  I16: 'float32',
  U16: 'float32',
  F16: 'float32',
  BF16: 'float32',
  F32: 'float32',
  I32: 'float64',
  U32: 'float64',
  F64: 'float64',
  I64: 'float64',
  U64: 'float64',
};

/** The readable dtypes in the order the error message lists them. */
export const READABLE: readonly SafetensorsDType[] = [
  'F16',
  'BF16',
  'F32',
  'F64',
  'I8',
  'I16',
  'I32',
  'I64',
  'U8',
  'U16',
  'U32',
  'U64',
  'BOOL',
];

/** Integer ranges of the integer dtypes (I64/U64 limited by what a float64 holds exactly: handled apart). */
const INT_RANGE: Readonly<Partial<Record<SafetensorsDType, readonly [number, number]>>> = {
  BOOL: [0, 1],
  U8: [0, 255],
  I8: [-128, 127],
  I16: [-32768, 32767],
  U16: [0, 65535],
  I32: [-2147483648, 2147483647],
  U32: [0, 4294967295],
  I64: [-(2 ** 53), 2 ** 53],
  U64: [0, 2 ** 53],
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Copies raw bytes when the file's layout is the host's (F32 into float32, F64 into float64 on a little-endian host). */
function sameLayout(dtype: SafetensorsDType, data: Float32Array | Float64Array): boolean {
  return LITTLE_ENDIAN && ((dtype === 'F32' && data instanceof Float32Array) || (dtype === 'F64' && data instanceof Float64Array));
}

/** An IEEE-754 binary format with `expBits` exponent and `manBits` stored mantissa bits. */
interface MiniFloat {
  readonly expBits: number;
  readonly manBits: number;
}
const HALF: MiniFloat = { expBits: 5, manBits: 10 };
const BFLOAT: MiniFloat = { expBits: 8, manBits: 7 };

/** x rounded to the nearest integer, ties to the even one (x ≥ 0, exact in float64 here). */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * The bits of `v` in format `fmt`, rounded to nearest, ties to even. Overflow gives ±Infinity, tiny values
 * round to subnormals or ±0 (sign kept), NaN gives the quiet NaN with the sign of `v`.
 * NOTE: scaling by powers of two is exact in float64, so every intermediate here is exact until the one rounding.
 */
function encodeMiniFloat(v: number, fmt: MiniFloat): number {
  const { expBits, manBits } = fmt;
  const signBit = 1 << (expBits + manBits);
  const sign = v < 0 || Object.is(v, -0) ? signBit : 0;
  const expAllOnes = ((1 << expBits) - 1) << manBits;
  if (Number.isNaN(v)) return sign | expAllOnes | (1 << (manBits - 1));
  const a = Math.abs(v);
  const bias = (1 << (expBits - 1)) - 1;
  const emin = 1 - bias;
  // Halfway between the largest finite value (2 − 2^−m)·2^bias and 2^(bias+1): at or above it, round to infinity.
  if (a >= (2 - 2 ** -(manBits + 1)) * 2 ** bias) return sign | expAllOnes;
  if (a < 2 ** emin) {
    // Subnormal: a = k · 2^(emin − m); k = 2^m (a carry into the smallest normal) is encoded correctly as is.
    return sign | roundHalfEven(a * 2 ** (manBits - emin));
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  let mantissa = roundHalfEven((a / 2 ** e - 1) * 2 ** manBits);
  if (mantissa === 2 ** manBits) {
    mantissa = 0;
    e++;
  }
  // e + bias stays ≤ 2·bias: the overflow test above excludes anything that would round past the largest finite.
  return sign | ((e + bias) << manBits) | mantissa;
}

/** The value of the bits `b` of format `fmt` (exact in float32 for F16 and BF16). */
function decodeMiniFloat(b: number, fmt: MiniFloat): number {
  const { expBits, manBits } = fmt;
  const sign = (b >> (expBits + manBits)) & 1 ? -1 : 1;
  const e = (b >> manBits) & ((1 << expBits) - 1);
  const m = b & ((1 << manBits) - 1);
  const bias = (1 << (expBits - 1)) - 1;
  if (e === 0) return sign * m * 2 ** (1 - bias - manBits);
  if (e === (1 << expBits) - 1) return m === 0 ? sign * Infinity : NaN;
  return sign * (1 + m / 2 ** manBits) * 2 ** (e - bias);
}

/** float16 bits of `v`, round to nearest even (exported for tests). */
export const toFloat16Bits = (v: number): number => encodeMiniFloat(v, HALF);
/** bfloat16 bits of `v`, round to nearest even (exported for tests). */
export const toBFloat16Bits = (v: number): number => encodeMiniFloat(v, BFLOAT);
/** The value of float16 bits. */
export const fromFloat16Bits = (b: number): number => decodeMiniFloat(b, HALF);
/** The value of bfloat16 bits. */
export const fromBFloat16Bits = (b: number): number => decodeMiniFloat(b, BFLOAT);

/**
 * Reads `out.length` elements of `dtype` from `view` at byte `offset` into `out` (allocated by the caller
 * with READ_AS[dtype]). Returns the flat index of an I64/U64 value a float64 cannot hold exactly, or −1.
 */
export function readElements(view: DataView, offset: number, dtype: SafetensorsDType, out: Float32Array | Float64Array): number {
  const n = out.length;
  if (sameLayout(dtype, out)) {
    // Copying bytes also fixes alignment: the source offset need not be a multiple of the item size.
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(new Uint8Array(view.buffer, view.byteOffset + offset, out.byteLength));
    return -1;
  }
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(offset + 4 * i, true);
      break;
    case 'F64':
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(offset + 8 * i, true);
      break;
    case 'F16':
      for (let i = 0; i < n; i++) out[i] = decodeMiniFloat(view.getUint16(offset + 2 * i, true), HALF);
      break;
    case 'BF16':
      for (let i = 0; i < n; i++) out[i] = decodeMiniFloat(view.getUint16(offset + 2 * i, true), BFLOAT);
      break;
    // NOTE: BOOL bytes other than 0 and 1 are read as true (1), as NumPy and PyTorch treat nonzero bytes.
    case 'BOOL':
      for (let i = 0; i < n; i++) out[i] = view.getUint8(offset + i) === 0 ? 0 : 1;
      break;
    case 'U8':
      for (let i = 0; i < n; i++) out[i] = view.getUint8(offset + i);
      break;
    case 'I8':
      for (let i = 0; i < n; i++) out[i] = view.getInt8(offset + i);
      break;
    case 'I16':
      for (let i = 0; i < n; i++) out[i] = view.getInt16(offset + 2 * i, true);
      break;
    case 'U16':
      for (let i = 0; i < n; i++) out[i] = view.getUint16(offset + 2 * i, true);
      break;
    case 'I32':
      for (let i = 0; i < n; i++) out[i] = view.getInt32(offset + 4 * i, true);
      break;
    case 'U32':
      for (let i = 0; i < n; i++) out[i] = view.getUint32(offset + 4 * i, true);
      break;
    case 'I64':
    case 'U64': {
      const signed = dtype === 'I64';
      for (let i = 0; i < n; i++) {
        const lo = view.getUint32(offset + 8 * i, true);
        const hi = signed ? view.getInt32(offset + 8 * i + 4, true) : view.getUint32(offset + 8 * i + 4, true);
        // |hi| < 2^21 means |value| < 2^53: the sum is exact. Beyond, only values a float64 holds exactly pass.
        if (hi >= 2 ** 21 || hi < -(2 ** 21)) {
          const big = signed ? view.getBigInt64(offset + 8 * i, true) : view.getBigUint64(offset + 8 * i, true);
          if (BigInt(Number(big)) !== big) return i;
          out[i] = Number(big);
        } else {
          out[i] = hi * 4294967296 + lo;
        }
      }
      break;
    }
  }
  return -1;
}

/**
 * Writes `x`'s elements as `dtype` into `view` at byte `offset`. Integer dtypes need integer values in the
 * type's range: otherwise nothing is written and the flat index of the first bad value is returned (else −1).
 */
export function writeElements(x: NDArray, dtype: SafetensorsDType, view: DataView, offset: number): number {
  const d = x.data;
  const n = d.length;
  const range = INT_RANGE[dtype];
  if (range !== undefined) {
    for (let i = 0; i < n; i++) {
      const v = d[i]!;
      if (!Number.isInteger(v) || v < range[0] || v > range[1]) return i;
    }
  }
  if (sameLayout(dtype, d)) {
    new Uint8Array(view.buffer, view.byteOffset + offset, d.byteLength).set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
    return -1;
  }
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < n; i++) view.setFloat32(offset + 4 * i, d[i]!, true);
      break;
    case 'F64':
      for (let i = 0; i < n; i++) view.setFloat64(offset + 8 * i, d[i]!, true);
      break;
    case 'F16':
      for (let i = 0; i < n; i++) view.setUint16(offset + 2 * i, encodeMiniFloat(d[i]!, HALF), true);
      break;
    case 'BF16':
      for (let i = 0; i < n; i++) view.setUint16(offset + 2 * i, encodeMiniFloat(d[i]!, BFLOAT), true);
      break;
    case 'BOOL':
    case 'U8':
      for (let i = 0; i < n; i++) view.setUint8(offset + i, d[i]!);
      break;
    case 'I8':
      for (let i = 0; i < n; i++) view.setInt8(offset + i, d[i]!);
      break;
    case 'I16':
      for (let i = 0; i < n; i++) view.setInt16(offset + 2 * i, d[i]!, true);
      break;
    case 'U16':
      for (let i = 0; i < n; i++) view.setUint16(offset + 2 * i, d[i]!, true);
      break;
    case 'I32':
      for (let i = 0; i < n; i++) view.setInt32(offset + 4 * i, d[i]!, true);
      break;
    case 'U32':
      for (let i = 0; i < n; i++) view.setUint32(offset + 4 * i, d[i]!, true);
      break;
    case 'I64':
    case 'U64':
      for (let i = 0; i < n; i++) {
        const v = d[i]!;
        // Two's complement of |v| ≤ 2^53 split in 32-bit halves: floor division keeps the low half in [0, 2^32).
        const hi = Math.floor(v / 4294967296);
        view.setUint32(offset + 8 * i, v - hi * 4294967296, true);
        view.setInt32(offset + 8 * i + 4, hi, true);
      }
      break;
  }
  return -1;
}
