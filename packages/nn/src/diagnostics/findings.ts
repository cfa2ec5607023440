import { type FindingLang, type SaturatedGradient, findingMessages } from './finding-messages.ts';
import { formatRanges } from './format.ts';
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
  /** Language of the messages: `'en'` (default) or `'zh-CN'`. */
  lang?: FindingLang;
}

/** The initializer to recommend for a nonlinearity (docs/init-reference.md §1–2), in English unless `lang` says otherwise. */
export function recommendedInit(kind: ActivationKind | null, lang: FindingLang = 'en'): string {
  return findingMessages(lang).advice(kind);
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
function also(m: ReturnType<typeof findingMessages>, layers: readonly number[]): string {
  if (layers.length <= 1) return '';
  const rest = layers.slice(1);
  return m.also(formatRanges(rest), rest.length > 1);
}

/** `layer 3` / `layers 1–10`. */
function layerWord(m: ReturnType<typeof findingMessages>, layers: readonly number[]): string {
  return m.layers(formatRanges(layers), layers.length > 1);
}

/**
 * How the back-propagated gradient δ changes across saturated layers `first` → `last` (toward the
 * input): large weights can amplify it through the unsaturated units even when most units are saturated.
 */
function saturatedGradient(first: LayerReport, last: LayerReport): SaturatedGradient {
  const g0 = first.preActivationGradStd;
  const g1 = last.preActivationGradStd;
  if (first.index === last.index || g0 === null || g1 === null || !(g0 > 0) || !(g1 > 0) || !Number.isFinite(g0) || !Number.isFinite(g1))
    return { trend: 'unknown' };
  const factor = perLayerFactor(g1, g0, last.index - first.index); // per layer, going back (toward the input)
  return factor >= 1 ? { trend: 'grows', factor } : { trend: 'shrinks', factor };
}

/**
 * The pair of layers i < j with the largest growth (max g_i/g_j) and the largest shrinkage
 * (min g_i/g_j) of the weight-gradient std from layer j back to layer i: gradients can explode or vanish
 * inside a network even when its first and last layers look alike.
 */
function extremeGradientPairs(graded: readonly LayerReport[]): { grow: [LayerReport, LayerReport]; shrink: [LayerReport, LayerReport] } {
  let grow: [LayerReport, LayerReport] = [graded[0]!, graded[1]!];
  let shrink: [LayerReport, LayerReport] = [graded[0]!, graded[1]!];
  let maxBelow = graded[0]!;
  let minBelow = graded[0]!;
  const g = (l: LayerReport) => l.weightGradStd!;
  for (let j = 1; j < graded.length; j++) {
    const lj = graded[j]!;
    if (g(maxBelow) / g(lj) > g(grow[0]) / g(grow[1])) grow = [maxBelow, lj];
    if (g(minBelow) / g(lj) < g(shrink[0]) / g(shrink[1])) shrink = [minBelow, lj];
    if (g(lj) > g(maxBelow)) maxBelow = lj;
    if (g(lj) < g(minBelow)) minBelow = lj;
  }
  return { grow, shrink };
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
  const m = findingMessages(context.lang);
  const ref = Number.isFinite(context.inputStd) && context.inputStd > 0 ? context.inputStd : 1;
  const advice = m.advice(dominantActivation(layers));
  const hidden = layers.length > 1 ? layers.slice(0, -1) : [];
  const out: Finding[] = [];
  const add = (kind: Finding['kind'], severity: Finding['severity'], ls: number[], message: string): void => {
    out.push({ kind, severity, layers: ls, message });
  };
  const indices = (ls: readonly LayerReport[]) => ls.map((l) => l.index);

  // Overflow first: once a layer is Infinity/NaN every later statistic is meaningless.
  const nonfinite = layers.filter((l) => !Number.isFinite(l.activationStd) || !Number.isFinite(l.preActivationStd));
  const firstBad = nonfinite[0];
  if (firstBad !== undefined)
    add('nonfinite', 'error', indices(nonfinite), m.nonfinite(firstBad.index, also(m, indices(nonfinite)), advice));
  const finiteHidden = hidden.filter((l) => firstBad === undefined || l.index < firstBad.index);

  const constant = hidden.filter((l) => l.weightConstant);
  if (constant.length > 0)
    add(
      'constantWeights',
      'error',
      indices(constant),
      m.constantWeights(layerWord(m, indices(constant)), constant[0]!.weightMean ?? 0, advice),
    );

  // Signal levels are relative to the input's scale: a net fed inputs of std 100 is judged against 100.
  const first = finiteHidden[0];
  const vanished = finiteHidden.filter((l) => l.activationStd < t.vanishing * ref);
  const exploded = finiteHidden.filter((l) => l.activationStd > t.exploding * ref);
  if (vanished.length > 0 && first !== undefined) {
    const v = vanished[0]!;
    const factor =
      v.index > first.index && first.activationStd > 0 && v.activationStd > 0
        ? perLayerFactor(first.activationStd, v.activationStd, v.index - first.index)
        : null;
    add('vanishing', 'error', indices(vanished), m.vanishing(v.index, v.activationStd, factor, ref, also(m, indices(vanished)), advice));
  }
  if (exploded.length > 0 && first !== undefined) {
    const e = exploded[0]!;
    const factor = e.index > first.index ? perLayerFactor(first.activationStd, e.activationStd, e.index - first.index) : null;
    add('exploding', 'error', indices(exploded), m.exploding(e.index, e.activationStd, factor, ref, also(m, indices(exploded)), advice));
  }

  // A steady drift that has not yet crossed the vanishing/exploding limits: it will at a larger depth.
  const last = finiteHidden[finiteHidden.length - 1];
  if (
    vanished.length === 0 &&
    exploded.length === 0 &&
    first !== undefined &&
    last !== undefined &&
    finiteHidden.length >= 3 &&
    first.preActivationStd > 0 &&
    last.preActivationStd > 0
  ) {
    const drift = last.preActivationStd / first.preActivationStd;
    const varianceFactor = perLayerFactor(first.preActivationStd, last.preActivationStd, last.index - first.index) ** 2;
    const words = (growing: boolean) =>
      m.drift(varianceFactor, first.preActivationStd, first.index, last.preActivationStd, last.index, growing, advice);
    if (drift < 1 / t.drift) add('shrinking', 'warning', indices(finiteHidden), words(false));
    else if (drift > t.drift) add('growing', 'warning', indices(finiteHidden), words(true));
  }

  const saturated = layers.filter((l) => l.saturated !== null && l.saturated > t.saturated);
  if (saturated.length > 0) {
    const s = saturated[0]!;
    // Whether saturated layers starve the gradient or not depends on the weights: say which it is.
    const gradient = saturatedGradient(s, saturated[saturated.length - 1]!);
    add(
      'saturated',
      'warning',
      indices(saturated),
      m.saturated(
        s.index,
        s.saturated!,
        s.activation,
        s.activationKind === 'sigmoid',
        gradient,
        also(m, indices(saturated)),
        s.weightStd ?? Number.NaN,
        m.advice(s.activationKind),
      ),
    );
  }

  const dead = layers.filter((l) => l.dead !== null && l.dead > t.dead);
  if (dead.length > 0) {
    const d = dead[0]!;
    add('dead', d.dead === 1 ? 'error' : 'warning', indices(dead), m.dead(d.index, d.dead!, also(m, indices(dead))));
  }

  const zeroGrad = layers.filter((l) => l.weightGradStd === 0);
  if (zeroGrad.length > 0) {
    const biasLearns = layers.filter((l) => l.biasGradStd !== null && l.biasGradStd > 0).map((l) => l.index);
    add(
      'zeroGradients',
      'error',
      indices(zeroGrad),
      m.zeroGradients(layerWord(m, indices(zeroGrad)), biasLearns.length === 0 ? null : layerWord(m, biasLearns)),
    );
  }

  const graded = layers.filter((l) => l.weightGradStd !== null && Number.isFinite(l.weightGradStd) && l.weightGradStd > 0);
  if (graded.length >= 2) {
    // Layer to layer, not only first against last: the extreme pair anywhere in the network.
    const { grow, shrink } = extremeGradientPairs(graded);
    const ratio = (pair: [LayerReport, LayerReport]) => pair[0].weightGradStd! / pair[1].weightGradStd!;
    const words = (pair: [LayerReport, LayerReport], exploding: boolean) =>
      m.gradients(pair[0].weightGradStd!, pair[0].index, pair[1].weightGradStd!, pair[1].index, ratio(pair), exploding, advice);
    if (ratio(shrink) < 1 / t.gradientRatio) add('vanishingGradients', 'warning', [shrink[0].index, shrink[1].index], words(shrink, false));
    if (ratio(grow) > t.gradientRatio) add('explodingGradients', 'warning', [grow[0].index, grow[1].index], words(grow, true));
  }

  const loss = context.loss;
  if (loss !== null && loss.expected !== null && loss.classes !== null) {
    if (!Number.isFinite(loss.value)) add('initialLoss', 'error', [], m.lossOverflow(loss.value, advice));
    else if (loss.value > loss.expected + t.lossExcess)
      add('initialLoss', 'warning', [], m.lossHigh(loss.value, loss.classes, loss.expected));
  }

  const ratios = layers.filter((l) => l.updateRatio !== null && Number.isFinite(l.updateRatio) && l.weightGradStd !== 0);
  const tiny = ratios.filter((l) => l.updateRatio! < t.tinyUpdate);
  if (tiny.length > 0) {
    const worst = tiny.reduce((a, b) => (b.updateRatio! < a.updateRatio! ? b : a));
    add(
      'tinyUpdates',
      'warning',
      indices(tiny),
      m.tinyUpdates(layerWord(m, indices(tiny)), context.stepLabel, t.tinyUpdate, worst.index, worst.updateRatio!),
    );
  }
  const large = ratios.filter((l) => l.updateRatio! > t.largeUpdate);
  if (large.length > 0) {
    const worst = large.reduce((a, b) => (b.updateRatio! > a.updateRatio! ? b : a));
    add(
      'largeUpdates',
      'warning',
      indices(large),
      m.largeUpdates(layerWord(m, indices(large)), context.stepLabel, t.largeUpdate, worst.index, worst.updateRatio!),
    );
  }
  return out;
}
