;; Float32 3×3 depthwise convolution, interior outputs only, for WebAssembly SIMD (128-bit).
;;
;; Assembled by scripts/build-wasm.ts into depthwise-f32-wasm-bytes.ts (run `npx tsx scripts/build-wasm.ts`
;; after editing; a test fails when the two drift apart). JS side: conv/depthwise-f32-simd.ts.
;;
;; `dw3x3` computes rows × cols outputs of one plane whose nine taps are all inside the (zero-padded)
;; input; `pad_rows` lays an input plane out with zero padding around it first. All offsets in bytes:
;;   x     input element read by tap (0, 0) of the first output
;;   y     the first output; output (r, c) is at y + r·yrs + 4c
;;   w     the nine weights, row-major
;;   xrs   input bytes between consecutive output rows (stride·input row bytes)
;;   tdh   input bytes between kernel rows (dilation·input row bytes)
;;   tdw   input bytes between kernel columns (4·dilation); output columns are 4 bytes apart in the input
;;         (column stride 1: the only case the caller sends here)
;;   bias  added to every output (after the nine products)
;; Four outputs per step from unaligned v128 loads; the last cols mod 4 of a row one at a time. Core
;; SIMD only (f32x4.mul + f32x4.add, no FMA), so results equal the float32 scalar sum in the same order
;; (w0·x0 + w1·x1 + … + w8·x8 + bias, left to right).

(module
  (memory (export "memory") 1)

  ;; Copies `rows` rows of `len` bytes from src (rows back to back) to dst (rows `drs` bytes apart), so a
  ;; plane copied in with one memcpy can be re-laid inside a zeroed, padded plane.
  (func (export "pad_rows") (param $src i32) (param $dst i32) (param $rows i32) (param $len i32) (param $drs i32)
    (block $done
      (br_if $done (i32.le_s (local.get $rows) (i32.const 0)))
      (loop $row
        (memory.copy (local.get $dst) (local.get $src) (local.get $len))
        (local.set $src (i32.add (local.get $src) (local.get $len)))
        (local.set $dst (i32.add (local.get $dst) (local.get $drs)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br_if $row (i32.gt_s (local.get $rows) (i32.const 0))))))

  (func (export "dw3x3")
    (param $x i32) (param $y i32) (param $w i32) (param $rows i32) (param $cols i32)
    (param $xrs i32) (param $yrs i32) (param $tdh i32) (param $tdw i32) (param $bias f32)
    (local $bv v128) (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128) (local $w4 v128)
    (local $w5 v128) (local $w6 v128) (local $w7 v128) (local $w8 v128)
    (local $r i32) (local $a i32) (local $b i32) (local $c i32) (local $o i32) (local $end i32) (local $vend i32)
    (local $tdw2 i32) (local $acc v128) (local $s f32)
    (local.set $w0 (v128.load32_splat (local.get $w)))
    (local.set $w1 (v128.load32_splat offset=4 (local.get $w)))
    (local.set $w2 (v128.load32_splat offset=8 (local.get $w)))
    (local.set $w3 (v128.load32_splat offset=12 (local.get $w)))
    (local.set $w4 (v128.load32_splat offset=16 (local.get $w)))
    (local.set $w5 (v128.load32_splat offset=20 (local.get $w)))
    (local.set $w6 (v128.load32_splat offset=24 (local.get $w)))
    (local.set $w7 (v128.load32_splat offset=28 (local.get $w)))
    (local.set $w8 (v128.load32_splat offset=32 (local.get $w)))
    (local.set $tdw2 (i32.shl (local.get $tdw) (i32.const 1)))
    (local.set $bv (f32x4.splat (local.get $bias)))
    (if (i32.le_s (local.get $rows) (i32.const 0)) (then (return)))
    (if (i32.le_s (local.get $cols) (i32.const 0)) (then (return)))
    (loop $row
      ;; a, b, c: tap column 0 of kernel rows 0, 1, 2 for the current output; o: the output.
      (local.set $a (local.get $x))
      (local.set $b (i32.add (local.get $x) (local.get $tdh)))
      (local.set $c (i32.add (local.get $b) (local.get $tdh)))
      (local.set $o (local.get $y))
      (local.set $end (i32.add (local.get $y) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $vend (i32.add (local.get $y) (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2))))
      (block $vdone
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (loop $vec
          (local.set $acc (f32x4.mul (local.get $w0) (v128.load (local.get $a))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $w1) (v128.load (i32.add (local.get $a) (local.get $tdw))))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $w2) (v128.load (i32.add (local.get $a) (local.get $tdw2))))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $w3) (v128.load (local.get $b)))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $w4) (v128.load (i32.add (local.get $b) (local.get $tdw))))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $w5) (v128.load (i32.add (local.get $b) (local.get $tdw2))))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $w6) (v128.load (local.get $c)))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $w7) (v128.load (i32.add (local.get $c) (local.get $tdw))))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $w8) (v128.load (i32.add (local.get $c) (local.get $tdw2))))))
          (v128.store (local.get $o) (f32x4.add (local.get $acc) (local.get $bv)))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (br_if $vec (i32.lt_u (local.get $o) (local.get $vend)))))
      (block $sdone
        (br_if $sdone (i32.ge_u (local.get $o) (local.get $end)))
        (loop $scalar
          (local.set $s (f32.mul (f32x4.extract_lane 0 (local.get $w0)) (f32.load (local.get $a))))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32x4.extract_lane 0 (local.get $w1)) (f32.load (i32.add (local.get $a) (local.get $tdw))))))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32x4.extract_lane 0 (local.get $w2)) (f32.load (i32.add (local.get $a) (local.get $tdw2))))))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32x4.extract_lane 0 (local.get $w3)) (f32.load (local.get $b)))))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32x4.extract_lane 0 (local.get $w4)) (f32.load (i32.add (local.get $b) (local.get $tdw))))))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32x4.extract_lane 0 (local.get $w5)) (f32.load (i32.add (local.get $b) (local.get $tdw2))))))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32x4.extract_lane 0 (local.get $w6)) (f32.load (local.get $c)))))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32x4.extract_lane 0 (local.get $w7)) (f32.load (i32.add (local.get $c) (local.get $tdw))))))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32x4.extract_lane 0 (local.get $w8)) (f32.load (i32.add (local.get $c) (local.get $tdw2))))))
          (f32.store (local.get $o) (f32.add (local.get $s) (local.get $bias)))
          (local.set $a (i32.add (local.get $a) (i32.const 4)))
          (local.set $b (i32.add (local.get $b) (i32.const 4)))
          (local.set $c (i32.add (local.get $c) (i32.const 4)))
          (local.set $o (i32.add (local.get $o) (i32.const 4)))
          (br_if $scalar (i32.lt_u (local.get $o) (local.get $end)))))
      (local.set $x (i32.add (local.get $x) (local.get $xrs)))
      (local.set $y (i32.add (local.get $y) (local.get $yrs)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br_if $row (i32.gt_s (local.get $rows) (i32.const 0))))))
