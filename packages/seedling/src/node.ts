/**
 * `seedling-ml/node` — saving and loading with the file system (Node only; the core packages stay browser-safe).
 * Models are written as plain safetensors (loadable by Python's `safetensors.torch.load_file`); optimizer
 * state and whole checkpoints as safetensors with their JSON structure in the metadata (see encodeStateTree).
 * Every write is atomic: a temporary file in the same folder, flushed, then renamed over the target.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NDArray, type Rules, checkArg, checkOptions, formatShape, is, rule, shapesEqual } from '@seedling-ml/tensor';
import { type SaveModelOptions, type StateDictModule, encodeModel, stateDictModuleRule } from './model-bytes.ts';
import { SafetensorsError, type StateTree, decodeSafetensors, decodeStateTree, encodeStateTree } from './safetensors.ts';
import type { Tensor } from '@seedling-ml/autograd';
import type { Module } from '@seedling-ml/nn';
import { type ExportOnnxOptions, exportOnnx } from './onnx/index.ts';

export type { SaveModelOptions, StateDictModule } from './model-bytes.ts';

/**
 * Anything with a JSON-and-NDArray state dict: optimizers, LR schedulers. `loadStateDict` receives data read
 * from a file, which it must validate itself (Seedling's optimizers and schedulers do).
 */
export interface Stateful {
  /** The state as JSON values and NDArrays. */
  stateDict(): unknown;
  /** Restores a state from `stateDict()`, validating it; changes nothing when it throws. */
  loadStateDict(dict: never): void;
}

/** Options of loadModel. */
export interface LoadModelOptions {
  /** Require the file's tensor names to equal the model's exactly (default true). When false, names the model
   * lacks are ignored and the model's names the file lacks are left unchanged. */
  strict?: boolean;
}

/*
 * Argument checks of the file functions (issue 11): a mistyped path, model, optimizer or option is a
 * SafetensorsError naming the function. File-system failures (a missing file, a missing folder, no permission)
 * are Node's own errors, with their `code`, `syscall` and `path`, as from `fs` itself.
 */
const pathRule = rule('a non-empty string', (v) => typeof v === 'string' && v.length > 0);
const statefulRule = rule(
  'an object with stateDict() and loadStateDict()',
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Stateful).stateDict === 'function' &&
    typeof (v as Stateful).loadStateDict === 'function',
);
const loadOptionRules = { strict: is.boolean };

/**
 * Writes `bytes` to `path` atomically: a uniquely named temporary file beside it, flushed to disk, then
 * renamed over `path`, so readers see the old file or the new one, never a partial one. The temporary file
 * is removed if anything fails.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  checkArg('writeFileAtomic', 'path', path, pathRule, SafetensorsError);
  checkArg('writeFileAtomic', 'bytes', bytes, is.instance(Uint8Array, 'a Uint8Array'), SafetensorsError);
  await removeOrphanedTemps(path);
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx');
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** True when process `pid` is alive (signal 0 tests without sending anything; EPERM means alive but not ours). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files a save of `path` left behind when its process was killed mid-write
 * (`<name>.<pid>.<hex>.tmp` whose pid is no longer running), so killed saves do not accumulate
 * (issue 11: 13 orphans of 16 MB after 20 kills). Temps of live processes (a concurrent save) are kept.
 */
async function removeOrphanedTemps(path: string): Promise<void> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return; // the folder does not exist: open() below reports it
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !processAlive(pid)) await rm(join(dir, name), { force: true });
  }
}

/**
 * Saves a model's `stateDict()` to `path` as safetensors (tensor names = the model's dotted parameter names,
 * F32/F64 as the parameters are, or F16/BF16 with `dtype`; integer buffers as I64, see encodeModel), with
 * optional string metadata.
 *
 * @example
 * await saveModel(model, 'mlp.safetensors');
 * await saveModel(model, 'mlp.bf16.safetensors', { dtype: 'BF16' });
 * // Python: model.load_state_dict(safetensors.torch.load_file('mlp.safetensors'), strict=True)
 */
export async function saveModel(module: StateDictModule, path: string, options: SaveModelOptions = {}): Promise<void> {
  checkArg('saveModel', 'path', path, pathRule, SafetensorsError);
  await writeFileAtomic(path, encodeModel(module, options));
}

/**
 * Checks a decoded dict against a model's current state dict: names (with `strict`) and shapes. Converts each
 * array to the model's dtype for that name. Throws a SafetensorsError listing every problem.
 */
function fitToModel(
  op: string,
  source: string,
  dict: Record<string, NDArray>,
  current: Record<string, NDArray>,
  strict: boolean,
): Record<string, NDArray> {
  const problems: string[] = [];
  const missing = Object.keys(current).filter((k) => !Object.hasOwn(dict, k));
  const unexpected = Object.keys(dict).filter((k) => !Object.hasOwn(current, k));
  if (strict && missing.length > 0) problems.push(`missing [${missing.join(', ')}]`);
  if (strict && unexpected.length > 0) problems.push(`unexpected [${unexpected.join(', ')}]`);
  const out: Record<string, NDArray> = {};
  for (const [k, have] of Object.entries(current)) {
    const got = dict[k];
    if (!Object.hasOwn(dict, k) || got === undefined) continue;
    if (!(got instanceof NDArray)) {
      problems.push(`'${k}' is not an array`);
      continue;
    }
    if (!shapesEqual(got.shape, have.shape))
      problems.push(`'${k}' has shape ${formatShape(got.shape)}, the model ${formatShape(have.shape)}`);
    else out[k] = got.dtype === have.dtype ? got : got.astype(have.dtype);
  }
  if (problems.length > 0) throw new SafetensorsError(op, `${source} does not fit the model: ${problems.join('; ')}; nothing was loaded`);
  return out;
}

/**
 * Loads a safetensors file into a model. The file is validated completely (see decodeSafetensors), then its
 * names and shapes are checked against the model's state dict; only if all fit is `loadStateDict` called, so
 * on any error the model is untouched. Arrays are converted to the model's dtype (e.g. an F64 file into a
 * float32 model). Returns what `loadStateDict` returns, with `unexpectedKeys` listing the file's tensors the model
 * does not have (with `strict: false` they are ignored, and reported here).
 *
 * @example
 * await loadModel(model, 'mlp.safetensors'); // throws, changing nothing, if a name or shape differs
 */
export async function loadModel(module: StateDictModule, path: string, options: LoadModelOptions = {}): Promise<unknown> {
  checkArg('loadModel', 'module', module, stateDictModuleRule, SafetensorsError);
  checkArg('loadModel', 'path', path, pathRule, SafetensorsError);
  const strict = checkOptions('loadModel', options, loadOptionRules, SafetensorsError).strict ?? true;
  const { tensors } = decodeSafetensors(await readFile(path));
  const dict = fitToModel('loadModel', `'${path}'`, tensors, module.stateDict(), strict);
  const result = module.loadStateDict(dict, { strict });
  // The dict handed to loadStateDict holds only the names the model has: report the file's extra names here.
  const unexpectedKeys = Object.keys(tensors).filter((k) => !Object.hasOwn(dict, k));
  return result !== null && typeof result === 'object' ? { ...result, unexpectedKeys } : { unexpectedKeys };
}

/**
 * Saves an optimizer's (or scheduler's) `stateDict()` — JSON plus NDArrays — as safetensors: arrays as
 * tensors named by their path (`state.0.expAvg`), the rest as JSON in the metadata (see encodeStateTree).
 */
export async function saveOptimizer(optimizer: Stateful, path: string): Promise<void> {
  checkArg('saveOptimizer', 'optimizer', optimizer, statefulRule, SafetensorsError);
  checkArg('saveOptimizer', 'path', path, pathRule, SafetensorsError);
  await writeFileAtomic(path, encodeStateTree(optimizer.stateDict() as StateTree, { 'seedling.kind': 'optimizer' }));
}

/**
 * Loads state saved by saveOptimizer into an optimizer (or scheduler). The file is validated, then the
 * optimizer's own `loadStateDict` checks the content against its parameters and changes nothing on error.
 */
export async function loadOptimizer(optimizer: Stateful, path: string): Promise<void> {
  checkArg('loadOptimizer', 'optimizer', optimizer, statefulRule, SafetensorsError);
  checkArg('loadOptimizer', 'path', path, pathRule, SafetensorsError);
  const { tree } = decodeStateTree(await readFile(path));
  optimizer.loadStateDict(tree as never);
}

/** What a checkpoint holds. */
export interface Checkpoint {
  /** The model whose `stateDict()` is saved under `model.*`. */
  model: StateDictModule;
  /** An optimizer (its moment buffers, step counts, hyperparameters), saved under `optimizer.*`. */
  optimizer?: Stateful;
  /** A learning-rate scheduler (its epoch and base rates). */
  scheduler?: Stateful;
  /** Any other JSON-and-NDArray data to keep (epoch, metrics, RNG seeds…). */
  extra?: StateTree;
}

/** Checks a checkpoint's parts (`model` required; optimizer and scheduler stateful; `extra` only when saving). */
function checkCheckpointParts(op: string, name: string, parts: unknown, withExtra: boolean): void {
  checkArg(
    op,
    name,
    parts,
    rule('an object', (v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
    SafetensorsError,
  );
  const rules = { model: stateDictModuleRule, optimizer: statefulRule, scheduler: statefulRule };
  const p = checkOptions<Partial<Checkpoint>>(
    op,
    parts as Checkpoint,
    withExtra ? { ...rules, extra: is.any } : (rules as Rules<Checkpoint>),
    SafetensorsError,
  );
  if (p.model === undefined) throw new SafetensorsError(op, `${name}.model is required (${stateDictModuleRule.expected})`);
}

/**
 * Saves model, optimizer, scheduler and extra data together in one safetensors file (tensors `model.*`,
 * `optimizer.*`, …, structure in the metadata), atomically.
 *
 * @example
 * await saveCheckpoint('run.ckpt.safetensors', { model, optimizer: opt, scheduler: sched, extra: { epoch: 3 } });
 */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  checkArg('saveCheckpoint', 'path', path, pathRule, SafetensorsError);
  checkCheckpointParts('saveCheckpoint', 'checkpoint', checkpoint, true);
  const tree: Record<string, StateTree> = { model: checkpoint.model.stateDict() };
  if (checkpoint.optimizer !== undefined) tree.optimizer = checkpoint.optimizer.stateDict() as StateTree;
  if (checkpoint.scheduler !== undefined) tree.scheduler = checkpoint.scheduler.stateDict() as StateTree;
  if (checkpoint.extra !== undefined) tree.extra = checkpoint.extra;
  await writeFileAtomic(path, encodeStateTree(tree, { 'seedling.kind': 'checkpoint' }));
}

/**
 * Restores a checkpoint written by saveCheckpoint into the given model, optimizer and scheduler, and returns
 * its `extra` data. All or nothing: the file and the model's names/shapes are checked first; the optimizer and
 * scheduler are restored next and rolled back if a later part fails; the model is written last.
 */
export async function loadCheckpoint(
  path: string,
  targets: Omit<Checkpoint, 'extra'>,
  options: LoadModelOptions = {},
): Promise<StateTree | undefined> {
  const op = 'loadCheckpoint';
  checkArg(op, 'path', path, pathRule, SafetensorsError);
  checkCheckpointParts(op, 'targets', targets, false);
  const strict = checkOptions(op, options, loadOptionRules, SafetensorsError).strict ?? true;
  const { tree } = decodeStateTree(await readFile(path));
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree) || tree instanceof NDArray) {
    throw new SafetensorsError(op, `'${path}' is not a checkpoint (its tree is not an object)`);
  }
  const parts = tree as Record<string, StateTree>;
  const model = parts.model;
  if (typeof model !== 'object' || model === null || Array.isArray(model) || model instanceof NDArray) {
    throw new SafetensorsError(op, `'${path}' holds no model state`);
  }
  const dict = fitToModel(op, `the model in '${path}'`, model as Record<string, NDArray>, targets.model.stateDict(), strict);
  for (const key of ['optimizer', 'scheduler'] as const) {
    if (targets[key] !== undefined && parts[key] === undefined) throw new SafetensorsError(op, `'${path}' holds no ${key} state`);
  }
  const restored: { target: Stateful; before: unknown }[] = [];
  try {
    for (const key of ['optimizer', 'scheduler'] as const) {
      const target = targets[key];
      if (target === undefined) continue;
      const before = target.stateDict();
      target.loadStateDict(parts[key] as never);
      restored.push({ target, before });
    }
    targets.model.loadStateDict(dict, { strict });
  } catch (e) {
    for (const { target, before } of restored.reverse()) target.loadStateDict(before as never);
    throw e;
  }
  return parts.extra;
}

/**
 * Exports a model to ONNX (see exportOnnx) and writes the `.onnx` file to `path` atomically.
 *
 * @example
 * await saveOnnx(model.eval(), Tensor.zeros([1, 4]), 'mlp.onnx');
 * // Python: onnxruntime.InferenceSession('mlp.onnx').run(None, {'input': x})
 */
export async function saveOnnx(
  model: Module,
  exampleInput: Tensor | NDArray,
  path: string,
  options: ExportOnnxOptions = {},
): Promise<void> {
  checkArg('saveOnnx', 'path', path, pathRule, SafetensorsError);
  await writeFileAtomic(path, exportOnnx(model, exampleInput, options));
}

export { ModelCheckpoint, type ModelCheckpointOptions } from './model-checkpoint.ts';
export { ProgressBar, type ProgressBarOptions } from '@seedling-ml/train/node';
