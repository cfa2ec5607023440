import { SeedlingError } from '@seedling-ml/tensor';

/**
 * The one error class of @seedling-ml/optim. Messages read `<op>: <what is wrong>: <operands>`, as everywhere in
 * Seedling; `op` names the optimizer, scheduler or function that refused its input.
 *
 * @example
 * new SGD(params, { lr: -1 }); // throws OptimError "SGD: invalid lr: -1 (valid range: lr ≥ 0)"
 */
export class OptimError extends SeedlingError {}
