/**
 * The safetensors format (https://github.com/huggingface/safetensors), pure and browser-safe:
 *
 * ```
 * [8 bytes: N, u64 little-endian][N bytes: UTF-8 JSON header, space-padded to a multiple of 8][data]
 * header = { "__metadata__"?: { string: string }, name: { "dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end] }, … }
 * ```
 * Offsets are relative to the start of the data; tensors are C-ordered, little-endian, contiguous and cover
 * the data exactly. Files written here load in Python's `safetensors` and vice versa.
 */
import { type DType, NDArray, SeedlingError, allocate, describeValue, formatShape } from '@seedling-ml/tensor';
import {
  FORMAT_ITEM_SIZE,
  READABLE,
  READ_AS,
  type SafetensorsDType,
  WRITE_RANK,
  readElements,
  writeElements,
} from './safetensors-dtypes.ts';

/** Errors of encoding and decoding safetensors; `op` is `'encodeSafetensors'`, `'decodeSafetensors'`, …. */
export class SafetensorsError extends SeedlingError {}

export type { SafetensorsDType } from './safetensors-dtypes.ts';

/** Tensors and metadata read from a safetensors file. All three objects have a null prototype. */
export interface DecodedSafetensors {
  /** The tensors by name (fresh arrays, not views of the file's bytes). */
  readonly tensors: Record<string, NDArray>;
  /** The `__metadata__` strings (empty when the file has none). */
  readonly metadata: Record<string, string>;
  /** Each tensor's dtype in the file (e.g. `'I64'` for a tensor now held as float64). */
  readonly dtypes: Record<string, SafetensorsDType>;
}

/** The float dtypes a tensor may be written as (integer dtypes only per tensor, through `dtypes`). */
export type SafetensorsFloatDType = 'F16' | 'BF16' | 'F32' | 'F64';

/** Options of `encodeSafetensors`. */
export interface EncodeSafetensorsOptions {
  /**
   * Write every float tensor (those not named in `dtypes`) as this dtype; default: as held (float32 → F32,
   * float64 → F64). F16/BF16 round to nearest, ties to even (overflow → ±Infinity).
   */
  dtype?: SafetensorsFloatDType;
  /**
   * Per-tensor dtype, overriding `dtype`: any SafetensorsDType. Integer dtypes (I64 for PyTorch's
   * `num_batches_tracked`) require integer values in the type's range (I64/U64: |v| ≤ 2^53).
   */
  dtypes?: Readonly<Record<string, SafetensorsDType>>;
}

const TO_FORMAT: Readonly<Record<DType, SafetensorsDType>> = { float32: 'F32', float64: 'F64' };
const FLOAT_DTYPES: readonly SafetensorsFloatDType[] = ['F16', 'BF16', 'F32', 'F64'];
const ENCODE_OPTION_KEYS = ['dtype', 'dtypes'];

/** Headers larger than this are refused (the reference implementation's limit). */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * The most tensors one file may hold. V8 builds a JSON object of many keys at ~10 µs a key, so a 89 MB
 * header of 1.5 million empty tensors took 17 s and 2.6 GB; the count is checked by a linear scan before
 * the header is parsed (and again after, for keys spelled with escapes). Real checkpoints hold thousands.
 */
export const MAX_TENSORS = 100_000;

/** Occurrences of `"data_offsets"` in `text` (one per tensor entry in any well-formed header). */
function countEntries(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"data_offsets"'); i >= 0; i = text.indexOf('"data_offsets"', i + 14)) n++;
  return n;
}

const METADATA_KEY = '__metadata__';

/** Byte-wise comparison of the UTF-8 encodings (Rust's `String` order, used for the tensor order). */
function compareUtf8(a: string, b: string): number {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) if (ea[i] !== eb[i]) return ea[i]! - eb[i]!;
  return ea.length - eb.length;
}

/**
 * Serializes named arrays (and optional string metadata) to safetensors bytes, laid out exactly as the
 * reference writer does: tensors ordered by dtype (see below) then by name, packed back to back from
 * offset 0; compact JSON header with `__metadata__` first (keys sorted); header padded with spaces to a
 * multiple of 8 bytes so every tensor starts 8-byte aligned (the reference orders by dtype — U64, I64, F64,
 * F32, U32, I32, BF16, F16, U16, I16, I8, U8, BOOL — so larger items come first and stay aligned).
 *
 * Tensors are written as held (float32 → F32, float64 → F64) unless `options.dtype` (F16, BF16, F32, F64:
 * every float tensor) or `options.dtypes` (per name, any dtype) say otherwise.
 *
 * @example
 * const bytes = encodeSafetensors({ w: array([1, 2], { dtype: 'float32' }) });
 * // 8-byte length 56, then {"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} (54 bytes) and 2 spaces, then 8 data bytes
 * encodeSafetensors(model.stateDict(), undefined, { dtype: 'BF16', dtypes: { '1.num_batches_tracked': 'I64' } });
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, NDArray>>,
  metadata?: Readonly<Record<string, string>>,
  options: EncodeSafetensorsOptions = {},
): Uint8Array {
  const op = 'encodeSafetensors';
  if (typeof tensors !== 'object' || tensors === null) throw new SafetensorsError(op, 'expected an object of named NDArrays');
  const { dtype: all, dtypes = {} } = checkEncodeOptions(op, tensors, options);
  const entries = Object.entries(tensors).map(([name, x]) => {
    if (name === METADATA_KEY) throw new SafetensorsError(op, `'${METADATA_KEY}' is reserved and cannot name a tensor`);
    if (!(x instanceof NDArray)) throw new SafetensorsError(op, `value of '${name}' is not an NDArray`);
    const held = TO_FORMAT[x.dtype];
    if (held === undefined)
      throw new SafetensorsError(op, `tensor '${name}' has dtype ${x.dtype}; safetensors output supports float32, float64`);
    const dtype = Object.hasOwn(dtypes, name) ? dtypes[name]! : (all ?? held);
    return { name, x, dtype, bytes: x.size * FORMAT_ITEM_SIZE[dtype]! };
  });
  entries.sort((a, b) => WRITE_RANK[b.dtype] - WRITE_RANK[a.dtype] || compareUtf8(a.name, b.name));

  const header: string[] = [];
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null) throw new SafetensorsError(op, 'metadata must be an object of strings');
    const keys = Object.keys(metadata).sort(compareUtf8);
    for (const k of keys) {
      if (typeof metadata[k] !== 'string')
        throw new SafetensorsError(op, `metadata '${k}' is not a string (safetensors metadata maps strings to strings)`);
    }
    header.push(`${JSON.stringify(METADATA_KEY)}:{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`);
  }
  let offset = 0;
  const placed = entries.map((e) => {
    const begin = offset;
    offset += e.bytes;
    header.push(`${JSON.stringify(e.name)}:{"dtype":"${e.dtype}","shape":[${e.x.shape.join(',')}],"data_offsets":[${begin},${offset}]}`);
    return { ...e, begin };
  });
  const json = new TextEncoder().encode(`{${header.join(',')}}`);
  const headerLength = json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  const view = new DataView(out.buffer);
  for (const { name, x, dtype, begin } of placed) {
    const bad = writeElements(x, dtype, view, 8 + headerLength + begin);
    if (bad >= 0) {
      throw new SafetensorsError(
        op,
        `tensor '${name}' cannot be written as ${dtype}: element ${bad} is ${x.data[bad]}, not an integer in the range of ${dtype}${dtype === 'I64' || dtype === 'U64' ? ' that a float64 holds exactly (|v| ≤ 2^53)' : ''}`,
      );
    }
  }
  return out;
}

/** Checks encodeSafetensors' options: known keys, float `dtype`, known `dtypes` naming existing tensors. */
function checkEncodeOptions(
  op: string,
  tensors: Readonly<Record<string, NDArray>>,
  options: EncodeSafetensorsOptions,
): EncodeSafetensorsOptions {
  if (typeof options !== 'object' || options === null) throw new SafetensorsError(op, 'options must be an object');
  for (const k of Object.keys(options)) {
    if (!ENCODE_OPTION_KEYS.includes(k)) throw new SafetensorsError(op, `unknown option '${k}' (valid: ${ENCODE_OPTION_KEYS.join(', ')})`);
  }
  const { dtype, dtypes } = options;
  if (dtype !== undefined && !FLOAT_DTYPES.includes(dtype)) {
    throw new SafetensorsError(op, `dtype must be one of ${FLOAT_DTYPES.join(', ')}, got ${JSON.stringify(dtype)}`);
  }
  if (dtypes !== undefined) {
    if (typeof dtypes !== 'object' || dtypes === null) throw new SafetensorsError(op, 'dtypes must be an object of tensor names to dtypes');
    for (const [name, d] of Object.entries(dtypes)) {
      if (!Object.hasOwn(tensors, name)) throw new SafetensorsError(op, `dtypes names tensor '${name}', which is not among the tensors`);
      if (!(READABLE as readonly string[]).includes(d))
        throw new SafetensorsError(op, `dtypes['${name}'] must be one of ${READABLE.join(', ')}, got ${JSON.stringify(d)}`);
    }
  }
  return options;
}

interface Entry {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * The first top-level key of a (valid) JSON object text that occurs twice, or undefined. JSON.parse silently
 * keeps the last of two equal keys, so a header naming a tensor twice could hide a second, different entry.
 */
function firstDuplicateKey(text: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      if (depth !== 1) continue;
      let j = i + 1;
      while (j < text.length && ' \t\n\r'.includes(text[j]!)) j++;
      if (text[j] !== ':') continue; // a string value, not a key
      const key = JSON.parse(text.slice(start, i + 1)) as string; // decodes escapes: "\u0061" is "a"
      if (seen.has(key)) return key;
      seen.add(key);
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return undefined;
}

function isSafeNonNegativeInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Checks one header entry against the format and the data size; returns it typed. */
function checkEntry(op: string, name: string, info: unknown, dataBytes: number): Entry {
  const where = `tensor '${name}'`;
  if (typeof info !== 'object' || info === null || Array.isArray(info))
    throw new SafetensorsError(op, `${where}: header entry is not an object`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string' || FORMAT_ITEM_SIZE[dtype] === undefined) {
    throw new SafetensorsError(op, `${where}: unknown dtype ${JSON.stringify(dtype) ?? 'undefined'}`);
  }
  if (!(READABLE as readonly string[]).includes(dtype)) {
    throw new SafetensorsError(op, `${where}: dtype ${dtype} is not supported (supported: ${READABLE.join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every(isSafeNonNegativeInt)) {
    throw new SafetensorsError(op, `${where}: shape must be a list of non-negative integers, got ${JSON.stringify(shape) ?? 'undefined'}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isSafeNonNegativeInt)) {
    throw new SafetensorsError(
      op,
      `${where}: data_offsets must be [begin, end] non-negative integers, got ${JSON.stringify(offsets) ?? 'undefined'}`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) throw new SafetensorsError(op, `${where}: data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataBytes)
    throw new SafetensorsError(op, `${where}: data_offsets [${begin}, ${end}] run past the end of the data (${dataBytes} bytes)`);
  let count = 1;
  for (const d of shape as number[]) {
    count *= d;
    if (!Number.isSafeInteger(count)) throw new SafetensorsError(op, `${where}: shape ${formatShape(shape as number[])} is too large`);
  }
  const bytes = count * FORMAT_ITEM_SIZE[dtype]!;
  if (bytes !== end - begin) {
    throw new SafetensorsError(
      op,
      `${where}: dtype ${dtype} and shape ${formatShape(shape as number[])} need ${bytes} bytes, data_offsets [${begin}, ${end}] give ${end - begin}`,
    );
  }
  return { name, dtype: dtype as SafetensorsDType, shape: shape as number[], begin, end };
}

/**
 * Parses safetensors bytes, validating everything before it trusts a byte: the header length lies within the
 * file (and under 100 MB), the header is UTF-8 JSON of the documented form, every dtype is known and
 * supported (F16, BF16, F32, F64, I8, I16, I32, I64, U8, U16, U32, U64, BOOL), no name occurs twice, every shape matches its byte count, and the tensors' byte ranges are in bounds,
 * non-overlapping and cover the data exactly (as the reference reader requires). Throws a SafetensorsError
 * naming the problem otherwise. Data is copied, so the result does not alias `bytes`.
 *
 * Values are never rounded: F16, BF16, F32 and the integer dtypes of at most 16 bits (and BOOL, as 0/1)
 * become float32; F64, I32, U32, I64 and U64 become float64, and an I64/U64 value a float64 cannot hold
 * exactly (|v| > 2^53, unless a multiple of a high enough power of two) throws, naming the tensor.
 * `dtypes` reports each tensor's dtype in the file.
 *
 * @example
 * const { tensors, metadata } = decodeSafetensors(encodeSafetensors({ w: array([1, 2]) }, { note: 'hi' }));
 * tensors.w.toArray(); // [1, 2]
 * metadata.note;       // 'hi'
 */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  const op = 'decodeSafetensors';
  if (!(bytes instanceof Uint8Array)) throw new SafetensorsError(op, 'expected a Uint8Array');
  if (bytes.length < 8) throw new SafetensorsError(op, `file is ${bytes.length} bytes, shorter than the 8-byte header length`);
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES))
    throw new SafetensorsError(op, `header length ${declared} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const headerLength = Number(declared);
  if (headerLength > bytes.length - 8) {
    throw new SafetensorsError(op, `header length ${headerLength} runs past the end of the file (${bytes.length} bytes)`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    throw new SafetensorsError(op, 'header is not valid UTF-8');
  }
  const approx = countEntries(text);
  if (approx > MAX_TENSORS) throw new SafetensorsError(op, `header declares ${approx} tensors, above the limit of ${MAX_TENSORS}`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(op, `header is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new SafetensorsError(op, 'header is not a JSON object');
  const tensorCount = Object.keys(header).length - (Object.hasOwn(header, METADATA_KEY) ? 1 : 0);
  if (tensorCount > MAX_TENSORS)
    throw new SafetensorsError(op, `header declares ${tensorCount} tensors, above the limit of ${MAX_TENSORS}`);
  const twice = firstDuplicateKey(text);
  if (twice !== undefined) throw new SafetensorsError(op, `header names ${JSON.stringify(twice)} twice`);

  const dataStart = 8 + headerLength;
  const dataBytes = bytes.length - dataStart;
  const metadata = Object.create(null) as Record<string, string>;
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      if (typeof info !== 'object' || info === null || Array.isArray(info)) throw new SafetensorsError(op, '__metadata__ is not an object');
      for (const [k, v] of Object.entries(info)) {
        if (typeof v !== 'string') throw new SafetensorsError(op, `__metadata__ '${k}' is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    entries.push(checkEntry(op, name, info, dataBytes));
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  let previous: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < expected) {
      throw new SafetensorsError(
        op,
        `tensor '${e.name}' (bytes [${e.begin}, ${e.end})) overlaps tensor '${previous!.name}' (bytes [${previous!.begin}, ${previous!.end}))`,
      );
    }
    if (e.begin > expected)
      throw new SafetensorsError(op, `bytes [${expected}, ${e.begin}) of the data belong to no tensor (before '${e.name}')`);
    expected = e.end;
    previous = e;
  }
  if (expected !== dataBytes) throw new SafetensorsError(op, `the data holds ${dataBytes} bytes but the tensors cover ${expected}`);

  const tensors = Object.create(null) as Record<string, NDArray>;
  const dtypes = Object.create(null) as Record<string, SafetensorsDType>;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of entries) {
    const count = (e.end - e.begin) / FORMAT_ITEM_SIZE[e.dtype]!;
    const data = allocate(READ_AS[e.dtype], count);
    const bad = readElements(view, dataStart + e.begin, e.dtype, data);
    if (bad >= 0) {
      const big =
        e.dtype === 'I64' ? view.getBigInt64(dataStart + e.begin + 8 * bad, true) : view.getBigUint64(dataStart + e.begin + 8 * bad, true);
      throw new SafetensorsError(
        op,
        `tensor '${e.name}': ${e.dtype} element ${bad} is ${big}, which a float64 cannot hold exactly (Seedling holds integers as float64, exact to 2^53)`,
      );
    }
    tensors[e.name] = new NDArray(data, e.shape);
    dtypes[e.name] = e.dtype;
  }
  return { tensors, metadata, dtypes };
}

/** A JSON value whose leaves may also be NDArrays: what optimizer state dicts and checkpoints are made of. */
export type StateTree =
  | NDArray
  | number
  | string
  | boolean
  | null
  | readonly StateTree[]
  | { readonly [key: string]: StateTree | undefined };

/**
 * How deep a state tree may nest (an optimizer state dict is 4 levels, a checkpoint 6): deeper trees are
 * refused with the key path instead of overflowing the stack.
 */
export const MAX_TREE_DEPTH = 100;

/** The metadata key under which encodeStateTree stores the tree's JSON skeleton. */
export const STATE_TREE_KEY = 'seedling.tree';
const TENSOR_REF = '$tensor';

/**
 * Serializes a tree of JSON values and NDArrays (an optimizer's `stateDict()`, a whole checkpoint) as
 * safetensors: each NDArray becomes a tensor named by its dotted path (`state.0.expAvg`), and the rest of the
 * tree, with `{"$tensor": name}` in place of each array, is stored as JSON in the metadata key
 * `seedling.tree` (safetensors metadata maps strings to strings). Non-finite numbers, functions and objects
 * with a `$tensor` key are refused, as are two paths that would give the same tensor name.
 *
 * @example
 * const bytes = encodeStateTree({ step: 3, m: array([0.5, 1]) });
 * decodeStateTree(bytes).tree; // { step: 3, m: NDArray [0.5, 1] }
 */
export function encodeStateTree(tree: StateTree, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const op = 'encodeStateTree';
  if (metadata === null || typeof metadata !== 'object')
    throw new SafetensorsError(op, `metadata must be an object of strings, got ${describeValue(metadata)}`);
  if (STATE_TREE_KEY in metadata) throw new SafetensorsError(op, `metadata key '${STATE_TREE_KEY}' is reserved`);
  const tensors = Object.create(null) as Record<string, NDArray>;
  const ancestors = new Set<object>();
  const walk = (node: unknown, path: string[]): unknown => {
    const where = path.length === 0 ? 'the root' : `'${path.join('.')}'`;
    if (path.length > MAX_TREE_DEPTH) throw new SafetensorsError(op, `${where} is nested more than ${MAX_TREE_DEPTH} levels deep`);
    if (node instanceof NDArray) {
      const name = path.join('.');
      if (name in tensors) throw new SafetensorsError(op, `two arrays would both be named '${name}'`);
      tensors[name] = node;
      return { [TENSOR_REF]: name };
    }
    if (node === null || typeof node === 'string' || typeof node === 'boolean') return node;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) throw new SafetensorsError(op, `${where} is ${node}, which JSON cannot hold`);
      return node;
    }
    if (typeof node === 'object') {
      if (ancestors.has(node))
        throw new SafetensorsError(op, `${where} refers back to an enclosing object (a cycle), which cannot be saved`);
      const proto: unknown = Object.getPrototypeOf(node);
      if (!Array.isArray(node) && proto !== Object.prototype && proto !== null) {
        // Map, Set, Date, typed arrays, class instances: JSON would turn them into {} silently.
        throw new SafetensorsError(
          op,
          `${where} is ${describeValue(node)}, which cannot be saved: use plain objects, arrays, numbers, strings, booleans, null and NDArrays`,
        );
      }
      ancestors.add(node);
      try {
        if (Array.isArray(node)) return node.map((v, i) => walk(v, [...path, String(i)]));
        if (Object.hasOwn(node, TENSOR_REF)) throw new SafetensorsError(op, `${where} has a '${TENSOR_REF}' key, which is reserved`);
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(node)) if (v !== undefined) out[k] = walk(v, [...path, k]);
        return out;
      } finally {
        ancestors.delete(node);
      }
    }
    throw new SafetensorsError(op, `${where} is a ${typeof node}, which cannot be saved`);
  };
  const skeleton = JSON.stringify(walk(tree, []));
  return encodeSafetensors(tensors, { ...metadata, [STATE_TREE_KEY]: skeleton });
}

/**
 * Reads a tree written by encodeStateTree: validates the file (as decodeSafetensors), parses the skeleton and
 * puts each tensor back where its `{"$tensor": name}` stands. Every tensor must be referenced exactly once.
 * Returns the tree and the remaining metadata.
 */
export function decodeStateTree(bytes: Uint8Array): { tree: StateTree; metadata: Record<string, string> } {
  const op = 'decodeStateTree';
  const { tensors, metadata } = decodeSafetensors(bytes);
  const skeleton = metadata[STATE_TREE_KEY];
  if (skeleton === undefined) throw new SafetensorsError(op, `no '${STATE_TREE_KEY}' metadata: not a file written by encodeStateTree`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(skeleton);
  } catch (e) {
    throw new SafetensorsError(op, `'${STATE_TREE_KEY}' metadata is not valid JSON: ${(e as Error).message}`);
  }
  const used = new Set<string>();
  const walk = (node: unknown, depth = 0): StateTree => {
    if (depth > MAX_TREE_DEPTH) throw new SafetensorsError(op, `the tree is nested more than ${MAX_TREE_DEPTH} levels deep`);
    if (Array.isArray(node)) return node.map((v) => walk(v, depth + 1));
    if (typeof node === 'object' && node !== null) {
      const keys = Object.keys(node);
      if (keys.length === 1 && keys[0] === TENSOR_REF) {
        const name = (node as Record<string, unknown>)[TENSOR_REF];
        if (typeof name !== 'string' || !(name in tensors))
          throw new SafetensorsError(op, `the tree refers to a tensor ${JSON.stringify(name)} the file does not hold`);
        if (used.has(name)) throw new SafetensorsError(op, `the tree refers to tensor '${name}' twice`);
        used.add(name);
        return tensors[name]!;
      }
      const out: Record<string, StateTree> = {};
      for (const [k, v] of Object.entries(node)) {
        Object.defineProperty(out, k, { value: walk(v, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return node as StateTree;
  };
  const tree = walk(parsed);
  const unused = Object.keys(tensors).filter((n) => !used.has(n));
  if (unused.length > 0) throw new SafetensorsError(op, `tensors [${unused.join(', ')}] are not referenced by the tree`);
  const rest = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(metadata)) if (k !== STATE_TREE_KEY) rest[k] = v;
  return { tree, metadata: rest };
}
