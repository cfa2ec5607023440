import type { TopLevelSpec } from 'vega-lite';
import type { LabRun } from './run.ts';

/** Languages the figures can be labelled in. */
export type FigureLang = 'en' | 'zh-CN';

const TEXT = {
  en: {
    layer: 'layer',
    step: 'step',
    std: 'pre-activation std (log scale)',
    grad: 'weight-gradient std (log scale)',
    loss: 'minibatch loss (smoothed)',
    measured: 'measured',
    theory: 'theory',
    lnC: 'ln 10: a classifier that knows nothing',
    headline: (d: number) => `ReLU, depth ${d}: He keeps the signal, Xavier halves its variance every layer`,
    halving: (d: number) => `×2⁻${toSup(d)} in variance`,
    stdTitle: (a: string, d: number) => `${a}, depth ${d}: pre-activation std per layer, measured (solid) and theory (dashed)`,
    gradTitle: (a: string, d: number) => `${a}, depth ${d}: weight-gradient std per layer (last point: the read-out)`,
    lossTitle: (a: string, d: number) => `${a}, depth ${d}: training loss, SGD and Adam`,
    readout: 'read-out',
    net: 'net',
    cnnTitle: (d: number, c: number, s: number) =>
      `plain CNN, ${d} conv layers 3×3, ${c} channels, ${s}×${s} images: pre-activation std per layer`,
    cnnSubtitle: 'dashed: theory with zero padding; solid: three seeded nets (log scale)',
  },
  'zh-CN': {
    layer: '层',
    step: '步',
    std: '预激活值标准差（对数坐标）',
    grad: '权重梯度标准差（对数坐标）',
    loss: '小批量损失（平滑）',
    measured: '实测',
    theory: '理论值',
    lnC: 'ln 10：一无所知的分类器',
    headline: (d: number) => `ReLU，深度 ${d}：He 保持信号，Xavier 每层把方差减半`,
    halving: (d: number) => `方差 ×2⁻${toSup(d)}`,
    stdTitle: (a: string, d: number) => `${a}，深度 ${d}：每层预激活值标准差，实测（实线）与理论值（虚线）`,
    gradTitle: (a: string, d: number) => `${a}，深度 ${d}：每层权重梯度标准差（最后一点为输出层）`,
    lossTitle: (a: string, d: number) => `${a}，深度 ${d}：训练损失，SGD 与 Adam`,
    readout: '输出层',
    net: '网络',
    cnnTitle: (d: number, c: number, s: number) => `普通卷积网络，${d} 个 3×3 卷积层，${c} 个通道，${s}×${s} 图像：每层预激活值标准差`,
    cnnSubtitle: '虚线：考虑零填充的理论值；实线：三个不同种子的网络（对数坐标）',
  },
} as const;

const SUP: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };
function toSup(n: number): string {
  return String(n)
    .split('')
    .map((c) => SUP[c] ?? c)
    .join('');
}

/** Mean of a centred window of up to `k` finite values around each point: the trend of a noisy minibatch curve. */
export function smooth(values: readonly number[], k = 9): number[] {
  const half = Math.floor(k / 2);
  return values.map((_, i) => {
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, i - half); j <= Math.min(values.length - 1, i + half); j++) {
      if (Number.isFinite(values[j]!)) {
        sum += values[j]!;
        count++;
      }
    }
    return count === 0 ? Number.NaN : sum / count;
  });
}

const CONFIG = { font: 'sans-serif', view: { stroke: '#ddd' } };

/** A subtitle naming the schemes a log-scale panel figure cannot draw (every value 0 or non-finite), or ''. */
function undrawable(runs: readonly LabRun[], values: (r: LabRun) => number[], lang: FigureLang): string {
  const names = runs.filter((r) => !values(r).some((y) => Number.isFinite(y) && y > 0)).map((r) => r.scheme);
  if (names.length === 0) return '';
  return lang === 'en' ? `not drawn (every value 0 on a log axis): ${names.join(', ')}` : `未画出（对数坐标上全为 0）：${names.join('、')}`;
}
const positive = (y: number) => Number.isFinite(y) && y > 0;

/**
 * The headline figure: He against Xavier in the deepest ReLU net, measured (solid, points) beside the
 * closed form (dashed), each line labelled at its end, and the 2^−(L−1) gap annotated.
 */
export function headlineSpec(runs: readonly LabRun[], lang: FigureLang = 'en'): TopLevelSpec | null {
  const t = TEXT[lang];
  const depth = Math.max(...runs.filter((r) => r.activation === 'relu').map((r) => r.depth));
  const pick = (id: string) => runs.find((r) => r.activation === 'relu' && r.depth === depth && r.scheme === id);
  const he = pick('kaimingNormal');
  const xavier = pick('xavierNormal');
  if (he === undefined || xavier === undefined) return null;
  const values: { scheme: string; kind: string; x: number; y: number }[] = [];
  for (const [name, r] of [
    ['He (kaimingNormal)', he],
    ['Xavier (xavierNormal)', xavier],
  ] as const) {
    r.layers.slice(0, depth).forEach((l) => values.push({ scheme: name, kind: t.measured, x: l.index, y: l.preActivationStd }));
    r.predictedStd?.forEach((y, i) => values.push({ scheme: name, kind: t.theory, x: i + 1, y }));
  }
  const ends = values.filter((v) => v.kind === t.measured && v.x === depth);
  const gapY = Math.sqrt(ends[0]!.y * ends[1]!.y);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: t.headline(depth),
    width: 460,
    height: 280,
    layer: [
      {
        data: { values: values.filter((v) => positive(v.y)) },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: t.layer },
          y: { field: 'y', type: 'quantitative', title: t.std, scale: { type: 'log' }, axis: { format: '.0e' } },
          color: { field: 'scheme', type: 'nominal', legend: null, scale: { range: ['#1f77b4', '#d62728'] } },
          strokeDash: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: {
              domain: [t.measured, t.theory],
              range: [
                [1, 0],
                [5, 4],
              ],
            },
          },
          detail: { field: 'kind' },
        },
      },
      // Direct labels at the end of the measured lines, instead of a colour legend.
      {
        data: { values: ends },
        mark: { type: 'text', align: 'right', dx: -4, dy: -10, fontSize: 12 },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
          text: { field: 'scheme' },
          color: { field: 'scheme', type: 'nominal', legend: null },
        },
      },
      {
        data: { values: [{ x: depth, y: gapY, label: t.halving(depth) }] },
        mark: { type: 'text', align: 'right', dx: -6, fontSize: 13, fontWeight: 'bold' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: { values: [{ x: depth, y: ends[0]!.y, y2: ends[1]!.y }] },
        mark: { type: 'rule', strokeDash: [2, 2], color: '#555' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, y2: { field: 'y2' } },
      },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}

/**
 * Small multiples: one panel per scheme, measured pre-activation std (solid) and the theory (dashed),
 * so no two schemes hide each other and a scheme that cannot be drawn (zeros) says so in its panel title.
 */
export function stdPanelsSpec(runs: readonly LabRun[], activation: string, depth: number, lang: FigureLang = 'en'): TopLevelSpec {
  const t = TEXT[lang];
  const values: { scheme: string; kind: string; x: number; y: number }[] = [];
  const sel = runs.filter((r) => r.activation === activation && r.depth === depth);
  for (const r of sel) {
    const name = r.scheme;
    r.layers.slice(0, depth).forEach((l) => values.push({ scheme: name, kind: t.measured, x: l.index, y: l.preActivationStd }));
    r.predictedStd?.forEach((y, i) => values.push({ scheme: name, kind: t.theory, x: i + 1, y }));
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: t.stdTitle(activation, depth),
      subtitle: undrawable(sel, (r) => r.layers.slice(0, depth).map((l) => l.preActivationStd), lang),
    },
    data: { values: values.filter((v) => positive(v.y) || v.kind === t.measured) },
    facet: { field: 'scheme', type: 'nominal', title: null, sort: sel.map((r) => r.scheme) },
    columns: 4,
    spec: {
      width: 150,
      height: 100,
      transform: [{ filter: 'datum.y > 0 && isFinite(datum.y)' }],
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: t.layer },
        y: { field: 'y', type: 'quantitative', title: null, scale: { type: 'log' }, axis: { format: '.0e', tickCount: 4 } },
        strokeDash: {
          field: 'kind',
          type: 'nominal',
          title: null,
          scale: {
            domain: [t.measured, t.theory],
            range: [
              [1, 0],
              [4, 3],
            ],
          },
        },
        color: { value: '#1f77b4' },
      },
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  } as TopLevelSpec;
}

/** Small multiples of the weight-gradient std per layer, the read-out point marked. */
export function gradPanelsSpec(runs: readonly LabRun[], activation: string, depth: number, lang: FigureLang = 'en'): TopLevelSpec {
  const t = TEXT[lang];
  const sel = runs.filter((r) => r.activation === activation && r.depth === depth);
  const values: { scheme: string; x: number; y: number; part: string }[] = [];
  for (const r of sel)
    r.layers.forEach((l) =>
      values.push({
        scheme: r.scheme,
        x: l.index,
        y: l.weightGradStd ?? Number.NaN,
        part: l.index === r.layers.length ? t.readout : t.layer,
      }),
    );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: t.gradTitle(activation, depth),
      subtitle: undrawable(sel, (r) => r.layers.map((l) => l.weightGradStd ?? Number.NaN), lang),
    },
    data: { values: values.filter((v) => positive(v.y)) },
    facet: { field: 'scheme', type: 'nominal', title: null, sort: sel.map((r) => r.scheme) },
    columns: 4,
    spec: {
      width: 150,
      height: 100,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1.5, color: '#1f77b4' },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: t.layer },
            y: { field: 'y', type: 'quantitative', title: null, scale: { type: 'log' }, axis: { format: '.0e', tickCount: 4 } },
          },
        },
        {
          transform: [{ filter: { field: 'part', equal: t.readout } }],
          mark: { type: 'point', shape: 'diamond', filled: true, size: 60, color: '#d62728' },
          encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
        },
      ],
    },
    // One y scale for all panels: a flat line only means something together with its height.
    config: CONFIG,
  } as TopLevelSpec;
}

/** Small multiples of the smoothed training loss, SGD solid and Adam dashed, with the ln C line. */
export function lossPanelsSpec(runs: readonly LabRun[], activation: string, depth: number, lang: FigureLang = 'en'): TopLevelSpec {
  const t = TEXT[lang];
  const sel = runs.filter((r) => r.activation === activation && r.depth === depth);
  const values: { scheme: string; opt: string; x: number; y: number }[] = [];
  for (const r of sel) {
    smooth(r.training.losses).forEach((y, x) => values.push({ scheme: r.scheme, opt: 'SGD', x, y: Math.min(y, 4) }));
    if (r.trainingAdam !== null)
      smooth(r.trainingAdam.losses).forEach((y, x) => values.push({ scheme: r.scheme, opt: 'Adam', x, y: Math.min(y, 4) }));
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: t.lossTitle(activation, depth),
    data: { values: values.filter((v) => Number.isFinite(v.y)) },
    facet: { field: 'scheme', type: 'nominal', title: null, sort: sel.map((r) => r.scheme) },
    columns: 4,
    spec: {
      width: 150,
      height: 100,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: {
            x: { field: 'x', type: 'quantitative', title: t.step },
            // Clipped at 4 nats (values above are drawn at 4) so that an exploding start does not flatten the rest.
            y: { field: 'y', type: 'quantitative', title: t.loss, scale: { domain: [0, 4] } },
            color: { field: 'opt', type: 'nominal', title: null, scale: { domain: ['SGD', 'Adam'], range: ['#1f77b4', '#ff7f0e'] } },
            strokeDash: {
              field: 'opt',
              type: 'nominal',
              title: null,
              scale: {
                domain: ['SGD', 'Adam'],
                range: [
                  [1, 0],
                  [5, 3],
                ],
              },
            },
          },
        },
        {
          data: { values: [{ y: Math.log(10) }] },
          mark: { type: 'rule', color: '#888', strokeDash: [2, 2] },
          encoding: { y: { field: 'y', type: 'quantitative' } },
        },
      ],
    },
    config: CONFIG,
  } as TopLevelSpec;
}

/** A sentence for under each figure: what to look at. */
export function lookAt(kind: 'headline' | 'std' | 'grad' | 'loss', lang: FigureLang = 'en'): string {
  const en = {
    headline:
      'What to look at: the solid lines start a factor √2 apart and end 2⁻¹⁵ apart in std (2⁻³⁰ in variance); the dashed theory lines lie on them.',
    std: 'What to look at: in each panel, does the solid (measured) line follow the dashed (theory) line, and does it stay level?',
    grad: 'What to look at: a flat line is not enough — compare its height across panels; the red diamond is the read-out.',
    loss: 'What to look at: does the curve leave the grey ln 10 line at all, and does Adam (dashed) leave it where SGD (solid) cannot?',
  };
  const zh = {
    headline: '看什么：两条实线起点相差 √2 倍，终点标准差相差 2⁻¹⁵（方差 2⁻³⁰）；虚线理论值与实线重合。',
    std: '看什么：每个小图中，实线（实测）是否沿着虚线（理论值），是否保持水平？',
    grad: '看什么：线平并不够——比较各小图中它的高度；红色菱形是输出层。',
    loss: '看什么：曲线是否离开灰色的 ln 10 线？Adam（虚线）能否在 SGD（实线）停滞之处离开它？',
  };
  return (lang === 'en' ? en : zh)[kind];
}

/** One point of the CNN lab's figure: a layer's pre-activation std, from the theory or from one seeded net. */
export interface CnnFigurePoint {
  activation: string;
  scheme: string;
  /** 'theory' or the net's number (1, 2, 3, …). */
  source: 'theory' | number;
  layer: number;
  std: number;
}

/**
 * The CNN lab (docs/initialization.md, "Deep plain CNNs"): one panel per (activation, scheme), the
 * pre-activation std per layer of each seeded net (thin solid lines) and the theory with zero padding (dashed).
 */
export function cnnStdSpec(
  points: readonly CnnFigurePoint[],
  title: { depth: number; channels: number; size: number },
  lang: FigureLang = 'en',
): TopLevelSpec {
  const t = TEXT[lang];
  const label = (p: CnnFigurePoint) => (p.source === 'theory' ? t.theory : `${t.net} ${p.source}`);
  const values = points
    .filter((p) => positive(p.std))
    .map((p) => ({ panel: `${p.activation} · ${p.scheme}`, line: label(p), x: p.layer, y: p.std }));
  const nets = [...new Set(points.filter((p) => p.source !== 'theory').map((p) => p.source as number))].sort((a, b) => a - b);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: t.cnnTitle(title.depth, title.channels, title.size), subtitle: t.cnnSubtitle },
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: [...new Set(values.map((v) => v.panel))] },
    columns: 4,
    spec: {
      width: 150,
      height: 100,
      mark: { type: 'line', strokeWidth: 1.3 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: t.layer },
        y: { field: 'y', type: 'quantitative', title: null, scale: { type: 'log' }, axis: { format: '.0e', tickCount: 4 } },
        detail: { field: 'line', type: 'nominal' },
        color: {
          field: 'line',
          type: 'nominal',
          title: null,
          scale: { domain: [t.theory, ...nets.map((n) => `${t.net} ${n}`)], range: ['#222', '#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd'] },
        },
        strokeDash: {
          field: 'line',
          type: 'nominal',
          title: null,
          scale: { domain: [t.theory, ...nets.map((n) => `${t.net} ${n}`)], range: [[4, 3], ...nets.map(() => [1, 0])] },
        },
      },
    },
    resolve: { scale: { y: 'independent' } },
    config: CONFIG,
  } as TopLevelSpec;
}
