import { checkArg, is } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/**
 * A number for a sentence: 3 significant digits in plain notation when 10⁻³ ≤ |x| < 10⁴, otherwise
 * `m·10ᵉ` with 2 significant digits; `0`, `NaN`, `Infinity` as such.
 *
 * @example
 * formatNumber(3.14e-9); // '3.1·10⁻⁹'
 * formatNumber(0.70711);  // '0.707'
 */
export function formatNumber(x: number): string {
  checkArg('formatNumber', 'x', x, is.number, NNError);
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return String(Number(x.toPrecision(3)));
  const [mantissa, exponent] = x.toExponential(1).split('e') as [string, string];
  const exp = String(Number(exponent))
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('');
  return `${mantissa.replace(/\.0$/, '')}·10${exp}`;
}

/**
 * A number for a table cell: 3 significant digits, plain when 10⁻³ ≤ |x| < 10⁴, else `3.1e-9`;
 * `-` for null (not applicable).
 *
 * @example
 * formatCell(3.14e-9); // '3.1e-9'
 * formatCell(null);    // '-'
 */
export function formatCell(x: number | null): string {
  if (x === null) return '-';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  // toPrecision(3) would print 2000 as '2.00e+3'.
  if (a >= 1e3 && a < 1e4) return String(Math.round(x));
  if (a >= 1e-3 && a < 1e3) return x.toPrecision(3);
  return x.toExponential(1).replace('e+', 'e');
}

/** A fraction as a percentage for a table or sentence: `0.6234` → `'62%'`, small non-zero values keep a decimal. */
export function formatPercent(x: number): string {
  const p = x * 100;
  if (p === 0 || p >= 10) return `${Math.round(p)}%`;
  return `${p.toFixed(1)}%`;
}

/** `[1, 2, 3, 7]` → `'1–3, 7'`: layer lists in findings. */
export function formatRanges(indices: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < indices.length) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    parts.push(j === i ? String(indices[i]) : `${indices[i]}–${indices[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * A plain-text table: first column left-aligned, the rest right-aligned (they hold numbers).
 *
 * @example
 * formatTable(['layer', 'std'], [['1', '0.98'], ['2', '1.02']]);
 * // layer   std
 * // -----  ----
 * // 1      0.98
 * // 2      1.02
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
