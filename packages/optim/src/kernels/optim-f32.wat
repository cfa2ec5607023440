;; Float32 optimizer updates for WebAssembly SIMD, driven by optim-f32-simd.ts.
;;
;; Assembled by scripts/build-wasm.ts into optim-f32-wasm-bytes.ts (run `npx tsx scripts/build-wasm.ts` after
;; editing; a test fails when the two drift apart).
;;
;; The parameters and state are float32, the update maths float64, as in the JS loops (adam-kernels.ts,
;; sgd-kernels.ts): each pair of elements is promoted to f64x2, updated with the same operations in the same
;; order (no fused multiply-add, IEEE square root and division, correctly rounded like Math.sqrt and `/`), and
;; demoted on store (round to nearest even, as Math.fround and a Float32Array store). So the results are the
;; JS loops' bit for bit, only two elements at a time. Arrays are byte offsets, 8-byte aligned; n is rounded
;; up to even (the caller reserves the padding element; float arithmetic never traps).

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

  ;; Adam/AdamW (adamF32 in adam-kernels.ts): g = sign·∇ + l2·θ; m ← fl(β₁m + c₁g); v ← fl(β₂v + c₂g·g);
  ;; θ ← fl(θ·decay) − stepSize·m / (√v / bc2 + ε), where fl() is the rounding to float32 of a store.
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $sign f64) (param $l2 f64) (param $decay f64) (param $b1 f64) (param $b2 f64) (param $c1 f64) (param $c2 f64)
    (param $step f64) (param $bc2 f64) (param $eps f64)
    (local $end i32) (local $th v128) (local $gg v128) (local $mi v128) (local $vi v128)
    (local $SIGN v128) (local $L2 v128) (local $DECAY v128) (local $B1 v128) (local $B2 v128) (local $C1 v128)
    (local $C2 v128) (local $STEP v128) (local $BC2 v128) (local $EPS v128)
    (local.set $SIGN (f64x2.splat (local.get $sign)))
    (local.set $L2 (f64x2.splat (local.get $l2)))
    (local.set $DECAY (f64x2.splat (local.get $decay)))
    (local.set $B1 (f64x2.splat (local.get $b1)))
    (local.set $B2 (f64x2.splat (local.get $b2)))
    (local.set $C1 (f64x2.splat (local.get $c1)))
    (local.set $C2 (f64x2.splat (local.get $c2)))
    (local.set $STEP (f64x2.splat (local.get $step)))
    (local.set $BC2 (f64x2.splat (local.get $bc2)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $th (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))))
        (local.set $gg (f64x2.add
          (f64x2.mul (local.get $SIGN) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $g))))
          (f64x2.mul (local.get $L2) (local.get $th))))
        (local.set $mi (f32x4.demote_f64x2_zero (f64x2.add
          (f64x2.mul (local.get $B1) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $m))))
          (f64x2.mul (local.get $C1) (local.get $gg)))))
        (local.set $vi (f32x4.demote_f64x2_zero (f64x2.add
          (f64x2.mul (local.get $B2) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $v))))
          (f64x2.mul (f64x2.mul (local.get $C2) (local.get $gg)) (local.get $gg)))))
        (v128.store64_lane 0 (local.get $m) (local.get $mi))
        (v128.store64_lane 0 (local.get $v) (local.get $vi))
        (local.set $mi (f64x2.promote_low_f32x4 (local.get $mi)))
        (local.set $vi (f64x2.promote_low_f32x4 (local.get $vi)))
        (v128.store64_lane 0 (local.get $p) (f32x4.demote_f64x2_zero (f64x2.sub
          (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $th) (local.get $DECAY))))
          (f64x2.div (f64x2.mul (local.get $STEP) (local.get $mi))
            (f64x2.add (f64x2.div (f64x2.sqrt (local.get $vi)) (local.get $BC2)) (local.get $EPS))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $g (i32.add (local.get $g) (i32.const 8)))
        (local.set $m (i32.add (local.get $m) (i32.const 8)))
        (local.set $v (i32.add (local.get $v) (i32.const 8)))
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
