/**
 * The argument pool and the verdict shared by the fuzz suites (fuzz-exports: every exported function and
 * constructor; fuzz-methods: every public method of the library's classes). A call passes when it returns,
 * or throws a `SeedlingError` whose message starts with the `op` it names.
 */
import * as autograd from '@seedling-ml/autograd';
import * as nn from '@seedling-ml/nn';
import * as optim from '@seedling-ml/optim';
import * as tensorPkg from '@seedling-ml/tensor';
import { SeedlingError } from '@seedling-ml/tensor';
import * as train from '@seedling-ml/train';
import fc from 'fast-check';

/** An epoch record as fit builds it (`EpochRecord`). */
export function epochRecord(): train.EpochRecord {
  return { epoch: 1, logs: { loss: 0.5, accuracy: 0.75, valLoss: 0.4 }, lr: 0.1, seconds: 0.01 };
}

/** A training context as fit builds it (`TrainContext`): a Linear, its SGD, 2 epochs of 3 batches, one metric. */
export function trainContext(): train.TrainContext {
  const model = new nn.Linear(2, 2, { seed: 0 });
  return {
    model,
    optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }),
    epochs: 2,
    batches: 3,
    metrics: [train.accuracy()],
    history: { epochs: [epochRecord()], stopReason: null },
    stopTraining: undefined,
  };
}

/** `x` after its `dispose()`. */
function disposed(x: tensorPkg.NDArray): tensorPkg.NDArray {
  x.dispose();
  return x;
}

/** Fresh argument values (factories, so a call that mutates one cannot affect the next). */
export const POOL: readonly (() => unknown)[] = [
  () => undefined,
  () => null,
  () => 0,
  () => 1,
  () => 2,
  () => -1,
  () => 0.5,
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => 1e300,
  () => 2 ** 53,
  () => '',
  () => 'a',
  () => 'float32',
  () => 'mean',
  () => true,
  () => false,
  () => [],
  () => [2],
  () => [2, 3],
  () => [-1],
  () => [1e6, 1e6],
  () => [
    [1, 2],
    [3, 4],
  ],
  () => ['a'],
  () => ({}),
  () => ({ axis: 1 }),
  () => ({ bogus: 1 }),
  () => ({ dtype: 'float64' }),
  () => ({ lr: null }),
  // Symbols and bigints: `${x}` throws on a symbol and `x < 1` on a bigint mixed with a number, so every message
  // and number check must handle them.
  () => Symbol('s'),
  () => 2n,
  () => [2n, 3n],
  () => [Symbol('d')],
  () => ({ axis: Symbol('a') }),
  () => ({ lr: 1n }),
  // Convolution and pooling: a 4-D shape and image, a 3-D sequence, valid and hostile window options (a
  // 2⁴⁰-tap window padded by half of it fits an input of size 1: it must be refused, not looped over).
  () => [1, 2, 3, 3],
  () => ({ kernelSize: 2 }),
  () => ({ kernelSize: 2 ** 40, padding: 2 ** 39 }),
  () => ({ padding: 'same', groups: 2 }),
  () => tensorPkg.ones([1, 2, 3, 3]),
  () => autograd.tensor(tensorPkg.ones([2, 2, 3]), { requiresGrad: true }),
  () => () => 0,
  () => new Float32Array([1, 2]),
  () =>
    tensorPkg.array([
      [1, 2],
      [3, 4],
    ]),
  () => tensorPkg.array([1, 2, 3], { dtype: 'float64' }),
  () => tensorPkg.zeros([0, 2]),
  () =>
    autograd.tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    ),
  () => autograd.tensor([0.5, -1]),
  // Disposed storage (NDArray.dispose()): refused by name, never read as empty or stale memory.
  () => disposed(tensorPkg.ones([2, 2])),
  () => autograd.tensor(disposed(tensorPkg.ones([2, 2])), { requiresGrad: true }),
  () => new tensorPkg.Rng(1),
  () => new nn.Linear(2, 2, { seed: 0 }),
  // What fit passes to the callbacks' hooks: an epoch record, batch logs, a history and a training context.
  epochRecord,
  () => ({ batch: 1, loss: 0.5, size: 2, meanLoss: 0.5, examples: 2 }),
  () => ({ epochs: [epochRecord()], stopReason: null }),
  trainContext,
];

export const arbArgs = fc.array(fc.integer({ min: 0, max: POOL.length - 1 }), { maxLength: 4 });

export function isClass(f: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(f));
}

/** Why `e` is not an acceptable refusal, or null when it is. */
export function problem(e: unknown): string | null {
  if (!(e instanceof SeedlingError)) return `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
  if (typeof e.op !== 'string' || e.op.length === 0) return `SeedlingError without op: ${e.message}`;
  if (!e.message.startsWith(`${e.op}: `)) return `message does not start with its op '${e.op}': ${e.message}`;
  return null;
}
