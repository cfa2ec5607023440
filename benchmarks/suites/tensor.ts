import { type NDArray, Rng, add, exp, matmul, mul, sum } from '@seedling-ml/tensor';
import type { Case, Suite } from '../lib/case.ts';
import { tf, tfjsPeers } from '../lib/tfjs.ts';

/** The same values as a tfjs tensor (copied, so each engine owns its input). */
function toTf(x: NDArray): tf.Tensor {
  return tf.tensor(x.data.slice(), [...x.shape], 'float32');
}

/** matmul of two n×n float32 matrices; with `threads` > 1 Seedling only (the peers are in the 1-thread row). */
function matmulCase(rng: Rng, n: number, threads = 1): Case {
  const a = rng.uniform([n, n], -1, 1);
  const b = rng.uniform([n, n], -1, 1);
  return {
    name: `matmul f32 ${n}×${n}${threads > 1 ? `, ${threads} threads` : ''}`,
    unit: 'GFLOP/s',
    work: 2 * n ** 3,
    threads,
    seedling: () => void matmul(a, b),
    peers:
      threads > 1
        ? {}
        : tfjsPeers(
            () => [toTf(a), toTf(b)],
            ([x, y]) => tf.matMul(x!, y!),
          ),
    torch: { kind: 'matmul', n },
  };
}

/**
 * Element-wise case over `n` float32 elements; `inputs` + 1 output arrays, for the bytes moved. With `disposed`,
 * Seedling disposes each result (`NDArray.dispose()`), so the next call reuses its memory — what the peers do too:
 * tfjs disposes the result inside `tf.tidy`, PyTorch frees it when the last reference goes. Without it, the result
 * is left to the garbage collector (fresh memory every call).
 */
function elementwiseCase(
  rng: Rng,
  name: 'add' | 'mul' | 'exp',
  n: number,
  inputs: number,
  seedling: (xs: NDArray[]) => NDArray,
  peer: (xs: tf.Tensor[]) => tf.Tensor,
  disposed = false,
): Case {
  const xs = Array.from({ length: inputs }, () => rng.uniform([n], -1, 1));
  return {
    name: `${name} f32 ${n === 2 ** 20 ? '1M' : n}${disposed ? ', result disposed' : ''}`,
    unit: 'GB/s',
    work: (inputs + 1) * n * 4,
    seedling: disposed ? () => seedling(xs).dispose() : () => void seedling(xs),
    peers: tfjsPeers(() => xs.map(toTf), peer),
    torch: { kind: 'elementwise', op: name, n },
  };
}

/**
 * A float32 reduction of the n×n `x` along `axis` (1 folds each row into one output, 0 the rows into n outputs);
 * with `threads` > 1 Seedling only (the peers are in the 1-thread row; the pool takes reductions from 2²² elements).
 */
function sumCase(x: NDArray, axis: 0 | 1, threads = 1): Case {
  const n = x.shape[0]!;
  return {
    name: `sum axis=${axis} f32 ${n}×${n}${threads > 1 ? `, ${threads} threads` : ''}`,
    unit: 'ms',
    work: n * n * 4 + n * 4,
    threads,
    seedling: () => void sum(x, { axis }),
    peers:
      threads > 1
        ? {}
        : tfjsPeers(
            () => [toTf(x)],
            ([t]) => tf.sum(t!, axis),
          ),
    torch: { kind: 'sum', rows: n, cols: n, axis },
  };
}

/** Tensor kernels: float32 matmul (1 thread, and 2 threads from 256 on), element-wise add / mul / exp, sums along rows and along columns (2048² on 1 and 2 threads). */
export const tensorSuite: Suite = {
  name: 'tensor',
  cases({ quick }) {
    const rng = new Rng(2024);
    const sizes = quick ? [64, 256] : [64, 128, 256, 512, 1024];
    const n = 2 ** 20;
    const x = rng.uniform([1024, 1024], -1, 1);
    // Its own generator: the other cases' inputs stay what they were.
    const big = quick ? null : new Rng(2048).uniform([2048, 2048], -1, 1);
    const disposedRng = new Rng(4096);
    return [
      ...sizes.flatMap((s) => (s >= 256 ? [matmulCase(rng, s), matmulCase(rng, s, 2)] : [matmulCase(rng, s)])),
      elementwiseCase(
        rng,
        'add',
        n,
        2,
        ([p, q]) => add(p!, q!),
        ([p, q]) => tf.add(p!, q!),
      ),
      elementwiseCase(
        disposedRng,
        'add',
        n,
        2,
        ([p, q]) => add(p!, q!),
        ([p, q]) => tf.add(p!, q!),
        true,
      ),
      elementwiseCase(
        rng,
        'mul',
        n,
        2,
        ([p, q]) => mul(p!, q!),
        ([p, q]) => tf.mul(p!, q!),
      ),
      elementwiseCase(
        rng,
        'exp',
        n,
        1,
        ([p]) => exp(p!),
        ([p]) => tf.exp(p!),
      ),
      elementwiseCase(
        disposedRng,
        'exp',
        n,
        1,
        ([p]) => exp(p!),
        ([p]) => tf.exp(p!),
        true,
      ),
      sumCase(x, 1),
      sumCase(x, 0),
      ...(big === null ? [] : [sumCase(big, 1), sumCase(big, 1, 2)]),
    ];
  },
};
