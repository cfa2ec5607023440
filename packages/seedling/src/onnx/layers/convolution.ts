/**
 * ONNX exporters of the convolution, pooling and image-normalization layers (Conv1d, Conv2d, ConvTranspose2d,
 * MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, BatchNorm2d, GroupNorm, Dropout2d; MaxUnpool2d is refused). The layers are read through
 * the fields they declare (PyTorch's arguments in camelCase), so this file needs nothing but their typeName.
 */
import type { Module, Parameter } from '@seedling-ml/nn';
import { full } from '@seedling-ml/tensor';
import { floatAttr, intAttr, intsAttr, stringAttr } from '../graph-builder.ts';
import type { OnnxExportContext, OnnxLayerExporter } from '../registry.ts';
import { layerExporters } from './layers.ts';

type Padding = number | readonly number[] | 'same' | 'valid';

/** What Conv1d, Conv2d and ConvTranspose2d declare. */
interface ConvLike extends Module {
  readonly kernelSize: number | readonly number[];
  readonly stride: number | readonly number[];
  readonly padding: Padding;
  readonly dilation: number | readonly number[];
  readonly groups: number;
  readonly outputPadding?: readonly number[];
  /** Conv1d / Conv2d: what the padding holds ('zeros' when absent). */
  readonly paddingMode?: 'zeros' | 'reflect' | 'replicate' | 'circular';
  readonly weight: Parameter;
  readonly bias: Parameter | null;
}

const perAxis = (v: number | readonly number[], rank: number): number[] => (typeof v === 'number' ? Array<number>(rank).fill(v) : [...v]);

/**
 * ONNX `pads` (all begins, then all ends) of a padding: a size per axis on both sides, `'valid'` none, `'same'`
 * ⌊total/2⌋ before and the rest after with total = dilation·(k − 1), as PyTorch pads.
 */
function onnxPads(padding: Padding, kernel: readonly number[], dilation: readonly number[]): number[] {
  const rank = kernel.length;
  if (padding === 'valid') return Array<number>(2 * rank).fill(0);
  if (padding === 'same') {
    const total = kernel.map((k, i) => dilation[i]! * (k - 1));
    return [...total.map((t) => t >> 1), ...total.map((t) => t - (t >> 1))];
  }
  const p = perAxis(padding, rank);
  return [...p, ...p];
}

/**
 * ONNX `Pad`'s mode for each non-zeros paddingMode, and the first opset where Pad has it with the pads as an
 * input ('wrap' came in opset 19; exportOnnx's default opset 17 refuses circular).
 */
const PAD_MODES = { reflect: ['reflect', 11], replicate: ['edge', 11], circular: ['wrap', 19] } as const;

/**
 * A non-zeros paddingMode as the layer computes it: an ONNX `Pad` of the spatial axes in that mode (pads
 * input: every axis's begin, then every axis's end; batch and channels 0), whose output the Conv reads
 * with pads 0. Returns the Pad's output.
 */
function emitModePad(m: ConvLike, ctx: OnnxExportContext, kernel: readonly number[], dilation: readonly number[]): string {
  const mode = m.paddingMode as keyof typeof PAD_MODES;
  const [onnxMode, since] = PAD_MODES[mode];
  if (ctx.graph.opset < since) {
    throw new Error(`paddingMode '${mode}' needs ONNX Pad mode '${onnxMode}', which opset ${ctx.graph.opset} lacks (use opset ≥ ${since})`);
  }
  const pads = onnxPads(m.padding, kernel, dilation);
  const rank = kernel.length;
  const all = [0, 0, ...pads.slice(0, rank), 0, 0, ...pads.slice(rank)];
  const padsName = ctx.graph.addInt64Initializer(`${ctx.path}/pads`, all);
  return ctx.graph.addNode('Pad', [ctx.input, padsName], `${ctx.path}/Pad`, [stringAttr('mode', onnxMode)]);
}

/**
 * ConvTranspose's pads and output_padding for a layer's outputPadding. ONNX Runtime refuses output_padding ≥
 * stride, which PyTorch allows below the dilation; on such an axis the same output is an output_padding of 0
 * with the end padding lowered by outputPadding (ONNX pads may differ per side), and where that would go
 * below 0, `extra` zero rows appended by a Pad (past the unpadded result nothing contributes).
 */
function transposePads(
  outputPadding: readonly number[],
  stride: readonly number[],
  padding: readonly number[],
): { pads: number[]; outputPadding: number[]; extra: number[] } {
  const small = outputPadding.map((op, i) => op < stride[i]!);
  return {
    pads: [...padding, ...padding.map((p, i) => (small[i] ? p : Math.max(0, p - outputPadding[i]!)))],
    outputPadding: outputPadding.map((op, i) => (small[i] ? op : 0)),
    extra: outputPadding.map((op, i) => (small[i] ? 0 : Math.max(0, op - padding[i]!))),
  };
}

/** Conv / ConvTranspose with the layer's geometry; weight layouts are PyTorch's, which are ONNX's. */
function convExporter(op: 'Conv' | 'ConvTranspose'): OnnxLayerExporter<ConvLike> {
  return {
    emit(m, ctx) {
      const kernel = m.weight.shape.slice(2);
      const rank = kernel.length;
      const dilation = perAxis(m.dilation, rank);
      const modePad = m.paddingMode !== undefined && m.paddingMode !== 'zeros';
      const input = modePad ? emitModePad(m, ctx, kernel, dilation) : ctx.input;
      const attrs = [
        intsAttr('kernel_shape', kernel),
        intsAttr('strides', perAxis(m.stride, rank)),
        intsAttr('dilations', dilation),
        intsAttr('pads', modePad ? Array<number>(2 * rank).fill(0) : onnxPads(m.padding, kernel, dilation)),
        intAttr('group', m.groups),
      ];
      const w = ctx.weight('weight', m.weight.data);
      const inputs = m.bias === null ? [input, w] : [input, w, ctx.weight('bias', m.bias.data)];
      if (op === 'Conv' || m.outputPadding === undefined) return ctx.graph.addNode(op, inputs, `${ctx.path}/${op}`, attrs);
      const { pads, outputPadding, extra } = transposePads(
        m.outputPadding,
        perAxis(m.stride, rank),
        perAxis(m.padding as number | readonly number[], rank),
      );
      attrs[3] = intsAttr('pads', pads);
      attrs.push(intsAttr('output_padding', outputPadding));
      const y = ctx.graph.addNode(op, inputs, `${ctx.path}/${op}`, attrs);
      if (extra.every((e) => e === 0)) return y;
      const padsName = ctx.graph.addInt64Initializer(`${ctx.path}/extra_pads`, [0, 0, ...extra.map(() => 0), 0, 0, ...extra]);
      return ctx.graph.addNode('Pad', [y, padsName], `${ctx.path}/Pad`);
    },
  };
}

/** The resolved options MaxPool2d and AvgPool2d keep. */
interface PoolLike extends Module {
  readonly options: {
    readonly kernelSize: readonly number[];
    readonly stride: readonly number[];
    readonly padding: readonly number[];
    readonly dilation?: readonly number[];
    readonly ceilMode: boolean;
    readonly countIncludePad?: boolean;
    readonly divisorOverride?: number;
  };
}

function poolAttrs(m: PoolLike) {
  const o = m.options;
  return [
    intsAttr('kernel_shape', o.kernelSize),
    intsAttr('strides', o.stride),
    intsAttr('pads', [...o.padding, ...o.padding]),
    intAttr('ceil_mode', o.ceilMode ? 1 : 0),
  ];
}

const maxPool2d: OnnxLayerExporter<PoolLike> = {
  emit: (m, ctx) =>
    ctx.graph.addNode('MaxPool', [ctx.input], `${ctx.path}/MaxPool`, [
      ...poolAttrs(m),
      intsAttr('dilations', m.options.dilation ?? [1, 1]),
    ]),
};

const avgPool2d: OnnxLayerExporter<PoolLike> = {
  refuse: (m) =>
    m.options.divisorOverride !== undefined
      ? 'divisorOverride has no ONNX AveragePool counterpart'
      : m.options.ceilMode
        ? "ceilMode: ONNX Runtime's AveragePool divides the windows that hang over the edge differently from PyTorch"
        : undefined,
  emit: (m, ctx) =>
    ctx.graph.addNode('AveragePool', [ctx.input], `${ctx.path}/AveragePool`, [
      ...poolAttrs(m),
      intAttr('count_include_pad', m.options.countIncludePad === false ? 0 : 1),
    ]),
};

/**
 * AdaptiveAvgPool2d: GlobalAveragePool for output 1×1; an AveragePool with kernel = stride = input/output when
 * the output size divides the input size (then the adaptive windows are exactly those); refused otherwise.
 */
const adaptiveAvgPool2d: OnnxLayerExporter<Module & { readonly outputSize: readonly number[] }> = {
  emit(m, ctx) {
    const [oh, ow] = m.outputSize as [number, number];
    if (oh === 1 && ow === 1) return ctx.graph.addNode('GlobalAveragePool', [ctx.input], `${ctx.path}/GlobalAveragePool`);
    const [h, w] = ctx.inputShape.slice(-2) as [number, number];
    if (h % oh !== 0 || w % ow !== 0) {
      throw new Error(`output size [${oh},${ow}] does not divide the input's [${h},${w}]; ONNX has no adaptive pooling for uneven windows`);
    }
    const k = [h / oh, w / ow];
    return ctx.graph.addNode('AveragePool', [ctx.input], `${ctx.path}/AveragePool`, [intsAttr('kernel_shape', k), intsAttr('strides', k)]);
  },
};

/** What GroupNorm declares. */
interface GroupNormLike extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
}

/**
 * GroupNorm: reshape to [N, G, rest], InstanceNormalization there (its per-(sample, channel) statistics are
 * the per-(sample, group) ones), reshape back, then the per-channel affine. Works in every opset (ONNX's
 * GroupNormalization changed its scale's shape in opset 21).
 */
function emitGroupNorm(m: GroupNormLike, ctx: OnnxExportContext): string {
  const { graph, path } = ctx;
  const g = [m.numGroups];
  const grouped = graph.addNode(
    'Reshape',
    [ctx.input, graph.addInt64Initializer(`${path}/grouped_shape`, [0, m.numGroups, -1])],
    `${path}/Group`,
  );
  const normalized = graph.addNode(
    'InstanceNormalization',
    [grouped, graph.addArray(`${path}/ones`, full(g, 1)), graph.addArray(`${path}/zeros`, full(g, 0))],
    `${path}/InstanceNormalization`,
    [floatAttr('epsilon', m.eps)],
  );
  let y = graph.addNode(
    'Reshape',
    [normalized, graph.addInt64Initializer(`${path}/shape`, [0, ...ctx.inputShape.slice(1)])],
    `${path}/Ungroup`,
  );
  // Per-channel γ and β broadcast as [C, 1, …, 1] against [N, C, *].
  const channelShape = [m.numChannels, ...ctx.inputShape.slice(2).map(() => 1)];
  if (m.weight !== null)
    y = graph.addNode('Mul', [y, graph.addFloatInitializer(`${path}.weight`, m.weight.data.data, channelShape)], `${path}/Scale`);
  if (m.bias !== null)
    y = graph.addNode('Add', [y, graph.addFloatInitializer(`${path}.bias`, m.bias.data.data, channelShape)], `${path}/Shift`);
  return y;
}

/** Exporters of the image layers, keyed by the layers' static `typeName`. */
export const convolutionExporters: Record<string, OnnxLayerExporter<never>> = {
  Conv1d: convExporter('Conv'),
  Conv2d: convExporter('Conv'),
  ConvTranspose2d: convExporter('ConvTranspose'),
  MaxPool2d: maxPool2d,
  AvgPool2d: avgPool2d,
  AdaptiveAvgPool2d: adaptiveAvgPool2d,
  // Registered to refuse with the reason rather than "no exporter".
  MaxUnpool2d: {
    refuse: () =>
      "its forward takes MaxPool2d's indices as a second input, and the export traces one-input layers (ONNX's MaxUnpool also indexes the whole N·C·H·W tensor, not each plane)",
    emit: () => {
      throw new Error('MaxUnpool2d is not exportable');
    },
  },
  // BatchNormalization and Identity take any [N, C, …] input, so the 1-D exporters serve.
  BatchNorm2d: layerExporters.BatchNorm1d!,
  Dropout2d: layerExporters.Dropout!,
  GroupNorm: { emit: emitGroupNorm } satisfies OnnxLayerExporter<GroupNormLike>,
} as Record<string, OnnxLayerExporter<never>>;
