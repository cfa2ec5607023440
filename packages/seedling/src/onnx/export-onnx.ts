import { create, toBinary } from '@bufbuild/protobuf';
import { Tensor, noGrad } from '@seedling-ml/autograd';
import { Module } from '@seedling-ml/nn';
import { NDArray, concat, slice } from '@seedling-ml/tensor';
import { OnnxExportError } from './errors.ts';
import {
  GraphProtoSchema,
  ModelProtoSchema,
  OperatorSetIdProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from './generated/onnx_pb.ts';
import { OnnxGraphBuilder, onnxElemType } from './graph-builder.ts';
import { type OnnxExportContext, type OnnxLayerExporter, onnxExportableTypes, onnxExporterFor, typeNameOf } from './registry.ts';

/** Options of exportOnnx. */
export interface ExportOnnxOptions {
  /** ONNX opset version of the default domain, 17–22 (default 17: LayerNormalization's first). */
  opset?: number;
  /** Make axis 0 (the batch axis) of the input and output a symbolic `batch` dimension (default true). */
  dynamicBatch?: boolean;
  /** Name of the graph input (default `'input'`). */
  inputName?: string;
  /** Name of the graph output (default `'output'`). */
  outputName?: string;
  /** A description stored in the model's `doc_string`. */
  docString?: string;
}

const OP = 'exportOnnx';
const VALID_OPTIONS = ['opset', 'dynamicBatch', 'inputName', 'outputName', 'docString'] as const;
/** The opsets exportOnnx targets, with the ONNX IR version released beside each (ONNX's versioning table). */
const IR_VERSION_OF_OPSET: Readonly<Record<number, number>> = { 17: 8, 18: 8, 19: 9, 20: 9, 21: 10, 22: 10 };
/** Symbolic name of the dynamic batch dimension. */
export const ONNX_BATCH_DIM = 'batch';

/** One traced call of an exportable module. */
interface Call {
  readonly path: string;
  readonly module: Module;
  readonly exporter: OnnxLayerExporter;
  readonly input: unknown;
  readonly output: Tensor;
}

function describe(path: string, m: Module): string {
  const type = typeNameOf(m) ?? m.constructor.name;
  return path === '' ? `the model (${type})` : `'${path}' (${type})`;
}

function checkOptions(options: ExportOnnxOptions): Required<Omit<ExportOnnxOptions, 'docString'>> & { docString: string } {
  if (typeof options !== 'object' || options === null)
    throw new OnnxExportError(OP, `options must be an object, got ${options === null ? 'null' : typeof options}`);
  for (const key of Object.keys(options)) {
    if (!(VALID_OPTIONS as readonly string[]).includes(key))
      throw new OnnxExportError(OP, `unknown option '${key}' (valid: ${VALID_OPTIONS.join(', ')})`);
  }
  const opset = options.opset ?? 17;
  if (!Object.hasOwn(IR_VERSION_OF_OPSET, opset)) {
    throw new OnnxExportError(OP, `opset must be one of ${Object.keys(IR_VERSION_OF_OPSET).join(', ')}, got ${JSON.stringify(opset)}`);
  }
  const dynamicBatch = options.dynamicBatch ?? true;
  if (typeof dynamicBatch !== 'boolean') throw new OnnxExportError(OP, `dynamicBatch must be a boolean, got ${typeof dynamicBatch}`);
  const names = { inputName: options.inputName ?? 'input', outputName: options.outputName ?? 'output', docString: options.docString ?? '' };
  for (const [key, v] of Object.entries(names)) {
    if (typeof v !== 'string' || (key !== 'docString' && v === ''))
      throw new OnnxExportError(OP, `${key} must be a non-empty string, got ${JSON.stringify(v)}`);
  }
  if (names.inputName === names.outputName)
    throw new OnnxExportError(OP, `inputName and outputName must differ, both are '${names.inputName}'`);
  return { opset, dynamicBatch, ...names };
}

/**
 * The modules that will be exported as units: each module whose type has an exporter; modules without one
 * are traced through into their children. A module with neither is an error naming it.
 */
function exportableLeaves(model: Module): Map<Module, { path: string; exporter: OnnxLayerExporter }> {
  const leaves = new Map<Module, { path: string; exporter: OnnxLayerExporter }>();
  const visit = (path: string, m: Module): void => {
    if (leaves.has(m)) return;
    const typeName = typeNameOf(m);
    const exporter = typeName === undefined ? undefined : onnxExporterFor(typeName);
    if (exporter !== undefined) {
      const why = exporter.refuse?.(m);
      if (why !== undefined) throw new OnnxExportError(OP, `cannot export ${describe(path, m)}: ${why}`, path);
      leaves.set(m, { path, exporter });
      return;
    }
    const children = m.namedChildren();
    if (children.length === 0) {
      const reason = typeName === undefined ? 'its class declares no static typeName' : 'no ONNX exporter is registered for it';
      throw new OnnxExportError(
        OP,
        `cannot export ${describe(path, m)}: ${reason} (exportable: ${onnxExportableTypes().join(', ')}; add one with registerOnnxExporter)`,
        path,
      );
    }
    for (const [name, child] of children) visit(path === '' ? name : `${path}.${name}`, child);
  };
  visit('', model);
  return leaves;
}

/** Runs `model` on `x` with hooks on the leaves and returns the calls in order and the model's output. */
function trace(
  model: Module,
  leaves: Map<Module, { path: string; exporter: OnnxLayerExporter }>,
  x: Tensor,
): { calls: Call[]; output: unknown } {
  const calls: Call[] = [];
  const handles = [...leaves].map(([m, { path, exporter }]) =>
    m.registerForwardHook((_m, inputs, output) => {
      calls.push({ path, module: m, exporter, input: inputs.length === 1 ? inputs[0] : inputs, output });
    }),
  );
  try {
    const output = noGrad(() => model.forward(x));
    return { calls, output };
  } finally {
    for (const h of handles) h.remove();
  }
}

/** How one dim of a traced value varies with the batch size. */
type DimKind = 'batch' | 'dynamic' | 'static';

/** A ValueInfoProto of a float tensor: `batch` dims symbolic, `dynamic` ones (e.g. batch·k) left unnamed. */
function valueInfo(name: string, builder: OnnxGraphBuilder, shape: readonly number[], kinds: readonly DimKind[]): ValueInfoProto {
  const dims = shape.map((d, i) =>
    create(
      TensorShapeProto_DimensionSchema,
      kinds[i] === 'batch'
        ? { value: { case: 'dimParam', value: ONNX_BATCH_DIM } }
        : kinds[i] === 'dynamic'
          ? {}
          : { value: { case: 'dimValue', value: BigInt(d) } },
    ),
  );
  const tensorType = create(TypeProto_TensorSchema, {
    elemType: onnxElemType(builder.dtype),
    shape: create(TensorShapeProtoSchema, { dim: dims }),
  });
  return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
}

/**
 * Which dims follow the batch size, from the shapes of one value in a run with `batch` samples (`a`) and one
 * with `batch + 1` (`b`): equal to the batch size in both → `batch`; different otherwise → `dynamic`.
 */
function dimKinds(a: readonly number[], b: readonly number[] | undefined, batch: number): DimKind[] {
  return a.map((d, i) => (b === undefined || b[i] === d ? 'static' : d === batch && b[i] === batch + 1 ? 'batch' : 'dynamic'));
}

/**
 * Runs an exporter; an error it throws (a configuration ONNX cannot express) becomes an OnnxExportError naming
 * the module.
 */
function emitChecked(exporter: OnnxLayerExporter, module: Module, path: string, ctx: OnnxExportContext): string {
  try {
    return exporter.emit(module, ctx);
  } catch (e) {
    if (e instanceof OnnxExportError) throw e;
    throw new OnnxExportError(OP, `cannot export ${describe(path, module)}: ${e instanceof Error ? e.message : String(e)}`, path);
  }
}

/**
 * Exports a model to ONNX: runs `model.forward(exampleInput)` with hooks on every layer, and writes each
 * layer's ONNX nodes (weights as initializers named by their state-dict keys) into one graph with input
 * `input` and output `output`. Axis 0 is a symbolic `batch` dimension unless `dynamicBatch: false`.
 * Returns the bytes of the `.onnx` file (a serialized ModelProto); browser-safe (use `saveOnnx` from
 * `seedling-ml/node` to write a file).
 *
 * Exportable: every layer with a registered exporter (Linear, the activations, LayerNorm, BatchNorm1d in eval
 * mode, Dropout in eval mode, Embedding, Flatten, Identity) and any container whose `forward` only feeds one
 * tensor through its submodules (Sequential, your own modules). Anything else throws an OnnxExportError naming
 * the module and its path: a layer type without exporter, a module in training mode where that matters, or
 * arithmetic done between submodules (e.g. a residual `x.add(f(x))`) which the trace cannot see.
 *
 * @example
 * const model = new Sequential(new Linear(4, 8), new GELU(), new Linear(8, 2)).eval();
 * const bytes = exportOnnx(model, Tensor.zeros([1, 4]));
 * // onnxruntime: (await InferenceSession.create(bytes)).run({ input }) → { output: [N, 2] }
 */
export function exportOnnx(model: Module, exampleInput: Tensor | NDArray, options: ExportOnnxOptions = {}): Uint8Array {
  const opts = checkOptions(options);
  if (!(model instanceof Module))
    throw new OnnxExportError(OP, `model must be an nn.Module, got ${model === null ? 'null' : typeof model}`);
  const x = exampleInput instanceof NDArray ? new Tensor(exampleInput) : exampleInput;
  if (!(x instanceof Tensor))
    throw new OnnxExportError(OP, `exampleInput must be a Tensor or an NDArray, got ${x === null ? 'null' : typeof x}`);

  const leaves = exportableLeaves(model);
  const first = trace(model, leaves, x);
  // A second run with one more sample tells which dims follow the batch size (and that the graph does not
  // depend on it).
  const dynamic = opts.dynamicBatch && x.rank > 0;
  const batch = x.shape[0] ?? 0;
  let second: ReturnType<typeof trace> | undefined;
  if (dynamic) {
    const bigger = concat([x.data, slice(x.data, [{ start: 0, stop: 1 }])], 0);
    second = trace(model, leaves, new Tensor(bigger));
    if (second.calls.length !== first.calls.length || second.calls.some((c, i) => c.module !== first.calls[i]!.module)) {
      throw new OnnxExportError(
        OP,
        `the model calls different layers for batch sizes ${batch} and ${batch + 1}; its graph depends on the batch size, so it cannot be exported with a dynamic batch axis (pass dynamicBatch: false)`,
      );
    }
  }

  const builder = new OnnxGraphBuilder(opts.opset, x.dtype, [opts.inputName, opts.outputName]);
  const paramNames = new Map<NDArray, string>();
  const names = new Map<Tensor, string>([[x, opts.inputName]]);
  const intermediate: ValueInfoProto[] = [];
  for (const [i, call] of first.calls.entries()) {
    const { path, module } = call;
    if (!(call.input instanceof Tensor) || !names.has(call.input)) {
      const why =
        call.input instanceof Tensor
          ? 'was computed outside any exportable layer (by tensor arithmetic in a forward method?)'
          : 'is not a single Tensor';
      throw new OnnxExportError(
        OP,
        `cannot export ${describe(path, module)}: its input ${why}; only layers fed one tensor by their containers can be traced`,
        path,
      );
    }
    for (const [key, p] of [...module.namedParameters()]) {
      if (p.dtype !== x.dtype)
        throw new OnnxExportError(
          OP,
          `parameter '${path === '' ? key : `${path}.${key}`}' is ${p.dtype} but the example input is ${x.dtype}; convert one of them`,
          path,
        );
    }
    const out = emitChecked(call.exporter, module, path, {
      graph: builder,
      path: path === '' ? (typeNameOf(module) ?? 'model') : path,
      input: names.get(call.input)!,
      inputShape: call.input.shape,
      outputShape: call.output.shape,
      weight: (key, array) => {
        // A weight shared by two layers (or one layer called twice) is stored once.
        const known = paramNames.get(array);
        if (known !== undefined) return known;
        const name = builder.addArray(path === '' ? key : `${path}.${key}`, array);
        paramNames.set(array, name);
        return name;
      },
    });
    names.set(call.output, out);
    intermediate.push(valueInfo(out, builder, call.output.shape, dimKinds(call.output.shape, second?.calls[i]!.output.shape, batch)));
  }

  const y = first.output;
  const outName = y instanceof Tensor ? names.get(y) : undefined;
  if (!(y instanceof Tensor) || outName === undefined) {
    throw new OnnxExportError(
      OP,
      `cannot export ${describe('', model)}: the output ${y instanceof Tensor ? 'was computed outside any exportable layer (by tensor arithmetic in a forward method?)' : 'is not a Tensor'}`,
      '',
    );
  }
  if (outName === opts.inputName) builder.addNode('Identity', [outName], 'Identity');
  builder.renameValue(outName === opts.inputName ? builder.nodes.at(-1)!.output[0]! : outName, opts.outputName);
  const secondOut = second?.output instanceof Tensor ? second.output.shape : undefined;

  const graph = create(GraphProtoSchema, {
    name: typeNameOf(model) ?? 'model',
    node: builder.nodes,
    initializer: builder.initializers,
    input: [valueInfo(opts.inputName, builder, x.shape, dimKinds(x.shape, dynamic ? [batch + 1, ...x.shape.slice(1)] : undefined, batch))],
    output: [valueInfo(opts.outputName, builder, y.shape, dimKinds(y.shape, secondOut, batch))],
    valueInfo: intermediate.filter((v) => v.name !== outName),
  });
  const modelProto = create(ModelProtoSchema, {
    irVersion: BigInt(IR_VERSION_OF_OPSET[opts.opset]!),
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(opts.opset) })],
    producerName: 'seedling-ml',
    producerVersion: '0.1.0',
    docString: opts.docString,
    graph,
  });
  return toBinary(ModelProtoSchema, modelProto);
}
