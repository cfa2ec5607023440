/**
 * Initialization diagnostics: `inspectInit(model, inputs, { targets?, loss? })` measures every layer
 * at initialization (activation mean/std, saturated or dead units, weight and gradient stds, the
 * update/weight ratio of one step, the initial loss against ln C) and names what is wrong in plain
 * words. Built on `Module.registerForwardHook` / `registerBackwardHook`.
 * @packageDocumentation
 */
export { inspectInit, type InspectInitOptions } from './inspect-init.ts';
export { InitReport, type InitReportData, type StepReport } from './init-report.ts';
export { findProblems, recommendedInit, type FindingContext } from './findings.ts';
export { activationKindOf } from './activation-kind.ts';
export { meanStd, rms, deadFraction, tanhSaturation, sigmoidSaturation, type MeanStd } from './stats.ts';
export { formatNumber } from './format.ts';
export {
  DEFAULT_THRESHOLDS,
  type ActivationKind,
  type Finding,
  type FindingKind,
  type LayerReport,
  type LossReport,
  type Thresholds,
} from './types.ts';
export { findingMessages, type FindingLang, type FindingMessages, type SaturatedGradient } from './finding-messages.ts';
