/**
 * The page's words in English and Chinese (zh-CN). `inspectInit` writes its findings in English only,
 * so the Chinese findings are written here from each finding's structured fields (`kind`, `layers`)
 * and the per-layer numbers of the same report.
 */
import type { Lang } from './config.ts';
import type { FindingView, Setup } from './session.ts';

const EN = {
  title: 'Seedling initialization playground',
  subtitle:
    'Move a control and watch a deep network at initialization and while it trains. Everything runs in your browser, in a Web Worker, on Seedling.',
  network: 'Network',
  depth: 'Depth (hidden layers)',
  width: 'Width (units per layer)',
  activation: 'Activation',
  init: 'Weight initializer',
  gain: 'Gain',
  gainHint: 'used by xavier*, orthogonal',
  recommendedGain: 'Use calculateGain',
  presets: 'Presets',
  presetHe: 'He (kaimingNormal)',
  presetXavier: 'Xavier (xavierNormal)',
  presetTutorialStd: 'Tutorial: √6/√(nᵢ+nₒ) as a normal std',
  presetTutorialRecipe: 'Tutorial: step-by-step recipe',
  presetZeros: 'All zeros',
  training: 'Training',
  data: 'Data',
  optimizer: 'Optimizer',
  lr: 'Learning rate',
  batch: 'Batch size',
  seed: 'Seed',
  lang: 'Language',
  train: 'Train',
  pause: 'Pause',
  steps200: 'Train 200 steps',
  reset: 'Reset',
  pin: 'Pin this run',
  unpin: 'Unpin',
  pinned: 'pinned',
  current: 'current',
  findings: 'Findings (inspectInit, at initialization)',
  noFindings: 'No problem found: the signal keeps its scale through every layer.',
  loss: 'Loss',
  lossReadout: (step: number, loss: number | null, lnC: number, classes: number) =>
    `step ${step} · loss ${loss === null ? '—' : loss.toFixed(3)} (mean of the last 10 batches) · ln ${classes} = ${lnC.toFixed(3)}`,
  histPre: 'Pre-activations per layer',
  histAct: 'Activations per layer',
  histGrad: 'Back-propagated gradients per layer',
  histFlag: 'dead / saturated',
  stds: 'Per-layer std (log axis); dashed: closed-form prediction',
  gradStds: 'Weight-gradient std and update/weight ratio per layer',
  boundary: 'Decision boundary',
  jacobian: 'Singular values of the input–output Jacobian ∂h_L/∂h_1',
  layer: 'layer',
  value: 'value',
  fraction: 'fraction',
  std: 'std',
  step: 'step',
  index: 'index (largest first)',
  singularValue: 'singular value',
  preStd: 'pre-activation',
  actStd: 'activation',
  predicted: 'predicted',
  weightGradStd: 'weight-gradient std',
  updateRatio: 'update/weight',
  noPrediction: 'No closed-form prediction for this initializer (constant weights break the independence it assumes).',
  fps: (fps: number) => `panels refresh at ${fps.toFixed(1)} frames/s`,
  convOnly: 'conv only',
  working: 'building…',
  optionsOf: (name: string) => `Options of ${name}`,
  classLabel: 'class',
  probability: 'probability',
  jacobianNote: 'Depth 1 has no hidden-to-hidden Jacobian.',
  compare: 'He vs Xavier',
  pinHint: 'Pin a run, change a control (e.g. He → Xavier), and both runs are drawn: the pinned one faded.',
};

type Dict = typeof EN;

const ZH: Dict = {
  title: 'Seedling 初始化演练场',
  subtitle: '拖动一个控件，观察深度网络在初始化时和训练中的变化。一切都在你的浏览器里运行（Web Worker 中的 Seedling）。',
  network: '网络',
  depth: '深度（隐藏层数）',
  width: '宽度（每层单元数）',
  activation: '激活函数',
  init: '权重初始化方法',
  gain: '增益（gain）',
  gainHint: '用于 xavier*、orthogonal',
  recommendedGain: '使用 calculateGain',
  presets: '预设',
  presetHe: 'He（kaimingNormal）',
  presetXavier: 'Xavier（xavierNormal）',
  presetTutorialStd: '教程错误：把 √6/√(nᵢ+nₒ) 当作正态分布的标准差',
  presetTutorialRecipe: '教程错误：分步配方',
  presetZeros: '全零',
  training: '训练',
  data: '数据',
  optimizer: '优化器',
  lr: '学习率',
  batch: '批大小',
  seed: '随机种子',
  lang: '语言',
  train: '训练',
  pause: '暂停',
  steps200: '训练 200 步',
  reset: '重置',
  pin: '固定本次运行',
  unpin: '取消固定',
  pinned: '已固定',
  current: '当前',
  findings: '诊断结果（inspectInit，初始化时）',
  noFindings: '未发现问题：信号在每一层都保持了尺度。',
  loss: '损失',
  lossReadout: (step: number, loss: number | null, lnC: number, classes: number) =>
    `第 ${step} 步 · 损失 ${loss === null ? '—' : loss.toFixed(3)}（最近 10 个批次的平均）· ln ${classes} = ${lnC.toFixed(3)}`,
  histPre: '各层的预激活值',
  histAct: '各层的激活值',
  histGrad: '各层反向传播的梯度',
  histFlag: '死亡 / 饱和',
  stds: '各层标准差（对数坐标）；虚线：闭式预测',
  gradStds: '各层权重梯度标准差与更新/权重比',
  boundary: '决策边界',
  jacobian: '输入–输出雅可比矩阵 ∂h_L/∂h_1 的奇异值',
  layer: '层',
  value: '数值',
  fraction: '比例',
  std: '标准差',
  step: '步',
  index: '序号（从大到小）',
  singularValue: '奇异值',
  preStd: '预激活',
  actStd: '激活',
  predicted: '预测',
  weightGradStd: '权重梯度标准差',
  updateRatio: '更新/权重',
  noPrediction: '此初始化方法没有闭式预测（常数权重破坏了预测所依赖的独立性）。',
  fps: (fps: number) => `面板刷新率 ${fps.toFixed(1)} 帧/秒`,
  convOnly: '仅用于卷积',
  working: '构建中…',
  optionsOf: (name: string) => `${name} 的选项`,
  classLabel: '类别',
  probability: '概率',
  jacobianNote: '深度为 1 时没有隐藏层到隐藏层的雅可比矩阵。',
  compare: 'He 对比 Xavier',
  pinHint: '固定一次运行，再改变一个控件（例如 He → Xavier），两次运行会画在一起：固定的那次颜色较淡。',
};

/** The page's words in a language. */
export function t(lang: Lang): Dict {
  return lang === 'zh-CN' ? ZH : EN;
}

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return String(Number(v.toPrecision(3)));
  return v.toExponential(1);
}

/** Layer numbers with consecutive runs joined: [1, 2, 3, 7] → '1–3、7'. */
export function ranges(ls: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ls.length; ) {
    let j = i;
    while (j + 1 < ls.length && ls[j + 1] === ls[j]! + 1) j++;
    parts.push(j > i ? `${ls[i]}–${ls[j]}` : String(ls[i]));
    i = j + 1;
  }
  return parts.join('、');
}

function zhAdvice(kind: string): string {
  switch (kind) {
    case 'relu':
      return 'ReLU 请使用 kaimingNormal()';
    case 'tanh':
      return 'tanh 请使用 xavierNormal() 或 lecunNormal()';
    case 'sigmoid':
      return 'sigmoid 请使用 xavierNormal()';
    case 'leakyRelu':
      return "LeakyReLU 请使用 kaimingNormal({ negativeSlope, nonlinearity: 'leakyRelu' })";
    default:
      return '请使用保持方差的初始化（线性堆叠用 lecunNormal()）';
  }
}

/**
 * A finding in Chinese, from its kind and layers and the report's numbers (the English message is
 * `inspectInit`'s own). Unknown kinds fall back to the English message.
 */
export function findingZh(f: FindingView, setup: Setup, activation: string): string {
  const layer = (i: number) => setup.report.find((l) => l.index === i);
  const first = f.layers[0];
  const l0 = first === undefined ? undefined : layer(first);
  const rest = f.layers.length > 1 ? `（另有第 ${ranges(f.layers.slice(1))} 层）` : '';
  const advice = zhAdvice(activation === 'leakyRelu' ? 'leakyRelu' : activation);
  switch (f.kind) {
    case 'nonfinite':
      return `第 ${first} 层：激活值溢出为 Infinity/NaN —— 信号爆炸了${rest}；${advice}`;
    case 'constantWeights':
      return `第 ${ranges(f.layers)} 层：所有权重都等于 ${fmt(l0?.weightMean)} —— 同一层的所有单元计算相同的值、得到相同的梯度，永远保持一致（对称性从未被打破）；偏置可以用零，权重必须随机初始化，${advice}`;
    case 'vanishing':
      return `第 ${first} 层：激活标准差 ${fmt(l0?.activationStd)}，而输入标准差为 ${fmt(setup.inputStd)} —— 信号已经消失${rest}；${advice}`;
    case 'exploding':
      return `第 ${first} 层：激活标准差 ${fmt(l0?.activationStd)}，而输入标准差为 ${fmt(setup.inputStd)} —— 信号正在爆炸${rest}；${advice}`;
    case 'shrinking':
      return `预激活标准差逐层缩小（第 ${first} 层 ${fmt(l0?.preActivationStd)} → 第 ${f.layers[f.layers.length - 1]} 层 ${fmt(layer(f.layers[f.layers.length - 1]!)?.preActivationStd)}）—— 信号在衰减，更深的网络中会消失；${advice}`;
    case 'growing':
      return `预激活标准差逐层增大（第 ${first} 层 ${fmt(l0?.preActivationStd)} → 第 ${f.layers[f.layers.length - 1]} 层 ${fmt(layer(f.layers[f.layers.length - 1]!)?.preActivationStd)}）—— 信号在增长，更深的网络中会爆炸；${advice}`;
    case 'saturated':
      return `第 ${first} 层：${fmt((l0?.saturated ?? 0) * 100)}% 的激活输出已饱和，几乎不向后传递梯度${rest} —— 权重过大（标准差 ${fmt(l0?.weightStd)}）；${advice}`;
    case 'dead':
      return `第 ${first} 层：${fmt((l0?.dead ?? 0) * 100)}% 的 ReLU 单元对整个批次都输出 0（死亡），不向其权重传递梯度${rest} —— 检查是否有很大的负偏置、常数权重或未居中的输入`;
    case 'zeroGradients':
      return `第 ${ranges(f.layers)} 层：权重梯度恰好为 0 —— 这些权重无法学习`;
    case 'vanishingGradients': {
      const last = f.layers[f.layers.length - 1]!;
      return `第 ${first} 层的权重梯度标准差 ${fmt(l0?.weightGradStd)}，第 ${last} 层为 ${fmt(layer(last)?.weightGradStd)} —— 梯度在反向传播中消失，前面的层几乎学不到东西；${advice}`;
    }
    case 'explodingGradients': {
      const last = f.layers[f.layers.length - 1]!;
      return `第 ${first} 层的权重梯度标准差 ${fmt(l0?.weightGradStd)}，第 ${last} 层为 ${fmt(layer(last)?.weightGradStd)} —— 梯度在反向传播中爆炸，前面的层会迈出巨大的步子；${advice}`;
    }
    case 'initialLoss':
      return `初始损失 ${fmt(setup.initialLoss)}，而一个什么都还没学的网络应为 ln ${setup.classes} = ${fmt(Math.log(setup.classes))} —— 输出过大且自信地出错；请缩小最后一层（或将其初始化为零）`;
    case 'tinyUpdates':
      return `第 ${ranges(f.layers)} 层：一步 ${setup.stepLabel.optimizer === 'sgd' ? 'SGD' : 'Adam'}（学习率 ${setup.stepLabel.lr}）使权重的变化不到其大小的 10⁻⁶ —— 训练会在这里停滞`;
    case 'largeUpdates':
      return `第 ${ranges(f.layers)} 层：一步 ${setup.stepLabel.optimizer === 'sgd' ? 'SGD' : 'Adam'}（学习率 ${setup.stepLabel.lr}）使权重的变化超过其大小的 0.1 —— 训练会不稳定；请降低学习率或修正尺度`;
    default:
      return f.message;
  }
}
