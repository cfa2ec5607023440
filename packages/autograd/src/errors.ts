/**
 * Errors thrown by @seedling-ml/autograd. Messages read `<op>: <what is wrong>: <operands>`, like the
 * tensor package's, and the op is kept as a field so callers can react without parsing text.
 */
import { SeedlingError } from '@seedling-ml/tensor';

/** Base class of every error @seedling-ml/autograd throws. `op` names the operation that refused. */
export class AutogradError extends SeedlingError {}

/**
 * The analytic and numeric gradients disagree (thrown by `gradcheck`). Fields locate the worst element.
 */
export class GradcheckError extends AutogradError {
  /** Position of the offending tensor in the `inputs` list given to gradcheck. */
  readonly input: number;
  /** Multi-index of the worst element inside that input. */
  readonly index: readonly number[];
  /** Gradient computed by backward. */
  readonly analytic: number;
  /** Gradient estimated by central differences. */
  readonly numeric: number;
  /** `detail` is the full explanation (op is always `gradcheck`); the other arguments fill the fields. */
  constructor(detail: string, input: number, index: readonly number[], analytic: number, numeric: number) {
    super('gradcheck', detail);
    this.input = input;
    this.index = [...index];
    this.analytic = analytic;
    this.numeric = numeric;
  }
}
