import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// The union package registers every op's gradient (tfjs-core alone has none, so `tf.variableGrads` and the
// optimizers would throw); it shares tfjs-core's engine and registries with the import above.
import '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { TfjsPeerName } from './case.ts';

/** The TensorFlow.js backend each peer runs on. */
export const PEER_BACKENDS: Readonly<Record<TfjsPeerName, string>> = { tfjsCpu: 'cpu', tfjsWasm: 'wasm' };

let initialized = false;

/**
 * Registers both TensorFlow.js backends once. The WASM binaries ship in the package's `dist/`; Node needs
 * that directory as a file path with a trailing slash. Multithreading is switched off so every engine
 * in the table runs on one thread (Seedling is single-threaded).
 */
export async function initTfjs(): Promise<void> {
  if (initialized) return;
  const require = createRequire(import.meta.url);
  setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  for (const backend of ['wasm', 'cpu']) {
    if (!(await tf.setBackend(backend))) throw new Error(`benchmarks: TensorFlow.js backend '${backend}' failed to initialize`);
  }
  await tf.ready();
  // The cpu backend prints a one-time "install tfjs-node" banner on its first write: get it out of the
  // way now, before any table is printed.
  tf.dispose(tf.zeros([1]));
  initialized = true;
}

/** Makes `peer`'s backend the active one (after `initTfjs`). */
export async function usePeer(peer: TfjsPeerName): Promise<void> {
  await initTfjs();
  const backend = PEER_BACKENDS[peer];
  if (!(await tf.setBackend(backend))) throw new Error(`benchmarks: cannot switch to TensorFlow.js backend '${backend}'`);
  await tf.ready();
}

const releasers: (() => void)[] = [];

/** Disposes every input tensor created by `tfjsPeers` functions so far (the harness calls it after each case). */
export function releaseTfjsInputs(): void {
  for (const release of releasers.splice(0)) release();
}

/**
 * Both tfjs peers of a case. Inputs are built from `makeInputs` on the first call, in whichever backend
 * is active then (the harness switches first), and kept until `releaseTfjsInputs`. Each call runs `op`
 * inside `tf.tidy` (so intermediates are freed) and reads the result with `dataSync()` — TensorFlow.js
 * may return before the work is done, and reading the data forces it to finish.
 */
export function tfjsPeers(makeInputs: () => tf.Tensor[], op: (inputs: tf.Tensor[]) => tf.Tensor): Record<TfjsPeerName, () => void> {
  return tfjsStatefulPeers(makeInputs, op, (inputs) => tf.dispose(inputs));
}

/**
 * Both tfjs peers of a case that keeps state between calls (variables, an optimizer, a data set).
 * `setup` runs on each peer's first call, in the backend active then, and `teardown` when the harness
 * releases the case's inputs. Each call runs `step(state)` inside `tf.tidy` and reads the tensor it
 * returns with `dataSync()`, as `tfjsPeers` does; a step that reads its own results may return null.
 */
export function tfjsStatefulPeers<S>(
  setup: () => S,
  step: (state: S) => tf.Tensor | null,
  teardown: (state: S) => void,
): Record<TfjsPeerName, () => void> {
  const one = (): (() => void) => {
    let state: { value: S } | null = null;
    return () => {
      if (state === null) {
        const made = { value: setup() };
        state = made;
        releasers.push(() => {
          teardown(made.value);
          state = null;
        });
      }
      const s = state.value;
      tf.tidy(() => {
        step(s)?.dataSync();
      });
    };
  };
  return { tfjsCpu: one(), tfjsWasm: one() };
}

/** TensorFlow.js core (cpu and wasm backends and all gradients registered), for suites to write their peers with. */
export { tf };
