import { setNumThreads } from '@seedling-ml/tensor';
import Benchmark from 'benchmark';
import type { Case, PeerName, TfjsPeerName } from './case.ts';
import { parallelSpeedup } from './core-probe.ts';
import type { PytorchPeer } from './pytorch.ts';
import { releaseTfjsInputs, usePeer } from './tfjs.ts';

/** One engine's measurement of one case. */
export interface Measurement {
  /** The figure in the case's unit (GFLOP/s, GB/s or ms). */
  value: number;
  /** Mean seconds per call. */
  seconds: number;
  /** Relative margin of error of the mean, in percent (benchmark.js `stats.rme`). */
  rme: number;
  /** Number of timed samples. */
  samples: number;
}

/** The results of one case: Seedling's figure, each peer's, and Seedling ÷ peer. */
export interface CaseResult {
  /** The case's name. */
  name: string;
  /** Unit of every `value` below. */
  unit: Case['unit'];
  /** The case's work per call (FLOPs or bytes). */
  work: number;
  /** Seedling's measurement. */
  seedling: Measurement;
  /** Each measured peer's measurement. */
  peers: Partial<Record<PeerName, Measurement>>;
  /** Seedling's figure ÷ the peer's figure (for ms: a time ratio, below 1 means Seedling is faster). */
  ratios: Partial<Record<PeerName, number>>;
  /**
   * Rows with `threads` > 1: what that many threads gained on a 512³ product just before the first and after the
   * last Seedling samples (lib/core-probe.ts) — near 1 when the host left no second core free.
   */
  parallelSpeedup?: { before: number; after: number };
}

/** How long benchmark.js samples each engine. */
export interface HarnessOptions {
  /** Seconds to spend sampling one engine of one case (benchmark.js `maxTime`). */
  maxTime: number;
  /** Minimum number of samples (benchmark.js `minSamples`). */
  minSamples: number;
  /**
   * Rounds per case: the engines are measured in turn this many times and each keeps its fastest
   * round, so a burst of load from other processes does not land on one engine only. Default 1.
   */
  rounds?: number;
  /** The PyTorch peer (null or absent: no PyTorch columns). */
  pytorch?: PytorchPeer | null;
  /** Called after each case (to print its row as soon as it is known). */
  onResult?: (result: CaseResult) => void;
}

const TFJS_PEERS: readonly TfjsPeerName[] = ['tfjsCpu', 'tfjsWasm'];

/** Converts seconds per call into the case's unit. */
export function figure(unit: Case['unit'], work: number, seconds: number): number {
  return unit === 'ms' ? seconds * 1e3 : work / seconds / 1e9;
}

/**
 * Times `fn` with benchmark.js after one warm-up call (which also lets peers build their inputs).
 * Runs synchronously; throws if the function throws.
 */
export function measure(name: string, fn: () => void, unit: Case['unit'], work: number, options: HarnessOptions): Measurement {
  fn();
  const bench = new Benchmark(name, fn, { maxTime: options.maxTime, minSamples: options.minSamples, initCount: 1 });
  bench.run({ async: false });
  const error = (bench as unknown as { error?: unknown }).error;
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  const seconds = bench.stats.mean;
  return { value: figure(unit, work, seconds), seconds, rme: bench.stats.rme, samples: bench.stats.sample.length };
}

/** Runs every engine of every case, in order, peers after switching to their backend; a case's `sampling` overrides `options`. */
export async function runCases(cases: readonly Case[], options: HarnessOptions): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const faster = (best: Measurement | undefined, m: Measurement) => (best === undefined || m.seconds < best.seconds ? m : best);
  for (const c of cases) {
    const rounds = c.sampling?.rounds ?? options.rounds ?? 1;
    const sampling = {
      ...options,
      minSamples: c.sampling?.minSamples ?? options.minSamples,
      maxTime: c.sampling?.maxTime ?? options.maxTime,
    };
    let seedling: Measurement | undefined;
    const peers: CaseResult['peers'] = {};
    const threads = c.threads ?? 1;
    let speedupBefore = Number.NaN;
    let speedupAfter = Number.NaN;
    for (let round = 0; round < rounds; round++) {
      setNumThreads(c.threads ?? 1);
      if ((c.threads ?? 1) > 1) {
        // The first threaded product starts the worker pool in the background: give it time to start, so the
        // samples measure the threads rather than the single-thread fallback that runs until a worker is ready.
        c.seedling();
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      if (threads > 1 && round === 0) speedupBefore = parallelSpeedup(threads);
      seedling = faster(seedling, measure(`${c.name} seedling`, c.seedling, c.unit, c.work, sampling));
      if (threads > 1 && round === rounds - 1) speedupAfter = parallelSpeedup(threads);
      setNumThreads(1);
      for (const peer of TFJS_PEERS) {
        const fn = c.peers[peer];
        if (fn === undefined) continue;
        await usePeer(peer);
        peers[peer] = faster(peers[peer], measure(`${c.name} ${peer}`, fn, c.unit, c.work, sampling));
      }
      const torch = options.pytorch;
      if (torch != null && c.torch !== undefined) {
        // Sequential, after the JS engines: the Python process idles while they run, and they while it runs.
        for (const [peer, threads] of [
          ['torch1', 1],
          ['torchAll', torch.cores],
        ] as const) {
          const t = await torch.measure(c.torch, threads, sampling);
          const m: Measurement = { value: figure(c.unit, c.work, t.seconds), seconds: t.seconds, rme: t.rme, samples: t.samples };
          peers[peer] = faster(peers[peer], m);
        }
      }
    }
    releaseTfjsInputs();
    if (seedling === undefined) throw new Error('benchmarks: rounds must be at least 1');
    const ratios: CaseResult['ratios'] = {};
    for (const peer of Object.keys(peers) as PeerName[]) ratios[peer] = seedling.value / peers[peer]!.value;
    const result: CaseResult = { name: c.name, unit: c.unit, work: c.work, seedling, peers, ratios };
    if (threads > 1) result.parallelSpeedup = { before: speedupBefore, after: speedupAfter };
    options.onResult?.(result);
    results.push(result);
  }
  return results;
}
