import { type NDArray, Rng, getNumThreads, matmul, setNumThreads } from '@seedling-ml/tensor';

/*
 * How much a second thread speeds up a float32 product right now. On this project's 2-vCPU machines the
 * second vCPU's capacity comes and goes with the host's load: the same 512³ product ran 1.2× to 1.96× faster on
 * 2 threads than on 1 within seconds, and a training step's 2-thread median was 1.44–1.55 ms in some processes
 * and 2.05–2.3 ms (its 1-thread time) in others, with the worker taking the same ≈ 16.5 panels a step in both.
 * So every threaded row records this probe before and after its Seedling samples: a row measured while the
 * probe read ≈ 1.1× had no second core to use, whatever the code does.
 */

/** Products timed per thread count; the median ratio is reported. */
const REPS = 9;
let operands: [NDArray, NDArray] | null = null;

function timeProduct(a: NDArray, b: NDArray, threads: number): number {
  setNumThreads(threads);
  const start = performance.now();
  matmul(a, b);
  return performance.now() - start;
}

/**
 * The median over REPS interleaved pairs of (time on 1 thread) ÷ (time on `threads` threads) of a float32
 * 512×512 product (≈ 40 ms in all). Leaves the thread count as it found it.
 */
export function parallelSpeedup(threads: number): number {
  operands ??= (() => {
    const rng = new Rng(7);
    return [rng.normal([512, 512], 0, 1), rng.normal([512, 512], 0, 1)];
  })();
  const [a, b] = operands;
  const previous = getNumThreads();
  const ratios: number[] = [];
  for (let i = 0; i < REPS; i++) ratios.push(timeProduct(a, b, 1) / timeProduct(a, b, threads));
  setNumThreads(previous);
  ratios.sort((x, y) => x - y);
  return ratios[REPS >> 1]!;
}
