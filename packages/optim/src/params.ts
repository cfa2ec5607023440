import { Tensor } from '@seedling-ml/autograd';
import { describeValue } from '@seedling-ml/tensor';
import { OptimError } from './errors.ts';

/** A parameter with its name, as yielded by `module.namedParameters()`. */
export type NamedParameter = readonly [string, Tensor];

/** Parameters as a plain iterable of tensors, or of `[name, tensor]` pairs (names then appear in errors). */
export type ParamsLike = Iterable<Tensor> | Iterable<NamedParameter>;

/**
 * One param group as given to an optimizer: its parameters, optional names (same length as `params`), and
 * any hyperparameters that override the optimizer's defaults for this group only.
 *
 * @example
 * new SGD([{ params: body.parameters() }, { params: head.parameters(), lr: 0.1 }], { lr: 0.01, momentum: 0.9 });
 */
export type ParamGroupInput<H> = { readonly [K in keyof H]?: H[K] } & {
  params: ParamsLike;
  names?: readonly string[];
};

/** What an optimizer accepts: parameters (named or not) or a list of param groups. */
export type ParamsInput<H> = ParamsLike | Iterable<ParamGroupInput<H>>;

/** Tensors of one group and their names (`undefined` where none was given). */
export interface ResolvedParams {
  /** The tensors, in order. */
  readonly params: Tensor[];
  /** Their names, parallel to `params`. */
  readonly names: (string | undefined)[];
}

function isNamedPair(x: unknown): x is NamedParameter {
  return Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && x[1] instanceof Tensor;
}

/** True for an object that looks like a param group (`{ params, ... }`) rather than a tensor or a pair. */
export function isGroupInput(x: unknown): x is ParamGroupInput<unknown> {
  return typeof x === 'object' && x !== null && !(x instanceof Tensor) && !Array.isArray(x) && 'params' in x;
}

/** Splits tensors or `[name, tensor]` pairs into parallel lists, checking every element. */
export function resolveParams(op: string, items: Iterable<unknown>, names: readonly string[] | undefined, where: string): ResolvedParams {
  if (items === null || typeof items !== 'object' || typeof (items as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new OptimError(
      op,
      `${where} must be an iterable of Tensors (or [name, Tensor] pairs, or param groups), got ${describeValue(items)}`,
    );
  }
  const params: Tensor[] = [];
  const found: (string | undefined)[] = [];
  let i = 0;
  for (const item of items) {
    if (item instanceof Tensor) {
      params.push(item);
      found.push(undefined);
    } else if (isNamedPair(item)) {
      params.push(item[1]);
      found.push(item[0]);
    } else {
      throw new OptimError(op, `element ${i} of ${where} is not a Tensor or a [name, Tensor] pair`);
    }
    i++;
  }
  if (names !== undefined) {
    if (!Array.isArray(names) || names.length !== params.length || names.some((n) => typeof n !== 'string')) {
      throw new OptimError(
        op,
        `names of ${where} must be ${params.length} strings, one per parameter, got ${Array.isArray(names) ? names.length : typeof names}`,
      );
    }
    for (let k = 0; k < names.length; k++) found[k] = names[k];
  }
  return { params, names: found };
}

/** How a parameter is named in messages: `'fc.weight' (param 0 of group 0)` or `param 3 of group 0`. */
export function paramLabel(group: number, index: number, name: string | undefined): string {
  const where = `param ${index} of group ${group}`;
  return name === undefined ? where : `'${name}' (${where})`;
}
