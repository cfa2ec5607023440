/*
 * The storage behind `NDArray.dispose()`: a released buffer is detached from every view of it (so no reference
 * kept anywhere can read or write it again) and waits here, keyed by its byte length, for the next result of that
 * size (`allocateUninitialized`). Reusing memory that is still in cache is what makes a disposed result cheap:
 * add f32 1M into a fresh buffer streams the new 4 MB from DRAM (≈ 12–16 GB/s), into a recycled one ≈ 25–28 GB/s
 * (docs/benchmarks.md, "Sixth round").
 */
import { describeValue } from './describe-value.ts';
import { ArgumentError } from './errors.ts';

/** Buffers below this many bytes are released but not kept: the allocator serves them as fast, zeroed. */
export const POOL_MIN_BYTES = 4096;

const DEFAULT_LIMIT = 64 * 2 ** 20;

const pools = new Map<number, ArrayBuffer[]>();
let pooledBytes = 0;
let pooledBuffers = 0;
let limitBytes = DEFAULT_LIMIT;

/**
 * Buffers that more than one NDArray wraps (the views `reshape`, `squeeze` and `expandDims` return): disposing
 * one of those arrays must not take the storage from the others, so such a buffer is never released — the
 * garbage collector frees it, as it would without `dispose()`.
 */
const shared = new WeakSet<ArrayBufferLike>();

/** Records that a second NDArray now wraps `data`'s buffer (see `shared`). */
export function markShared(data: ArrayBufferView): void {
  shared.add(data.buffer);
}

type Detach = (buffer: ArrayBuffer) => ArrayBuffer;

/**
 * Moves `buffer`'s memory into a new ArrayBuffer and detaches the old one (its views then have length 0), without
 * copying: `ArrayBuffer.prototype.transfer` where the engine has it (Node 22+, current browsers), else
 * `structuredClone` with the buffer in its transfer list (Node 17+), which moves the backing store the same way.
 * Null where neither exists.
 */
const detach: Detach | null = (() => {
  const transfer = (ArrayBuffer.prototype as { transfer?: (this: ArrayBuffer) => ArrayBuffer }).transfer;
  if (typeof transfer === 'function') return (b: ArrayBuffer) => transfer.call(b);
  const clone = (globalThis as { structuredClone?: (value: unknown, options: { transfer: unknown[] }) => unknown }).structuredClone;
  if (typeof clone === 'function') return (b: ArrayBuffer) => clone(b, { transfer: [b] }) as ArrayBuffer;
  return null;
})();

/**
 * Detaches the storage of `data` and keeps its memory for reuse, when `data` alone owns a whole, ordinary
 * ArrayBuffer. Returns false, touching nothing, for storage it must leave alone: shared with a view, part of a
 * larger buffer, a SharedArrayBuffer, a WebAssembly memory (which cannot be detached), or an engine without a
 * way to detach.
 */
export function releaseStorage(data: ArrayBufferView): boolean {
  const buffer = data.buffer;
  if (detach === null || !(buffer instanceof ArrayBuffer) || shared.has(buffer)) return false;
  if (data.byteOffset !== 0 || data.byteLength !== buffer.byteLength) return false;
  let moved: ArrayBuffer;
  try {
    moved = detach(buffer);
  } catch {
    return false; // `transfer` refuses a buffer that cannot be detached (WebAssembly memory, one a host API pinned)
  }
  // structuredClone *copies* a buffer it cannot detach (Node 20 with a WebAssembly memory's): drop the copy.
  if (buffer.byteLength !== 0) return false;
  const bytes = moved.byteLength;
  if (bytes < POOL_MIN_BYTES || bytes > limitBytes) return true;
  // Make room by dropping buffers of the sizes used least recently (a size no result asks for any more).
  evictDownTo(limitBytes - bytes, bytes);
  let list = pools.get(bytes);
  if (list === undefined) list = [];
  else pools.delete(bytes);
  pools.set(bytes, list); // most recently used size last
  list.push(moved);
  pooledBytes += bytes;
  pooledBuffers++;
  return true;
}

/**
 * Drops pooled buffers until at most `target` bytes remain: whole sizes in least-recently-used order (the Map keeps
 * sizes in the order they were last released or taken), oldest buffer first, `keep` (the size being added) last.
 */
function evictDownTo(target: number, keep = -1): void {
  for (const pass of [false, true]) {
    for (const [size, list] of pools) {
      if (pooledBytes <= target) return;
      if ((size === keep) !== pass) continue;
      while (list.length > 0 && pooledBytes > target) {
        list.shift();
        pooledBytes -= size;
        pooledBuffers--;
      }
      if (list.length === 0) pools.delete(size);
    }
  }
}

/**
 * A released buffer as an array of `size` elements of `dtype` (the one released last: the likeliest to be in
 * cache; its contents are whatever it last held), or null when none of that byte size waits.
 */
export function takePooledArray(dtype: 'float32' | 'float64', size: number): Float32Array | Float64Array | null {
  if (pooledBuffers === 0) return null;
  const buffer = takePooled(size * (dtype === 'float64' ? 8 : 4));
  if (buffer === null) return null;
  return dtype === 'float64' ? new Float64Array(buffer) : new Float32Array(buffer);
}

/** A released buffer of exactly `bytes` bytes, or null. */
function takePooled(bytes: number): ArrayBuffer | null {
  if (bytes < POOL_MIN_BYTES) return null;
  const list = pools.get(bytes);
  const buffer = list?.pop();
  if (buffer === undefined) return null;
  pools.delete(bytes);
  if (list!.length > 0) pools.set(bytes, list!); // most recently used size last
  pooledBytes -= bytes;
  pooledBuffers--;
  return buffer;
}

/** How much memory disposed arrays left for reuse (see `setBufferPoolLimit`). */
export interface BufferPoolStatus {
  /** Bytes held for reuse. */
  readonly bytes: number;
  /** Buffers held for reuse. */
  readonly buffers: number;
  /** The most bytes the pool holds (see `setBufferPoolLimit`). */
  readonly limit: number;
}

/**
 * The memory that `NDArray.dispose()` handed back and no result has taken yet.
 *
 * @example
 * const a = add(x, y); a.dispose(); getBufferPoolStatus().buffers; // 1 (for x, y of ≥ 1,024 float32 elements)
 */
export function getBufferPoolStatus(): BufferPoolStatus {
  return { bytes: pooledBytes, buffers: pooledBuffers, limit: limitBytes };
}

/**
 * Sets the most bytes that disposed arrays' memory may occupy while waiting for reuse (default 64 MiB). A released
 * buffer that would exceed it takes the place of the sizes used least recently; one larger than the limit goes to
 * the garbage collector. Lowering it frees what no longer fits (least recently used sizes first); 0 turns recycling off (`dispose()`
 * still detaches the storage). Throws ArgumentError unless `bytes` is a non-negative safe integer.
 *
 * @example setBufferPoolLimit(0); // dispose() no longer keeps memory
 */
export function setBufferPoolLimit(bytes: number): void {
  if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
    throw new ArgumentError('setBufferPoolLimit', `bytes must be a non-negative integer, got ${describeValue(bytes)}`);
  }
  limitBytes = bytes;
  evictDownTo(limitBytes);
}

/** Test hook: empties the pool and restores the default limit. */
export function resetBufferPool(): void {
  pools.clear();
  pooledBytes = 0;
  pooledBuffers = 0;
  limitBytes = DEFAULT_LIMIT;
}
