/**
 * Printing any value in a message without throwing, whatever a JavaScript caller passed (symbols, bigints,
 * arrays holding them, objects without a prototype). Imports nothing, so the error classes can use it too.
 */

/** A short printable form of any value for messages: strings quoted, arrays listed, objects by kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'bigint') return `${value}n`; // 2n, not 2: the suffix says why a number check refused it
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (Array.isArray(value)) return value.length > 8 ? `an array of length ${value.length}` : `[${value.map(describeValue).join(', ')}]`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * `String(value)` for messages, except that it never throws: `String` itself throws on an array holding a
 * symbol (`String([Symbol()])`, as `${[Symbol()]}`) and on an object without a prototype, and a template
 * literal `${x}` also throws on a bare symbol. Arrays print as `String` prints them (`1,2`), symbols as
 * `Symbol(description)`, bigints with their suffix (`2n`, so "must be an integer, got 2n" reads as the reason),
 * and whatever `String` refuses by `describeValue`.
 */
export function textOf(value: unknown): string {
  return textAt(value, 0);
}

function textAt(value: unknown, depth: number): string {
  if (Array.isArray(value)) {
    if (depth > 8) return '…'; // an array holding itself would recurse forever (String prints it as '')
    return value.map((v) => (v === null || v === undefined ? '' : textAt(v, depth + 1))).join(',');
  }
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return String(value);
  } catch {
    return describeValue(value);
  }
}
