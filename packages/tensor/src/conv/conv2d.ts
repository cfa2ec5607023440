import { type TypedArray, allocate, resultDType } from '../dtype.ts';
import { ShapeError, formatShape } from '../errors.ts';
import { gemmWouldThread } from '../kernels/gemm-f32-threads.ts';
import { selectGemm } from '../kernels/select-gemm.ts';
import { NDArray } from '../ndarray.ts';
import { checkBiasArg, checkChannelBiasArgs, checkNDArrayArg } from './arg-checks.ts';
import { type Conv2dOptions, type ConvGeometry, conv2dGeometry } from './conv-geometry.ts';
import { depthwiseForward, depthwiseInputGrad, depthwiseWeightGrad, isDepthwise } from './depthwise-conv2d.ts';
import { conv2dDirectF32, directConvAvailable } from './conv2d-direct.ts';
import { conv2dStride1Forward, stride1ChunkColumns, useStride1Forward } from './conv2d-stride1.ts';
import { col2im, im2col, samplesPerChunk, scratch } from './im2col.ts';

/*
 * 2-D convolution (cross-correlation, as in every deep-learning library) and its two gradients, on
 * im2col + the shared GEMM (the WebAssembly SIMD kernel for float32). Per channel group g and chunk of
 * samples, with P output positions and K = (C/groups)·kH·kW, cols [K, P]:
 *   forward       Y_g [O/g, P] = W_g [O/g, K] · cols
 *   weight grad  dW_g [O/g, K] += dY_g [O/g, P] · colsᵀ
 *   input grad   dcols [K, P] = W_gᵀ · dY_g, then col2im
 * Chunks bound the patch matrix whatever the batch size. Depthwise convolutions (one input channel per
 * group) take direct kernels instead (depthwise-conv2d.ts). The float32 forward runs the same product on
 * the direct kernel (conv2d-direct.ts: patches read in place), unless the GEMM would run on several
 * threads (see useDirectForward).
 */

/** Per-channel sizes shared by the three kernels. */
function sizes(geo: ConvGeometry): { plane: number; cog: number; k: number } {
  return { plane: geo.outH * geo.outW, cog: geo.cOut / geo.groups, k: (geo.cIn / geo.groups) * geo.kh * geo.kw };
}

/**
 * Multiply-adds per GEMM product from which the threaded GEMM beats the one-thread direct kernel. The direct
 * kernel is 1.1–2.4× faster than the one-thread GEMM paths (docs/benchmarks.md), most on layers with few
 * channels, where the threaded GEMM also gains least: at load ≈ 1, 3×3 64→64 on 32×32 (products of 38 M) took
 * 66 ms on 2 threads against 76 direct, but the MNIST-CNN 16→32 layer (15 M) 12.7 against 8.3 direct.
 */
const THREADED_CONV_MIN_WORK = 2 ** 25;

/**
 * Whether the float32 forward takes the direct kernel: always on one thread, and on several unless the GEMM
 * path's products are big enough for the worker pool to win (THREADED_CONV_MIN_WORK). The two give the same
 * bits wherever the GEMM path would use the SIMD GEMM, which includes every product big enough for threads,
 * so the thread count never changes a result. (Products too small for the SIMD GEMM ran on the JS GEMM, which
 * sums in float64; the direct kernel sums them in float32.)
 */
function useDirectForward(geo: ConvGeometry, x: TypedArray, weight: TypedArray): boolean {
  if (!(x instanceof Float32Array) || !(weight instanceof Float32Array) || !directConvAvailable()) return false;
  const { plane, cog, k } = sizes(geo);
  const cols = useStride1Forward(geo, x, weight) ? stride1ChunkColumns(geo) : samplesPerChunk(geo) * plane;
  return cog * cols * k < THREADED_CONV_MIN_WORK || !gemmWouldThread(cog, cols, k);
}

/** Adds `bias[c]` to every element of channel c of the NCHW buffer `y`. */
export function addChannelBias(y: TypedArray, bias: TypedArray, n: number, channels: number, plane: number): void {
  checkChannelBiasArgs(y, bias, n, channels, plane);
  for (let s = 0, off = 0; s < n; s++) {
    for (let c = 0; c < channels; c++, off += plane) {
      const b = bias[c]!;
      for (let i = off, end = off + plane; i < end; i++) y[i]! += b;
    }
  }
}

function checkBias(op: string, bias: NDArray | null, channels: number, x: NDArray, weight: NDArray): void {
  if (bias !== null && (bias.rank !== 1 || bias.shape[0] !== channels)) {
    throw new ShapeError(
      op,
      `bias must have shape [${channels}] (one per output channel), got ${formatShape(bias.shape)}: input ${formatShape(x.shape)}, weight ${formatShape(weight.shape)}`,
      [x.shape, weight.shape, bias.shape],
    );
  }
}

/**
 * 2-D convolution of `x` [N, C, H, W] with `weight` [O, C/groups, kH, kW], plus `bias` [O] if given.
 *
 * `y[n, o, i, j] = b[o] + Σ_{c, p, q} w[o, c, p, q] · x[n, g·C/groups + c, i·sH − padTop + p·dH, j·sW − padLeft + q·dW]`
 * with g = ⌊o / (O/groups)⌋ and zeros outside the input (PyTorch's `conv2d`). Output `[N, O, outH, outW]`
 * (see `conv2dGeometry`). float32 runs on WebAssembly SIMD (a direct kernel, or the im2col GEMM when that
 * runs on several threads: same bits) and accumulates in float32; float64 accumulates in float64.
 *
 * @example
 * conv2d(ones([1, 1, 3, 3]), ones([1, 1, 2, 2]), null).toArray(); // [[[[4, 4], [4, 4]]]]
 */
export function conv2d(x: NDArray, weight: NDArray, bias: NDArray | null = null, options: Conv2dOptions = {}): NDArray {
  checkNDArrayArg('conv2d', 'input', x);
  checkNDArrayArg('conv2d', 'weight', weight);
  checkBiasArg('conv2d', bias);
  const geo = conv2dGeometry('conv2d', x.shape, weight.shape, options);
  checkBias('conv2d', bias, geo.cOut, x, weight);
  const { plane, cog, k } = sizes(geo);
  const dtype = resultDType(x.dtype, weight.dtype);
  const out = allocate(dtype, geo.n * geo.cOut * plane);
  if (isDepthwise(geo)) {
    const biasAdded = depthwiseForward(x.data, weight.data, bias === null ? null : bias.data, out, geo);
    if (bias !== null && !biasAdded) addChannelBias(out, bias.data, geo.n, geo.cOut, plane);
    return new NDArray(out, [geo.n, geo.cOut, geo.outH, geo.outW]);
  }
  if (useDirectForward(geo, x.data, weight.data)) {
    conv2dDirectF32(x.data as Float32Array, weight.data as Float32Array, bias === null ? null : bias.data, out as Float32Array, geo);
    return new NDArray(out, [geo.n, geo.cOut, geo.outH, geo.outW]);
  }
  if (useStride1Forward(geo, x.data, weight.data)) {
    conv2dStride1Forward(x.data as Float32Array, weight.data as Float32Array, bias === null ? null : bias.data, out, geo);
    return new NDArray(out, [geo.n, geo.cOut, geo.outH, geo.outW]);
  }
  const chunk = samplesPerChunk(geo);
  const cols = scratch(x.dtype, 0, chunk * plane * k);
  const tmp = scratch(dtype, 1, cog * chunk * plane);
  for (let n0 = 0; n0 < geo.n; n0 += chunk) {
    const samples = Math.min(chunk, geo.n - n0);
    const p = samples * plane;
    for (let g = 0; g < geo.groups; g++) {
      im2col(x.data, geo, n0, samples, g, cols);
      selectGemm(weight.dtype, x.dtype, cog, p, k)(cog, p, k, weight.data, g * cog * k, k, 1, cols, 0, p, 1, tmp, 0);
      for (let o = 0; o < cog; o++) {
        for (let s = 0; s < samples; s++) {
          const src = o * p + s * plane;
          out.set(tmp.subarray(src, src + plane), ((n0 + s) * geo.cOut + g * cog + o) * plane);
        }
      }
    }
  }
  if (bias !== null) addChannelBias(out, bias.data, geo.n, geo.cOut, plane);
  return new NDArray(out, [geo.n, geo.cOut, geo.outH, geo.outW]);
}

function checkGradOut(op: string, gy: NDArray, geo: ConvGeometry): void {
  const expected = [geo.n, geo.cOut, geo.outH, geo.outW];
  if (gy.rank !== 4 || gy.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(op, `output gradient has shape ${formatShape(gy.shape)}, expected ${formatShape(expected)}`, [gy.shape, expected]);
  }
}

/** Copies channel group g of `gy` for samples n0… into `buf` as a [O/g, P] matrix. */
function gatherGradOut(gy: TypedArray, geo: ConvGeometry, n0: number, samples: number, g: number, buf: TypedArray): void {
  const { plane, cog } = sizes(geo);
  const p = samples * plane;
  for (let o = 0; o < cog; o++) {
    for (let s = 0; s < samples; s++) {
      const src = ((n0 + s) * geo.cOut + g * cog + o) * plane;
      buf.set(gy.subarray(src, src + plane), o * p + s * plane);
    }
  }
}

/**
 * Gradient of `conv2d` with respect to its input: `dx` of shape `inputShape` from the output gradient
 * `gy` (the adjoint of the convolution, i.e. a transposed convolution). Same options as the forward.
 *
 * @example
 * conv2dInputGrad(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]), [1, 1, 3, 3]).toArray(); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 */
export function conv2dInputGrad(gy: NDArray, weight: NDArray, inputShape: readonly number[], options: Conv2dOptions = {}): NDArray {
  checkNDArrayArg('conv2dInputGrad', 'gy', gy);
  checkNDArrayArg('conv2dInputGrad', 'weight', weight);
  const geo = conv2dGeometry('conv2dInputGrad', inputShape, weight.shape, options);
  checkGradOut('conv2dInputGrad', gy, geo);
  const { plane, cog, k } = sizes(geo);
  const dtype = resultDType(gy.dtype, weight.dtype);
  const dx = allocate(dtype, geo.n * geo.cIn * geo.h * geo.w);
  if (isDepthwise(geo)) {
    depthwiseInputGrad(gy.data, weight.data, dx, geo);
    return new NDArray(dx, inputShape);
  }
  const chunk = samplesPerChunk(geo);
  const dcols = scratch(dtype, 0, chunk * plane * k);
  const gyt = scratch(gy.dtype, 2, cog * chunk * plane);
  for (let n0 = 0; n0 < geo.n; n0 += chunk) {
    const samples = Math.min(chunk, geo.n - n0);
    const p = samples * plane;
    for (let g = 0; g < geo.groups; g++) {
      gatherGradOut(gy.data, geo, n0, samples, g, gyt);
      selectGemm(weight.dtype, gy.dtype, k, p, cog)(k, p, cog, weight.data, g * cog * k, 1, k, gyt, 0, p, 1, dcols, 0);
      col2im(dcols, geo, n0, samples, g, dx);
    }
  }
  return new NDArray(dx, inputShape);
}

/**
 * Gradient of `conv2d` with respect to its weight: `dw` of shape `weightShape` from the input `x` and
 * the output gradient `gy`, summed over the batch. Same options as the forward.
 *
 * @example
 * conv2dWeightGrad(ones([1, 1, 3, 3]), ones([1, 1, 2, 2]), [1, 1, 2, 2]).toArray(); // [[[[4, 4], [4, 4]]]]
 */
export function conv2dWeightGrad(x: NDArray, gy: NDArray, weightShape: readonly number[], options: Conv2dOptions = {}): NDArray {
  checkNDArrayArg('conv2dWeightGrad', 'input', x);
  checkNDArrayArg('conv2dWeightGrad', 'gy', gy);
  const geo = conv2dGeometry('conv2dWeightGrad', x.shape, weightShape, options);
  checkGradOut('conv2dWeightGrad', gy, geo);
  const { plane, cog, k } = sizes(geo);
  const dtype = resultDType(x.dtype, gy.dtype);
  const dw = allocate(dtype, geo.cOut * k);
  if (isDepthwise(geo)) {
    depthwiseWeightGrad(x.data, gy.data, dw, geo);
    return new NDArray(dw, weightShape);
  }
  const chunk = samplesPerChunk(geo);
  const cols = scratch(x.dtype, 0, chunk * plane * k);
  const gyt = scratch(gy.dtype, 2, cog * chunk * plane);
  const tmp = scratch(dtype, 1, cog * k);
  for (let n0 = 0; n0 < geo.n; n0 += chunk) {
    const samples = Math.min(chunk, geo.n - n0);
    const p = samples * plane;
    for (let g = 0; g < geo.groups; g++) {
      im2col(x.data, geo, n0, samples, g, cols);
      gatherGradOut(gy.data, geo, n0, samples, g, gyt);
      selectGemm(gy.dtype, x.dtype, cog, k, p)(cog, k, p, gyt, 0, p, 1, cols, 0, 1, p, tmp, 0);
      const base = g * cog * k;
      if (n0 === 0) dw.set(tmp.subarray(0, cog * k), base);
      else for (let i = 0; i < cog * k; i++) dw[base + i]! += tmp[i]!;
    }
  }
  return new NDArray(dw, weightShape);
}
