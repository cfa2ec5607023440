/**
 * Printing arrays the way PyTorch prints tensors (`torch/_tensor_str.py`, default print options), so
 * output can be compared with PyTorch's by eye: 4 decimals, scientific notation when the values span
 * more than three orders of magnitude, integer-valued floats as `1.`, `...` summaries above 1000
 * elements, 80-column lines.
 */
import { DEFAULT_DTYPE } from './dtype.ts';
import { checkArg, is, rule } from './check-options.ts';
import { formatShape } from './errors.ts';
import type { NDArray } from './ndarray.ts';

/** PyTorch's default print options (`torch.set_printoptions` defaults). */
export const PRINT_OPTIONS = Object.freeze({
  /** Digits after the decimal point. */
  precision: 4,
  /** Arrays with more elements than this are summarised with `...`. */
  threshold: 1000,
  /** Items kept at each end of a summarised axis. */
  edgeItems: 3,
  /** Characters per line before wrapping. */
  lineWidth: 80,
});

/**
 * The key Node's `util.inspect` (and so `console.log`) looks up for a custom representation. A registered
 * symbol, so this file imports nothing from Node and stays browser-safe.
 */
export const inspectSymbol: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * What formatArray reads of its array. Checked by structure, not `instanceof NDArray`: ndarray.ts imports this
 * file for its class body (`inspectSymbol`), so a value import back would make the load order matter.
 */
const ARRAY_LIKE = rule('an NDArray', (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Partial<NDArray>;
  return (
    Array.isArray(a.shape) &&
    Array.isArray(a.strides) &&
    ArrayBuffer.isView(a.data) &&
    typeof a.size === 'number' &&
    typeof a.dtype === 'string'
  );
});

/**
 * `prefix(values, suffixes…)` in PyTorch's layout: the values as nested brackets, then `shape=[…]` for an
 * empty non-1-D array, `dtype=…` unless it is the default float32 (as PyTorch omits its default dtype),
 * then `suffixes`; a suffix that would pass column 80 goes on its own line.
 *
 * @example
 * formatArray(array([[1, 2], [3, 4.5]], { dtype: 'float64' }), 'array(');
 * // 'array([[1.0000, 2.0000],\n       [3.0000, 4.5000]], dtype=float64)'
 */
export function formatArray(a: NDArray, prefix: string, suffixes: readonly string[] = []): string {
  checkArg('formatArray', 'a', a, ARRAY_LIKE);
  checkArg('formatArray', 'prefix', prefix, is.string);
  checkArg('formatArray', 'suffixes', suffixes, is.arrayOf(is.string));
  const indent = prefix.length;
  const all: string[] = [];
  let body: string;
  if (a.size === 0) {
    // Nothing shows the shape of an empty array but a suffix ([] alone reads as shape [0]).
    if (a.shape.length !== 1) all.push(`shape=${formatShape(a.shape)}`);
    body = '[]';
  } else {
    const summarize = a.size > PRINT_OPTIONS.threshold;
    const formatter = makeFormatter(shownValues(a, summarize));
    body = formatAxis(a, 0, 0, indent, summarize, formatter);
  }
  if (a.dtype !== DEFAULT_DTYPE) all.push(`dtype=${a.dtype}`);
  all.push(...suffixes);
  return addSuffixes(prefix + body, all, indent);
}

/** The indices printed along an axis of length `n`: all, or the edge items when summarising. */
function shownIndices(n: number, summarize: boolean): number[] {
  const e = PRINT_OPTIONS.edgeItems;
  if (!summarize || n <= 2 * e) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: e }, (_, i) => i), ...Array.from({ length: e }, (_, i) => n - e + i)];
}

/** The values that will be printed (PyTorch sizes columns on these only, not on the hidden ones). */
function shownValues(a: NDArray, summarize: boolean): number[] {
  const out: number[] = [];
  const visit = (axis: number, offset: number): void => {
    if (axis === a.shape.length) {
      out.push(a.data[offset]!);
      return;
    }
    for (const i of shownIndices(a.shape[axis]!, summarize)) visit(axis + 1, offset + i * a.strides[axis]!);
  };
  visit(0, 0);
  return out;
}

function formatAxis(a: NDArray, axis: number, offset: number, indent: number, summarize: boolean, f: Formatter): string {
  const rank = a.shape.length;
  if (rank === 0) return f.format(a.data[offset]!);
  const n = a.shape[axis]!;
  const stride = a.strides[axis]!;
  const indices = shownIndices(n, summarize);
  const cut = indices.length < n ? PRINT_OPTIONS.edgeItems : -1;
  if (axis === rank - 1) {
    const items = indices.map((i) => f.format(a.data[offset + i * stride]!));
    if (cut >= 0) items.splice(cut, 0, ' ...');
    const perLine = Math.max(1, Math.floor((PRINT_OPTIONS.lineWidth - indent) / (f.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
    return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
  }
  const slices = indices.map((i) => formatAxis(a, axis + 1, offset + i * stride, indent + 1, summarize, f));
  if (cut >= 0) slices.splice(cut, 0, '...');
  // One blank line between 2-D blocks of a 3-D array, two between 3-D blocks, … as PyTorch does.
  return `[${slices.join(`,${'\n'.repeat(rank - axis - 1)}${' '.repeat(indent + 1)}`)}]`;
}

/** Appends `, suffix` to the text, or `,\n<indent>suffix` when the line would pass the line width. */
function addSuffixes(text: string, suffixes: readonly string[], indent: number): string {
  let out = text;
  // NOTE: PyTorch's own measure (length from the last newline, plus one; plus two without a newline).
  let lastLine = text.length - text.lastIndexOf('\n') + 1;
  for (const s of suffixes) {
    if (lastLine + s.length + 2 > PRINT_OPTIONS.lineWidth) {
      out += `,\n${' '.repeat(indent)}${s}`;
      lastLine = indent + s.length;
    } else {
      out += `, ${s}`;
      lastLine += s.length + 2;
    }
  }
  return `${out})`;
}

interface Formatter {
  /** Column width: every value is right-aligned to it. */
  readonly width: number;
  format(x: number): string;
}

/**
 * PyTorch's `_Formatter`: from the nonzero finite values decide integer mode (all integral: `1.`),
 * scientific mode (max/min > 1000, max > 1e8, or, for non-integers, min < 1e-4) or fixed 4 decimals.
 */
function makeFormatter(values: readonly number[]): Formatter {
  const p = PRINT_OPTIONS.precision;
  let intMode = true;
  let sci = false;
  let width = 1;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  let count = 0;
  for (const v of values) {
    if (v === 0 || !Number.isFinite(v)) continue;
    const m = Math.abs(v);
    if (m < min) min = m;
    if (m > max) max = m;
    if (v !== Math.ceil(v)) intMode = false;
    count++;
  }
  if (count > 0) {
    sci = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
    for (const v of values) {
      if (v === 0 || !Number.isFinite(v)) continue;
      // Integer mode appends '.', hence the + 1.
      const len = sci ? formatExponential(v, p).length : intMode ? formatFixed(v, 0).length + 1 : formatFixed(v, p).length;
      if (len > width) width = len;
    }
  }
  return {
    width,
    format(x: number): string {
      let s: string;
      if (sci) s = formatExponential(x, p);
      else if (intMode) s = Number.isFinite(x) ? `${formatFixed(x, 0)}.` : formatFixed(x, 0);
      else s = formatFixed(x, p);
      return s.padStart(width);
    },
  };
}

/** Python's spelling of non-finite values. */
function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

/**
 * The exact decimal digits of |x| (x finite, nonzero): `d.ddd… × 10^exp` as a digit string.
 * 100 significant digits are exact for every value this file rounds to 5 (sci) or ≤ 13 (fixed) digits:
 * a double that is not exactly a rounding tie lies much further from one than 10^-99 of itself.
 */
function decimalDigits(x: number): { digits: string; exp: number } {
  const s = Math.abs(x).toExponential(99);
  const e = s.indexOf('e');
  return { digits: s[0] + s.slice(2, e), exp: Number(s.slice(e + 1)) };
}

/**
 * The first `keep` digits rounded half to even, as Python's formatting does (JavaScript's toFixed and
 * toExponential round ties away from zero: `(0.03125).toFixed(4)` is 0.0313, Python prints 0.0312).
 * `carried` says a carry added a leading digit (9.99 → 10.0).
 */
function roundDigits(digits: string, keep: number): { kept: string; carried: boolean } {
  if (keep >= digits.length) return { kept: digits.padEnd(keep, '0'), carried: false };
  const next = digits.charCodeAt(keep) - 48;
  const lastOdd = keep > 0 && (digits.charCodeAt(keep - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (/[1-9]/.test(digits.slice(keep + 1)) || lastOdd));
  const kept = digits.slice(0, keep).split('');
  if (!up) return { kept: kept.join(''), carried: false };
  let i = kept.length - 1;
  while (i >= 0 && kept[i] === '9') kept[i--] = '0';
  if (i >= 0) {
    kept[i] = String(Number(kept[i]) + 1);
    return { kept: kept.join(''), carried: false };
  }
  return { kept: `1${kept.join('')}`, carried: true };
}

/** Python's `f'{x:.{p}f}'`: fixed point with `p` decimals, ties to even. */
export function formatFixed(x: number, p: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = signOf(x);
  if (x === 0) return sign + (p > 0 ? `0.${'0'.repeat(p)}` : '0');
  const { digits, exp } = decimalDigits(x);
  const keep = exp + 1 + p;
  if (keep < 0) return sign + (p > 0 ? `0.${'0'.repeat(p)}` : '0');
  const { kept, carried } = roundDigits(digits, keep);
  const intDigits = exp + 1 + (carried ? 1 : 0);
  const all = intDigits > 0 ? kept : '0'.repeat(-intDigits) + kept;
  const split = Math.max(intDigits, 0);
  const intPart = split === 0 ? '0' : all.slice(0, split);
  const frac = all.slice(split);
  return sign + (p > 0 ? `${intPart}.${frac}` : intPart);
}

/** Python's `f'{x:.{p}e}'`: one digit, `p` decimals, `e±XX` with at least two exponent digits. */
export function formatExponential(x: number, p: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = signOf(x);
  let mantissa = '0'.repeat(p + 1);
  let exp = 0;
  if (x !== 0) {
    const d = decimalDigits(x);
    const r = roundDigits(d.digits, p + 1);
    mantissa = r.kept.slice(0, p + 1);
    exp = d.exp + (r.carried ? 1 : 0);
  }
  const e = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return `${sign}${mantissa[0]}${p > 0 ? `.${mantissa.slice(1)}` : ''}e${e}`;
}
