/**
 * `Tensor`: an NDArray plus what reverse mode needs (`requiresGrad`, `grad`, the node that made it),
 * with chainable methods for every op. `tensor()` builds one from values.
 */
import {
  type ArgReduceOptions,
  type AvgPool2dOptions,
  type Conv2dOptions,
  type ConvTranspose2dOptions,
  type MaxPool2dOptions,
  type Pair,
  type DType,
  type MatmulOptions,
  type NDArray,
  type PadOptions,
  type NestedArray,
  type ReduceOptions,
  type Rng,
  type SliceSpec,
  type TypedArray,
  type VarianceOptions,
  add as addArrays,
  arange,
  array,
  formatArray,
  formatShape,
  full,
  inspectSymbol,
  isNDArray,
  checkArg,
  checkOptions,
  rule,
  describeValue,
  is,
  shapesEqual,
} from '@seedling-ml/tensor';
import { addInPlace } from './accumulate.ts';
import { clamp, minimum, reciprocal, square } from './composed/arithmetic.ts';
import { type GeluOptions, type SoftplusOptions, elu, gelu, leakyRelu, selu, softplus } from './composed/activations.ts';
import { hardsigmoid, hardswish, hardtanh, logsigmoid, mish, silu } from './composed/more-activations.ts';
import { mean, min, variance } from './composed/reductions.ts';
import { expandDims, squeeze, stack } from './composed/shape.ts';
import { logSoftmax, softmax } from './composed/softmax.ts';
import { argmax, argmin, equal, greater, greaterEqual, less, lessEqual, notEqual, sign } from './constant-ops.ts';
import { type BackwardOptions, type Node, backward } from './engine.ts';
import { AutogradError } from './errors.ts';
import { abs } from './ops/abs.ts';
import { adaptiveAvgPool2d } from './ops/adaptive-avg-pool2d.ts';
import { add } from './ops/add.ts';
import { avgPool2d } from './ops/avg-pool2d.ts';
import { convTranspose2d } from './ops/conv-transpose2d.ts';
import { conv2d } from './ops/conv2d.ts';
import { maxPool2d } from './ops/max-pool2d.ts';
import { astype } from './ops/astype.ts';
import { broadcastTo } from './ops/broadcast-to.ts';
import { clip } from './ops/clip.ts';
import { concat } from './ops/concat.ts';
import { div } from './ops/div.ts';
import { erf } from './ops/erf.ts';
import { exp } from './ops/exp.ts';
import { expm1 } from './ops/expm1.ts';
import { gather } from './ops/gather.ts';
import { log } from './ops/log.ts';
import { log1p } from './ops/log1p.ts';
import { logsumexp } from './ops/logsumexp.ts';
import { matmul } from './ops/matmul.ts';
import { max } from './ops/max.ts';
import { maximum } from './ops/maximum.ts';
import { mul } from './ops/mul.ts';
import { neg } from './ops/neg.ts';
import { pad } from './ops/pad.ts';
import { pow } from './ops/pow.ts';
import { relu } from './ops/relu.ts';
import { reshape } from './ops/reshape.ts';
import { sigmoid } from './ops/sigmoid.ts';
import { slice } from './ops/slice.ts';
import { sqrt } from './ops/sqrt.ts';
import { sub } from './ops/sub.ts';
import { sum } from './ops/sum.ts';
import { takeAlongAxis } from './ops/take-along-axis.ts';
import { tanh } from './ops/tanh.ts';
import { transpose } from './ops/transpose.ts';
import { where } from './ops/where.ts';
import type { TensorLike } from './tensor-like.ts';

/** Options when creating a tensor. */
export interface TensorOptions {
  /** Record ops on this tensor so backward can compute its gradient. Default false. */
  requiresGrad?: boolean;
  /** Element type. Default 'float32' (an NDArray or typed array keeps its own unless this is given). */
  dtype?: DType;
}

/** Reads a tensor's gradient without marking it handed out (set in Tensor's static block; see `peekGrad`). */
let readGradient: (t: Tensor) => Tensor | null;

/**
 * A differentiable N-d array: an `NDArray` (`data`), whether gradients flow to it (`requiresGrad`), its
 * accumulated gradient (`grad`, leaves only, as in PyTorch) and the graph node that produced it (`node`).
 *
 * Every op is also a method, so expressions chain:
 * `x.matmul(w, { transposeB: true }).add(b).relu().sum()`.
 *
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * w.mul(w).sum().backward();
 * w.grad?.toArray(); // [2, 4]
 */
export class Tensor {
  /**
   * The values. Optimizers update parameters in place through `data.data[i]` (no graph is recorded);
   * do that only between a backward and the next forward.
   */
  data: NDArray;
  /** The op application that produced this tensor, or null for a leaf / constant. Released after backward. */
  readonly node: Node | null;
  private requires: boolean;
  private gradient: Tensor | null = null;
  private gradientOwned = false;
  /** Whether `.grad` has handed the current gradient out (anyone may hold it since). */
  private gradientSeen = false;

  static {
    readGradient = (t) => t.gradient;
  }

  /**
   * Wraps `data` (not copied). `node` is set by the engine for op results; leave it out.
   */
  constructor(data: NDArray, options: { requiresGrad?: boolean } = {}, node: Node | null = null) {
    if (!isNDArray(data))
      throw new AutogradError('Tensor', `data must be an NDArray (use tensor(values) for numbers and arrays), got ${describeValue(data)}`);
    checkOptions('Tensor', options, { requiresGrad: is.boolean }, AutogradError);
    this.data = data;
    this.node = node;
    this.requires = node !== null || (options.requiresGrad ?? false);
  }

  /** Whether ops on this tensor are recorded and backward computes its gradient. Settable on leaves only. */
  get requiresGrad(): boolean {
    return this.requires;
  }

  set requiresGrad(value: boolean) {
    if (this.node !== null && !value) {
      throw new AutogradError(
        'requiresGrad',
        `cannot turn off requiresGrad of a non-leaf tensor of shape ${formatShape(this.shape)}: use detach()`,
      );
    }
    this.requires = value;
  }

  /**
   * The gradient accumulated by backward (`+=` across calls, like PyTorch), or null. Only leaves that
   * require grad receive one. Reset with `zeroGrad()` (sets null).
   *
   * Memory: a gradient that backward allocated for this tensor alone and that was never read here (optimizers
   * read it with `peekGrad`) is recycled when it is cleared or replaced (`NDArray.dispose()`), so a training loop
   * does not hand the garbage collector a parameter-sized array every step. Once read here it is left alone:
   * a reference you keep stays valid after `zeroGrad()`, as in PyTorch.
   */
  get grad(): Tensor | null {
    if (this.gradient !== null) this.gradientSeen = true;
    return this.gradient;
  }

  set grad(value: Tensor | null) {
    if (value !== null && !(value instanceof Tensor)) {
      // Accept an NDArray as PyTorch accepts any tensor here; refuse anything else by name.
      if (!isNDArray(value)) throw new AutogradError('grad', `must be a Tensor, an NDArray or null, got ${describeValue(value)}`);
      value = new Tensor(value);
    }
    if (value !== null && !shapesEqual(value.shape, this.shape)) {
      throw new AutogradError(
        'grad',
        `gradient of shape ${formatShape(value.shape)} does not match the tensor's shape ${formatShape(this.shape)}`,
      );
    }
    this.recycleGradient(value);
    this.gradient = value;
    this.gradientOwned = false;
    this.gradientSeen = false;
  }

  /**
   * Disposes the gradient being replaced by `next` when nothing outside can hold it: backward allocated it for this
   * tensor alone (owned) and `.grad` never handed it out.
   */
  private recycleGradient(next: Tensor | null): void {
    const old = this.gradient;
    if (old === null || !this.gradientOwned || this.gradientSeen) return;
    if (next !== null && next.data.data.buffer === old.data.data.buffer) return;
    old.data.dispose();
  }

  /** Adds `g` into `.grad`. Used by backward; `owned` says `g` is referenced nowhere else, so it may be kept and written. */
  accumulateGrad(g: NDArray, owned = false): void {
    checkArg('accumulateGrad', 'g', g, rule('an NDArray', isNDArray), AutogradError);
    const current = this.gradient;
    if (current === null) {
      this.gradient = new Tensor(owned ? g : g.clone());
      this.gradientOwned = true;
      this.gradientSeen = false;
    } else if (this.gradientOwned && current.data.dtype === g.dtype && current.data.size === g.size) {
      addInPlace(current.data, g);
    } else {
      const sum = addArrays(current.data, g);
      const next = new Tensor(sum.dtype === this.dtype ? sum : sum.astype(this.dtype));
      this.recycleGradient(next);
      this.gradient = next;
      this.gradientOwned = true;
      this.gradientSeen = false;
    }
  }

  /** Sets `.grad` to null (PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    this.grad = null;
  }

  /** Dimensions; `[]` for a scalar. */
  get shape(): readonly number[] {
    return this.data.shape;
  }

  /** Element type. */
  get dtype(): DType {
    return this.data.dtype;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.size;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.data.rank;
  }

  /**
   * Backpropagates from this tensor, accumulating gradients into the `.grad` of every leaf that requires
   * grad. A single-element tensor needs no `grad` (seed 1); otherwise pass one of this tensor's shape.
   * The graph is freed afterwards unless `{ retainGraph: true }`; backward through a freed graph throws.
   */
  backward(grad?: Tensor | NDArray, options?: BackwardOptions): void {
    backward(this, grad, options);
  }

  /**
   * Disposes this tensor's array (`NDArray.dispose()`) and drops its gradient (disposing it too when the engine
   * allocated it for this tensor alone): the memory goes to the next results of the same size, and any op, backward
   * or optimizer step that meets the array afterwards throws DisposedError. For
   * results you are done with in a loop (predictions, losses, intermediate activations under `noGrad`), the way
   * `tf.dispose` is used; never needed for correctness. A tensor that shares its array (`detach()`, `data`
   * wrapped again) is disposed with it.
   * @example
   * const y = model.forward(x); const label = argmax(y.data, { axis: 1 }); y.dispose();
   */
  dispose(): void {
    this.data.dispose();
    // Only a gradient the engine allocated for this tensor alone; one shared with another tensor is just dropped.
    if (this.gradient !== null && this.gradientOwned) this.gradient.data.dispose();
    this.gradient = null;
    this.gradientSeen = false;
  }

  /** A tensor sharing this one's data, cut from the graph: it does not require grad and blocks gradients. */
  detach(): Tensor {
    return new Tensor(this.data);
  }

  /** The value of a single-element tensor. */
  item(): number {
    return this.data.item();
  }

  /** Nested JS arrays of the values (a number for a scalar). */
  toArray(): NestedArray {
    return this.data.toArray();
  }

  /**
   * The values as PyTorch prints them: `tensor([[1.0000, 2.0000], …])` with 4 decimals (scientific
   * notation when they span over three orders of magnitude, `1.` for integer values), `...` summaries
   * above 1000 elements, then `dtype=float64` when not the default float32, and `requiresGrad=true` on a
   * leaf that requires grad or `gradFn=<op>` on an op result (PyTorch's `grad_fn=<OpBackward0>`).
   * `String(t)`, template literals and `console.log` (Node) all use it.
   * @example String(tensor([1, 2.5], { requiresGrad: true })); // 'tensor([1.0000, 2.5000], requiresGrad=true)'
   */
  toString(): string {
    const suffix = this.node !== null ? `gradFn=<${this.node.op.name}>` : this.requires ? 'requiresGrad=true' : null;
    return formatArray(this.data, 'tensor(', suffix === null ? [] : [suffix]);
  }

  /** What Node's `util.inspect` and `console.log` show: the same as `toString()`. */
  [inspectSymbol](): string {
    return this.toString();
  }

  // ---- creation helpers (static, so they do not clash with @seedling-ml/tensor's NDArray-returning ones) ----

  /** A tensor of `shape` filled with `value`. @example Tensor.full([2], 7).toArray(); // [7, 7] */
  static full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
    return new Tensor(full(shape, value, { dtype: options.dtype ?? 'float32' }), { requiresGrad: options.requiresGrad });
  }

  /** A tensor of zeros. @example Tensor.zeros([2]).toArray(); // [0, 0] */
  static zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
    return Tensor.full(shape, 0, options);
  }

  /** A tensor of ones. @example Tensor.ones([2]).toArray(); // [1, 1] */
  static ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
    return Tensor.full(shape, 1, options);
  }

  /** Zeros with `like`'s shape and dtype (unless `options.dtype`). */
  static zerosLike(like: Tensor, options: TensorOptions = {}): Tensor {
    return Tensor.full(like.shape, 0, { ...options, dtype: options.dtype ?? like.dtype });
  }

  /** Ones with `like`'s shape and dtype (unless `options.dtype`). */
  static onesLike(like: Tensor, options: TensorOptions = {}): Tensor {
    return Tensor.full(like.shape, 1, { ...options, dtype: options.dtype ?? like.dtype });
  }

  /** Values `start, start + step, …` below `stop` (`Tensor.arange(n)` is 0 … n−1). */
  static arange(start: number, stop?: number, step = 1, options: TensorOptions = {}): Tensor {
    return new Tensor(arange(start, stop, step, { dtype: options.dtype ?? 'float32' }), { requiresGrad: options.requiresGrad });
  }

  /** Standard normal samples drawn from `rng`. @example Tensor.randn([2, 3], new Rng(0)).shape; // [2, 3] */
  static randn(shape: readonly number[], rng: Rng, options: TensorOptions = {}): Tensor {
    return new Tensor(rng.normal(shape, 0, 1, { dtype: options.dtype ?? 'float32' }), { requiresGrad: options.requiresGrad });
  }

  /** Uniform samples in [0, 1) drawn from `rng`. */
  static rand(shape: readonly number[], rng: Rng, options: TensorOptions = {}): Tensor {
    return new Tensor(rng.uniform(shape, 0, 1, { dtype: options.dtype ?? 'float32' }), { requiresGrad: options.requiresGrad });
  }

  // ---- chainable ops (each calls the op function of the same name) ----

  /** this + other (broadcasting). */
  add(other: TensorLike): Tensor {
    return add(this, other);
  }
  /** this − other (broadcasting). */
  sub(other: TensorLike): Tensor {
    return sub(this, other);
  }
  /** this · other (broadcasting). */
  mul(other: TensorLike): Tensor {
    return mul(this, other);
  }
  /** this / other (broadcasting). */
  div(other: TensorLike): Tensor {
    return div(this, other);
  }
  /** this ** exponent (broadcasting). */
  pow(exponent: TensorLike): Tensor {
    return pow(this, exponent);
  }
  /** Element-wise max(this, other). */
  maximum(other: TensorLike): Tensor {
    return maximum(this, other);
  }
  /** Element-wise min(this, other). */
  minimum(other: TensorLike): Tensor {
    return minimum(this, other);
  }
  /** −this. */
  neg(): Tensor {
    return neg(this);
  }
  /** eˣ. */
  exp(): Tensor {
    return exp(this);
  }
  /** ln x. */
  log(): Tensor {
    return log(this);
  }
  /** √x. */
  sqrt(): Tensor {
    return sqrt(this);
  }
  /** |x|. */
  abs(): Tensor {
    return abs(this);
  }
  /** sign(x) (constant: no gradient). */
  sign(): Tensor {
    return sign(this);
  }
  /** tanh x. */
  tanh(): Tensor {
    return tanh(this);
  }
  /** 1 / (1 + e⁻ˣ). */
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  /** max(x, 0). */
  relu(): Tensor {
    return relu(this);
  }
  /** erf x. */
  erf(): Tensor {
    return erf(this);
  }
  /** ln(1 + x). */
  log1p(): Tensor {
    return log1p(this);
  }
  /** eˣ − 1. */
  expm1(): Tensor {
    return expm1(this);
  }
  /** x². */
  square(): Tensor {
    return square(this);
  }
  /** 1 / x. */
  reciprocal(): Tensor {
    return reciprocal(this);
  }
  /** Values limited to [min, max]. */
  clip(min: number, max: number): Tensor {
    return clip(this, min, max);
  }
  /** Values limited to [min, max], either bound optional. */
  clamp(min?: number, max?: number): Tensor {
    return clamp(this, min, max);
  }
  /** Leaky ReLU with `negativeSlope` (default 0.01). */
  leakyRelu(negativeSlope?: number): Tensor {
    return leakyRelu(this, negativeSlope);
  }
  /** ELU with `alpha` (default 1). */
  elu(alpha?: number): Tensor {
    return elu(this, alpha);
  }
  /** SELU. */
  selu(): Tensor {
    return selu(this);
  }
  /** GELU (exact by default, `{ approximate: 'tanh' }` for the approximation). */
  gelu(options?: GeluOptions): Tensor {
    return gelu(this, options);
  }
  /** ln(1 + eˣ), stable. */
  softplus(options?: SoftplusOptions): Tensor {
    return softplus(this, options);
  }
  /** SiLU / swish: x · σ(x). */
  silu(): Tensor {
    return silu(this);
  }
  /** Mish: x · tanh(softplus(x)). */
  mish(): Tensor {
    return mish(this);
  }
  /** Values limited to [minVal, maxVal] (default [−1, 1]); gradient 0 on the bounds. */
  hardtanh(minVal?: number, maxVal?: number): Tensor {
    return hardtanh(this, minVal, maxVal);
  }
  /** relu6(x + 3) / 6. */
  hardsigmoid(): Tensor {
    return hardsigmoid(this);
  }
  /** x · relu6(x + 3) / 6. */
  hardswish(): Tensor {
    return hardswish(this);
  }
  /** ln σ(x), stable. */
  logsigmoid(): Tensor {
    return logsigmoid(this);
  }
  /**
   * This tensor where `cond` is non-zero, `other` elsewhere (PyTorch's `x.where(cond, y)`); `cond` is a constant.
   * @example tensor([1, 2]).where(array([1, 0]), 0).toArray(); // [1, 0]
   */
  where(cond: Tensor | NDArray | number, other: TensorLike): Tensor {
    return where(cond, this, other);
  }
  /**
   * This tensor joined with `others` along an existing `axis` (default 0): `concat([this, ...others], axis)`.
   * @example tensor([1]).concat([tensor([2, 3])]).toArray(); // [1, 2, 3]
   */
  concat(others: readonly Tensor[], axis = 0): Tensor {
    checkArg('concat', 'others', others, is.arrayOf(is.any), AutogradError);
    return concat([this, ...others], axis);
  }
  /**
   * This tensor and `others` (all one shape) stacked along a new `axis` (default 0): `stack([this, ...others], axis)`.
   * @example tensor([1, 2]).stack([tensor([3, 4])]).shape; // [2, 2]
   */
  stack(others: readonly Tensor[], axis = 0): Tensor {
    checkArg('stack', 'others', others, is.arrayOf(is.any), AutogradError);
    return stack([this, ...others], axis);
  }
  /** Sum over axes. */
  sum(options?: ReduceOptions): Tensor {
    return sum(this, options);
  }
  /** Mean over axes. */
  mean(options?: ReduceOptions): Tensor {
    return mean(this, options);
  }
  /** Maximum over axes. */
  max(options?: ReduceOptions): Tensor {
    return max(this, options);
  }
  /** Minimum over axes. */
  min(options?: ReduceOptions): Tensor {
    return min(this, options);
  }
  /** Variance over axes (correction 1 by default). */
  variance(options?: VarianceOptions): Tensor {
    return variance(this, options);
  }
  /** ln Σ eˣ over axes, stable. */
  logsumexp(options?: ReduceOptions): Tensor {
    return logsumexp(this, options);
  }
  /** Index of the maximum (constant: no gradient). */
  argmax(options?: ArgReduceOptions): Tensor {
    return argmax(this, options);
  }
  /** Index of the minimum (constant: no gradient). */
  argmin(options?: ArgReduceOptions): Tensor {
    return argmin(this, options);
  }
  /** Softmax along `axis` (default −1). */
  softmax(axis?: number): Tensor {
    return softmax(this, axis);
  }
  /** Log-softmax along `axis` (default −1). */
  logSoftmax(axis?: number): Tensor {
    return logSoftmax(this, axis);
  }
  /** Same elements, new shape (one −1 allowed). */
  reshape(shape: readonly number[]): Tensor {
    return reshape(this, shape);
  }
  /** Permuted axes (default: reversed). */
  transpose(perm?: readonly number[]): Tensor {
    return transpose(this, perm);
  }
  /** Size-1 axes removed. */
  squeeze(axis?: number | readonly number[]): Tensor {
    return squeeze(this, axis);
  }
  /** A size-1 axis inserted at `axis`. */
  expandDims(axis: number): Tensor {
    return expandDims(this, axis);
  }
  /** Broadcast to `shape`. */
  broadcastTo(shape: readonly number[]): Tensor {
    return broadcastTo(this, shape);
  }
  /** NumPy basic slicing of leading axes. */
  slice(specs: readonly SliceSpec[]): Tensor {
    return slice(this, specs);
  }
  /** Padding, one [before, after] pair per axis: a constant `value`, or `{ mode, value }` (see `pad`). */
  pad(widths: readonly (readonly [number, number])[], value?: number | PadOptions): Tensor {
    return pad(this, widths, value);
  }
  /** Entries picked along `axis` by integer indices (NumPy `take`). */
  gather(indices: Tensor | NDArray | ArrayLike<number>, axis?: number): Tensor {
    return gather(this, indices, axis);
  }
  /** One entry per index along `axis` (PyTorch `gather`). */
  takeAlongAxis(indices: Tensor | NDArray, axis: number): Tensor {
    return takeAlongAxis(this, indices, axis);
  }
  /** Matrix product (NumPy semantics), with optional transposes. */
  matmul(other: Tensor, options?: MatmulOptions): Tensor {
    return matmul(this, other, options);
  }
  /** 2-D convolution of this NCHW tensor with `weight` [O, C/groups, kH, kW] (see `conv2d`). */
  conv2d(weight: Tensor, bias: Tensor | null = null, options?: Conv2dOptions): Tensor {
    return conv2d(this, weight, bias, options);
  }
  /** Transposed 2-D convolution with `weight` [C, O/groups, kH, kW] (see `convTranspose2d`). */
  convTranspose2d(weight: Tensor, bias: Tensor | null = null, options?: ConvTranspose2dOptions): Tensor {
    return convTranspose2d(this, weight, bias, options);
  }
  /** 2-D max pooling of this NCHW tensor (see `maxPool2d`). */
  maxPool2d(options: MaxPool2dOptions): Tensor {
    return maxPool2d(this, options);
  }
  /** 2-D average pooling of this NCHW tensor (see `avgPool2d`). */
  avgPool2d(options: AvgPool2dOptions): Tensor {
    return avgPool2d(this, options);
  }
  /** Adaptive 2-D average pooling of this NCHW tensor to `outputSize` (see `adaptiveAvgPool2d`). */
  adaptiveAvgPool2d(outputSize: Pair): Tensor {
    return adaptiveAvgPool2d(this, outputSize);
  }
  /** Converted to `dtype` (differentiable). */
  astype(dtype: DType): Tensor {
    return astype(this, dtype);
  }
  /** 1 where this = other (constant). */
  equal(other: TensorLike): Tensor {
    return equal(this, other);
  }
  /** 1 where this ≠ other (constant). */
  notEqual(other: TensorLike): Tensor {
    return notEqual(this, other);
  }
  /** 1 where this < other (constant). */
  less(other: TensorLike): Tensor {
    return less(this, other);
  }
  /** 1 where this ≤ other (constant). */
  lessEqual(other: TensorLike): Tensor {
    return lessEqual(this, other);
  }
  /** 1 where this > other (constant). */
  greater(other: TensorLike): Tensor {
    return greater(this, other);
  }
  /** 1 where this ≥ other (constant). */
  greaterEqual(other: TensorLike): Tensor {
    return greaterEqual(this, other);
  }
}

/**
 * Creates a tensor from nested arrays, a number, a typed array (copied) or an NDArray (wrapped without
 * copy unless `dtype` asks for a conversion).
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.shape; // [2, 2]
 * x.dtype; // 'float32'
 */
export function tensor(values: NestedArray | number | TypedArray | NDArray, options: TensorOptions = {}): Tensor {
  checkOptions('tensor', options, { requiresGrad: is.boolean, dtype: is.dtype }, AutogradError);
  if (isNDArray(values)) {
    const data = options.dtype === undefined || options.dtype === values.dtype ? values : values.astype(options.dtype);
    return new Tensor(data, { requiresGrad: options.requiresGrad });
  }
  return new Tensor(options.dtype === undefined ? array(values) : array(values, { dtype: options.dtype }), {
    requiresGrad: options.requiresGrad,
  });
}

/**
 * A tensor's gradient, like `t.grad`, but without handing it out: it stays recyclable when cleared (see `grad`).
 * For library code that uses the gradient within one call and keeps no reference to it — an optimizer's `step()`.
 * Throws AutogradError unless `t` is a Tensor.
 * @example
 * const g = peekGrad(weight); // read g now; after zeroGrad() its array may belong to another result
 */
export function peekGrad(t: Tensor): Tensor | null {
  if (!(t instanceof Tensor)) throw new AutogradError('peekGrad', `t must be a Tensor, got ${describeValue(t)}`);
  return readGradient(t);
}
