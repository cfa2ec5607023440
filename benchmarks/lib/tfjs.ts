import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { PeerName } from './case.ts';

/** The TensorFlow.js backend each peer runs on. */
export const PEER_BACKENDS: Readonly<Record<PeerName, string>> = { tfjsCpu: 'cpu', tfjsWasm: 'wasm' };

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
export async function usePeer(peer: PeerName): Promise<void> {
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
export function tfjsPeers(makeInputs: () => tf.Tensor[], op: (inputs: tf.Tensor[]) => tf.Tensor): Record<PeerName, () => void> {
  const one = (): (() => void) => {
    let inputs: tf.Tensor[] | null = null;
    return () => {
      if (inputs === null) {
        const made = makeInputs();
        inputs = made;
        releasers.push(() => {
          tf.dispose(made);
          inputs = null;
        });
      }
      const ins = inputs;
      tf.tidy(() => {
        op(ins).dataSync();
      });
    };
  };
  return { tfjsCpu: one(), tfjsWasm: one() };
}

export { tf };
