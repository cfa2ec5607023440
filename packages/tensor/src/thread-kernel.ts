import { checkArg, checkOptions, describeValue, is, rule } from './check-options.ts';
import { ArgumentError, TensorError } from './errors.ts';
import {
  ThreadPoolFailure,
  dropThreadKernel,
  registerThreadKernel,
  runKernelJob,
  threadKernelsSupported,
} from './kernels/gemm-f32-threads.ts';
import { MAX_KERNEL_ARGS, MAX_PANELS } from './kernels/gemm-f32-worker-source.ts';

/** One export of a thread kernel's module the pool may run: `name(ptr₀, …, ptrₚ₋₁, len, s₀, …, sₛ₋₁)`. */
export interface ThreadKernelOp {
  /** The export's name. */
  readonly name: string;
  /** How many byte pointers it takes first (each advanced to the panel's first element). */
  readonly pointers: number;
  /** How many float32 scalars it takes after the length. */
  readonly scalars: number;
  /**
   * Whether it writes over its inputs (default false). A job of an op that does not can be redone, and is, on
   * this thread if a worker fails; one of an op that does throws a ThreadKernelError instead, since the panels a
   * failed worker held may be half done.
   */
  readonly inPlace?: boolean;
}

/** Thrown by `runThreadKernel` when a worker failed during a job of an in-place op: the memory it updates is unreliable. */
export class ThreadKernelError extends TensorError {}

/**
 * A WebAssembly module instantiated on a shared memory of its own, whose exports the worker pool of
 * `setNumThreads` runs in panels — how Seedling's own packages put a kernel of theirs (optim's Adam update) on the
 * threads that run matrix products. Made by `createThreadKernel`, run by `runThreadKernel`. (Typed without the
 * `WebAssembly` namespace, so the package's types need no DOM or Node library.)
 */
export interface ThreadKernel {
  /**
   * The buffer of the shared memory the module imports as `env.memory`, which every thread's instance works on; read
   * at each access, so after the module grows its memory it covers the new size.
   */
  readonly buffer: SharedArrayBuffer;
  /** This thread's instance's exports (functions, and whatever else the module exports). */
  readonly exports: Readonly<Record<string, unknown>>;
}

/** Sizes of a thread kernel's memory, in 64 KiB pages. */
export interface ThreadKernelPages {
  /** Pages at the start, 1 … 65,536. */
  initialPages: number;
  /** Most pages the memory may grow to (the module's import must allow it), `initialPages` … 65,536. */
  maximumPages: number;
}

const isOp = rule(
  'an array of { name: string, pointers: integer ≥ 0, scalars: integer ≥ 0, inPlace?: boolean }',
  (v) =>
    Array.isArray(v) &&
    v.every(
      (op: unknown) =>
        typeof op === 'object' &&
        op !== null &&
        is.string.test((op as ThreadKernelOp).name) &&
        is.nonNegativeInteger.test((op as ThreadKernelOp).pointers) &&
        is.nonNegativeInteger.test((op as ThreadKernelOp).scalars) &&
        ((op as ThreadKernelOp).inPlace === undefined || is.boolean.test((op as ThreadKernelOp).inPlace)),
    ),
);
const isPointers = rule(
  'an array of byte offsets (integers ≥ 0)',
  (v) => Array.isArray(v) && v.every((x) => is.nonNegativeInteger.test(x)),
);
const isPage = rule('an integer in [1, 65536]', (v) => is.positiveInteger.test(v) && (v as number) <= 65536);

interface KernelState {
  id: number;
  /** Kept here so the memory lives as long as the handle (the workers' instances go with it). */
  memory: WebAssembly.Memory;
  ops: Map<string, { index: number; op: ThreadKernelOp; fn: (...args: number[]) => void }>;
}

const states = new WeakMap<ThreadKernel, KernelState>();
let nextId = 1;
/** When a handle is collected, the workers drop their instances; the memory lives on while any view of it does. */
const finalizer = new FinalizationRegistry<number>((id) => dropThreadKernel(id));

/**
 * Instantiates `module` (which must import `env.memory` as a shared memory) on a new shared
 * `WebAssembly.Memory` of `initialPages`…`maximumPages` 64 KiB pages, here and in every worker of the pool, now and
 * after any resize, so `runThreadKernel` can split its `ops` over the threads. The workers drop their instances once
 * the handle is garbage; the memory itself is freed only when no view of it remains, and no other kernel ever
 * reuses it.
 *
 * Returns null where the workers cannot take such kernels (a browser, whose workers cannot read a message while they
 * wait for jobs; an engine without shared memory): the caller keeps its single-thread path there.
 *
 * @throws ArgumentError when an op is not a function export of the module, or takes more than 27 pointers + scalars.
 *
 * @example
 * const kernel = createThreadKernel(module, [{ name: 'scale', pointers: 2, scalars: 1 }], { initialPages: 1, maximumPages: 256 });
 */
export function createThreadKernel(module: unknown, ops: readonly ThreadKernelOp[], pages: ThreadKernelPages): ThreadKernel | null {
  const op = 'createThreadKernel';
  const compiled = checkArg<WebAssembly.Module>(op, 'module', module, is.instance(WebAssembly.Module, 'a WebAssembly.Module'));
  checkArg(op, 'ops', ops, isOp);
  checkArg(op, 'pages', pages, is.object);
  checkOptions<ThreadKernelPages>(op, pages, { initialPages: isPage, maximumPages: isPage });
  const { initialPages, maximumPages } = pages;
  if (initialPages === undefined || maximumPages === undefined || maximumPages < initialPages) {
    throw new ArgumentError(op, `pages must give initialPages ≤ maximumPages, got ${initialPages} and ${maximumPages}`);
  }
  if (!threadKernelsSupported()) return null;
  const memory = new WebAssembly.Memory({ initial: initialPages, maximum: maximumPages, shared: true });
  let exports: WebAssembly.Exports;
  try {
    exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports;
  } catch (err) {
    throw new ArgumentError(
      op,
      `the module does not instantiate on a shared env.memory of ${initialPages}…${maximumPages} pages: ${String(err)}`,
    );
  }
  const byName: KernelState['ops'] = new Map();
  ops.forEach((entry, index) => {
    const fn = exports[entry.name];
    if (typeof fn !== 'function') throw new ArgumentError(op, `no function export '${entry.name}' in the module`);
    if (entry.pointers + entry.scalars > MAX_KERNEL_ARGS) {
      throw new ArgumentError(
        op,
        `op '${entry.name}' takes ${entry.pointers} pointers + ${entry.scalars} scalars (at most ${MAX_KERNEL_ARGS} in all)`,
      );
    }
    byName.set(entry.name, { index, op: entry, fn: fn as (...args: number[]) => void });
  });
  const kernel: ThreadKernel = {
    get buffer() {
      return memory.buffer as unknown as SharedArrayBuffer;
    },
    exports,
  };
  const id = nextId++;
  states.set(kernel, { id, ops: byName, memory });
  registerThreadKernel({ id, module: compiled, memory, ops: ops.map(({ name, pointers, scalars }) => ({ name, pointers, scalars })) });
  finalizer.register(kernel, id);
  return kernel;
}

const scalarBits = new Int32Array(1);
const scalarFloat = new Float32Array(scalarBits.buffer);

/**
 * Runs `op` of `kernel` over n elements in panels of `step` elements claimed by this thread and the pool's workers
 * (one thread when `getNumThreads()` is 1, no worker is ready yet, or there is one panel). Panel i calls
 * `op(ptr₀ + 4·i·step, …, min(step, n − i·step), scalars…)`; the pointers are byte offsets into the kernel's memory.
 *
 * If a worker fails mid-job the pool is given up for the rest of the process, and an op that writes to memory no
 * input occupies has its whole job redone on this thread (a late worker may still write its panel: the same
 * values); an `inPlace` op's job throws a ThreadKernelError instead. `step` must be a multiple of whatever group of elements the op's loop rounds its length up to,
 * so panels never write into each other.
 *
 * @throws ArgumentError for an unknown op, a wrong number of pointers or scalars, or more than 256 panels.
 * @throws ThreadKernelError when a worker failed during a job of an `inPlace` op.
 *
 * @example
 * runThreadKernel(kernel, 'scale', [src, dst], n, 16384, [0.5]);
 */
export function runThreadKernel(
  kernel: ThreadKernel,
  op: string,
  pointers: readonly number[],
  n: number,
  step: number,
  scalars: readonly number[],
): void {
  const state = states.get(kernel);
  if (state === undefined)
    throw new ArgumentError('runThreadKernel', `kernel must be a ThreadKernel from createThreadKernel, got ${describeValue(kernel)}`);
  const entry = typeof op === 'string' ? state.ops.get(op) : undefined;
  if (entry === undefined) throw new ArgumentError('runThreadKernel', `no op ${describeValue(op)} in this kernel`);
  checkArg('runThreadKernel', 'pointers', pointers, isPointers);
  checkArg('runThreadKernel', 'scalars', scalars, is.arrayOf(is.number));
  if (pointers.length !== entry.op.pointers || scalars.length !== entry.op.scalars) {
    throw new ArgumentError(
      'runThreadKernel',
      `op '${op}' takes ${entry.op.pointers} pointers and ${entry.op.scalars} scalars, got ${pointers.length} and ${scalars.length}`,
    );
  }
  if (!(Number.isSafeInteger(step) && step > 0 && Number.isSafeInteger(n) && n >= 0)) {
    throw new ArgumentError('runThreadKernel', `n and step must be integers, n ≥ 0 and step > 0; got n = ${n}, step = ${step}`);
  }
  const count = Math.ceil(n / step);
  if (count > MAX_PANELS) throw new ArgumentError('runThreadKernel', `${count} panels of ${step} elements (at most ${MAX_PANELS})`);
  const fn = entry.fn;
  const call = pointers.length + 1 + scalars.length;
  const panel = (i: number): void => {
    const at = i * step;
    const a = new Array<number>(call);
    for (let j = 0; j < pointers.length; j++) a[j] = pointers[j]! + at * 4;
    a[pointers.length] = Math.min(step, n - at);
    for (let j = 0; j < scalars.length; j++) a[pointers.length + 1 + j] = scalars[j]!;
    fn(...a);
  };
  const args = pointers.slice();
  for (const s of scalars) {
    scalarFloat[0] = s;
    args.push(scalarBits[0]!);
  }
  try {
    runKernelJob([state.id, entry.index, n, step, count], args, panel, step);
  } catch (err) {
    if (!(err instanceof ThreadPoolFailure)) throw err;
    if (entry.op.inPlace === true) {
      throw new ThreadKernelError('runThreadKernel', `a worker failed during in-place op '${op}': the memory it updates is unreliable`);
    }
    for (let i = 0; i < count; i++) panel(i);
  }
}
