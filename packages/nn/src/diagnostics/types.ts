/** The nonlinearity that follows a layer, as far as the diagnostics know how to judge it. */
export type ActivationKind = 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid' | 'other';

/**
 * What `inspectInit` measured for one layer: a module with parameters (Linear, Conv2d, …) together with
 * the parameter-free modules that follow it before the next such module (its activation, Dropout, …).
 * Stds are population stds over every element (all examples and units). `null` means "does not apply".
 */
export interface LayerReport {
  /** 1-based position among the model's layers, in the order `forward` ran them. */
  index: number;
  /** Dotted module path of the parameterized module (`'4'`, `'encoder.fc1'`). */
  name: string;
  /** The parameterized module's class (`'Linear'`), for display. */
  type: string;
  /** The activation module that followed it (`'ReLU'`), or null. */
  activation: string | null;
  /** Which rule the saturation/dead statistics follow; null without an activation. */
  activationKind: ActivationKind | null;
  /** Std of the parameterized module's output (the pre-activation, y = x·Wᵀ + b). */
  preActivationStd: number;
  /** Mean of the layer's output (after its activation): the signal the next layer receives. */
  activationMean: number;
  /** Std of the layer's output (after its activation). */
  activationStd: number;
  /** tanh: fraction with |y| > 0.99; sigmoid: fraction within 0.01 of 0 or 1; else null. */
  saturated: number | null;
  /** ReLU: fraction of units that output 0 for every example of the batch; else null. */
  dead: number | null;
  /** Mean of the weight (the parameter named `weight`, else the first parameter of rank ≥ 2); null if none. */
  weightMean: number | null;
  /** Std of the weight; null if none. */
  weightStd: number | null;
  /** True when every weight entry has the same value (zeros, ones, constant): symmetry is never broken. */
  weightConstant: boolean;
  /** Std of the weight's gradient. */
  weightGradStd: number | null;
  /** Std of the bias's gradient (the parameter named `bias`); null if none. */
  biasGradStd: number | null;
  /** Std of the gradient with respect to the pre-activation (the back-propagated signal δ). */
  preActivationGradStd: number | null;
  /** ‖Δ W‖ / ‖W‖ of one optimizer step from this gradient (Infinity when W = 0 and Δ W ≠ 0). */
  updateRatio: number | null;
}

/** The classifier's starting loss against what a network that knows nothing yet should score. */
export interface LossReport {
  /** The loss on the inspected batch. */
  value: number;
  /** Number of classes C when the model is a classifier (integer targets), else null. */
  classes: number | null;
  /** ln C: the cross-entropy of a uniform prediction; null when not a classifier. */
  expected: number | null;
}

/** Problems the findings name. */
export type FindingKind =
  | 'nonfinite'
  | 'vanishing'
  | 'exploding'
  | 'shrinking'
  | 'growing'
  | 'saturated'
  | 'dead'
  | 'constantWeights'
  | 'zeroGradients'
  | 'vanishingGradients'
  | 'explodingGradients'
  | 'initialLoss'
  | 'tinyUpdates'
  | 'largeUpdates';

/** One plain-language finding about an initialization. */
export interface Finding {
  /** What kind of problem it is (stable, for programs; the message is for people). */
  kind: FindingKind;
  /** `error`: the network cannot train as it stands; `warning`: it will train badly or slowly. */
  severity: 'error' | 'warning';
  /** The layers concerned (1-based `LayerReport.index`), first the one named in the message. */
  layers: number[];
  /** The finding in words, naming the layer and what to do. */
  message: string;
}

/** Limits beyond which a statistic becomes a finding (defaults in `DEFAULT_THRESHOLDS`). */
export interface Thresholds {
  /** Output std below this × the input std: the signal has vanished. */
  vanishing: number;
  /** Output std above this × the input std: the signal is exploding. */
  exploding: number;
  /** Pre-activation std changing by more than this factor from the first to the last layer: shrinking/growing. */
  drift: number;
  /** Fraction of saturated tanh/sigmoid outputs above which a layer is flagged. */
  saturated: number;
  /** Fraction of dead ReLU units above which a layer is flagged. */
  dead: number;
  /** Ratio of the largest to the smallest weight-gradient std across layers above which gradients vanish/explode. */
  gradientRatio: number;
  /** Nats above ln C at which a classifier's initial loss is flagged. */
  lossExcess: number;
  /** Update/weight ratio below which a step barely moves a layer. */
  tinyUpdate: number;
  /** Update/weight ratio above which a step rewrites a layer. */
  largeUpdate: number;
}

/**
 * Default thresholds. A well-initialized network sits well inside them:
 * - pre-activation std near 1 in every layer;
 * - about 1% of tanh outputs past 0.99 for N(0, 1) pre-activations, 10–11% with PyTorch's tanh gain
 *   5/3 (pre-activation std ≈ 1.6, still a sound init), so saturation is flagged past 25%;
 * - dead ReLU units flagged past one half: even a He-initialized 30-layer MLP has 15–30% of its deep
 *   units silent on a whole batch, because the inputs' representations grow correlated with depth;
 * - loss ≈ ln C + σ²/2 for logits of std σ (He init everywhere gives ln C + 0.3 to + 1);
 * - an update/weight ratio near 10⁻³ for a good learning rate (Karpathy's rule of thumb).
 */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  vanishing: 1e-2,
  exploding: 1e2,
  drift: 10,
  saturated: 0.25,
  dead: 0.5,
  gradientRatio: 100,
  lossExcess: 2,
  tinyUpdate: 1e-6,
  largeUpdate: 0.1,
});
