/**
 * ONNX exporters of the activation layers: most map to one ONNX operator; the rest are composed from
 * standard ones with the formulas of the Seedling layer (so the exported model computes the same function).
 */
import { SELU_ALPHA, SELU_SCALE } from '@seedling-ml/autograd';
import type { ELU, GELU, LeakyReLU, LogSoftmax, Module, Softmax, Softplus } from '@seedling-ml/nn';
import { type OnnxAttribute, floatAttr, intAttr } from '../graph-builder.ts';
import type { OnnxExportContext, OnnxLayerExporter } from '../registry.ts';

/** An exporter emitting the single node `op(x)` with attributes read from the module. */
export function unaryOp<M extends Module>(op: string, attributes: (m: M) => OnnxAttribute[] = () => []): OnnxLayerExporter<M> {
  return { emit: (m, ctx) => ctx.graph.addNode(op, [ctx.input], `${ctx.path}/${op}`, attributes(m)) };
}

/** GELU: exact ½x(1 + erf(x/√2)), or with `approximate: 'tanh'` ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
function emitGelu(m: GELU, ctx: OnnxExportContext): string {
  const { graph, path, input: x } = ctx;
  const at = (s: string): string => `${path}/${s}`;
  let inner: string;
  if (m.approximate === 'tanh') {
    const x3 = graph.addNode('Mul', [graph.addNode('Mul', [x, x], at('Square')), x], at('Cube'));
    const poly = graph.addNode('Add', [x, graph.addNode('Mul', [x3, graph.addScalar(at('c'), 0.044715)], at('MulC'))], at('Poly'));
    inner = graph.addNode('Tanh', [graph.addNode('Mul', [poly, graph.addScalar(at('k'), Math.sqrt(2 / Math.PI))], at('MulK'))], at('Tanh'));
  } else {
    inner = graph.addNode('Erf', [graph.addNode('Div', [x, graph.addScalar(at('sqrt2'), Math.SQRT2)], at('Div'))], at('Erf'));
  }
  const onePlus = graph.addNode('Add', [inner, graph.addScalar(at('one'), 1)], at('AddOne'));
  return graph.addNode('Mul', [graph.addNode('Mul', [x, onePlus], at('MulX')), graph.addScalar(at('half'), 0.5)], at('MulHalf'));
}

/** Softplus ln(1 + e^(βx))/β: ONNX Softplus has no β, so β ≠ 1 scales around it. */
function emitSoftplus(m: Softplus, ctx: OnnxExportContext): string {
  const { graph, path } = ctx;
  if (m.beta === 1) return graph.addNode('Softplus', [ctx.input], `${path}/Softplus`);
  const beta = graph.addScalar(`${path}/beta`, m.beta);
  const sp = graph.addNode('Softplus', [graph.addNode('Mul', [ctx.input, beta], `${path}/MulBeta`)], `${path}/Softplus`);
  return graph.addNode('Div', [sp, beta], `${path}/DivBeta`);
}

/** Fields of a Hardtanh-like module (PyTorch's min_val / max_val in camelCase). */
interface ClipRange extends Module {
  readonly minVal: number;
  readonly maxVal: number;
}

/** Exporters of the activation layers, keyed by the layers' static `typeName`. */
export const activationExporters: Record<string, OnnxLayerExporter<never>> = {
  Identity: unaryOp('Identity'),
  ReLU: unaryOp('Relu'),
  Tanh: unaryOp('Tanh'),
  Sigmoid: unaryOp('Sigmoid'),
  LeakyReLU: unaryOp<LeakyReLU>('LeakyRelu', (m) => [floatAttr('alpha', m.negativeSlope)]),
  ELU: unaryOp<ELU>('Elu', (m) => [floatAttr('alpha', m.alpha)]),
  SELU: unaryOp('Selu', () => [floatAttr('alpha', SELU_ALPHA), floatAttr('gamma', SELU_SCALE)]),
  GELU: { emit: emitGelu } satisfies OnnxLayerExporter<GELU>,
  Softplus: { emit: emitSoftplus } satisfies OnnxLayerExporter<Softplus>,
  Softmax: unaryOp<Softmax>('Softmax', (m) => [intAttr('axis', m.axis)]),
  LogSoftmax: unaryOp<LogSoftmax>('LogSoftmax', (m) => [intAttr('axis', m.axis)]),
  // The activations below are PyTorch's; each is registered by the name its Seedling layer declares.
  SiLU: {
    emit: (_m, ctx) =>
      ctx.graph.addNode('Mul', [ctx.input, ctx.graph.addNode('Sigmoid', [ctx.input], `${ctx.path}/Sigmoid`)], `${ctx.path}/Mul`),
  },
  Mish: {
    // Mish is an ONNX operator from opset 18; before, x·tanh(softplus(x)).
    emit: (_m, { graph, path, input }) =>
      graph.opset >= 18
        ? graph.addNode('Mish', [input], `${path}/Mish`)
        : graph.addNode(
            'Mul',
            [input, graph.addNode('Tanh', [graph.addNode('Softplus', [input], `${path}/Softplus`)], `${path}/Tanh`)],
            `${path}/Mul`,
          ),
  },
  Hardtanh: {
    emit: (m: ClipRange, { graph, path, input }) =>
      graph.addNode('Clip', [input, graph.addScalar(`${path}/min`, m.minVal), graph.addScalar(`${path}/max`, m.maxVal)], `${path}/Clip`),
  },
  // PyTorch's hardsigmoid is relu6(x + 3)/6 = clip(x/6 + ½, 0, 1): ONNX HardSigmoid with α = 1/6, β = ½.
  Hardsigmoid: unaryOp('HardSigmoid', () => [floatAttr('alpha', 1 / 6), floatAttr('beta', 0.5)]),
  Hardswish: unaryOp('HardSwish'),
  // log σ(x) = −softplus(−x).
  LogSigmoid: {
    emit: (_m, { graph, path, input }) =>
      graph.addNode(
        'Neg',
        [graph.addNode('Softplus', [graph.addNode('Neg', [input], `${path}/Neg`)], `${path}/Softplus`)],
        `${path}/NegOut`,
      ),
  },
} as Record<string, OnnxLayerExporter<never>>;
