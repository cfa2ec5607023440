// Internal: how several operands are walked together over a broadcast output shape. Not re-exported.

/**
 * Element strides of a contiguous array of `shape` read as if broadcast to `outShape`: 0 on every axis
 * where `shape` has a 1 (or is missing, leading), the row-major stride elsewhere. Assumes compatibility.
 */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const lead = rank - shape.length;
  const strides = new Array<number>(rank).fill(0);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    strides[lead + i] = d === 1 ? 0 : step;
    step *= d;
  }
  return strides;
}

/**
 * Walks a broadcast output row by row: the output is split into `rows` runs of `n` contiguous output
 * elements; along a run operand k advances by `step[k]` (0 when broadcast, else its inner stride) and
 * starts at `offset[k]`. `next()` moves to the following run.
 *
 * Axes of size 1 are dropped and adjacent axes are merged when every operand is contiguous across them,
 * so e.g. `[N,M] + [M]` runs N rows of M, and same-shape or scalar operands collapse to one run.
 */
export class RowWalker {
  /** Number of runs. */
  readonly rows: number;
  /** Length of each run (the innermost merged axis). */
  readonly n: number;
  /** Per operand, its stride along a run. */
  readonly step: number[];
  /** Per operand, the start offset of the current run. */
  readonly offset: number[];
  private readonly dims: number[];
  private readonly strides: number[][];
  private readonly index: number[];

  /** Plans the walk of `outShape` for operands of `shapes` (each must broadcast to `outShape`). */
  constructor(outShape: readonly number[], shapes: readonly (readonly number[])[]) {
    const full = shapes.map((s) => broadcastStrides(s, outShape));
    const dims: number[] = [];
    const strides: number[][] = shapes.map(() => []);
    for (let axis = 0; axis < outShape.length; axis++) {
      const d = outShape[axis]!;
      if (d === 1) continue;
      const last = dims.length - 1;
      let merge = last >= 0;
      for (let k = 0; merge && k < full.length; k++) merge = strides[k]![last] === full[k]![axis]! * d;
      if (merge) {
        dims[last]! *= d;
        for (let k = 0; k < full.length; k++) strides[k]![last] = full[k]![axis]!;
      } else {
        dims.push(d);
        for (let k = 0; k < full.length; k++) strides[k]!.push(full[k]![axis]!);
      }
    }
    if (dims.length === 0) {
      dims.push(1);
      for (const s of strides) s.push(0);
    }
    const m = dims.length;
    this.n = dims[m - 1]!;
    let rows = 1;
    for (let i = 0; i < m - 1; i++) rows *= dims[i]!;
    this.rows = rows;
    this.step = strides.map((s) => s[m - 1]!);
    this.offset = shapes.map(() => 0);
    this.dims = dims;
    this.strides = strides;
    this.index = new Array<number>(m - 1).fill(0);
  }

  /** Advances `offset` to the start of the next run (odometer over the outer axes). */
  next(): void {
    const { dims, strides, index, offset } = this;
    for (let axis = dims.length - 2; axis >= 0; axis--) {
      for (let k = 0; k < offset.length; k++) offset[k]! += strides[k]![axis]!;
      if (++index[axis]! < dims[axis]!) return;
      for (let k = 0; k < offset.length; k++) offset[k]! -= strides[k]![axis]! * dims[axis]!;
      index[axis] = 0;
    }
  }
}
