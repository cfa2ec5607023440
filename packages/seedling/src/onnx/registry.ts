import type { Module } from '@seedling-ml/nn';
import { type NDArray, describeValue } from '@seedling-ml/tensor';
import { OnnxExportError } from './errors.ts';
import type { OnnxGraphBuilder } from './graph-builder.ts';
import { activationExporters } from './layers/activations.ts';
import { convolutionExporters } from './layers/convolution.ts';
import { layerExporters } from './layers/layers.ts';

/** What a layer exporter sees of the call it translates. */
export interface OnnxExportContext {
  /** The graph being built: add nodes and initializers here. */
  readonly graph: OnnxGraphBuilder;
  /** Dotted path of the module in the model (`'encoder.0'`); use it to name nodes (`${path}/Relu`). */
  readonly path: string;
  /** Name of the ONNX value the module's input is. */
  readonly input: string;
  /** Shape of the input in the traced forward pass (axis 0 is the batch axis when it is dynamic). */
  readonly inputShape: readonly number[];
  /** Shape of the output in the traced forward pass. */
  readonly outputShape: readonly number[];
  /**
   * Adds a weight or buffer as an initializer named `<path>.<key>` (the state-dict key, e.g. `'0.weight'`)
   * and returns the name.
   */
  weight(key: string, array: NDArray): string;
}

/**
 * Translates one Seedling layer into ONNX nodes. `emit` returns the name of the value holding the
 * layer's output; `refuse` (checked before the model is run) says why a module cannot be exported as it
 * is, e.g. BatchNorm in training mode.
 */
export interface OnnxLayerExporter<M extends Module = Module> {
  /** Why `module` cannot be exported in its current state, or undefined when it can. */
  refuse?(module: M): string | undefined;
  /** Adds the nodes computing the module's output from `ctx.input`; returns the output value's name. */
  emit(module: M, ctx: OnnxExportContext): string;
}

// Built in: every Seedling layer with an ONNX counterpart. Containers (Sequential, user modules) need none:
// exportOnnx traces through them.
const exporters = new Map<string, OnnxLayerExporter>(
  Object.entries({ ...activationExporters, ...layerExporters, ...convolutionExporters }) as [string, OnnxLayerExporter][],
);

/**
 * Registers how a layer type is exported, keyed by the class's static `typeName` (minification-safe).
 * Adding a layer to the ONNX export is one call; a second registration for the same name replaces the first.
 *
 * @example
 * registerOnnxExporter('ReLU', { emit: (_m, ctx) => ctx.graph.addNode('Relu', [ctx.input], `${ctx.path}/Relu`) });
 */
export function registerOnnxExporter<M extends Module>(typeName: string, exporter: OnnxLayerExporter<M>): void {
  exporters.set(typeName, exporter as unknown as OnnxLayerExporter);
}

/** The exporter registered for `typeName`, or undefined. */
export function onnxExporterFor(typeName: string): OnnxLayerExporter | undefined {
  return exporters.get(typeName);
}

/** The type names that have an exporter, sorted. */
export function onnxExportableTypes(): string[] {
  return [...exporters.keys()].sort();
}

/**
 * A module's own static `typeName` (not inherited: a subclass that does not declare its own may compute
 * something else in `forward`, so it is not exported as its parent), or undefined.
 */
export function typeNameOf(module: Module): string | undefined {
  if (typeof module !== 'object' || module === null)
    throw new OnnxExportError('typeNameOf', `module must be an object, got ${describeValue(module)}`);
  const ctor = module.constructor as { typeName?: unknown };
  return Object.hasOwn(ctor, 'typeName') && typeof ctor.typeName === 'string' ? ctor.typeName : undefined;
}
