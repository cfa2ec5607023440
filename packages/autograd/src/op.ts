/**
 * `defineOp` and `apply`: how an op is described (name, forward, VJP side by side) and how calling it
 * records a graph node — only when grad mode is on and some input requires grad.
 */
import { DisposedError, type NDArray } from '@seedling-ml/tensor';
import { Node } from './engine.ts';
import { isGradEnabled } from './grad-mode.ts';
import { Tensor } from './tensor.ts';

/** What a VJP sees: the forward's inputs and output (NDArrays), its attributes, and which inputs need a gradient. */
export interface VjpContext<In extends readonly NDArray[] = readonly NDArray[], Attrs = unknown> {
  /** The forward's input arrays, in order. */
  readonly inputs: In;
  /** The forward's result. */
  readonly output: NDArray;
  /** Non-differentiable arguments (axes, shapes, indices, flags). */
  readonly attrs: Attrs;
  /** `needsGrad[i]` is false when input `i` needs no gradient: the VJP may return `null` there and skip the work. */
  readonly needsGrad: readonly boolean[];
}

/**
 * A differentiable primitive: its name, its forward on NDArrays and its vector-Jacobian product.
 *
 * `vjp(grad, ctx)` returns one gradient per input (`null` = zero / not needed), of the input's shape and
 * dtype. An op that broadcasts (`broadcasts: true`) may return the *broadcast* shape instead: the engine sums
 * it back to the input's shape (and casts to the input's dtype) centrally, and throws naming both shapes when
 * that is impossible; `gradcheck` refuses any other mismatch. A VJP may return
 * `grad` itself or a view of it; any other array it returns must be freshly allocated (the engine may
 * accumulate into it in place).
 */
export interface OpDef<In extends readonly NDArray[] = readonly NDArray[], Attrs = unknown> {
  /** Op name used in error messages. */
  readonly name: string;
  /** Computes the result from input arrays; must not write into them. */
  forward(inputs: In, attrs: Attrs): NDArray;
  /** Maps the output's gradient to the inputs' gradients. */
  vjp(grad: NDArray, ctx: VjpContext<In, Attrs>): readonly (NDArray | null)[];
  /**
   * True when the op broadcasts its inputs, so its VJP may return a gradient of the broadcast shape for the
   * engine to sum down. Under `gradcheck` the gradient of any other op must have its input's exact shape and
   * dtype, so a VJP that returns `[1, C]` for a `[C]` input fails instead of being summed into shape.
   */
  readonly broadcasts?: boolean;
}

/** A tuple of Tensors matching a tuple of NDArray inputs. */
export type TensorsOf<In extends readonly NDArray[]> = { readonly [K in keyof In]: Tensor };

/**
 * Declares a differentiable primitive. Returns the definition unchanged (frozen); call it with `apply`.
 *
 * @example
 * const squareOp = defineOp<[NDArray]>({
 *   name: 'square',
 *   forward: ([x]) => mul(x, x),
 *   vjp: (g, { inputs: [x] }) => [mul(g, mul(x, 2))],
 * });
 * const square = (x: Tensor) => apply(squareOp, [x], undefined);
 */
export function defineOp<In extends readonly NDArray[], Attrs = undefined>(def: OpDef<In, Attrs>): OpDef<In, Attrs> {
  return Object.freeze(def);
}

/**
 * Runs `op` forward on the tensors' data and, if grad mode is on and any input requires grad, records a
 * graph node so `backward` can call the op's VJP. Otherwise nothing but the result is allocated.
 */
export function apply<In extends readonly NDArray[], Attrs>(op: OpDef<In, Attrs>, args: TensorsOf<In>, attrs: Attrs): Tensor {
  const n = args.length;
  const inputs = new Array<NDArray>(n);
  let record = false;
  for (let i = 0; i < n; i++) {
    const t = args[i] as Tensor;
    // Ops that compute on `data` themselves (not through a tensor op, which would check) rely on this.
    if (t.data.isDisposed) throw new DisposedError(op.name, `input ${i}`, t.data.shape);
    inputs[i] = t.data;
    if (t.requiresGrad) record = true;
  }
  const output = op.forward(inputs as unknown as In, attrs);
  if (!record || !isGradEnabled()) return new Tensor(output);
  const needsGrad = new Array<boolean>(n);
  for (let i = 0; i < n; i++) needsGrad[i] = (args[i] as Tensor).requiresGrad;
  const ctx: VjpContext<In, Attrs> = { inputs: inputs as unknown as In, output, attrs, needsGrad };
  const node = new Node(op as unknown as OpDef, args as readonly Tensor[], ctx as unknown as VjpContext);
  return new Tensor(output, { requiresGrad: true }, node);
}
