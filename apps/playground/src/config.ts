/**
 * The playground's controls as one plain value, and its round trip through the URL query string, so
 * every view of the page is a link (`?depth=30&activation=relu&init=xavierNormal`).
 */

/** Nonlinearities offered (values as the URL and `calculateGain` name them). */
export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'sigmoid', 'gelu', 'selu', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * Weight initializers offered: every built-in of `@seedling-ml/nn`'s catalogue (aliases `glorot*`/`he*`
 * are the same schemes, so only the canonical names appear), then the founding tutorial's two wrong
 * formulas as presets. `lsuv` is the data-dependent one (orthogonal, then each layer rescaled on a batch of
 * the data to unit output std). `dirac` and `deltaOrthogonal` are conv-weight initializers (3–5-D): they are
 * listed but cannot be applied to a Linear layer, and the page says so.
 */
export const INITS = [
  'kaimingNormal',
  'kaimingUniform',
  'xavierNormal',
  'xavierUniform',
  'lecunNormal',
  'lecunUniform',
  'orthogonal',
  'torchDefault',
  'varianceScaling',
  'normal',
  'truncatedNormal',
  'uniform',
  'sparse',
  'eye',
  'zeros',
  'ones',
  'constant',
  'dirac',
  'deltaOrthogonal',
  'lsuv',
  'tutorialXavierStd',
  'tutorialRecipe',
] as const;
export type InitName = (typeof INITS)[number];

/** Initializers that cannot shape a Linear weight (they need a conv kernel). */
export const CONV_ONLY_INITS: readonly InitName[] = ['dirac', 'deltaOrthogonal'];

export const DATASETS = ['circles', 'xor', 'moons', 'spirals'] as const;
export type DatasetName = (typeof DATASETS)[number];

export const OPTIMIZERS = ['sgd', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** One numeric or choice option of an initializer, as a control and a URL key. */
export interface InitOption {
  key: string;
  kind: 'number' | 'choice';
  default: number | string;
  choices?: readonly string[];
  min?: number;
  max?: number;
  step?: number;
  /** Whole numbers only (rounded when read from a URL). */
  integer?: boolean;
}

/**
 * The options each initializer takes (names as in `@seedling-ml/nn`, docs/initializers.md; `gain` is its
 * own control). Boolean options are choices of 'true'/'false' so a URL states them as words. `lsuv`'s are
 * `lsuv(model, batch, options)`'s; with `orthonormalFirst=false` it rescales Linear's default init
 * (xavierUniform) instead of an orthogonal one.
 */
export const INIT_OPTIONS: Readonly<Record<InitName, readonly InitOption[]>> = {
  kaimingNormal: [
    { key: 'mode', kind: 'choice', default: 'fanIn', choices: ['fanIn', 'fanOut'] },
    { key: 'nonlinearity', kind: 'choice', default: 'leakyRelu', choices: ['leakyRelu', 'relu', 'linear', 'tanh', 'sigmoid', 'selu'] },
    { key: 'negativeSlope', kind: 'number', default: 0, min: 0, max: 1, step: 0.01 },
  ],
  kaimingUniform: [
    { key: 'mode', kind: 'choice', default: 'fanIn', choices: ['fanIn', 'fanOut'] },
    { key: 'nonlinearity', kind: 'choice', default: 'leakyRelu', choices: ['leakyRelu', 'relu', 'linear', 'tanh', 'sigmoid', 'selu'] },
    { key: 'negativeSlope', kind: 'number', default: 0, min: 0, max: 1, step: 0.01 },
  ],
  xavierNormal: [],
  xavierUniform: [],
  lecunNormal: [],
  lecunUniform: [],
  orthogonal: [],
  torchDefault: [],
  varianceScaling: [
    { key: 'scale', kind: 'number', default: 1, min: 0.001, max: 100, step: 0.1 },
    { key: 'mode', kind: 'choice', default: 'fanIn', choices: ['fanIn', 'fanOut', 'fanAvg'] },
    { key: 'distribution', kind: 'choice', default: 'truncatedNormal', choices: ['truncatedNormal', 'normal', 'uniform'] },
  ],
  normal: [
    { key: 'mean', kind: 'number', default: 0, step: 0.01 },
    { key: 'std', kind: 'number', default: 0.05, min: 0, step: 0.01 },
  ],
  truncatedNormal: [
    { key: 'mean', kind: 'number', default: 0, step: 0.01 },
    { key: 'std', kind: 'number', default: 0.05, min: 0, step: 0.01 },
    { key: 'a', kind: 'number', default: -2, step: 0.1 },
    { key: 'b', kind: 'number', default: 2, step: 0.1 },
    { key: 'bounds', kind: 'choice', default: 'std', choices: ['std', 'absolute'] },
    { key: 'preserveStd', kind: 'choice', default: 'false', choices: ['false', 'true'] },
  ],
  uniform: [
    { key: 'low', kind: 'number', default: -0.05, step: 0.01 },
    { key: 'high', kind: 'number', default: 0.05, step: 0.01 },
  ],
  sparse: [
    { key: 'sparsity', kind: 'number', default: 0.1, min: 0, max: 0.99, step: 0.05 },
    { key: 'std', kind: 'number', default: 0.01, min: 0, step: 0.01 },
  ],
  eye: [],
  zeros: [],
  ones: [],
  constant: [{ key: 'value', kind: 'number', default: 0.01, step: 0.01 }],
  dirac: [{ key: 'groups', kind: 'number', default: 1, min: 1, max: 512, step: 1, integer: true }],
  deltaOrthogonal: [],
  lsuv: [
    { key: 'targetStd', kind: 'number', default: 1, min: 0.001, max: 100, step: 0.1 },
    { key: 'tolerance', kind: 'number', default: 0.1, min: 0.001, max: 10, step: 0.01 },
    { key: 'maxIterations', kind: 'number', default: 10, min: 1, max: 100, step: 1, integer: true },
    { key: 'orthonormalFirst', kind: 'choice', default: 'true', choices: ['true', 'false'] },
  ],
  tutorialXavierStd: [],
  tutorialRecipe: [],
};

/** Initializers whose factory takes a `gain` (the others ignore the gain control). */
export const GAIN_INITS: readonly InitName[] = ['xavierNormal', 'xavierUniform', 'orthogonal', 'deltaOrthogonal'];

/** Every control of the page. */
export interface Config {
  depth: number;
  width: number;
  activation: Activation;
  init: InitName;
  /** Gain for the initializers in `GAIN_INITS`. */
  gain: number;
  /** Values of the chosen initializer's options (`INIT_OPTIONS`), by key. */
  initOptions: Record<string, number | string>;
  data: DatasetName;
  optimizer: OptimizerName;
  lr: number;
  batch: number;
  seed: number;
  lang: Lang;
}

/** The page's first view: a 10-layer ReLU net with He's initialization. */
export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({
  depth: 10,
  width: 64,
  activation: 'relu',
  init: 'kaimingNormal',
  gain: 1,
  initOptions: {},
  data: 'circles',
  optimizer: 'sgd',
  lr: 0.01,
  batch: 64,
  seed: 0,
  lang: 'en',
} satisfies Config);

/** Limits of the numeric controls: [min, max, integer?]. */
export const LIMITS = {
  depth: [1, 50, true],
  width: [4, 512, true],
  gain: [0, 100, false],
  lr: [1e-6, 10, false],
  batch: [1, 1024, true],
  seed: [0, 2 ** 31 - 1, true],
} as const;

function num(raw: string | null, key: keyof typeof LIMITS, fallback: number): number {
  if (raw === null || raw.trim() === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v)) return fallback;
  const [lo, hi, int] = LIMITS[key];
  const clamped = Math.min(hi, Math.max(lo, v));
  return int ? Math.round(clamped) : clamped;
}

function pick<T extends string>(raw: string | null, choices: readonly T[], fallback: T): T {
  return raw !== null && (choices as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

/**
 * Reads a config from a query string; a missing, unknown or out-of-range value falls back to the
 * default (or is clamped), so any hand-edited link still opens a working page.
 *
 * @example
 * parseConfig('?depth=30&init=xavierNormal').depth; // 30
 */
export function parseConfig(search: string): Config {
  const q = new URLSearchParams(search);
  const d = DEFAULT_CONFIG;
  const init = pick(q.get('init'), INITS, d.init);
  const initOptions: Record<string, number | string> = {};
  for (const o of INIT_OPTIONS[init]) {
    const raw = q.get(o.key);
    if (raw === null) continue;
    if (o.kind === 'choice') {
      if (o.choices!.includes(raw)) initOptions[o.key] = raw;
    } else {
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v)) continue;
      const clamped = Math.min(o.max ?? Infinity, Math.max(o.min ?? -Infinity, v));
      initOptions[o.key] = o.integer === true ? Math.round(clamped) : clamped;
    }
  }
  return {
    depth: num(q.get('depth'), 'depth', d.depth),
    width: num(q.get('width'), 'width', d.width),
    activation: pick(q.get('activation'), ACTIVATIONS, d.activation),
    init,
    gain: num(q.get('gain'), 'gain', d.gain),
    initOptions,
    data: pick(q.get('data'), DATASETS, d.data),
    optimizer: pick(q.get('optimizer'), OPTIMIZERS, d.optimizer),
    lr: num(q.get('lr'), 'lr', d.lr),
    batch: num(q.get('batch'), 'batch', d.batch),
    seed: num(q.get('seed'), 'seed', d.seed),
    lang: pick(q.get('lang'), LANGS, d.lang),
  };
}

/**
 * Writes every control into a query string (all of the keys always, so a copied link states the
 * whole experiment; initializer options only when set).
 *
 * @example
 * serializeConfig(DEFAULT_CONFIG); // 'depth=10&width=64&activation=relu&init=kaimingNormal&gain=1&…'
 */
export function serializeConfig(c: Config): string {
  const q = new URLSearchParams();
  q.set('depth', String(c.depth));
  q.set('width', String(c.width));
  q.set('activation', c.activation);
  q.set('init', c.init);
  q.set('gain', String(c.gain));
  for (const o of INIT_OPTIONS[c.init]) {
    const v = c.initOptions[o.key];
    if (v !== undefined) q.set(o.key, String(v));
  }
  q.set('data', c.data);
  q.set('optimizer', c.optimizer);
  q.set('lr', String(c.lr));
  q.set('batch', String(c.batch));
  q.set('seed', String(c.seed));
  q.set('lang', c.lang);
  return q.toString();
}

/** The value of an initializer option: the config's, else the option's default. */
export function initOption(c: Config, key: string): number | string | undefined {
  return c.initOptions[key] ?? INIT_OPTIONS[c.init].find((o) => o.key === key)?.default;
}
