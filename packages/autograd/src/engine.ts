/**
 * The reverse-mode engine: graph nodes and `backward`.
 *
 * backward(root): sort the nodes reachable from `root` topologically (iteratively, so deep graphs cannot
 * overflow the call stack), seed root's gradient, then visit nodes from the output back to the inputs.
 * Each node calls its op's VJP once with the sum of the gradients that reached it; the engine sums each
 * returned gradient down to its input's shape (un-broadcasting), casts it to the input's dtype, and hands
 * it to the input: leaves accumulate it into `.grad`, inner tensors into their node's pending gradient.
 * Unless `retainGraph` is set, each node drops its saved arrays and its links as soon as it is done.
 */
import {
  DisposedError,
  type NDArray,
  add,
  formatShape,
  full,
  isNDArray,
  shapesEqual,
  sumToShape,
  versionOf,
  checkOptions,
  is,
} from '@seedling-ml/tensor';
import { addInPlace, sharesStorage } from './accumulate.ts';
import { AutogradError } from './errors.ts';
import type { OpDef, VjpContext } from './op.ts';
import type { Tensor } from './tensor.ts';

const NO_PARENTS: readonly Tensor[] = Object.freeze([]);

/**
 * One recorded op application: the op, the input tensors (graph edges) and the context its VJP needs.
 * Created by `apply`; users normally only see it as `tensor.node`.
 */
export class Node {
  /** The op whose VJP this node runs. */
  readonly op: OpDef;
  /** Input tensors, in the op's input order (emptied when the graph is released). */
  parents: readonly Tensor[];
  /** Saved forward arrays and attributes for the VJP; `null` once released. */
  ctx: VjpContext | null;
  /** Gradient accumulated for this node's output during a backward pass. */
  pending: NDArray | null = null;
  /** True when `pending` is a buffer the engine allocated and nothing else references. */
  pendingOwned = false;
  /** Visit stamp of the last topological sort that reached this node. */
  mark = 0;

  /**
   * Storage versions (`versionOf`) of the saved inputs, then of the output, at forward time: backward
   * refuses to run the VJP when one has changed since (an in-place write made the saved value stale).
   */
  readonly savedVersions: readonly number[];

  /** Records one application of `op` to `parents`; `ctx` is what its VJP will read. */
  constructor(op: OpDef, parents: readonly Tensor[], ctx: VjpContext) {
    this.op = op;
    this.parents = parents;
    this.ctx = ctx;
    const saved = new Array<number>(ctx.inputs.length + 1);
    for (let i = 0; i < ctx.inputs.length; i++) saved[i] = versionOf(ctx.inputs[i]!);
    saved[ctx.inputs.length] = versionOf(ctx.output);
    this.savedVersions = saved;
  }

  /** True once backward has freed this node's saved arrays. */
  get released(): boolean {
    return this.ctx === null;
  }

  /** Frees the saved arrays and the links to the inputs so the graph can be garbage-collected. */
  release(): void {
    this.ctx = null;
    this.parents = NO_PARENTS;
    this.pending = null;
  }
}

let epoch = 0;

function releasedError(node: Node): AutogradError {
  return new AutogradError(
    'backward',
    `the graph through '${node.op.name}' was already freed by an earlier backward(): ` +
      'pass { retainGraph: true } to that earlier call to backpropagate through the same graph again',
  );
}

/**
 * Nodes reachable from `root` in post-order (inputs before the ops that consume them), found with an
 * explicit stack. Throws before any VJP runs if part of the graph was already released.
 */
export function topoSort(root: Node): Node[] {
  const stamp = ++epoch;
  const order: Node[] = [];
  const stack: Node[] = [root];
  const next: number[] = [0];
  root.mark = stamp;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top]!;
    if (node.ctx === null) throw releasedError(node);
    const i = next[top]!;
    if (i < node.parents.length) {
      next[top] = i + 1;
      const p = node.parents[i]!.node;
      if (p !== null && p.mark !== stamp) {
        p.mark = stamp;
        stack.push(p);
        next.push(0);
      }
    } else {
      stack.pop();
      next.pop();
      order.push(node);
    }
  }
  return order;
}

/** True when `small` broadcasts to `big` (so a gradient of shape `big` can be summed down to `small`). */
function broadcastsTo(small: readonly number[], big: readonly number[]): boolean {
  if (small.length > big.length) return false;
  const off = big.length - small.length;
  for (let i = 0; i < small.length; i++) {
    const d = small[i]!;
    if (d !== 1 && d !== big[off + i]) return false;
  }
  return true;
}

/** Nesting depth of `strictGradients` calls: > 0 while gradcheck runs its backward pass. */
let strictDepth = 0;

/**
 * Runs `fn` with strict VJP checks: every gradient a VJP returns must have its input's dtype, and its input's
 * exact shape unless the op declares `broadcasts`. Used by gradcheck, where summing a wrongly shaped gradient
 * into shape (or casting it) would hide a bug that the values alone cannot show. Not exported by the package.
 */
export function strictGradients<T>(fn: () => T): T {
  strictDepth++;
  try {
    return fn();
  } finally {
    strictDepth--;
  }
}

/** Sums a VJP's gradient down to its input's shape and casts it to the input's dtype. */
function fitToInput(op: string, index: number, g: NDArray, input: Tensor, broadcasts: boolean): NDArray {
  if (strictDepth > 0) {
    if (g.dtype !== input.dtype) {
      throw new AutogradError(
        op,
        `vjp returned a ${g.dtype} gradient for input ${index}, which is ${input.dtype} (gradcheck requires the input's dtype)`,
      );
    }
    if (!broadcasts && !shapesEqual(g.shape, input.shape)) {
      throw new AutogradError(
        op,
        `vjp returned a gradient of shape ${formatShape(g.shape)} for input ${index} of shape ${formatShape(input.shape)} (gradcheck requires the input's shape from an op that does not broadcast)`,
      );
    }
  }
  let out = g;
  if (!shapesEqual(g.shape, input.shape)) {
    if (!broadcastsTo(input.shape, g.shape)) {
      throw new AutogradError(
        op,
        `gradient for input ${index} has shape ${formatShape(g.shape)}, which does not reduce to the input's shape ${formatShape(input.shape)}`,
      );
    }
    out = sumToShape(g, input.shape);
  }
  if (out.dtype !== input.dtype) out = out.astype(input.dtype);
  return out;
}

/**
 * True when `g` shares storage with nothing else the engine or the graph can see.
 *
 * NOTE (issue 15, item 6): kept. Measured on the 784-256-128-10 SGD training step, batch 64, by
 * `benchmarks/profile/training-step.ts --steps-only --steps 400`, interleaved 3× against a copy of the
 * engine with `owned` forced to false: backward median 1.386–1.441 ms with the tracking, 1.435–1.484 ms
 * without (≈ 0.05 ms, 3–4 % of backward; load average 7–9 on 2 cores, so ± a few hundredths). The saving
 * is one clone per parameter per step (0.94 MB here: each leaf keeps the VJP's array as `.grad` instead
 * of copying it) plus the `add` a fan-out node would allocate; the whole rule is these ten lines.
 */
function isOwned(g: NDArray, incoming: NDArray, ctx: VjpContext, grads: readonly (NDArray | null)[], index: number): boolean {
  if (sharesStorage(g, incoming) || sharesStorage(g, ctx.output)) return false;
  for (const x of ctx.inputs) if (sharesStorage(g, x)) return false;
  for (let k = 0; k < grads.length; k++) {
    const other = grads[k];
    if (k !== index && other !== null && other !== undefined && sharesStorage(g, other)) return false;
  }
  return true;
}

function accumulatePending(node: Node, g: NDArray, owned: boolean): void {
  if (node.pending === null) {
    node.pending = g;
    node.pendingOwned = owned;
  } else if (node.pendingOwned) {
    addInPlace(node.pending, g);
  } else {
    node.pending = add(node.pending, g);
    node.pendingOwned = true;
  }
}

function seedGradient(root: Tensor, seed: Tensor | NDArray | undefined): NDArray {
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new AutogradError(
        'backward',
        `a gradient can be implied only for a single-element output, got shape ${formatShape(root.shape)}: ` +
          `call backward(grad) with a gradient of shape ${formatShape(root.shape)}`,
      );
    }
    return full(root.shape, 1, { dtype: root.dtype });
  }
  const g = isNDArray(seed) ? seed : isNDArray((seed as { data?: unknown } | null)?.data) ? seed.data : null;
  if (g === null) {
    throw new AutogradError(
      'backward',
      `gradient must be a Tensor or an NDArray of shape ${formatShape(root.shape)}, got ${seed === null ? 'null' : typeof seed}`,
    );
  }
  if (!shapesEqual(g.shape, root.shape)) {
    throw new AutogradError('backward', `gradient shape ${formatShape(g.shape)} does not match output shape ${formatShape(root.shape)}`);
  }
  return g.dtype === root.dtype ? g : g.astype(root.dtype);
}

/**
 * Throws when an array the node's VJP needs was written in place after the forward (its storage version
 * moved on), naming the op, which tensor, its shape and both versions — PyTorch's "one of the variables
 * needed for gradient computation has been modified by an inplace operation".
 */
function checkSavedVersions(node: Node): void {
  const ctx = node.ctx;
  if (ctx === null) return;
  const n = ctx.inputs.length;
  for (let i = 0; i <= n; i++) {
    const arr = i < n ? ctx.inputs[i]! : ctx.output;
    if (arr.isDisposed) throw new DisposedError(node.op.name, i < n ? `input ${i} saved for backward` : 'its output', arr.shape);
    const now = versionOf(arr);
    const then = node.savedVersions[i]!;
    if (now !== then) {
      const parent = i < n ? node.parents[i] : undefined;
      const what =
        i < n
          ? `input ${i}${parent !== undefined && parent.node === null && parent.requiresGrad ? ' (a leaf such as a parameter)' : ''}`
          : 'its output';
      throw new AutogradError(
        node.op.name,
        `${what} of shape ${formatShape(arr.shape)} was modified in place after the forward pass (version ${then}, now ${now}), ` +
          'so the gradient would use the new values: run the forward pass again after an optimizer step, loadStateDict or other in-place write',
      );
    }
  }
}

/** Options of `backward`. */
export interface BackwardOptions {
  /** Keep the graph's saved arrays so backward can run through it again (default false: free them). */
  retainGraph?: boolean;
}

/**
 * Backpropagates from `root`: accumulates d(root·seed)/d(leaf) into `.grad` of every leaf that requires grad.
 * `seed` defaults to 1 for a single-element root and is required (with root's shape) otherwise.
 */
export function backward(root: Tensor, seed?: Tensor | NDArray, options: BackwardOptions = {}): void {
  checkOptions('backward', options, { retainGraph: is.boolean }, AutogradError);
  if (!root.requiresGrad) {
    throw new AutogradError(
      'backward',
      `tensor of shape ${formatShape(root.shape)} does not require grad, so it has no graph to backpropagate through`,
    );
  }
  const g = seedGradient(root, seed);
  const top = root.node;
  if (top === null) {
    root.accumulateGrad(g, seed === undefined);
    return;
  }
  const retain = options.retainGraph ?? false;
  const order = topoSort(top);
  // Checked for the whole graph before any VJP runs, so a refused backward leaves every .grad untouched.
  for (const node of order) checkSavedVersions(node);
  top.pending = g;
  top.pendingOwned = seed === undefined;
  try {
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i]!;
      const grad = node.pending;
      node.pending = null;
      const ctx = node.ctx!;
      if (grad !== null) {
        const parents = node.parents;
        const grads = node.op.vjp(grad, ctx);
        if (grads.length !== parents.length) {
          throw new AutogradError(node.op.name, `vjp returned ${grads.length} gradients for ${parents.length} inputs`);
        }
        for (let j = 0; j < parents.length; j++) {
          const gj = grads[j];
          if (gj === null || gj === undefined || !ctx.needsGrad[j]) continue;
          const parent = parents[j]!;
          const fitted = fitToInput(node.op.name, j, gj, parent, node.op.broadcasts === true);
          const owned = isOwned(fitted, grad, ctx, grads, j);
          if (parent.node === null) parent.accumulateGrad(fitted, owned);
          else accumulatePending(parent.node, fitted, owned);
        }
      }
      if (!retain) node.release();
    }
  } finally {
    for (const node of order) node.pending = null;
  }
}
