/**
 * A plain-text table with aligned columns: first column left-aligned, the others right-aligned
 * (they hold numbers).
 *
 * @example
 * textTable(['init', 'ratio'], [['he', '1.00'], ['xavier', '0.50']]);
 * // init    ratio
 * // ------  -----
 * // he       1.00
 * // xavier   0.50
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
