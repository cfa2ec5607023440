;; Float32 reduction kernels for WebAssembly SIMD (128-bit): sum, max and min, driven by reduce-f32-simd.ts.
;;
;; Assembled by scripts/build-wasm.ts into reduce-f32-wasm-bytes.ts (run `npx tsx scripts/build-wasm.ts` after
;; editing; a test fails when the two drift apart). The pool's build imports the element-wise kernels' shared
;; memory, so the same workers run it.
;;
;; Every export has the signature (x, rows, n, ld, acc): `rows` runs of `n` floats, run r starting at byte
;; x + 4·r·ld (ld ≥ n, in floats), with acc a byte offset. Two shapes:
;; - `*_rows`: run r folds into ONE output acc[r] (the reduced axis is innermost);
;; - `*_cols`: every run folds into the n outputs acc[0..n) (the reduced axis is outer), acc[k] += x[r, k]
;;   for r = 0, 1, … in turn, vectorised across k — each output's order is the plain loop's.
;; Sums accumulate in float64 (acc is f64): each float32 is promoted exactly, so only the float64 additions
;; round. Max and min keep float32 accumulators (acc is f32): the maximum of float32 values is one of them.
;; Loads need no alignment and no padding: tails run scalar, so nothing is read past a run's end.

(module
  (memory (export "memory") 1)

  ;; acc[r] += Σ x[r, 0..n). The order (deterministic, fixed by n alone): four f64x2 accumulators a_j take
  ;; elements 8i + 2j (lane 0) and 8i + 2j + 1 (lane 1) in turn for i < floor(n/8); then t = (a0 + a1) + (a2 + a3)
  ;; lane-wise, s = t[0] + t[1], the remaining n mod 8 elements are added to s in order, and acc[r] += s.
  ;; Four independent chains hide the float64 add latency.
  (func (export "sum_rows") (param $x i32) (param $rows i32) (param $n i32) (param $ld i32) (param $acc i32)
    (local $r i32) (local $p i32) (local $vend i32) (local $end i32) (local $s f64)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $t v128)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $ld)) (i32.const 2))))
        (local.set $vend (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $a2 (v128.const f64x2 0 0))
        (local.set $a3 (v128.const f64x2 0 0))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $p) (local.get $vend)))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $p)))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $p)))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (br $v)))
        (local.set $t (f64x2.add (f64x2.add (local.get $a0) (local.get $a1)) (f64x2.add (local.get $a2) (local.get $a3))))
        (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $t)) (f64x2.extract_lane 1 (local.get $t))))
        (block $tdone
          (loop $tail
            (br_if $tdone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $tail)))
        (f64.store (local.get $acc) (f64.add (f64.load (local.get $acc)) (local.get $s)))
        (local.set $acc (i32.add (local.get $acc) (i32.const 8)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; acc[r] = max(acc[r], x[r, 0..n)) with Math.max's semantics: NaN if any operand is NaN, +0 above −0 — exact
  ;; and order-free, so the result is the plain loop's whatever the lanes. The vector loop uses pmax (one
  ;; instruction; f32x4.max compiles to eight on x64 and made this loop 2.9 times slower), which drops a NaN operand
  ;; and may keep either zero of a ±0 tie: NaN is tracked apart (x ≠ x), and a zero result rescanned for its sign.
  (func (export "max_rows") (param $x i32) (param $rows i32) (param $n i32) (param $ld i32) (param $acc i32)
    (local $r i32) (local $p i32) (local $vend i32) (local $end i32) (local $s f32) (local $bits i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $v0 v128) (local $v1 v128)
    (local $v2 v128) (local $v3 v128) (local $nan v128)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $ld)) (i32.const 2))))
        (local.set $vend (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 2))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $a0 (f32x4.splat (f32.load (local.get $acc))))
        (local.set $a1 (local.get $a0))
        (local.set $a2 (local.get $a0))
        (local.set $a3 (local.get $a0))
        (local.set $nan (v128.const i32x4 0 0 0 0))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $p) (local.get $vend)))
            (local.set $v0 (v128.load (local.get $p)))
            (local.set $v1 (v128.load offset=16 (local.get $p)))
            (local.set $v2 (v128.load offset=32 (local.get $p)))
            (local.set $v3 (v128.load offset=48 (local.get $p)))
            (local.set $a0 (f32x4.pmax (local.get $a0) (local.get $v0)))
            (local.set $a1 (f32x4.pmax (local.get $a1) (local.get $v1)))
            (local.set $a2 (f32x4.pmax (local.get $a2) (local.get $v2)))
            (local.set $a3 (f32x4.pmax (local.get $a3) (local.get $v3)))
            (local.set $nan (v128.or (v128.or (local.get $nan) (f32x4.ne (local.get $v0) (local.get $v0)))
                                     (v128.or (f32x4.ne (local.get $v1) (local.get $v1))
                                              (v128.or (f32x4.ne (local.get $v2) (local.get $v2))
                                                       (f32x4.ne (local.get $v3) (local.get $v3))))))
            (local.set $p (i32.add (local.get $p) (i32.const 64)))
            (br $v)))
        (local.set $a0 (f32x4.max (f32x4.max (local.get $a0) (local.get $a1)) (f32x4.max (local.get $a2) (local.get $a3))))
        (local.set $s (f32.max (f32.max (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
                               (f32.max (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (block $tdone
          (loop $tail
            (br_if $tdone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $s (f32.max (local.get $s) (f32.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $tail)))
        (if (v128.any_true (local.get $nan)) (then (local.set $s (f32.const nan))))
        ;; A zero result: the vector part may have kept the wrong zero; the sign follows from whether the acc or
        ;; any element is 0 (rare: rescanned with integer compares).
        (if (f32.eq (local.get $s) (f32.const 0))
          (then
            (local.set $bits (i32.load (local.get $acc)))
            (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $ld)) (i32.const 2))))
            (block $zdone
              (loop $z
                (br_if $zdone (i32.eqz (local.get $bits)))
                (br_if $zdone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $bits (i32.load (local.get $p)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $z)))
            (local.set $s (select (f32.const 0) (f32.const -0) (i32.eqz (local.get $bits))))))
        (f32.store (local.get $acc) (local.get $s))
        (local.set $acc (i32.add (local.get $acc) (i32.const 4)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; acc[r] = min(acc[r], x[r, 0..n)) with Math.min's semantics (NaN propagating, −0 below +0), as max_rows.
  (func (export "min_rows") (param $x i32) (param $rows i32) (param $n i32) (param $ld i32) (param $acc i32)
    (local $r i32) (local $p i32) (local $vend i32) (local $end i32) (local $s f32) (local $bits i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $v0 v128) (local $v1 v128)
    (local $v2 v128) (local $v3 v128) (local $nan v128)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $ld)) (i32.const 2))))
        (local.set $vend (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -16)) (i32.const 2))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $a0 (f32x4.splat (f32.load (local.get $acc))))
        (local.set $a1 (local.get $a0))
        (local.set $a2 (local.get $a0))
        (local.set $a3 (local.get $a0))
        (local.set $nan (v128.const i32x4 0 0 0 0))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $p) (local.get $vend)))
            (local.set $v0 (v128.load (local.get $p)))
            (local.set $v1 (v128.load offset=16 (local.get $p)))
            (local.set $v2 (v128.load offset=32 (local.get $p)))
            (local.set $v3 (v128.load offset=48 (local.get $p)))
            (local.set $a0 (f32x4.pmin (local.get $a0) (local.get $v0)))
            (local.set $a1 (f32x4.pmin (local.get $a1) (local.get $v1)))
            (local.set $a2 (f32x4.pmin (local.get $a2) (local.get $v2)))
            (local.set $a3 (f32x4.pmin (local.get $a3) (local.get $v3)))
            (local.set $nan (v128.or (v128.or (local.get $nan) (f32x4.ne (local.get $v0) (local.get $v0)))
                                     (v128.or (f32x4.ne (local.get $v1) (local.get $v1))
                                              (v128.or (f32x4.ne (local.get $v2) (local.get $v2))
                                                       (f32x4.ne (local.get $v3) (local.get $v3))))))
            (local.set $p (i32.add (local.get $p) (i32.const 64)))
            (br $v)))
        (local.set $a0 (f32x4.min (f32x4.min (local.get $a0) (local.get $a1)) (f32x4.min (local.get $a2) (local.get $a3))))
        (local.set $s (f32.min (f32.min (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
                               (f32.min (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (block $tdone
          (loop $tail
            (br_if $tdone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $s (f32.min (local.get $s) (f32.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $tail)))
        (if (v128.any_true (local.get $nan)) (then (local.set $s (f32.const nan))))
        ;; A zero result: the vector part may have kept the wrong zero; the sign follows from whether the acc or
        ;; any element is -0 (rare: rescanned with integer compares).
        (if (f32.eq (local.get $s) (f32.const 0))
          (then
            (local.set $bits (i32.load (local.get $acc)))
            (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $ld)) (i32.const 2))))
            (block $zdone
              (loop $z
                (br_if $zdone (i32.eq (local.get $bits) (i32.const 0x80000000)))
                (br_if $zdone (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $bits (i32.load (local.get $p)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $z)))
            (local.set $s (select (f32.const -0) (f32.const 0) (i32.eq (local.get $bits) (i32.const 0x80000000))))))
        (f32.store (local.get $acc) (local.get $s))
        (local.set $acc (i32.add (local.get $acc) (i32.const 4)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; acc[k] += x[r, k] for r < rows in turn, k < n: two f64x2 per float32 vector, eight columns per step.
  (func (export "sum_cols") (param $x i32) (param $rows i32) (param $n i32) (param $ld i32) (param $acc i32)
    (local $r i32) (local $p i32) (local $q i32) (local $vend i32) (local $end i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $ld)) (i32.const 2))))
        (local.set $vend (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $q (local.get $acc))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $p) (local.get $vend)))
            (v128.store (local.get $q)
              (f64x2.add (v128.load (local.get $q)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))))
            (v128.store offset=16 (local.get $q)
              (f64x2.add (v128.load offset=16 (local.get $q)) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $p)))))
            (v128.store offset=32 (local.get $q)
              (f64x2.add (v128.load offset=32 (local.get $q)) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $p)))))
            (v128.store offset=48 (local.get $q)
              (f64x2.add (v128.load offset=48 (local.get $q)) (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (local.set $q (i32.add (local.get $q) (i32.const 64)))
            (br $v)))
        (block $tdone
          (loop $tail
            (br_if $tdone (i32.ge_u (local.get $p) (local.get $end)))
            (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.promote_f32 (f32.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; acc[k] = max(acc[k], x[r, k]) for r < rows, k < n (fmax: NaN propagating, +0 above −0).
  (func (export "max_cols") (param $x i32) (param $rows i32) (param $n i32) (param $ld i32) (param $acc i32)
    (local $r i32) (local $p i32) (local $q i32) (local $vend i32) (local $end i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $ld)) (i32.const 2))))
        (local.set $vend (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $q (local.get $acc))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $p) (local.get $vend)))
            (v128.store (local.get $q) (f32x4.max (v128.load (local.get $q)) (v128.load (local.get $p))))
            (v128.store offset=16 (local.get $q) (f32x4.max (v128.load offset=16 (local.get $q)) (v128.load offset=16 (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (local.set $q (i32.add (local.get $q) (i32.const 32)))
            (br $v)))
        (block $tdone
          (loop $tail
            (br_if $tdone (i32.ge_u (local.get $p) (local.get $end)))
            (f32.store (local.get $q) (f32.max (f32.load (local.get $q)) (f32.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; acc[k] = min(acc[k], x[r, k]) for r < rows, k < n (fmin: NaN propagating, −0 below +0).
  (func (export "min_cols") (param $x i32) (param $rows i32) (param $n i32) (param $ld i32) (param $acc i32)
    (local $r i32) (local $p i32) (local $q i32) (local $vend i32) (local $end i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $ld)) (i32.const 2))))
        (local.set $vend (i32.add (local.get $p) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $q (local.get $acc))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $p) (local.get $vend)))
            (v128.store (local.get $q) (f32x4.min (v128.load (local.get $q)) (v128.load (local.get $p))))
            (v128.store offset=16 (local.get $q) (f32x4.min (v128.load offset=16 (local.get $q)) (v128.load offset=16 (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (local.set $q (i32.add (local.get $q) (i32.const 32)))
            (br $v)))
        (block $tdone
          (loop $tail
            (br_if $tdone (i32.ge_u (local.get $p) (local.get $end)))
            (f32.store (local.get $q) (f32.min (f32.load (local.get $q)) (f32.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))
)
