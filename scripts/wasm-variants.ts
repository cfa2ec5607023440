/**
 * The modules derived from one .wat text, so a kernel is written once: the worker pool needs the same code on a
 * *shared* imported memory, and the relaxed-SIMD build differs from the core-SIMD one only in its
 * multiply-adds. Used by scripts/build-wasm.ts (which writes the bytes) and by the tests that check the
 * committed bytes are a fresh assembly.
 */
import wabtInit from 'wabt';

/** One module to assemble: the constant that holds it, its text, and the wabt features it needs. */
export interface WasmVariant {
  constant: string;
  text: string;
  features: { simd: true; bulk_memory: true; threads: boolean; relaxed_simd: boolean };
}

/**
 * Maximum size in 64 KiB pages of the shared memory the GEMM worker pool uses (1 GiB). A shared memory must
 * declare a maximum, and engines reserve that much address space up front, so it is kept well under the
 * 4 GiB wasm32 limit; a product needing more runs on one thread in the unshared module.
 */
export const SHARED_MAX_PAGES = 16384;

/** The memory line of a kernel that owns an unshared memory. */
const OWN_MEMORY = '(memory (export "memory") 1)';

/**
 * The same module on a shared memory it imports as `env.memory` (and re-exports as `memory`, as the
 * unshared one exports its own), so every worker can instantiate it on the one buffer.
 */
export function sharedMemory(text: string): string {
  if (!text.includes(OWN_MEMORY)) throw new Error(`wasm-variants: no '${OWN_MEMORY}' line to make shared`);
  return text.replace(OWN_MEMORY, `(import "env" "memory" (memory 1 ${SHARED_MAX_PAGES} shared)) (export "memory" (memory 0))`);
}

/** `c + a·b` written as core-SIMD add of a product, with locals only: the k-loop form of gemm-f32.wat. */
const MUL_ADD = /\(f32x4\.add \(local\.get (\$\w+)\) \(f32x4\.mul \(local\.get (\$\w+)\) \(local\.get (\$\w+)\)\)\)/g;

/**
 * The same module with every `c + a·b` of locals turned into `f32x4.relaxed_madd a b c` (one fused
 * multiply-add where the hardware has it). `expected` is how many the text must contain, so an edit of the
 * kernel that changes the pattern fails the build instead of silently keeping separate mul + add.
 */
export function relaxedMadd(text: string, expected: number): string {
  let count = 0;
  const out = text.replace(MUL_ADD, (_all, c: string, a: string, b: string) => {
    count++;
    return `(f32x4.relaxed_madd (local.get ${a}) (local.get ${b}) (local.get ${c}))`;
  });
  if (count !== expected) throw new Error(`wasm-variants: expected ${expected} multiply-adds to fuse, found ${count}`);
  return out;
}

/** The multiply-adds of gemm-f32.wat's 4×8 tile (4 rows × 2 vectors). */
const GEMM_TILE_MULADDS = 8;

/** The four GEMM modules from the text of gemm-f32.wat: plain, shared memory, FMA, FMA on shared memory. */
export function gemmVariants(text: string): WasmVariant[] {
  const fma = relaxedMadd(text, GEMM_TILE_MULADDS);
  const core = { simd: true, bulk_memory: true } as const;
  return [
    { constant: 'GEMM_F32_WASM_BASE64', text, features: { ...core, threads: false, relaxed_simd: false } },
    { constant: 'GEMM_F32_SHARED_WASM_BASE64', text: sharedMemory(text), features: { ...core, threads: true, relaxed_simd: false } },
    { constant: 'GEMM_F32_FMA_WASM_BASE64', text: fma, features: { ...core, threads: false, relaxed_simd: true } },
    { constant: 'GEMM_F32_FMA_SHARED_WASM_BASE64', text: sharedMemory(fma), features: { ...core, threads: true, relaxed_simd: true } },
  ];
}

/** Assembles one text with wabt under `features`; throws on a parse or validation error. */
export async function assemble(name: string, text: string, features: WasmVariant['features']): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(name, text, features);
  try {
    // validate() takes its own feature set (wabt's defaults otherwise, which lack threads and relaxed SIMD);
    // wabt's typings omit the parameter.
    (module as unknown as { validate(f: WasmVariant['features']): void }).validate(features);
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
