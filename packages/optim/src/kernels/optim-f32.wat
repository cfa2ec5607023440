;; Float32 optimizer updates for WebAssembly SIMD, driven by optim-f32-simd.ts.
;;
;; Assembled by scripts/build-wasm.ts into optim-f32-wasm-bytes.ts (run `npx tsx scripts/build-wasm.ts` after
;; editing; a test fails when the two drift apart).
;;
;; The parameters and state are float32. SGD and Adam's moments use float64 maths, as the JS loops do
;; (adam-kernels.ts, sgd-kernels.ts): each pair of elements is promoted to f64x2, updated with the same operations in
;; the same order (no fused multiply-add, IEEE arithmetic), and demoted on store (round to nearest even, as
;; Math.fround and a Float32Array store). Adam's parameter step is float32 arithmetic, which the JS loop restates
;; with Math.fround after each operation (exact: a float64 +, −, ×, ÷ or √ of float32 values rounded to float32 is
;; the correctly rounded float32 operation). So the results are the JS loops' bit for bit. Arrays are byte offsets,
;; 16-byte aligned; n may be rounded up (to even for SGD, to a multiple of 4 for Adam): the caller's slots have room
;; and float arithmetic never traps.

(module
  (memory (export "memory") 1)

  ;; θ ← θ − lr·(sign·∇ + wd·θ)
  (func (export "sgd") (param $p i32) (param $g i32) (param $n i32) (param $sign f64) (param $wd f64) (param $lr f64)
    (local $end i32) (local $th v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $th (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))))
        (v128.store64_lane 0 (local.get $p) (f32x4.demote_f64x2_zero
          (f64x2.sub (local.get $th) (f64x2.mul (f64x2.splat (local.get $lr))
            (f64x2.add
              (f64x2.mul (f64x2.splat (local.get $sign)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $g))))
              (f64x2.mul (f64x2.splat (local.get $wd)) (local.get $th)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $g (i32.add (local.get $g) (i32.const 8)))
        (br $next))))

  ;; Adam/AdamW (adamF32 in adam-kernels.ts), four elements per iteration. The moments in float64, rounded once
  ;; when stored: g = sign·∇ + l2·θ; m ← fl(β₁m + c₁g); v ← fl(β₂v + c₂g·g) (two f64x2 halves). The parameter
  ;; step in float32 arithmetic, as PyTorch's CPU Adam evaluates it on float32 tensors (sqrt, div, add, mul, div,
  ;; each rounded to float32): d = fl(fl(√v) / bc2) + eps), θ ← fl(fl(θ·decay) + fl(fl(−step·m) / d)), with bc2, eps
  ;; and −step passed as float32. f64x2.sqrt and f64x2.div were ≈ 70 % of the update's time; f32x4 does four lanes
  ;; at a fraction of the cost. n is rounded up to a multiple of 4 (the caller's slots have room; the extra lanes
  ;; compute garbage that is never copied out, and float arithmetic never traps).
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $sign f64) (param $l2 f64) (param $decay f64) (param $b1 f64) (param $b2 f64) (param $c1 f64) (param $c2 f64)
    (param $nstep f32) (param $bc2 f32) (param $eps f32)
    (local $end i32) (local $th v128) (local $gg v128) (local $mlo v128) (local $vlo v128) (local $tlo v128)
    (local $mhi v128) (local $vhi v128) (local $thi v128) (local $m4 v128) (local $v4 v128) (local $t4 v128)
    (local $SIGN v128) (local $L2 v128) (local $DECAY v128) (local $B1 v128) (local $B2 v128) (local $C1 v128)
    (local $C2 v128) (local $NSTEP v128) (local $BC2 v128) (local $EPS v128)
    (local.set $SIGN (f64x2.splat (local.get $sign)))
    (local.set $L2 (f64x2.splat (local.get $l2)))
    (local.set $DECAY (f64x2.splat (local.get $decay)))
    (local.set $B1 (f64x2.splat (local.get $b1)))
    (local.set $B2 (f64x2.splat (local.get $b2)))
    (local.set $C1 (f64x2.splat (local.get $c1)))
    (local.set $C2 (f64x2.splat (local.get $c2)))
    (local.set $NSTEP (f32x4.splat (local.get $nstep)))
    (local.set $BC2 (f32x4.splat (local.get $bc2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        ;; Elements 0, 1.
        (local.set $th (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))))
        (local.set $gg (f64x2.add
          (f64x2.mul (local.get $SIGN) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $g))))
          (f64x2.mul (local.get $L2) (local.get $th))))
        (local.set $mlo (f32x4.demote_f64x2_zero (f64x2.add
          (f64x2.mul (local.get $B1) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $m))))
          (f64x2.mul (local.get $C1) (local.get $gg)))))
        (local.set $vlo (f32x4.demote_f64x2_zero (f64x2.add
          (f64x2.mul (local.get $B2) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $v))))
          (f64x2.mul (f64x2.mul (local.get $C2) (local.get $gg)) (local.get $gg)))))
        (local.set $tlo (f32x4.demote_f64x2_zero (f64x2.mul (local.get $th) (local.get $DECAY))))
        ;; Elements 2, 3.
        (local.set $th (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $p))))
        (local.set $gg (f64x2.add
          (f64x2.mul (local.get $SIGN) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $g))))
          (f64x2.mul (local.get $L2) (local.get $th))))
        (local.set $mhi (f32x4.demote_f64x2_zero (f64x2.add
          (f64x2.mul (local.get $B1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $m))))
          (f64x2.mul (local.get $C1) (local.get $gg)))))
        (local.set $vhi (f32x4.demote_f64x2_zero (f64x2.add
          (f64x2.mul (local.get $B2) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $v))))
          (f64x2.mul (f64x2.mul (local.get $C2) (local.get $gg)) (local.get $gg)))))
        (local.set $thi (f32x4.demote_f64x2_zero (f64x2.mul (local.get $th) (local.get $DECAY))))
        ;; The four lanes joined (low two of each half), stored, and the float32 step.
        (local.set $m4 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $mlo) (local.get $mhi)))
        (local.set $v4 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $vlo) (local.get $vhi)))
        (local.set $t4 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $tlo) (local.get $thi)))
        (v128.store (local.get $m) (local.get $m4))
        (v128.store (local.get $v) (local.get $v4))
        (v128.store (local.get $p) (f32x4.add (local.get $t4)
          (f32x4.div (f32x4.mul (local.get $NSTEP) (local.get $m4))
            (f32x4.add (f32x4.div (f32x4.sqrt (local.get $v4)) (local.get $BC2)) (local.get $EPS)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $next))))

  ;; 1 when some x[i] (i < n, n a multiple of 4) is NaN or ±Infinity, else 0: x·0 is ±0 for every finite x and
  ;; NaN otherwise, and a NaN survives every later addition, so one vector sum decides (the same test as the JS
  ;; firstNonFinite, four lanes at a time).
  (func (export "nonfinite") (param $x i32) (param $n i32) (result i32)
    (local $end i32) (local $acc v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load (local.get $x)) (v128.const f32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $next)))
    (v128.any_true (f32x4.ne (local.get $acc) (local.get $acc))))
)
