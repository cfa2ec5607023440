import { create } from '@bufbuild/protobuf';
import type { DType, NDArray } from '@seedling-ml/tensor';
import {
  type AttributeProto,
  AttributeProtoSchema,
  AttributeProto_AttributeType,
  type NodeProto,
  NodeProtoSchema,
  type TensorProto,
  TensorProtoSchema,
  TensorProto_DataType,
} from './generated/onnx_pb.ts';

/** An attribute of an ONNX node, typed explicitly (ONNX tells `1` the float from `1` the int). */
export type OnnxAttribute =
  | { readonly kind: 'float'; readonly name: string; readonly value: number }
  | { readonly kind: 'int'; readonly name: string; readonly value: number }
  | { readonly kind: 'ints'; readonly name: string; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly name: string; readonly value: string };

/** A float attribute, e.g. `floatAttr('alpha', 0.01)` for LeakyRelu. */
export const floatAttr = (name: string, value: number): OnnxAttribute => ({ kind: 'float', name, value });
/** An int attribute, e.g. `intAttr('axis', -1)`. */
export const intAttr = (name: string, value: number): OnnxAttribute => ({ kind: 'int', name, value });
/** An ints attribute, e.g. `intsAttr('perm', [1, 0])`. */
export const intsAttr = (name: string, value: readonly number[]): OnnxAttribute => ({ kind: 'ints', name, value });
/** A string attribute, e.g. `stringAttr('approximate', 'tanh')`. */
export const stringAttr = (name: string, value: string): OnnxAttribute => ({ kind: 'string', name, value });

/** ONNX's element type of a Seedling dtype (FLOAT = 1, DOUBLE = 11). */
export function onnxElemType(dtype: DType): TensorProto_DataType {
  return dtype === 'float64' ? TensorProto_DataType.DOUBLE : TensorProto_DataType.FLOAT;
}

function toAttributeProto(a: OnnxAttribute): AttributeProto {
  switch (a.kind) {
    case 'float':
      return create(AttributeProtoSchema, { name: a.name, type: AttributeProto_AttributeType.FLOAT, f: a.value });
    case 'int':
      return create(AttributeProtoSchema, { name: a.name, type: AttributeProto_AttributeType.INT, i: BigInt(a.value) });
    case 'ints':
      return create(AttributeProtoSchema, { name: a.name, type: AttributeProto_AttributeType.INTS, ints: a.value.map((v) => BigInt(v)) });
    case 'string':
      return create(AttributeProtoSchema, {
        name: a.name,
        type: AttributeProto_AttributeType.STRING,
        s: new TextEncoder().encode(a.value),
      });
  }
}

/** Little-endian bytes of float values as `dtype` (ONNX raw_data is little-endian whatever the host). */
function floatBytes(values: ArrayLike<number>, dtype: DType): Uint8Array {
  const width = dtype === 'float64' ? 8 : 4;
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  if (dtype === 'float64') for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  else for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}

/**
 * Collects the nodes and initializers of one ONNX graph. Layer exporters add to it through
 * `OnnxExportContext`; names are made unique here, so exporters can pick readable ones freely.
 */
export class OnnxGraphBuilder {
  /** The opset version being targeted (exporters may emit different nodes per version). */
  readonly opset: number;
  /** The float dtype of the whole graph (the example input's). */
  readonly dtype: DType;
  /** Nodes in topological order (the order they were added). */
  readonly nodes: NodeProto[] = [];
  /** Weights and constants. */
  readonly initializers: TensorProto[] = [];
  readonly #names = new Set<string>();

  constructor(opset: number, dtype: DType, reserved: readonly string[] = []) {
    this.opset = opset;
    this.dtype = dtype;
    for (const n of reserved) this.#names.add(n);
  }

  /** `base`, or `base_1`, `base_2`, … — the first not yet used in this graph. */
  uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.#names.has(name); i++) name = `${base}_${i}`;
    this.#names.add(name);
    return name;
  }

  /**
   * Adds a node `opType(inputs) → one output` and returns the output's name (`<name>_output`).
   * An empty string in `inputs` marks an omitted optional input, as ONNX does.
   */
  addNode(opType: string, inputs: readonly string[], name: string, attributes: readonly OnnxAttribute[] = []): string {
    const nodeName = this.uniqueName(name);
    const output = this.uniqueName(`${nodeName}_output`);
    this.nodes.push(
      create(NodeProtoSchema, {
        opType,
        name: nodeName,
        input: [...inputs],
        output: [output],
        attribute: attributes.map(toAttributeProto),
      }),
    );
    return output;
  }

  /** Adds a float initializer (in the graph's dtype) of the given shape; returns its (unique) name. */
  addFloatInitializer(name: string, values: ArrayLike<number>, shape: readonly number[]): string {
    const unique = this.uniqueName(name);
    this.initializers.push(
      create(TensorProtoSchema, {
        name: unique,
        dims: shape.map((d) => BigInt(d)),
        dataType: onnxElemType(this.dtype),
        rawData: floatBytes(values, this.dtype),
      }),
    );
    return unique;
  }

  /** Adds an NDArray (a weight or buffer) as an initializer in the graph's dtype; returns its name. */
  addArray(name: string, array: NDArray): string {
    return this.addFloatInitializer(name, array.data, array.shape);
  }

  /** Adds an int64 initializer (shapes, axes, indices for Reshape/Slice/…); returns its name. */
  addInt64Initializer(name: string, values: readonly number[], shape: readonly number[] = [values.length]): string {
    const unique = this.uniqueName(name);
    this.initializers.push(
      create(TensorProtoSchema, {
        name: unique,
        dims: shape.map((d) => BigInt(d)),
        dataType: TensorProto_DataType.INT64,
        int64Data: values.map((v) => BigInt(v)),
      }),
    );
    return unique;
  }

  /** Adds a float scalar constant (shape `[]`) in the graph's dtype, e.g. ½ in GELU; returns its name. */
  addScalar(name: string, value: number): string {
    return this.addFloatInitializer(name, [value], []);
  }

  /** Renames a value everywhere it appears as a node input or output. */
  renameValue(from: string, to: string): void {
    for (const node of this.nodes) {
      node.input = node.input.map((n) => (n === from ? to : n));
      node.output = node.output.map((n) => (n === from ? to : n));
    }
  }
}
