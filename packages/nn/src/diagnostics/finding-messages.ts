import { formatNumber as n, formatPercent } from './format.ts';
import type { ActivationKind } from './types.ts';

/** Languages the findings can be written in. */
export type FindingLang = 'en' | 'zh-CN';

/** How the gradient behaves across a run of saturated layers, for the saturated finding. */
export type SaturatedGradient = { trend: 'grows'; factor: number } | { trend: 'shrinks'; factor: number } | { trend: 'unknown' };

/** The sentences `findProblems` is made of, one function per finding (numbers come in raw, each language formats them). */
export interface FindingMessages {
  advice(kind: ActivationKind | null): string;
  /** ` (also layers 3–9)`; `rest` is already formatted, `plural` when it names more than one layer. */
  also(rest: string, plural: boolean): string;
  /** `layer 3` / `layers 1–10`. */
  layers(ranges: string, plural: boolean): string;
  nonfinite(layer: number, also: string, advice: string): string;
  constantWeights(layers: string, value: number, advice: string): string;
  vanishing(layer: number, std: number, factor: number | null, inputStd: number, also: string, advice: string): string;
  exploding(layer: number, std: number, factor: number | null, inputStd: number, also: string, advice: string): string;
  drift(
    varianceFactor: number,
    firstStd: number,
    firstLayer: number,
    lastStd: number,
    lastLayer: number,
    growing: boolean,
    advice: string,
  ): string;
  saturated(
    layer: number,
    fraction: number,
    activation: string | null,
    sigmoid: boolean,
    gradient: SaturatedGradient,
    also: string,
    weightStd: number,
    advice: string,
  ): string;
  dead(layer: number, fraction: number, also: string): string;
  zeroGradients(layers: string, biasLayers: string | null): string;
  gradients(fromStd: number, fromLayer: number, toStd: number, toLayer: number, ratio: number, exploding: boolean, advice: string): string;
  lossOverflow(loss: number, advice: string): string;
  lossHigh(loss: number, classes: number, expected: number): string;
  tinyUpdates(layers: string, step: string, limit: number, worstLayer: number, worst: number): string;
  largeUpdates(layers: string, step: string, limit: number, worstLayer: number, worst: number): string;
  /** `an SGD step (lr 0.01)`. */
  step(optimizer: 'sgd' | 'adam', lr: number): string;
  severity(s: 'error' | 'warning'): string;
  none: string;
}

const EN: FindingMessages = {
  advice(kind) {
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
  },
  also: (rest, plural) => ` (also layer${plural ? 's' : ''} ${rest})`,
  layers: (ranges, plural) => `layer${plural ? 's' : ''} ${ranges}`,
  nonfinite: (layer, also, advice) => `layer ${layer}: activations overflowed to Infinity/NaN — the signal exploded${also}; ${advice}`,
  constantWeights: (layers, value, advice) =>
    `${layers}: every weight is ${n(value)} — all units of a layer compute the same value and get the same gradient, so they stay identical for ever (symmetry is never broken); keep zeros for biases and draw weights at random, ${advice}`,
  vanishing: (layer, std, factor, inputStd, also, advice) =>
    `layer ${layer}: activation std ${n(std)}${factor === null ? '' : ` (×${n(factor)} per layer)`} against input std ${n(inputStd)} — the signal has vanished${also}; ${advice}`,
  exploding: (layer, std, factor, inputStd, also, advice) =>
    `layer ${layer}: activation std ${n(std)}${factor === null ? '' : ` (×${n(factor)} per layer)`} against input std ${n(inputStd)} — the signal is exploding${also}; ${advice}`,
  drift: (vf, s1, l1, sL, lL, growing, advice) =>
    `pre-activation variance changes ×${n(vf)} per layer: std ${n(s1)} at layer ${l1} → ${n(sL)} at layer ${lL} — ${growing ? 'the signal is growing and will explode' : 'the signal is fading and will vanish'} in a deeper network; ${advice}`,
  saturated(layer, fraction, activation, sigmoid, gradient, also, weightStd, advice) {
    const rule = sigmoid ? "within 0.01 of 0 or 1, where σ' < 0.01" : "|y| > 0.99, where tanh' < 0.02";
    const grad =
      gradient.trend === 'grows'
        ? // Saturated units block their own gradient, but the rest, times large weights, can amplify it (issue 13, statement 10).
          `; the gradient still reaches the input through the unsaturated units and grows ×${n(gradient.factor)} per layer on the way back`
        : gradient.trend === 'shrinks'
          ? ` and pass almost no gradient back (it shrinks ×${n(gradient.factor)} per layer on the way back)`
          : ' and pass almost no gradient back';
    return `layer ${layer}: ${formatPercent(fraction)} of ${activation ?? 'activation'} outputs are saturated (${rule})${grad}${also} — the weights are too large (std ${n(weightStd)}); ${advice}`;
  },
  dead: (layer, fraction, also) =>
    `layer ${layer}: ${formatPercent(fraction)} of ReLU units output 0 for the whole batch (dead) and pass no gradient to their weights${also} — look for large negative biases, constant weights or an input that is not centred`,
  zeroGradients: (layers, biasLayers) =>
    `${layers}: weight gradients are exactly 0 — these weights cannot learn; ${biasLayers === null ? 'no parameter gets a gradient' : `only the bias of ${biasLayers} gets a gradient`}`,
  gradients: (s0, l0, s1, l1, ratio, exploding, advice) =>
    `weight-gradient std ${n(s0)} at layer ${l0} against ${n(s1)} at layer ${l1} (×${n(ratio)}) — ${exploding ? 'gradients explode on the way back and the first layers will take huge steps' : 'gradients vanish on the way back and the first layers will barely learn'}; ${advice}`,
  lossOverflow: (loss, advice) => `initial loss is ${n(loss)} — the outputs overflowed; ${advice}`,
  lossHigh: (loss, classes, expected) =>
    `initial loss ${n(loss)} against ln ${classes} = ${n(expected)} for a network that knows nothing yet — the outputs are too large and confidently wrong; scale the last layer down (or initialize it to zeros)`,
  tinyUpdates: (layers, step, limit, wl, w) =>
    `${layers}: ${step} changes the weights by less than ${n(limit)} of their size (layer ${wl}: ${n(w)}) — training will stall there`,
  largeUpdates: (layers, step, limit, wl, w) =>
    `${layers}: ${step} changes the weights by more than ${n(limit)} of their size (layer ${wl}: ${n(w)}) — training will be unstable; lower the learning rate or fix the scale`,
  step: (optimizer, lr) => `${optimizer === 'sgd' ? 'an SGD' : 'an Adam'} step (lr ${lr})`,
  severity: (s) => s,
  none: 'no problems found',
};

// Terms follow docs/initialization.zh-CN.md: 梯度消失/梯度爆炸, 神经元, 预激活值.
const ZH: FindingMessages = {
  advice(kind) {
    switch (kind) {
      case 'relu':
        return 'ReLU 请用 kaimingNormal()';
      case 'leakyRelu':
        return "LeakyReLU 请用 kaimingNormal({ negativeSlope, nonlinearity: 'leakyRelu' })";
      case 'tanh':
        return 'tanh 请用 xavierNormal() 或 lecunNormal()';
      case 'sigmoid':
        return 'sigmoid 请用 xavierNormal()';
      default:
        return '请用保持方差的初始化（线性堆叠用 lecunNormal()）';
    }
  },
  also: (rest) => `（第 ${rest} 层也是如此）`,
  layers: (ranges) => `第 ${ranges} 层`,
  nonfinite: (layer, also, advice) => `第 ${layer} 层：激活值溢出为 Infinity/NaN——信号爆炸了${also}；${advice}`,
  constantWeights: (layers, value, advice) =>
    `${layers}：所有权重都是 ${n(value)}——同一层的所有神经元算出同样的值、得到同样的梯度，因此永远保持相同（对称性始终没有打破）；偏置可以用零，权重要随机抽取，${advice}`,
  vanishing: (layer, std, factor, inputStd, also, advice) =>
    `第 ${layer} 层：激活值标准差 ${n(std)}${factor === null ? '' : `（每层 ×${n(factor)}）`}，而输入标准差为 ${n(inputStd)}——信号已经消失${also}；${advice}`,
  exploding: (layer, std, factor, inputStd, also, advice) =>
    `第 ${layer} 层：激活值标准差 ${n(std)}${factor === null ? '' : `（每层 ×${n(factor)}）`}，而输入标准差为 ${n(inputStd)}——信号正在爆炸${also}；${advice}`,
  drift: (vf, s1, l1, sL, lL, growing, advice) =>
    `预激活值的方差每层 ×${n(vf)}：标准差从第 ${l1} 层的 ${n(s1)} 变为第 ${lL} 层的 ${n(sL)}——${growing ? '信号在增大，网络更深时会爆炸' : '信号在衰减，网络更深时会消失'}；${advice}`,
  saturated(layer, fraction, activation, sigmoid, gradient, also, weightStd, advice) {
    const rule = sigmoid ? "距 0 或 1 不到 0.01，此处 σ' < 0.01" : "|y| > 0.99，此处 tanh' < 0.02";
    const grad =
      gradient.trend === 'grows'
        ? `；梯度仍经由未饱和的神经元传回输入，并且在反传途中每层放大 ×${n(gradient.factor)}`
        : gradient.trend === 'shrinks'
          ? `，几乎传不回梯度（反传途中每层 ×${n(gradient.factor)}）`
          : '，几乎传不回梯度';
    return `第 ${layer} 层：${activation ?? '激活函数'} 的输出有 ${formatPercent(fraction)} 饱和（${rule}）${grad}${also}——权重太大（标准差 ${n(weightStd)}）；${advice}`;
  },
  dead: (layer, fraction, also) =>
    `第 ${layer} 层：${formatPercent(fraction)} 的 ReLU 神经元对整批数据都输出 0（死亡），不给自己的权重传梯度${also}——检查是否有很大的负偏置、常数权重，或输入没有中心化`,
  zeroGradients: (layers, biasLayers) =>
    `${layers}：权重梯度恰好为 0——这些权重无法学习；${biasLayers === null ? '没有任何参数得到梯度' : `只有${biasLayers}的偏置得到梯度`}`,
  gradients: (s0, l0, s1, l1, ratio, exploding, advice) =>
    `权重梯度标准差在第 ${l0} 层为 ${n(s0)}，在第 ${l1} 层为 ${n(s1)}（×${n(ratio)}）——${exploding ? '梯度爆炸：梯度在反传途中变大，前面几层会迈出巨大的步子' : '梯度消失：梯度在反传途中变小，前面几层几乎学不动'}；${advice}`,
  lossOverflow: (loss, advice) => `初始损失为 ${n(loss)}——输出溢出了；${advice}`,
  lossHigh: (loss, classes, expected) =>
    `初始损失 ${n(loss)}，而什么都还没学到的网络应为 ln ${classes} = ${n(expected)}——输出太大且错得很自信；把最后一层缩小（或初始化为零）`,
  tinyUpdates: (layers, step, limit, wl, w) =>
    `${layers}：${step}对权重的改变不到其大小的 ${n(limit)}（第 ${wl} 层：${n(w)}）——训练会在这里停滞`,
  largeUpdates: (layers, step, limit, wl, w) =>
    `${layers}：${step}对权重的改变超过其大小的 ${n(limit)}（第 ${wl} 层：${n(w)}）——训练会不稳定；降低学习率或修正尺度`,
  step: (optimizer, lr) => `一步 ${optimizer === 'sgd' ? 'SGD' : 'Adam'}（lr ${lr}）`,
  severity: (s) => (s === 'error' ? '错误' : '警告'),
  none: '没有发现问题',
};

/** The findings' sentences in `lang` (English by default). */
export function findingMessages(lang: FindingLang = 'en'): FindingMessages {
  return lang === 'zh-CN' ? ZH : EN;
}
