import { DataError } from './errors.ts';

/**
 * The distinct pixel values met so far and their 8-bit codes. MNIST images are 8-bit grayscale; the `mnist`
 * package writes pixel k as round(k / 255, 3), so the 7.84 million pixels take 256 values and a byte per
 * pixel plus this table holds them exactly (the doubles JSON.parse would give), 8× smaller than float64.
 */
export class PixelPalette {
  /** `values[code]`: the pixel value a code stands for. */
  readonly values: number[] = [];
  private readonly codes = new Map<number, number>();
  /**
   * Codes of short plain decimals by their digits, `quick[k·1024 + m]` for m / 10^k with k ≤ 3, m < 1024
   * (−1: not seen yet): every pixel of the package, found without hashing a double.
   */
  readonly quick = new Int16Array(4 * 1024).fill(-1);

  /** The code of `value`, assigning the next free one on first sight (checked to lie in [0, 1]). */
  codeOf(op: string, value: number, where: string, at: number): number {
    // A Map equates −0 with 0; −0 (JSON's "-0") keeps a code of its own under a key no pixel can have.
    const key = Object.is(value, -0) ? -1 : value;
    const known = this.codes.get(key);
    if (known !== undefined) return known;
    if (!(value >= 0 && value <= 1)) malformed(op, where, at, `pixel value ${value} outside [0, 1]`);
    const code = this.values.length;
    if (code === 256) malformed(op, where, at, 'more than 256 distinct pixel values (expected 8-bit images)');
    this.values.push(value);
    this.codes.set(key, code);
    return code;
  }
}

/** Throws the DataError of a file that is not `{ "data": [numbers in [0, 1]] }`. */
function malformed(op: string, where: string, at: number, what: string): never {
  throw new DataError(op, `${where}: ${what} at byte ${at} (expected { "data": [numbers in [0, 1]] })`);
}

/** `'x'` for the byte at `at`, or "end of file". */
function byteText(bytes: Uint8Array, at: number): string {
  return at < bytes.length ? `'${String.fromCharCode(bytes[at]!)}'` : 'end of file';
}

/** 10^k for k ≤ 22: every one is exact in float64, which is what makes `m / 10^k` below correctly rounded. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

// Character codes the decoder compares bytes with.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const LOWER_E = 101;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const isSpace = (c: number): boolean => c === SPACE || c === LF || c === CR || c === TAB;
const isDigit = (c: number): boolean => c >= ZERO && c <= NINE;

/**
 * Decodes one digit file of the `mnist` package — the UTF-8 JSON text `{ "data": [p₀, p₁, …] }` — into one
 * palette code per pixel, without building the JavaScript array `JSON.parse` would (8 bytes per number on
 * the heap plus the parse's garbage: ≈ 61 MB for the ten files, all alive while the package is loaded).
 *
 * Every number is read to the double JSON.parse gives: a plain decimal `int[.frac]` of ≤ 15 significant
 * digits is m / 10^k with m and 10^k exact doubles, so IEEE division rounds the true decimal value once —
 * the correctly rounded result JSON requires; any other form (sign, exponent, longer) goes through `Number`,
 * which implements the same rounding. Values outside [0, 1] and anything but that exact layout (whitespace
 * aside) throw a DataError naming `where` and the byte offset: the loader validates before it trusts a byte.
 * `scratch` (optional, reused across files) receives the codes first when it holds at least half as many
 * bytes as the file; the result is always a new array of exactly the decoded pixels.
 */
export function decodeDigitJson(op: string, bytes: Uint8Array, where: string, palette: PixelPalette, scratch?: Uint8Array): Uint8Array {
  const n = bytes.length;
  let i = expectByte(op, bytes, where, 0, OPEN_BRACE);
  i = expectByte(op, bytes, where, i, QUOTE);
  for (const c of 'data"') if (bytes[i++] !== c.charCodeAt(0)) malformed(op, where, i - 1, 'the one key is not "data"');
  i = expectByte(op, bytes, where, i, COLON);
  i = expectByte(op, bytes, where, i, OPEN_BRACKET);
  // At least two bytes per number ("0,"), so this bounds the count; the result is a copy of the codes written.
  const bound = (n + 1) >> 1;
  const codes = scratch !== undefined && scratch.length >= bound ? scratch : new Uint8Array(bound);
  const quick = palette.quick;
  let count = 0;
  i = skipSpace(bytes, i);
  if (bytes[i] === CLOSE_BRACKET) i++;
  else {
    // One pass, no allocation per number. Reads past the end give undefined, which no comparison accepts,
    // so a truncated file ends in malformed() rather than in a wrong count.
    for (;;) {
      let c = bytes[i];
      while (c === SPACE || c === LF || c === CR || c === TAB) c = bytes[++i];
      const start = i;
      let m = 0;
      let intDigits = 0;
      let fraction = 0;
      let dot = false;
      while (c !== undefined && c >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        intDigits++;
        c = bytes[++i];
      }
      if (c === DOT) {
        dot = true;
        c = bytes[++i];
        while (c !== undefined && c >= ZERO && c <= NINE) {
          m = m * 10 + (c - ZERO);
          fraction++;
          c = bytes[++i];
        }
      }
      // JSON's plain decimal: digits (no leading zero unless alone), a dot only with digits after it.
      const plain = intDigits > 0 && (!dot || fraction > 0) && !(intDigits > 1 && bytes[start] === ZERO);
      let code: number;
      if (plain && intDigits + fraction <= 15 && c !== UPPER_E && c !== LOWER_E) {
        if (fraction <= 3 && m < 1024) {
          const slot = fraction * 1024 + m;
          code = quick[slot]!;
          if (code < 0) code = quick[slot] = palette.codeOf(op, m / POW10[fraction]!, where, start);
        } else {
          code = palette.codeOf(op, fraction === 0 ? m : m / POW10[fraction]!, where, start);
        }
      } else {
        // Sign, exponent, many digits — or not a JSON number at all, which slowNumber refuses.
        const length = numberLength(bytes, start);
        code = palette.codeOf(op, slowNumber(op, bytes, where, start, length), where, start);
        i = start + length;
        c = bytes[i];
      }
      codes[count++] = code;
      while (c === SPACE || c === LF || c === CR || c === TAB) c = bytes[++i];
      i++;
      if (c === COMMA) continue;
      if (c === CLOSE_BRACKET) break;
      malformed(op, where, i - 1, `unexpected ${byteText(bytes, i - 1)} in the array`);
    }
  }
  i = expectByte(op, bytes, where, i, CLOSE_BRACE);
  if (skipSpace(bytes, i) !== n) malformed(op, where, i, 'trailing bytes after the object');
  return codes.slice(0, count);
}

/** Index after whitespace from `i`. */
function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && isSpace(bytes[i]!)) i++;
  return i;
}

/** Index after byte `expected`, which must come next after whitespace. */
function expectByte(op: string, bytes: Uint8Array, where: string, from: number, expected: number): number {
  const i = skipSpace(bytes, from);
  if (bytes[i] !== expected) malformed(op, where, i, `unexpected ${byteText(bytes, i)}`);
  return i + 1;
}

/** Bytes of the JSON number token starting at `start` (sign, digits, dot, exponent characters). */
function numberLength(bytes: Uint8Array, start: number): number {
  let i = start;
  for (; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (!(isDigit(c) || c === MINUS || c === DOT || c === UPPER_E || c === LOWER_E || c === PLUS)) break;
  }
  return i - start;
}

/** JSON's grammar for a number; `Number` alone would also take '.5', '1.', '+1', '0x1f' or an empty string. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The value of the JSON number token `bytes[start, start + length)`, exactly as JSON.parse reads it. */
function slowNumber(op: string, bytes: Uint8Array, where: string, start: number, length: number): number {
  if (length === 0) malformed(op, where, start, `unexpected ${byteText(bytes, start)}`);
  let token = '';
  for (let k = start; k < start + length; k++) token += String.fromCharCode(bytes[k]!);
  if (!JSON_NUMBER.test(token)) malformed(op, where, start, `'${token}' is not a JSON number`);
  return Number(token);
}
