/**
 * Relaxed SIMD for the benchmark process. Seedling's GEMM and direct-conv kernels have a fused multiply-add
 * build (`f32x4.relaxed_madd`) that runs wherever the engine validates relaxed SIMD: Node ≥ 22 and Chrome ≥ 114
 * by default, Node 20 only behind V8's `--experimental-wasm-relaxed-simd`. `npm run bench` turns that flag on
 * (unless `--core-simd`), so a Node 20 machine measures the kernels a current engine runs; the report names the
 * build either way.
 */
import v8 from 'node:v8';
import { decodeBase64 } from '../../packages/tensor/src/kernels/gemm-f32-modules.ts';
import { GEMM_F32_FMA_WASM_BASE64 } from '../../packages/tensor/src/kernels/gemm-f32-wasm-bytes.ts';

/** How relaxed SIMD came to be available (or not) in this process. */
export type RelaxedSimdState = 'default' | 'flag' | 'unavailable' | 'declined';

function validates(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(decodeBase64(GEMM_F32_FMA_WASM_BASE64));
}

/**
 * Makes relaxed SIMD available if the engine can run it; call before the first matrix product (the kernels
 * pick their build once). `'default'`: the engine validates it unflagged; `'flag'`: it does after
 * `v8.setFlagsFromString('--experimental-wasm-relaxed-simd')`; `'unavailable'`: neither.
 */
export function enableRelaxedSimd(): RelaxedSimdState {
  if (validates()) return 'default';
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return validates() ? 'flag' : 'unavailable';
}

/** One line for the report's header. */
export function describeRelaxedSimd(state: RelaxedSimdState): string {
  switch (state) {
    case 'default':
      return 'GEMM/conv kernels: FMA build (relaxed SIMD, validated by this engine by default).';
    case 'flag':
      return "GEMM/conv kernels: FMA build (relaxed SIMD, enabled for this run with V8's --experimental-wasm-relaxed-simd; Node ≥ 22 and Chrome ≥ 114 validate it by default; `--core-simd` measures the core build).";
    case 'unavailable':
      return 'GEMM/conv kernels: core-SIMD build (this engine cannot validate relaxed SIMD).';
    case 'declined':
      return 'GEMM/conv kernels: core-SIMD build (`--core-simd`: relaxed SIMD left off).';
  }
}
