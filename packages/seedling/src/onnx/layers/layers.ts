/**
 * ONNX exporters of the parametrized and shape layers: Linear, LayerNorm, BatchNorm1d, Embedding, Flatten,
 * Dropout. Weights become initializers named by their state-dict keys.
 */
import type { BatchNorm1d, Dropout, Embedding, Flatten, LayerNorm, Linear } from '@seedling-ml/nn';
import { full } from '@seedling-ml/tensor';
import { floatAttr, intAttr } from '../graph-builder.ts';
import { TensorProto_DataType } from '../generated/onnx_pb.ts';
import type { OnnxExportContext, OnnxLayerExporter } from '../registry.ts';

/** Linear y = x·Wᵀ + b: Gemm (transB) for `[N, in]` inputs, MatMul with Wᵀ for any other rank. */
function emitLinear(m: Linear, ctx: OnnxExportContext): string {
  const { graph, path } = ctx;
  const w = ctx.weight('weight', m.weight.data);
  const b = m.bias === null ? '' : ctx.weight('bias', m.bias.data);
  if (ctx.inputShape.length === 2) {
    const inputs = b === '' ? [ctx.input, w] : [ctx.input, w, b];
    return graph.addNode('Gemm', inputs, `${path}/Gemm`, [intAttr('transB', 1)]);
  }
  const wt = graph.addNode('Transpose', [w], `${path}/Transpose`, [{ kind: 'ints', name: 'perm', value: [1, 0] }]);
  const y = graph.addNode('MatMul', [ctx.input, wt], `${path}/MatMul`);
  return b === '' ? y : graph.addNode('Add', [y, b], `${path}/Add`);
}

/** LayerNorm → LayerNormalization over the trailing axes (opset 17+); γ = 1 when the layer has none. */
function emitLayerNorm(m: LayerNorm, ctx: OnnxExportContext): string {
  const k = m.normalizedShape.length;
  const scale =
    m.weight === null ? ctx.graph.addArray(`${ctx.path}.ones`, full(m.normalizedShape, 1)) : ctx.weight('weight', m.weight.data);
  const inputs = m.bias === null ? [ctx.input, scale] : [ctx.input, scale, ctx.weight('bias', m.bias.data)];
  return ctx.graph.addNode('LayerNormalization', inputs, `${ctx.path}/LayerNormalization`, [
    intAttr('axis', -k),
    floatAttr('epsilon', m.eps),
  ]);
}

/** BatchNorm1d in eval mode → BatchNormalization with the running statistics (γ = 1, β = 0 without affine). */
const batchNorm1d: OnnxLayerExporter<BatchNorm1d> = {
  refuse(m) {
    if (!m.trackRunningStats)
      return 'it has no running statistics (trackRunningStats: false), so it normalizes with batch statistics even in eval mode; ONNX BatchNormalization needs fixed ones';
    if (m.training) return 'it is in training mode (batch statistics, running-stat updates); call model.eval() before exporting';
    return undefined;
  },
  emit(m, ctx) {
    const c = [m.numFeatures];
    const scale = m.weight === null ? ctx.graph.addArray(`${ctx.path}.ones`, full(c, 1)) : ctx.weight('weight', m.weight.data);
    const bias = m.bias === null ? ctx.graph.addArray(`${ctx.path}.zeros`, full(c, 0)) : ctx.weight('bias', m.bias.data);
    // Buffers named with PyTorch's state-dict keys.
    const mean = ctx.weight('running_mean', m.runningMean);
    const variance = ctx.weight('running_var', m.runningVar);
    return ctx.graph.addNode('BatchNormalization', [ctx.input, scale, bias, mean, variance], `${ctx.path}/BatchNormalization`, [
      floatAttr('epsilon', m.eps),
    ]);
  },
};

/** Embedding → Gather of rows of the table; Seedling's indices are floats, so they are cast to int64 first. */
function emitEmbedding(m: Embedding, ctx: OnnxExportContext): string {
  const table = ctx.weight('weight', m.weight.data);
  const idx = ctx.graph.addNode('Cast', [ctx.input], `${ctx.path}/Cast`, [intAttr('to', TensorProto_DataType.INT64)]);
  return ctx.graph.addNode('Gather', [table, idx], `${ctx.path}/Gather`, [intAttr('axis', 0)]);
}

/**
 * Flatten of axes start…end: ONNX Flatten when it is the usual `[N, …] → [N, rest]`, else a Reshape whose
 * target copies the leading axes (0), infers the merged one (−1) and fixes the trailing ones, so it holds
 * for any batch size.
 */
function emitFlatten(m: Flatten, ctx: OnnxExportContext): string {
  const rank = ctx.inputShape.length;
  const { graph, path } = ctx;
  const norm = (a: number): number => (a < 0 ? a + rank : a);
  const start = rank === 0 ? 0 : norm(m.startAxis);
  const end = rank === 0 ? 0 : norm(m.endAxis);
  if (rank >= 2 && start === 1 && end === rank - 1) return graph.addNode('Flatten', [ctx.input], `${path}/Flatten`, [intAttr('axis', 1)]);
  const target = rank === 0 ? [1] : [...Array.from({ length: start }, () => 0), -1, ...ctx.inputShape.slice(end + 1)];
  return graph.addNode('Reshape', [ctx.input, graph.addInt64Initializer(`${path}/shape`, target)], `${path}/Reshape`);
}

/** Dropout is the identity in eval mode (and at p = 0); in training mode it is random, so it is refused. */
const dropout: OnnxLayerExporter<Dropout> = {
  refuse: (m) => (m.training && m.p > 0 ? 'it is in training mode (random masks); call model.eval() before exporting' : undefined),
  emit: (_m, ctx) => ctx.graph.addNode('Identity', [ctx.input], `${ctx.path}/Identity`),
};

/** Exporters of the layers with weights or shape changes, keyed by the layers' static `typeName`. */
export const layerExporters: Record<string, OnnxLayerExporter<never>> = {
  Linear: { emit: emitLinear } satisfies OnnxLayerExporter<Linear>,
  LayerNorm: { emit: emitLayerNorm } satisfies OnnxLayerExporter<LayerNorm>,
  BatchNorm1d: batchNorm1d,
  Embedding: { emit: emitEmbedding } satisfies OnnxLayerExporter<Embedding>,
  Flatten: { emit: emitFlatten } satisfies OnnxLayerExporter<Flatten>,
  Dropout: dropout,
} as Record<string, OnnxLayerExporter<never>>;
