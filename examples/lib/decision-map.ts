import { noGrad, tensor } from '@seedling-ml/autograd';
import type { Module } from '@seedling-ml/nn';

/** Options of `decisionMap`. */
export interface DecisionMapOptions {
  /** Plotted region: x₀ from `x[0]` to `x[1]` (left to right), x₁ from `y[0]` to `y[1]` (bottom to top). */
  x: readonly [number, number];
  /** Range of x₁, bottom to top. */
  y: readonly [number, number];
  /** Characters across and lines down; default 48 × 16. */
  columns?: number;
  /** Lines down; default 16. */
  rows?: number;
  /** Character drawn for class k; default '0', '1', '2', …. */
  symbols?: string;
}

/**
 * A text picture of a 2-D classifier: the region sampled on a grid (cell centres), each cell showing the
 * symbol of the class the model predicts there. What a network "learned" about a plane, in a terminal.
 *
 * @example
 * decisionMap(model, { x: [-1, 1], y: [-1, 1], columns: 4, rows: 2, symbols: '.#' });
 * // ['##..', '..##'] for a model that learned XOR
 */
export function decisionMap(model: Module, options: DecisionMapOptions): string[] {
  const columns = options.columns ?? 48;
  const rows = options.rows ?? 16;
  const symbols = options.symbols ?? '0123456789';
  const [x0, x1] = options.x;
  const [y0, y1] = options.y;
  const grid = new Float32Array(2 * columns * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const k = 2 * (r * columns + c);
      grid[k] = x0 + ((c + 0.5) / columns) * (x1 - x0);
      grid[k + 1] = y1 - ((r + 0.5) / rows) * (y1 - y0); // first line is the top
    }
  }
  const wasTraining = model.training;
  model.eval();
  const classes = noGrad(() => model.forward(tensor(grid).reshape([rows * columns, 2])).argmax({ axis: 1 }).data.data);
  model.train(wasTraining);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < columns; c++) line += symbols[classes[r * columns + c]!] ?? '?';
    lines.push(line);
  }
  return lines;
}
