import { textOf } from './describe-value.ts';
/**
 * The root of every error Seedling throws. Each package derives its own class from it (`TensorError`,
 * `AutogradError`, `NNError`, `OptimError`, `DataError`, `SafetensorsError`), so one
 * `catch (e) { if (e instanceof SeedlingError) … }` tells the library's refusals from bugs, and every
 * message reads the same way: `<op>: <what is wrong>: <operands>`.
 *
 * @example
 * try { zeros([2, -1]); } catch (e) { e instanceof SeedlingError; (e as SeedlingError).op; } // true, 'zeros'
 */
export class SeedlingError extends Error {
  /** The function, method, layer or class that refused its input; also the message's prefix. */
  readonly op: string;
  /** The message without the `<op>: ` prefix. */
  readonly detail: string;
  /** Builds the message `<op>: <detail>`; `name` is the concrete class's name (e.g. `'ShapeError'`). */
  constructor(op: string, detail: string) {
    // textOf rather than a template: a symbol, or an array holding one (a JavaScript caller's mistyped argument),
    // prints instead of throwing.
    op = textOf(op);
    detail = textOf(detail);
    super(`${op}: ${detail}`);
    this.name = new.target.name;
    this.op = op;
    this.detail = detail;
  }
}

/** The constructor of a package's error class, as the shared checks take it (`NNError`, `OptimError`, …). */
export type ErrorClass = new (op: string, detail: string) => SeedlingError;
