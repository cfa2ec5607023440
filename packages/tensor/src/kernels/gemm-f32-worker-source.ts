/*
 * The GEMM worker's program, as source text: a worker started from a string (Node's `eval: true`, a Blob URL
 * in browsers) needs no separate file, so it works the same from TypeScript sources, the built `dist` and a
 * bundle. Plain ES2022 JavaScript, self-contained (a bundler never sees inside a string, so nothing here may
 * refer to an import or a helper it would inject).
 *
 * The protocol (gemm-f32-threads.ts drives the other side) lives in `ctrl`, an Int32Array on a
 * SharedArrayBuffer; the slot numbers are the CTRL_* constants below, shared with that file.
 *
 * - The main thread publishes a job seqlock-style: SEQ becomes odd, the parameters are written, DONE is
 *   zeroed and CLAIM set to `tag << 16` (tag = SEQ / 2 mod 2¹⁵), then SEQ becomes even and is notified.
 * - Every thread, the main one included, takes panels of C by compare-exchanging CLAIM from `tag << 16 | i`
 *   to `… | i + 1`. A claim carrying another job's tag fails, so a worker that wakes late can never run an
 *   old job's parameters against a new job's panels.
 * - After a panel: DONE += 1, and the last panel notifies DONE.
 *   k is never split, so each element of C is summed in the same order whoever computes its panel.
 * - An exception sets FAILED and notifies DONE; STOP ends the loop (pool resized or abandoned).
 */

/** Slots of the control array. */
export const CTRL_SEQ = 0;
export const CTRL_STOP = 1;
export const CTRL_READY = 2;
export const CTRL_FAILED = 3;
export const CTRL_CLAIM = 4;
export const CTRL_DONE = 5;
/** Job parameters: mp, np, k, A, B, C pointers (bytes), C row stride (bytes), split (0 rows, 1 columns), step, count. */
export const CTRL_PARAMS = 6;
/** Panels computed by workers (not the main thread) since the pool started: lets tests see threads worked. */
export const CTRL_WORKER_PANELS = 16;
/** Test hook: 1 makes the next worker panel throw, 2 makes it block forever (to exercise the fallbacks). */
export const CTRL_FAULT = 17;
/**
 * What the job is: a GEMM (params as above), or an element-wise kernel of elementwise-f32.wat on its own shared
 * memory — unary `f(a, o, len)` or binary `f(a, b, o, len)`, params: op index (into the `ops` names the worker
 * got), A, B, O pointers (bytes), n, step, count; panel i covers elements [i·step, min(n, (i + 1)·step)).
 */
export const CTRL_KIND = 18;
export const KIND_GEMM = 0;
export const KIND_UNARY = 1;
export const KIND_BINARY = 2;
/**
 * A reduction kernel of reduce-f32.wat (on the element-wise kernels' shared memory), `f(x, rows, n, ld, acc)`;
 * params: op index, X, ACC pointers (bytes), rows, n, ld, bytes per accumulator, split (0 rows, 1 columns), step,
 * count. Panel i covers rows (or columns) [i·step, min(rows or n, (i + 1)·step)): whole outputs, never part of
 * one output's run, so each output is folded in the same order whoever runs its panel.
 */
export const KIND_REDUCE = 3;
/** How long an idle worker polls for the next job before it sleeps in `Atomics.wait`, in µs (read per idle spell). */
export const CTRL_SPIN_US = 19;
/**
 * A thread kernel's export (thread-kernel.ts): a module of the caller's on a shared memory of its own, which
 * the workers instantiate from a message on their port. Params: kernel id, op index, n, step, count; the op's
 * arguments (its pointers, then its float32 scalars as bits) are in the ARGS slots. Panel i calls
 * `f(ptr₀ + 4·i·step, …, len, scalars…)` with len = min(step, n − i·step).
 */
export const KIND_KERNEL = 4;
/**
 * A GEMM split by columns whose panels pack their own columns of B first (params as KIND_GEMM, split 1): the ARGS
 * slots hold where B's raw copy lies (byte offset of Bᵀ's row 0, row and column strides in bytes) and its real
 * column count; panel i packs Bᵀ rows [i·step, min(nb, (i + 1)·step)) into its panels of packed B, then multiplies.
 */
export const KIND_GEMM_PACK_B = 5;
/** Bumped after every message posted to the workers' ports (a kernel registered or dropped): a worker drains its port when it changed. */
export const CTRL_KERNEL_EPOCH = 20;
/** First of the slots holding a thread-kernel job's arguments. */
export const CTRL_ARGS = 21;
/** Most arguments (pointers + scalars) one thread-kernel op may take. */
export const MAX_KERNEL_ARGS = 27;
/** Length of the control array. */
export const CTRL_LENGTH = CTRL_ARGS + MAX_KERNEL_ARGS;
/** Most panels one job may have (a claim keeps the panel index in 16 bits; this is far below). */
export const MAX_PANELS = 256;

/**
 * The worker body; `serve({ module, memory, ctrl, ew, port }, receive)` runs until STOP. `ew` (optional): the
 * element-wise kernels' shared build `{ module, memory, ops, reduce }`, `reduce` (optional) the reduction kernels'
 * shared build on the same memory, `ops` naming the exports (of either) a job's op index selects. `port`
 * (Node): where thread kernels arrive (`{ id, module, memory, ops: [{ name, pointers, scalars }] }`) and leave
 * (`{ drop: id }`); `receive(port)` takes one message synchronously, or undefined.
 */
const BODY = `'use strict';
const SEQ = ${CTRL_SEQ}, STOP = ${CTRL_STOP}, READY = ${CTRL_READY}, FAILED = ${CTRL_FAILED}, CLAIM = ${CTRL_CLAIM};
const DONE = ${CTRL_DONE}, P = ${CTRL_PARAMS}, WORKER_PANELS = ${CTRL_WORKER_PANELS}, FAULT = ${CTRL_FAULT};
const SPIN_US = ${CTRL_SPIN_US}, KIND = ${CTRL_KIND}, KIND_UNARY = ${KIND_UNARY}, KIND_BINARY = ${KIND_BINARY};
const KIND_REDUCE = ${KIND_REDUCE}, KIND_KERNEL = ${KIND_KERNEL}, KERNEL_EPOCH = ${CTRL_KERNEL_EPOCH}, ARGS = ${CTRL_ARGS};
const KIND_GEMM_PACK_B = ${KIND_GEMM_PACK_B};
function fail(ctrl) {
  Atomics.store(ctrl, FAILED, 1);
  Atomics.notify(ctrl, DONE);
}
// Thread kernels (KIND_KERNEL): id → its ops ({ fn, pointers, scalars }), from the messages on data.port, which
// receive(port) reads synchronously (Node's receiveMessageOnPort; browsers get no port and no such jobs).
function syncKernels(kernels, port, receive) {
  for (let m = receive(port); m !== undefined; m = receive(port)) {
    const msg = m.message;
    if (msg.drop !== undefined) {
      kernels.delete(msg.drop);
      continue;
    }
    const e = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } }).exports;
    kernels.set(msg.id, msg.ops.map((op) => ({ fn: e[op.name], pointers: op.pointers, scalars: op.scalars })));
  }
}
function serve(data, receive) {
  const ctrl = data.ctrl;
  const argBits = new Int32Array(1);
  const argFloat = new Float32Array(argBits.buffer);
  const kernels = new Map();
  let kernelEpoch = -1;
  let gemm;
  let pack;
  let ops = [];
  try {
    const g = new WebAssembly.Instance(data.module, { env: { memory: data.memory } }).exports;
    gemm = g.gemm;
    pack = g.pack;
    if (data.ew) {
      const ew = new WebAssembly.Instance(data.ew.module, { env: { memory: data.ew.memory } }).exports;
      const rd = data.ew.reduce ? new WebAssembly.Instance(data.ew.reduce, { env: { memory: data.ew.memory } }).exports : {};
      ops = data.ew.ops.map((name) => ew[name] ?? rd[name]);
    }
  } catch (err) {
    fail(ctrl);
    return;
  }
  Atomics.add(ctrl, READY, 1);
  let seen = 0;
  let spinUntil = 0;
  let polls = 0;
  for (;;) {
    if (Atomics.load(ctrl, STOP) !== 0) return;
    const seq = Atomics.load(ctrl, SEQ);
    if (seq === seen || (seq & 1) !== 0) {
      // Spin a little before sleeping: products often come in bursts (a training step), and waking from
      // Atomics.wait takes tens of microseconds.
      // performance.now() allocates a heap number (a scavenge every ≈ 40 ms of spinning when read every poll):
      // the clock is read every 64th poll only.
      if (spinUntil === 0) {
        spinUntil = performance.now() + Atomics.load(ctrl, SPIN_US) / 1000;
        polls = 0;
      }
      if ((++polls & 63) !== 0 || performance.now() < spinUntil) continue;
      Atomics.wait(ctrl, SEQ, seq);
      continue;
    }
    spinUntil = 0;
    const kind = Atomics.load(ctrl, KIND);
    const p = [];
    for (let i = 0; i < 10; i++) p.push(Atomics.load(ctrl, P + i));
    let op = null;
    const args = [];
    try {
      // At every job, not only a kernel's: a dropped kernel's memory is released at the workers' next job.
      const epoch = Atomics.load(ctrl, KERNEL_EPOCH);
      if (epoch !== kernelEpoch) {
        kernelEpoch = epoch;
        syncKernels(kernels, data.port, receive);
      }
    } catch (err) {
      fail(ctrl);
      return;
    }
    if (kind === KIND_GEMM_PACK_B) for (let i = 0; i < 4; i++) args.push(Atomics.load(ctrl, ARGS + i));
    if (kind === KIND_KERNEL) {
      try {
        op = kernels.get(p[0])[p[1]];
      } catch (err) {
        if (Atomics.load(ctrl, SEQ) !== seq) continue; // a job replaced while read: not this kernel's fault
        fail(ctrl);
        return;
      }
      for (let i = 0; i < op.pointers; i++) args.push(Atomics.load(ctrl, ARGS + i));
      args.push(0);
      for (let i = 0; i < op.scalars; i++) {
        argBits[0] = Atomics.load(ctrl, ARGS + op.pointers + i);
        args.push(argFloat[0]);
      }
    }
    if (Atomics.load(ctrl, SEQ) !== seq) continue;
    const long = kind === 0 || kind === KIND_REDUCE || kind === KIND_GEMM_PACK_B;
    const step = long ? p[8] : kind === KIND_KERNEL ? p[3] : p[5];
    const count = long ? p[9] : kind === KIND_KERNEL ? p[4] : p[6];
    seen = seq;
    const tag = (seq >>> 1) & 0x7fff;
    for (;;) {
      const claim = Atomics.load(ctrl, CLAIM);
      const i = claim & 0xffff;
      if (claim >>> 16 !== tag || i >= count) break;
      if (Atomics.compareExchange(ctrl, CLAIM, claim, claim + 1) !== claim) continue;
      try {
        const fault = Atomics.load(ctrl, FAULT);
        if (fault === 1) throw new Error('injected fault');
        if (fault === 2) Atomics.wait(ctrl, FAULT, 2);
        const at = i * step;
        if (kind === KIND_GEMM_PACK_B) {
          const b = p[4] + at * p[2] * 4;
          pack(args[0] + at * args[1], args[1], args[2], Math.min(step, args[3] - at), p[2], b, 8);
          gemm(p[0], Math.min(step, p[1] - at), p[2], p[3], b, p[5] + at * 4, p[6]);
        } else if (kind === KIND_KERNEL) {
          const a = args.slice();
          for (let j = 0; j < op.pointers; j++) a[j] += at * 4;
          a[op.pointers] = Math.min(step, p[2] - at);
          op.fn(...a);
        } else if (kind === KIND_UNARY) ops[p[0]](p[1] + at * 4, p[3] + at * 4, Math.min(step, p[4] - at));
        else if (kind === KIND_BINARY) ops[p[0]](p[1] + at * 4, p[2] + at * 4, p[3] + at * 4, Math.min(step, p[4] - at));
        else if (kind === KIND_REDUCE && p[7] === 0) ops[p[0]](p[1] + at * p[5] * 4, Math.min(step, p[3] - at), p[4], p[5], p[2] + at * p[6]);
        else if (kind === KIND_REDUCE) ops[p[0]](p[1] + at * 4, p[3], Math.min(step, p[4] - at), p[5], p[2] + at * p[6]);
        else if (p[7] !== 0) gemm(p[0], Math.min(step, p[1] - at), p[2], p[3], p[4] + at * p[2] * 4, p[5] + at * 4, p[6]);
        else gemm(Math.min(step, p[0] - at), p[1], p[2], p[3] + at * p[2] * 4, p[4], p[5] + at * p[6], p[6]);
      } catch (err) {
        fail(ctrl);
        return;
      }
      Atomics.add(ctrl, WORKER_PANELS, 1);
      if (Atomics.add(ctrl, DONE, 1) + 1 === count) Atomics.notify(ctrl, DONE);
    }
  }
}
`;

/**
 * The program of a Node `worker_threads` worker (`eval: true`; the data comes as `workerData`). It reaches
 * `worker_threads` through `process.getBuiltinModule` (Node ≥ 20.16), like the main side, so no `require` of a
 * `node:` module appears anywhere in a browser bundle of the package.
 */
export const NODE_WORKER_SOURCE = `${BODY}{
  const threads = process.getBuiltinModule('node:worker_threads');
  serve(threads.workerData, threads.receiveMessageOnPort);
}\n`;

/** The program of a browser Web Worker (the data comes as the first message). */
export const BROWSER_WORKER_SOURCE = `${BODY}self.onmessage = (event) => serve(event.data, () => undefined);\n`;
