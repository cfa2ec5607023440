/**
 * The one error class of @seedling-ml/optim. Messages read `<op>: <what is wrong>: <operands>`, as everywhere in
 * Seedling; `op` names the optimizer, scheduler or function that refused its input.
 *
 * @example
 * new SGD(params, { lr: -1 }); // throws OptimError "SGD: invalid lr: -1 (valid range: lr ≥ 0)"
 */
export class OptimError extends Error {
  /** The optimizer, scheduler or function that threw, e.g. `'Adam'`, `'StepLR'`, `'clipGradNorm'`. */
  readonly op: string;
  /** The message without the `<op>: ` prefix. */
  readonly detail: string;
  constructor(op: string, detail: string) {
    super(`${op}: ${detail}`);
    this.name = new.target.name;
    this.op = op;
    this.detail = detail;
  }
}
