/**
 * The .wat expansion step (scripts/wat-inline.ts): helpers inlined (in lockstep for runs of calls), loop constants
 * hoisted, and the results behave exactly like the unexpanded module when assembled and run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { expandWat, parseWat, printWat } from '../wat-inline.ts';
import { assemble } from '../wasm-variants.ts';

const CORE = { simd: true, bulk_memory: true, threads: false, relaxed_simd: false } as const;

/** A helper with a local, called from a loop twice in a row (a lockstep run) and once inside an expression. */
const MODULE = `(module
  (memory (export "memory") 1)
  ;; 2x + 1
  (func $twice_plus_one (param $x v128) (result v128) (local $t v128)
    (local.set $t (f32x4.add (local.get $x) (local.get $x)))
    (f32x4.add (local.get $t) (v128.const f32x4 1 1 1 1)))
  ;; (2x + 1)·3 through a nested call
  (func $outer (param $x v128) (result v128) (local $u v128)
    (local.set $u (call $twice_plus_one (local.get $x)))
    (f32x4.mul (local.get $u) (v128.const f32x4 3 3 3 3)))
  (func (export "run") (param $a i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (call $outer (v128.load offset=0 (local.get $a))))
        (v128.store offset=16 (local.get $o) (f32x4.neg (call $outer (v128.load offset=16 (local.get $a)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br $next)))))`;

async function run(text: string, input: number[]): Promise<number[]> {
  const bytes = await assemble('t.wat', text, CORE);
  const e = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), {}).exports as {
    memory: WebAssembly.Memory;
    run: (a: number, o: number, n: number) => void;
  };
  const heap = new Float32Array(e.memory.buffer);
  heap.set(input);
  e.run(0, 0, input.length);
  return [...heap.subarray(0, input.length)];
}

describe('expandWat', () => {
  test('parses and prints back S-expressions, dropping comments', () => {
    expect(parseWat('(a (b $c) ;; note\n "s t" (; block ;) d)')).toEqual([['a', ['b', '$c'], '"s t"', 'd']]);
    expect(printWat([['module', ['func', '$f']]])).toBe('(module\n  (func $f)\n)');
  });

  test('the expanded module computes what the original does, with no call and no helper left', async () => {
    const input = [0, 1, -2, 3.5, 10, -0.25, 7, 8];
    const want = input.map((x, i) => (i % 8 < 4 ? 1 : -1) * (2 * x + 1) * 3);
    for (const hoist of ['none', 'global', 'local'] as const) {
      const text = expandWat(MODULE, { hoist });
      expect(text).not.toMatch(/\(call /);
      expect(text).not.toMatch(/\$twice_plus_one \(param/);
      expect(await run(text, input)).toEqual(want);
    }
    expect(await run(MODULE, input)).toEqual(want);
  });

  test('hoisting turns each loop constant into one global read into a local before the loop', () => {
    const text = expandWat(MODULE);
    expect(text.match(/\(global \$const\.\d+ \(mut v128\)/g)).toHaveLength(2);
    const loop = text.slice(text.indexOf('(loop'));
    expect(loop).not.toMatch(/v128\.const/);
    expect(text.match(/\(local\.set \$const\.\d+\.local \(global\.get/g)).toHaveLength(2);
  });

  test('a run of statements calling one helper is inlined in lockstep: each step for every copy, then the next', () => {
    const text = expandWat(MODULE, { hoist: 'none' });
    const sets = [...text.matchAll(/\(local\.set (\$[\w.]+)/g)].map((m) => m[1]);
    // the statement-level call (offset 0) has no neighbour calling $outer in statement form, so it is a run of one;
    // its nested $twice_plus_one is expanded at statement level, the expression-level call becomes a block.
    expect(sets.slice(0, 5)).toEqual(['$end', '$outer.1.x', '$twice_plus_one.1.x', '$twice_plus_one.1.t', '$outer.1.u']);
    expect(text).toMatch(/\(block \(result v128\) \(local\.set \$outer\.2\.x/);
    const two = MODULE.replace(
      '(f32x4.neg (call $outer (v128.load offset=16 (local.get $a))))',
      '(call $outer (v128.load offset=16 (local.get $a)))',
    );
    const paired = [...expandWat(two, { hoist: 'none' }).matchAll(/\(local\.set (\$[\w.]+)/g)].map((m) => m[1]);
    expect(paired.slice(1, 9)).toEqual([
      '$outer.1.x',
      '$outer.2.x',
      '$twice_plus_one.1.x',
      '$twice_plus_one.2.x',
      '$twice_plus_one.1.t',
      '$twice_plus_one.2.t',
      '$outer.1.u',
      '$outer.2.u',
    ]);
  });

  test('rejects helpers that cannot be inlined faithfully', () => {
    const helper = (body: string) => `(module (func $h (param $x v128) (result v128) (local $t v128) ${body}))`;
    expect(() => expandWat(helper('(local.get $t)'))).toThrow('helper $h reads $t before writing it');
    expect(() => expandWat(helper('(return (local.get $x))'))).toThrow('helper $h may not use return');
    expect(() =>
      expandWat(
        '(module (func $h (param $x v128) (result v128) (call $h (local.get $x))) (func (export "f") (drop (call $h (v128.const i32x4 0 0 0 0)))))',
      ),
    ).toThrow('recursive helper $h');
    expect(() => expandWat('(module (func $h (param $x i32) (param $y i32)) )')).toThrow('must return a value');
  });

  test('the elementwise kernel text expands to a module without calls', () => {
    const wat = readFileSync(new URL('../../packages/tensor/src/kernels/elementwise-f32.wat', import.meta.url), 'utf8');
    expect(wat).toMatch(/\(call \$exp /);
    expect(expandWat(wat)).not.toMatch(/\(call /);
  });
});
