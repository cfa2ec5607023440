import { tensor } from '@seedling-ml/autograd';
import {
  Conv2d,
  type Initializer,
  type Module,
  ReLU,
  Sequential,
  Tanh,
  deltaOrthogonal,
  inspectInit,
  kaimingNormal,
  orthogonal,
  xavierNormal,
} from '@seedling-ml/nn';
import { Rng } from '@seedling-ml/tensor';
import type { Activation } from './mlp.ts';

/** A deep plain CNN of the CNN init lab: `depth` 3×3 convs c → c, 'same' zero padding, no bias, each followed by the activation. */
export interface CnnShape {
  depth: number;
  channels: number;
  /** Images are size × size. */
  size: number;
}

/**
 * The CNN lab's net (docs/initialization.md, "Deep plain CNNs"): 32 layers, 16 channels, 8×8 images. The docs'
 * code block computes the same theory and measurement inline, so that it stands alone as a user's program.
 */
export const CNN_SHAPE: CnnShape = { depth: 32, channels: 16, size: 8 };

/** One initialization of the CNN lab, with what the theory needs to know about it. */
export interface CnnScheme {
  id: string;
  init: Initializer;
  /** q = fanIn·Var(w) = c·k²·Var(w) (for delta-orthogonal: gain², all on the centre tap). */
  q: number;
  /** Only the centre tap is non-zero: no neighbour is read, so zero padding loses nothing. */
  centreOnly: boolean;
}

/** He, Xavier, orthogonal and delta-orthogonal; the orthogonal ones with gain √2 for ReLU and 1 for tanh (q = gain²). */
export function cnnSchemes(activation: Activation): CnnScheme[] {
  const gain = activation === 'relu' ? Math.SQRT2 : 1;
  return [
    { id: 'kaimingNormal', init: kaimingNormal(), q: 2, centreOnly: false },
    { id: 'xavierNormal', init: xavierNormal(), q: 1, centreOnly: false },
    { id: 'orthogonal', init: orthogonal({ gain }), q: gain ** 2, centreOnly: false },
    { id: 'deltaOrthogonal', init: deltaOrthogonal({ gain }), q: gain ** 2, centreOnly: true },
  ];
}

/** E[g(s·z)] for z ~ N(0, 1), by Simpson's rule on [−10, 10] (400 intervals). */
function gaussMean(g: (u: number) => number, s: number): number {
  const steps = 400;
  const h = 20 / steps;
  let sum = 0;
  for (let k = 0; k <= steps; k++) {
    const z = -10 + k * h;
    sum += (k === 0 || k === steps ? 1 : k % 2 === 1 ? 4 : 2) * g(s * z) * Math.exp((-z * z) / 2);
  }
  return (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}

/** (1/9)·Σ of a per-pixel field over each pixel's 3×3 neighbourhood, pixels outside the image counted as 0 (zero padding). */
function neighbourMean(v: Float64Array, size: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let s = 0;
      for (let a = Math.max(0, i - 1); a <= Math.min(size - 1, i + 1); a++)
        for (let b = Math.max(0, j - 1); b <= Math.min(size - 1, j + 1); b++) s += v[a * size + b]!;
      out[i * size + j] = s / 9;
    }
  }
  return out;
}

/**
 * The theory's per-layer std of the pre-activations and of their gradient δ (relative to the top layer),
 * for unit-variance inputs and a unit gradient at the top. Per pixel p, forward
 * v_{l+1}(p) = q·(1/9)·Σ_{3×3, inside} E[f(y_l)²] and backward g_l(p) = E[f′(y_l(p))²]·q·(1/9)·Σ g_{l+1}
 * (the neighbour mean dropped for a centre-only kernel); the reported std is √(mean over pixels).
 */
export function cnnTheory(
  activation: Activation,
  scheme: Pick<CnnScheme, 'q' | 'centreOnly'>,
  shape: CnnShape,
): { std: number[]; grad: number[] } {
  const { depth, size } = shape;
  const mix = (v: Float64Array) => (scheme.centreOnly ? Float64Array.from(v) : neighbourMean(v, size));
  const f2 = activation === 'relu' ? (v: number) => v / 2 : (v: number) => gaussMean((u) => Math.tanh(u) ** 2, Math.sqrt(v));
  const d2 = activation === 'relu' ? () => 0.5 : (v: number) => gaussMean((u) => (1 - Math.tanh(u) ** 2) ** 2, Math.sqrt(v));
  const v: Float64Array[] = [mix(new Float64Array(size * size).fill(1)).map((u) => scheme.q * u)];
  for (let l = 1; l < depth; l++) v.push(mix(v[l - 1]!.map(f2)).map((u) => scheme.q * u));
  const g: Float64Array[] = new Array(depth);
  g[depth - 1] = new Float64Array(size * size).fill(1);
  for (let l = depth - 1; l > 0; l--) g[l - 1] = mix(g[l]!).map((u, p) => scheme.q * u * d2(v[l - 1]![p]!));
  const rms = (a: Float64Array) => Math.sqrt(a.reduce((s, u) => s + u, 0) / a.length);
  return { std: v.map(rms), grad: g.map(rms) };
}

/**
 * Measures one seeded net with `inspectInit` on `batch` unit-variance images (float64, so the numbers do
 * not depend on float32 kernels): per-layer pre-activation std, and δ std relative to the top layer.
 */
export function measureCnn(
  activation: Activation,
  scheme: CnnScheme,
  shape: CnnShape,
  seed: number,
  batch = 4,
): { std: number[]; grad: number[] } {
  const { depth, channels: c, size } = shape;
  const layers: Module[] = [];
  for (let i = 0; i < depth; i++)
    layers.push(
      new Conv2d(c, c, 3, { padding: 'same', bias: false, weightInit: scheme.init, seed: seed + i, dtype: 'float64' }),
      activation === 'relu' ? new ReLU() : new Tanh(),
    );
  const x = tensor(new Rng(0).normal([batch, c, size, size]), { dtype: 'float64' });
  const report = inspectInit(new Sequential(...layers), x);
  const top = report.layers[depth - 1]!.preActivationGradStd!;
  return { std: report.layers.map((r) => r.preActivationStd), grad: report.layers.map((r) => r.preActivationGradStd! / top) };
}
