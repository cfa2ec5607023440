import { noGrad, tensor } from '@seedling-ml/autograd';
import type { Module } from '@seedling-ml/nn';
import { type DType, type NDArray, describeValue, formatShape, is, rule, zeros } from '@seedling-ml/tensor';
import { TrainError, checkTrainArg, isOptionsObject } from './errors.ts';

const IS_MODULE = rule(
  'a Module',
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    ['namedModules', 'forward', 'train', 'eval'].every((k) => typeof (v as Record<string, unknown>)[k] === 'function'),
);
const SUMMARY_NUMBERS = [
  'totalParams',
  'trainableParams',
  'nonTrainableParams',
  'paramBytes',
  'bufferBytes',
  'inputBytes',
  'activationBytes',
];
const IS_SUMMARY = rule('a summary as summary() returns', (v) => {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return Array.isArray(s.rows) && Array.isArray(s.inputShape) && SUMMARY_NUMBERS.every((k) => typeof s[k] === 'number');
});

/** One module in a summary. */
export interface SummaryRow {
  /** Dotted name in the model (`''` for the model itself). */
  name: string;
  /** Nesting depth: 0 for the model, 1 for its children, … */
  depth: number;
  /** The module's type: its `typeName` (minification-safe) if it declares one, else its class name. */
  type: string;
  /** Shape of its output in the summary's forward pass; null if it was not called. */
  outputShape: number[] | null;
  /** Number of scalars in the module's own parameters (not its children's). */
  params: number;
  /** Whether its own parameters require gradients: 'yes', 'no', 'partial', or '' when it has none. */
  trainable: 'yes' | 'no' | 'partial' | '';
  /** How its own parameters were initialized (`weight: xavierUniform, bias: zeros`), from `initReport()`. */
  initializer: string;
}

/** What summary returns: the rows, the totals and the memory, plus `toString()` for the table. */
export interface ModelSummary {
  /** Every module, pre-order (a module before its children). */
  rows: SummaryRow[];
  /** The input shape the forward pass used. */
  inputShape: number[];
  /** Σ params over all rows (shared parameters counted once). */
  totalParams: number;
  /** Params with requiresGrad. */
  trainableParams: number;
  /** Params without requiresGrad (frozen). */
  nonTrainableParams: number;
  /** Bytes of all parameters. */
  paramBytes: number;
  /** Bytes of all buffers (BatchNorm running statistics, …). */
  bufferBytes: number;
  /** Bytes of the input tensor. */
  inputBytes: number;
  /** Bytes of the outputs of the leaf modules in one forward pass (what a backward pass keeps). */
  activationBytes: number;
  /** The table with totals, like torchinfo's. */
  toString(): string;
}

/** Options of summary. */
export interface SummaryOptions {
  /** dtype of the zero input fed through the model (default float32). */
  dtype?: DType;
}

/** The module's type name: an own or static `typeName` when present (minification-safe), else the class name. */
export function typeNameOf(m: object): string {
  checkTrainArg('typeNameOf', 'm', m, is.object);
  const own = (m as { typeName?: unknown }).typeName;
  if (typeof own === 'string') return own;
  const raw: unknown = m.constructor;
  // A null-prototype object has no constructor: a plain object all the same.
  if (typeof raw !== 'function') return 'Object';
  const ctor = raw as { typeName?: unknown; name: string };
  return typeof ctor.typeName === 'string' ? ctor.typeName : ctor.name;
}

const BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8 };

function bytesOf(a: { size: number; dtype: DType }): number {
  return a.size * BYTES[a.dtype];
}

/**
 * Runs one forward pass of zeros of `inputShape` (batch dimension included, as torchinfo takes it) through
 * `model` in eval mode without a graph, recording every module's output shape with forward hooks, and lists
 * each module's name, type, output shape, own parameter count, trainability and initializer, with totals and
 * memory. The model's mode is restored and the hooks removed.
 *
 * @example
 * const model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
 * summary(model, [1, 4]).totalParams; // 4·16 + 16 + 16·3 + 3 = 131
 * console.log(String(summary(model, [1, 4])));
 */
export function summary(model: Module, inputShape: readonly number[], options: SummaryOptions = {}): ModelSummary {
  const op = 'summary';
  checkTrainArg(op, 'model', model, IS_MODULE);
  checkTrainArg(op, 'options', options, isOptionsObject);
  if (options.dtype !== undefined) checkTrainArg(op, 'options.dtype', options.dtype, is.dtype);
  if (!Array.isArray(inputShape) || inputShape.some((d) => !Number.isSafeInteger(d) || d < 1)) {
    throw new TrainError(
      op,
      `invalid inputShape: ${Array.isArray(inputShape) ? formatShape(inputShape) : describeValue(inputShape)} (valid: positive integers, batch dimension first)`,
    );
  }
  const dtype = options.dtype ?? 'float32';
  const modules = model.namedModules();
  const shapes = new Map<Module, number[]>();
  const activations = new Map<Module, NDArray>();
  const handles = modules.map(([, m]) =>
    m.registerForwardHook((mod, _inputs, output) => {
      if (!shapes.has(mod)) shapes.set(mod, [...output.shape]);
      activations.set(mod, output.data);
    }),
  );
  const wasTraining = model.training;
  const input = zeros(inputShape, { dtype });
  try {
    model.eval();
    noGrad(() => model.forward(tensor(input)));
  } catch (e) {
    throw new TrainError(op, `the forward pass of an input ${formatShape(inputShape)} failed: ${(e as Error).message}`);
  } finally {
    for (const h of handles) h.remove();
    model.train(wasTraining);
  }

  const seen = new Set<unknown>();
  let totalParams = 0;
  let trainableParams = 0;
  let paramBytes = 0;
  let activationBytes = 0;
  const rows: SummaryRow[] = modules.map(([name, m]) => {
    const own = m.namedParameters().filter(([n, p]) => !n.includes('.') && !seen.has(p));
    const report = m.initReport();
    let params = 0;
    let trainable = 0;
    const inits: string[] = [];
    for (const [n, p] of own) {
      seen.add(p);
      params += p.size;
      paramBytes += bytesOf(p);
      if (p.requiresGrad) trainable += p.size;
      inits.push(`${n}: ${report[n]?.initializer ?? 'unknown'}`);
    }
    totalParams += params;
    trainableParams += trainable;
    const out = activations.get(m);
    if (out !== undefined && m.children().length === 0) activationBytes += bytesOf(out);
    return {
      name,
      depth: name === '' ? 0 : name.split('.').length,
      type: typeNameOf(m),
      outputShape: shapes.get(m) ?? null,
      params,
      trainable: own.length === 0 ? '' : trainable === params ? 'yes' : trainable === 0 ? 'no' : 'partial',
      initializer: inits.join(', '),
    };
  });
  let bufferBytes = 0;
  for (const b of model.buffers()) bufferBytes += bytesOf(b);
  const result: ModelSummary = {
    rows,
    inputShape: [...inputShape],
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams - trainableParams,
    paramBytes,
    bufferBytes,
    inputBytes: bytesOf(input),
    activationBytes,
    toString: () => formatSummary(result),
  };
  return result;
}

/** Bytes in B, KB or MB (1 KB = 1024 B), two decimals above bytes. */
export function formatBytes(bytes: number): string {
  checkTrainArg('formatBytes', 'bytes', bytes, is.nonNegative);
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}

/**
 * The summary as a text table: one line per module (indented by depth), then the totals and the memory.
 *
 * @example
 * console.log(formatSummary(summary(model, [1, 4])));
 */
export function formatSummary(s: ModelSummary): string {
  checkTrainArg('formatSummary', 's', s, IS_SUMMARY);
  const header = ['Layer (type)', 'Output shape', 'Params', 'Trainable', 'Initializer'];
  const body = s.rows.map((r) => [
    `${'  '.repeat(r.depth)}${r.name === '' ? '' : `${r.name.split('.').at(-1)} `}(${r.type})`,
    r.outputShape === null ? '--' : formatShape(r.outputShape),
    r.params === 0 ? '--' : r.params.toLocaleString('en-US'),
    r.trainable,
    r.initializer,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const rule = '='.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const total = s.paramBytes + s.bufferBytes + s.inputBytes + s.activationBytes;
  return [
    rule,
    line(header),
    rule,
    ...body.map(line),
    rule,
    `Total params: ${s.totalParams.toLocaleString('en-US')}`,
    `Trainable params: ${s.trainableParams.toLocaleString('en-US')}`,
    `Non-trainable params: ${s.nonTrainableParams.toLocaleString('en-US')}`,
    rule,
    `Input size: ${formatBytes(s.inputBytes)} (${formatShape(s.inputShape)})`,
    `Activations (one forward pass): ${formatBytes(s.activationBytes)}`,
    `Params size: ${formatBytes(s.paramBytes)}`,
    `Buffers size: ${formatBytes(s.bufferBytes)}`,
    `Estimated total: ${formatBytes(total)}`,
    rule,
  ].join('\n');
}
