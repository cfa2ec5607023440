;; Float32 optimizer updates for WebAssembly SIMD, driven by optim-f32-simd.ts.
;;
;; Assembled by scripts/build-wasm.ts into optim-f32-wasm-bytes.ts (run `npx tsx scripts/build-wasm.ts` after
;; editing; a test fails when the two drift apart).
;;
;; The parameters and state are float32. SGD uses float64 maths, as its JS loop does (sgd-kernels.ts): each pair
;; of elements is promoted to f64x2, updated with the same operations in the same order (no fused multiply-add),
;; and demoted on store (round to nearest even, as Math.fround and a Float32Array store). Adam is float32
;; arithmetic, which its JS loop (adam-kernels.ts) restates with Math.fround after each operation (exact: a float64
;; +, −, ×, ÷ or √ of two float32 values, rounded to float32, is the correctly rounded float32 operation). So the
;; results are the JS loops' bit for bit. Arrays are byte offsets, 16-byte aligned; n may be rounded up (to even
;; for SGD, to a multiple of 4 for Adam): the caller's slots have room and float arithmetic never traps.
;;
;; A second build imports a shared memory instead (OPTIM_F32_SHARED_WASM_BASE64): the worker pool runs `adam` in
;; panels on a large parameter's memory of its own (a thread kernel; `threadMoments` in optim-f32-simd.ts).

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

  ;; Adam/AdamW (adamF32 in adam-kernels.ts) in float32 arithmetic, four elements per iteration, in the order
  ;; PyTorch's CPU Adam evaluates it on float32 tensors (each operation rounded to float32; no fused multiply-add):
  ;; g = sign·∇ + fl(l2·θ); θ ← fl(θ·decay); m ← m + fl(c₁·fl(g − m)) (lerp); v ← fl(v·β₂) + fl(fl(c₂·g)·g);
  ;; d = fl(fl(√v) / bc2) + ε; θ ← θ + fl(fl(−step·m) / d). All constants arrive as float32. (Float64 lanes, two
  ;; per instruction, took ≈ 2.5× as long: f64x2.sqrt and f64x2.div dominated.) n is rounded up to a multiple of 4:
  ;; the caller's slots have room, the extra lanes compute garbage never copied out, float arithmetic never traps.
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $sign f32) (param $l2 f32) (param $decay f32) (param $b2 f32) (param $c1 f32) (param $c2 f32)
    (param $nstep f32) (param $bc2 f32) (param $eps f32)
    (local $end i32) (local $th v128) (local $gg v128) (local $mi v128) (local $vi v128)
    (local $SIGN v128) (local $L2 v128) (local $DECAY v128) (local $B2 v128) (local $C1 v128)
    (local $C2 v128) (local $NSTEP v128) (local $BC2 v128) (local $EPS v128)
    (local.set $SIGN (f32x4.splat (local.get $sign)))
    (local.set $L2 (f32x4.splat (local.get $l2)))
    (local.set $DECAY (f32x4.splat (local.get $decay)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $NSTEP (f32x4.splat (local.get $nstep)))
    (local.set $BC2 (f32x4.splat (local.get $bc2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $th (v128.load (local.get $p)))
        (local.set $gg (f32x4.add (f32x4.mul (local.get $SIGN) (v128.load (local.get $g)))
          (f32x4.mul (local.get $L2) (local.get $th))))
        (local.set $th (f32x4.mul (local.get $th) (local.get $DECAY)))
        (local.set $mi (v128.load (local.get $m)))
        (local.set $mi (f32x4.add (local.get $mi)
          (f32x4.mul (local.get $C1) (f32x4.sub (local.get $gg) (local.get $mi)))))
        (local.set $vi (f32x4.add (f32x4.mul (v128.load (local.get $v)) (local.get $B2))
          (f32x4.mul (f32x4.mul (local.get $C2) (local.get $gg)) (local.get $gg))))
        (v128.store (local.get $m) (local.get $mi))
        (v128.store (local.get $v) (local.get $vi))
        (v128.store (local.get $p) (f32x4.add (local.get $th)
          (f32x4.div (f32x4.mul (local.get $NSTEP) (local.get $mi))
            (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vi)) (local.get $BC2)) (local.get $EPS)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $next))))

    ;; AMSGrad: `adam` with the running maximum v̂ (at $w) of the second moment in the denominator.
  (func (export "amsgrad") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $w i32) (param $n i32)
    (param $sign f32) (param $l2 f32) (param $decay f32) (param $b2 f32) (param $c1 f32) (param $c2 f32)
    (param $nstep f32) (param $bc2 f32) (param $eps f32)
    (local $end i32) (local $th v128) (local $gg v128) (local $mi v128) (local $vi v128) (local $si v128)
    (local $SIGN v128) (local $L2 v128) (local $DECAY v128) (local $B2 v128) (local $C1 v128)
    (local $C2 v128) (local $NSTEP v128) (local $BC2 v128) (local $EPS v128)
    (local.set $SIGN (f32x4.splat (local.get $sign)))
    (local.set $L2 (f32x4.splat (local.get $l2)))
    (local.set $DECAY (f32x4.splat (local.get $decay)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $NSTEP (f32x4.splat (local.get $nstep)))
    (local.set $BC2 (f32x4.splat (local.get $bc2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $th (v128.load (local.get $p)))
        (local.set $gg (f32x4.add (f32x4.mul (local.get $SIGN) (v128.load (local.get $g)))
          (f32x4.mul (local.get $L2) (local.get $th))))
        (local.set $th (f32x4.mul (local.get $th) (local.get $DECAY)))
        (local.set $mi (v128.load (local.get $m)))
        (local.set $mi (f32x4.add (local.get $mi)
          (f32x4.mul (local.get $C1) (f32x4.sub (local.get $gg) (local.get $mi)))))
        (local.set $vi (f32x4.add (f32x4.mul (v128.load (local.get $v)) (local.get $B2))
          (f32x4.mul (f32x4.mul (local.get $C2) (local.get $gg)) (local.get $gg))))
        (v128.store (local.get $m) (local.get $mi))
        (v128.store (local.get $v) (local.get $vi))
        ;; v̂ ← (v > v̂ ? v : v̂): pmax(v̂, v) is v̂ < v ? v : v̂, the same for NaN (either way v̂) and ±0.
        (local.set $si (f32x4.pmax (v128.load (local.get $w)) (local.get $vi)))
        (v128.store (local.get $w) (local.get $si))
        (v128.store (local.get $p) (f32x4.add (local.get $th)
          (f32x4.div (f32x4.mul (local.get $NSTEP) (local.get $mi))
            (f32x4.add (f32x4.div (f32x4.sqrt (local.get $si)) (local.get $BC2)) (local.get $EPS)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
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
