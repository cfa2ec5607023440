/** Small shape helpers shared by the reduction VJPs. */

/** `shape` with each of the (normalized) `axes` set to 1: the keepdims shape of a reduction. */
export function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  const out = shape.slice();
  for (const a of axes) out[a] = 1;
  return out;
}

/** Number of elements a reduction over `axes` combines into each output element. */
export function reducedCount(shape: readonly number[], axes: readonly number[]): number {
  let n = 1;
  for (const a of axes) n *= shape[a]!;
  return n;
}
