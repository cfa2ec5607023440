/**
 * The multilayer perceptrons the autograd and training suites time, written once for Seedling and once
 * for TensorFlow.js with the same layer sizes, dtype (float32), initial weights and data. Each engine
 * keeps weights in its own layer's layout: Seedling `[out, in]` with y = x·Wᵀ + b (`nn.Linear`), tfjs
 * `[in, out]` with y = x·W + b (`tf.layers.dense`).
 */
import { type Tensor, tensor } from '@seedling-ml/autograd';
import { Linear, ReLU, Sequential } from '@seedling-ml/nn';
import { type NDArray, Rng, reshape, transpose, zeros } from '@seedling-ml/tensor';
import type { Case, TfjsPeerName } from './case.ts';
import { tf } from './tfjs.ts';

/** An MLP benchmark problem: layer widths, hidden activation and loss. */
export interface MlpSpec {
  /** Widths from input to output, e.g. `[784, 256, 128, 10]`. */
  readonly sizes: readonly number[];
  /** Activation after every layer but the last. */
  readonly activation: 'relu' | 'tanh';
  /** Softmax cross-entropy over class targets, or mean squared error against real targets. */
  readonly loss: 'crossEntropy' | 'mse';
}

/** One batch of inputs and targets, as NDArrays (each engine copies them into its own tensors). */
export interface MlpBatch {
  /** Inputs `[batch, sizes[0]]`. */
  readonly x: NDArray;
  /** Cross-entropy: class indices `[batch]` (integers stored as floats); MSE: targets `[batch, out]`. */
  readonly y: NDArray;
}

/** The 784-256-128-10 ReLU classifier (MNIST-sized). */
export const MNIST_MLP: MlpSpec = { sizes: [784, 256, 128, 10], activation: 'relu', loss: 'crossEntropy' };

/** A 2-32-32-1 tanh regressor: so small that per-op overhead, not arithmetic, sets the time. */
export const TINY_MLP: MlpSpec = { sizes: [2, 32, 32, 1], activation: 'tanh', loss: 'mse' };

/** Layer descriptor in `[in, out]` pairs. */
export function layerShapes(spec: MlpSpec): [number, number][] {
  return spec.sizes.slice(1).map((out, i) => [spec.sizes[i]!, out]);
}

/**
 * Floating-point operations of one forward + backward pass, counting the matrix products only
 * (2·batch·in·out each for the forward product, the input gradient and the weight gradient).
 */
export function mlpFlops(spec: MlpSpec, batch: number): number {
  return layerShapes(spec).reduce((total, [i, o]) => total + 3 * 2 * batch * i * o, 0);
}

/**
 * Initial parameters `[W₀, b₀, W₁, b₁, …]`, float32, seeded: W `[out, in]` from N(0, gain²/in) — He
 * (gain² = 2) for ReLU, LeCun (gain² = 1) for tanh — and b = 0.
 */
export function initialParameters(spec: MlpSpec, seed: number): NDArray[] {
  const rng = new Rng(seed);
  const gain2 = spec.activation === 'relu' ? 2 : 1;
  return layerShapes(spec).flatMap(([i, o]) => [rng.normal([o, i], 0, Math.sqrt(gain2 / i)), zeros([o])]);
}

/** A seeded batch: inputs uniform in [0, 1) (like pixel values), class indices or targets uniform in [-1, 1). */
export function syntheticBatch(spec: MlpSpec, batch: number, seed: number): MlpBatch {
  const rng = new Rng(seed);
  const inputs = spec.sizes[0]!;
  const outputs = spec.sizes[spec.sizes.length - 1]!;
  const x = rng.uniform([batch, inputs], 0, 1);
  const y = spec.loss === 'crossEntropy' ? rng.integers([batch], 0, outputs) : rng.uniform([batch, outputs], -1, 1);
  return { x, y };
}

/** Seedling parameters: a fresh copy of `initial` as leaf tensors that require grad. */
export function seedlingParameters(initial: readonly NDArray[]): Tensor[] {
  return initial.map((p) => tensor(p.clone(), { requiresGrad: true }));
}

/**
 * Seedling's loss of the MLP on a batch, written with autograd ops only: x·Wᵀ + b per layer, the
 * activation between, then cross-entropy = −mean(logSoftmax(logits)[y]) (classes as a `[batch, 1]`
 * index array for `takeAlongAxis`) or MSE = mean((ŷ − y)²).
 */
export function seedlingLoss(spec: MlpSpec, params: readonly Tensor[], x: Tensor, y: NDArray | Tensor): Tensor {
  let h = x;
  const layers = params.length / 2;
  for (let l = 0; l < layers; l++) {
    h = h.matmul(params[2 * l]!, { transposeB: true }).add(params[2 * l + 1]!);
    if (l < layers - 1) h = spec.activation === 'relu' ? h.relu() : h.tanh();
  }
  if (spec.loss === 'mse') return h.sub(y).square().mean();
  return h
    .logSoftmax(-1)
    .takeAlongAxis(y as NDArray, -1)
    .mean()
    .neg();
}

/** The batch's targets in the form `seedlingLoss` takes (class indices get a trailing axis). */
export function seedlingTargets(spec: MlpSpec, y: NDArray): NDArray {
  return spec.loss === 'crossEntropy' ? reshape(y.clone(), [y.size, 1]) : y.clone();
}

/**
 * tfjs variables holding the values of `initial`, in the active backend, with each weight in the layout
 * of tfjs's own Dense layer: W `[in, out]` (the transpose of Seedling's), so y = x·W + b. NOTE: the
 * wasm backend sends a product with a transpose flag to a plain loop instead of XNNPACK (measured 12–15×
 * slower at these sizes); `[in, out]` keeps the forward products flag-free, so it is the faster of the
 * two layouts for tfjs-wasm (21 vs 33 ms for batch 64 forward + backward; no difference on tfjs-cpu).
 */
export function tfjsVariables(initial: readonly NDArray[]): tf.Variable[] {
  return initial.map((p) => {
    const t = p.rank === 2 ? transpose(p) : p;
    // tidy disposes the initial tensor (the variable holds its own reference to the data).
    return tf.tidy(() => tf.variable(tf.tensor(Float32Array.from(t.data), [...t.shape], 'float32')));
  });
}

/**
 * y = x·W for W `[in, out]` with a hand-written gradient that transposes explicitly — dx = dy·(Wᵀ),
 * dW = (xᵀ)·dy, with `tf.transpose` materializing each transpose — so every product the wasm backend
 * sees is flag-free and goes to XNNPACK. tfjs's registered MatMul gradient uses transpose flags instead.
 */
const matMulExplicitTransposes = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = dy as tf.Tensor;
      const [xs, ws] = saved as [tf.Tensor, tf.Tensor];
      return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g)];
    },
  };
});

/** The batch as tfjs tensors in the active backend: x, and one-hot classes (cross-entropy) or targets (MSE). */
export function tfjsBatch(spec: MlpSpec, batch: MlpBatch): [tf.Tensor, tf.Tensor] {
  const x = tf.tensor(batch.x.data.slice(), [...batch.x.shape], 'float32');
  if (spec.loss === 'mse') return [x, tf.tensor(batch.y.data.slice(), [...batch.y.shape], 'float32')];
  const classes = spec.sizes[spec.sizes.length - 1]!;
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(batch.y.data), 'int32'), classes).toFloat());
  return [x, y];
}

/** How the tfjs peer differentiates its products. */
export interface TfjsLossOptions {
  /**
   * Use `matMulExplicitTransposes` (a custom gradient with materialized transposes) instead of
   * `tf.matMul`'s registered gradient. Default false: what a tfjs user gets.
   */
  explicitTransposes?: boolean;
}

/**
 * tfjs's loss of the same MLP: `matMul(h, W)` + b per layer (W `[in, out]`, see `tfjsVariables`), the
 * activation between, then `tf.losses.softmaxCrossEntropy(onehot, logits)` (tfjs's fused, stable form,
 * mean over the batch) or mean((ŷ − y)²) written out, like Seedling's.
 */
export function tfjsLoss(spec: MlpSpec, vars: readonly tf.Tensor[], x: tf.Tensor, y: tf.Tensor, options: TfjsLossOptions = {}): tf.Scalar {
  const product =
    options.explicitTransposes === true
      ? (a: tf.Tensor, b: tf.Tensor) => matMulExplicitTransposes(a, b)
      : (a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b);
  let h = x;
  const layers = vars.length / 2;
  for (let l = 0; l < layers; l++) {
    h = tf.add(product(h, vars[2 * l]!), vars[2 * l + 1]!);
    if (l < layers - 1) h = spec.activation === 'relu' ? tf.relu(h) : tf.tanh(h);
  }
  if (spec.loss === 'mse') return tf.mean(tf.square(tf.sub(h, y)));
  return tf.losses.softmaxCrossEntropy(y, h);
}

/** Both peers, or only tfjs-wasm (the explicit-transpose gradient is for it; on tfjs-cpu it is slower). */
export function pick(wasmOnly: boolean, peers: Record<TfjsPeerName, () => void>): Case['peers'] {
  return wasmOnly ? { tfjsWasm: peers.tfjsWasm } : peers;
}

/** The 784-256-128-10 ReLU network as a user builds it with `@seedling-ml/nn`, loaded with `initial` (`[W₀, b₀, …]`). */
export function seedlingMnistMlp(initial: readonly NDArray[]): Sequential {
  const [s0, s1, s2, s3] = MNIST_MLP.sizes as [number, number, number, number];
  const model = new Sequential(new Linear(s0, s1), new ReLU(), new Linear(s1, s2), new ReLU(), new Linear(s2, s3));
  model.parameters().forEach((p, i) => p.data.data.set(initial[i]!.data));
  return model;
}
