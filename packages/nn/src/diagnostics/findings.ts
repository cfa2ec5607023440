import { formatNumber, formatPercent, formatRanges } from './format.ts';
import { DEFAULT_THRESHOLDS, type ActivationKind, type Finding, type LayerReport, type LossReport, type Thresholds } from './types.ts';

/** What `findProblems` judges besides the layers. */
export interface FindingContext {
  /** Std of the model's input (signal levels are judged relative to it; 0 or non-finite counts as 1). */
  inputStd: number;
  /** The loss on the inspected batch, if one was computed. */
  loss: LossReport | null;
  /** How the update ratio was computed, for messages, e.g. `'an SGD step (lr 0.01)'`. */
  stepLabel: string;
  /** Overrides of `DEFAULT_THRESHOLDS`. */
  thresholds?: Partial<Thresholds>;
}

/** The initializer to recommend for a nonlinearity (docs/init-reference.md §1–2). */
export function recommendedInit(kind: ActivationKind | null): string {
  switch (kind) {
    case 'relu':
      return 'with ReLU use kaimingNormal()';
    case 'leakyRelu':
      return "with LeakyReLU use kaimingNormal({ negativeSlope, nonlinearity: 'leakyRelu' })";
    case 'tanh':
      return 'with tanh use xavierNormal() or lecunNormal()';
    case 'sigmoid':
      return 'with sigmoid use xavierNormal()';
    default:
      return 'use a variance-preserving init (lecunNormal() for a linear stack)';
  }
}

/** The most frequent activation kind among `layers` (first seen wins a tie); null if none has one. */
function dominantActivation(layers: readonly LayerReport[]): ActivationKind | null {
  const counts = new Map<ActivationKind, number>();
  for (const l of layers) if (l.activationKind !== null) counts.set(l.activationKind, (counts.get(l.activationKind) ?? 0) + 1);
  let best: ActivationKind | null = null;
  let bestCount = 0;
  for (const [k, c] of counts) {
    if (c > bestCount) {
      best = k;
      bestCount = c;
    }
  }
  return best;
}

/** ` (also layers 3–9)` when more layers than the first share the finding. */
function also(layers: readonly number[]): string {
  if (layers.length <= 1) return '';
  const rest = layers.slice(1);
  return ` (also layer${rest.length > 1 ? 's' : ''} ${formatRanges(rest)})`;
}

/** `layer 3` / `layers 1–10`. */
function layerWord(layers: readonly number[]): string {
  return `layer${layers.length > 1 ? 's' : ''} ${formatRanges(layers)}`;
}

/** Geometric mean of the per-layer factor from `from` to `to` over `steps` layers. */
function perLayerFactor(from: number, to: number, steps: number): number {
  return steps > 0 ? Math.pow(to / from, 1 / steps) : 1;
}

/**
 * Judges an initialization from per-layer statistics and returns the problems found, each in plain
 * words naming the layer and the fix. An empty list means nothing looks wrong.
 *
 * Signal levels (vanishing, exploding, drift) and constant weights are judged on the hidden layers
 * only: the output layer's scale is a modelling choice (a zero-initialized output layer is a sound
 * trick), and its effect shows in the initial loss instead.
 *
 * @example
 * findProblems(report.layers, { inputStd: 1, loss: null, stepLabel: 'an SGD step (lr 0.01)' });
 * // [{ kind: 'vanishing', severity: 'error', layers: [7, …], message: 'layer 7: activation std 3·10⁻⁹ — …' }]
 */
export function findProblems(layers: readonly LayerReport[], context: FindingContext): Finding[] {
  const t: Thresholds = { ...DEFAULT_THRESHOLDS, ...context.thresholds };
  const ref = Number.isFinite(context.inputStd) && context.inputStd > 0 ? context.inputStd : 1;
  const advice = recommendedInit(dominantActivation(layers));
  const hidden = layers.length > 1 ? layers.slice(0, -1) : [];
  const out: Finding[] = [];
  const add = (kind: Finding['kind'], severity: Finding['severity'], ls: number[], message: string): void => {
    out.push({ kind, severity, layers: ls, message });
  };

  // Overflow first: once a layer is Infinity/NaN every later statistic is meaningless.
  const nonfinite = layers.filter((l) => !Number.isFinite(l.activationStd) || !Number.isFinite(l.preActivationStd));
  const firstBad = nonfinite[0];
  if (firstBad !== undefined) {
    add('nonfinite', 'error', nonfinite.map((l) => l.index),
      `layer ${firstBad.index}: activations overflowed to Infinity/NaN — the signal exploded${also(nonfinite.map((l) => l.index))}; ${advice}`);
  }
  const finiteHidden = hidden.filter((l) => firstBad === undefined || l.index < firstBad.index);

  const constant = hidden.filter((l) => l.weightConstant);
  if (constant.length > 0) {
    const c = constant[0]!;
    add('constantWeights', 'error', constant.map((l) => l.index),
      `${layerWord(constant.map((l) => l.index))}: every weight is ${formatNumber(c.weightMean ?? 0)} — all units of a layer compute the same value and get the same gradient, so they stay identical for ever (symmetry is never broken); keep zeros for biases and draw weights at random, ${advice}`);
  }

  const first = finiteHidden[0];
  const vanished = finiteHidden.filter((l) => l.activationStd < t.vanishing * ref);
  const exploded = finiteHidden.filter((l) => l.activationStd > t.exploding * ref);
  if (vanished.length > 0 && first !== undefined) {
    const v = vanished[0]!;
    const factor = perLayerFactor(first.activationStd, v.activationStd, v.index - first.index);
    const trend = v.index > first.index && first.activationStd > 0 && v.activationStd > 0 ? ` (×${formatNumber(factor)} per layer)` : '';
    add('vanishing', 'error', vanished.map((l) => l.index),
      `layer ${v.index}: activation std ${formatNumber(v.activationStd)}${trend} against input std ${formatNumber(ref)} — the signal has vanished${also(vanished.map((l) => l.index))}; ${advice}`);
  }
  if (exploded.length > 0 && first !== undefined) {
    const e = exploded[0]!;
    const factor = perLayerFactor(first.activationStd, e.activationStd, e.index - first.index);
    const trend = e.index > first.index ? ` (×${formatNumber(factor)} per layer)` : '';
    add('exploding', 'error', exploded.map((l) => l.index),
      `layer ${e.index}: activation std ${formatNumber(e.activationStd)}${trend} against input std ${formatNumber(ref)} — the signal is exploding${also(exploded.map((l) => l.index))}; ${advice}`);
  }

  // A steady drift that has not yet crossed the vanishing/exploding limits: it will at a larger depth.
  const last = finiteHidden[finiteHidden.length - 1];
  if (vanished.length === 0 && exploded.length === 0 && first !== undefined && last !== undefined && finiteHidden.length >= 3 && first.preActivationStd > 0 && last.preActivationStd > 0) {
    const drift = last.preActivationStd / first.preActivationStd;
    const steps = last.index - first.index;
    const varianceFactor = perLayerFactor(first.preActivationStd, last.preActivationStd, steps) ** 2;
    const words = `pre-activation variance changes ×${formatNumber(varianceFactor)} per layer: std ${formatNumber(first.preActivationStd)} at layer ${first.index} → ${formatNumber(last.preActivationStd)} at layer ${last.index}`;
    if (drift < 1 / t.drift) add('shrinking', 'warning', finiteHidden.map((l) => l.index), `${words} — the signal is fading and will vanish in a deeper network; ${advice}`);
    else if (drift > t.drift) add('growing', 'warning', finiteHidden.map((l) => l.index), `${words} — the signal is growing and will explode in a deeper network; ${advice}`);
  }

  const saturated = layers.filter((l) => l.saturated !== null && l.saturated > t.saturated);
  if (saturated.length > 0) {
    const s = saturated[0]!;
    const rule = s.activationKind === 'sigmoid' ? 'within 0.01 of 0 or 1, where σ\' < 0.01' : "|y| > 0.99, where tanh' < 0.02";
    add('saturated', 'warning', saturated.map((l) => l.index),
      `layer ${s.index}: ${formatPercent(s.saturated!)} of ${s.activation ?? 'activation'} outputs are saturated (${rule}) and pass almost no gradient back${also(saturated.map((l) => l.index))} — the weights are too large (std ${formatNumber(s.weightStd ?? Number.NaN)}); ${recommendedInit(s.activationKind)}`);
  }

  const dead = layers.filter((l) => l.dead !== null && l.dead > t.dead);
  if (dead.length > 0) {
    const d = dead[0]!;
    add('dead', d.dead === 1 ? 'error' : 'warning', dead.map((l) => l.index),
      `layer ${d.index}: ${formatPercent(d.dead!)} of ReLU units output 0 for the whole batch (dead) and pass no gradient to their weights${also(dead.map((l) => l.index))} — look for large negative biases, constant weights or an input that is not centred`);
  }

  const zeroGrad = layers.filter((l) => l.weightGradStd === 0);
  if (zeroGrad.length > 0) {
    const biasLearns = layers.filter((l) => l.biasGradStd !== null && l.biasGradStd > 0).map((l) => l.index);
    const who = biasLearns.length === 0 ? 'no parameter gets a gradient' : `only the bias of ${layerWord(biasLearns)} gets a gradient`;
    add('zeroGradients', 'error', zeroGrad.map((l) => l.index),
      `${layerWord(zeroGrad.map((l) => l.index))}: weight gradients are exactly 0 — these weights cannot learn; ${who}`);
  }

  const graded = layers.filter((l) => l.weightGradStd !== null && Number.isFinite(l.weightGradStd) && l.weightGradStd > 0);
  if (graded.length >= 2) {
    const g0 = graded[0]!;
    const gL = graded[graded.length - 1]!;
    const ratio = g0.weightGradStd! / gL.weightGradStd!;
    const words = `weight-gradient std ${formatNumber(g0.weightGradStd!)} at layer ${g0.index} against ${formatNumber(gL.weightGradStd!)} at layer ${gL.index} (×${formatNumber(ratio)})`;
    if (ratio < 1 / t.gradientRatio) add('vanishingGradients', 'warning', [g0.index, gL.index], `${words} — gradients vanish on the way back and the first layers will barely learn; ${advice}`);
    else if (ratio > t.gradientRatio) add('explodingGradients', 'warning', [g0.index, gL.index], `${words} — gradients explode on the way back and the first layers will take huge steps; ${advice}`);
  }

  const loss = context.loss;
  if (loss !== null && loss.expected !== null && loss.classes !== null) {
    if (!Number.isFinite(loss.value)) {
      add('initialLoss', 'error', [], `initial loss is ${formatNumber(loss.value)} — the outputs overflowed; ${advice}`);
    } else if (loss.value > loss.expected + t.lossExcess) {
      add('initialLoss', 'warning', [],
        `initial loss ${formatNumber(loss.value)} against ln ${loss.classes} = ${formatNumber(loss.expected)} for a network that knows nothing yet — the outputs are too large and confidently wrong; scale the last layer down (or initialize it to zeros)`);
    }
  }

  const ratios = layers.filter((l) => l.updateRatio !== null && Number.isFinite(l.updateRatio) && l.weightGradStd !== 0);
  const tiny = ratios.filter((l) => l.updateRatio! < t.tinyUpdate);
  if (tiny.length > 0) {
    const worst = tiny.reduce((a, b) => (b.updateRatio! < a.updateRatio! ? b : a));
    add('tinyUpdates', 'warning', tiny.map((l) => l.index),
      `${layerWord(tiny.map((l) => l.index))}: ${context.stepLabel} changes the weights by less than ${formatNumber(t.tinyUpdate)} of their size (layer ${worst.index}: ${formatNumber(worst.updateRatio!)}) — training will stall there`);
  }
  const large = ratios.filter((l) => l.updateRatio! > t.largeUpdate);
  if (large.length > 0) {
    const worst = large.reduce((a, b) => (b.updateRatio! > a.updateRatio! ? b : a));
    add('largeUpdates', 'warning', large.map((l) => l.index),
      `${layerWord(large.map((l) => l.index))}: ${context.stepLabel} changes the weights by more than ${formatNumber(t.largeUpdate)} of their size (layer ${worst.index}: ${formatNumber(worst.updateRatio!)}) — training will be unstable; lower the learning rate or fix the scale`);
  }
  return out;
}
