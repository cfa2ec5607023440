/**
 * The one shape every benchmark takes: a named piece of work, Seedling's way of doing it and each
 * peer's way, measured in the same run so the ratios compare like with like.
 */
import type { TorchSpec } from './pytorch.ts';

/** How a case's figure is reported: throughput (higher is better) or time per call (lower is better). */
export type Unit = 'GFLOP/s' | 'GB/s' | 'ms';

/** The TensorFlow.js peers, run in this process (each case gives a function per backend). */
export type TfjsPeerName = 'tfjsCpu' | 'tfjsWasm';

/**
 * Peers Seedling is measured against. Keys are stable: they name columns and JSON fields. `torch1` and
 * `torchAll` are PyTorch CPU with one thread and with every core, timed by a Python process from the
 * case's `torch` spec (see lib/pytorch.ts).
 */
export type PeerName = TfjsPeerName | 'torch1' | 'torchAll';

/** Display names of the peers, in table order. */
export const PEER_LABELS: Readonly<Record<PeerName, string>> = {
  tfjsCpu: 'tfjs-cpu',
  tfjsWasm: 'tfjs-wasm',
  torch1: 'torch-1t',
  torchAll: 'torch-all',
};

/** A benchmark case. Each function does the whole piece of work once, synchronously, and returns nothing. */
export interface Case {
  /** Short unique name, e.g. `matmul f32 256`. */
  name: string;
  /** Unit of the reported figure. */
  unit: Unit;
  /**
   * Work done by one call: floating-point operations for GFLOP/s, bytes read + written for GB/s
   * (ignored for ms). Figure = work / seconds per call / 1e9.
   */
  work: number;
  /** Seedling's implementation. */
  seedling: () => void;
  /**
   * Threads Seedling may use for this case (`setNumThreads`); default 1, so a row's figure does not depend on
   * the machine's core count. Rows with more threads say so in their name.
   */
  threads?: number;
  /**
   * Peers' implementations. The harness activates the matching backend (tfjsCpu → 'cpu',
   * tfjsWasm → 'wasm') before the first call, so a peer may create its inputs lazily on that call.
   */
  peers: Partial<Record<TfjsPeerName, () => void>>;
  /** The same work for the PyTorch peer, as `pytorch/bench_torch.py` builds it; absent = no PyTorch column. */
  torch?: TorchSpec;
  /**
   * Sampling overrides for this case (each field replaces the run's setting). For slow cases, e.g. a
   * whole training epoch of several seconds, where the run's `minSamples` and rounds would take minutes.
   */
  sampling?: CaseSampling;
}

/** Per-case overrides of the harness's sampling settings. */
export interface CaseSampling {
  /** Minimum number of benchmark.js samples (at least 2, so a margin of error exists). */
  minSamples?: number;
  /** Seconds benchmark.js keeps sampling once `minSamples` are taken. */
  maxTime?: number;
  /** Interleaved rounds per engine (fastest kept). */
  rounds?: number;
}

/** A named group of cases, built on demand so unselected suites allocate nothing. */
export interface Suite {
  /** Suite name, e.g. `tensor`. */
  name: string;
  /** Builds the cases; `quick` asks for fewer / smaller sizes. */
  cases(options: { quick: boolean }): Case[];
}
