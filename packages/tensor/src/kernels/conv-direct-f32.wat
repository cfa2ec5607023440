;; Float32 direct convolution for WebAssembly SIMD (128-bit): every output channel block of every output
;; pixel computed straight from the (zero-padded) input planes, with no patch matrix.
;;
;; Assembled by scripts/build-wasm.ts into conv-direct-f32-wasm-bytes.ts (run `npx tsx scripts/build-wasm.ts`
;; after editing; a test fails when the two drift apart). JS side: conv/conv2d-direct.ts.
;;
;; The product is the GEMM Y[o, p] = Σ_κ W[o, κ]·X[κ, p] of im2col, but B = X is never built: element
;; (κ, p) is read where it lies, at sample base + pix[p] + tap[κ] (pix: the input offset of output pixel
;; p's window; tap: the offset of tap κ = (c, i, j) inside a window; both tables of byte offsets made by
;; the caller, so strides, dilations and zero padding (already in the planes) all reduce to two tables).
;; Vectors run along output channels, not pixels: the weights are packed κ-major in blocks of 8 channels
;; (8 consecutive floats per tap, zero past the last channel), and each input value is broadcast. A tile
;; is 4 pixels × 8 channels: per tap 4 broadcast loads and 2 vector loads feed 8 mul + 8 add, the shape
;; of gemm-f32.wat's 4×8 tile (11 live v128 values, no spills on x64). Pixels need not share an output
;; row, so an output of any width is covered with no wasted columns (im2col's stride-1 "wide rows" compute
;; (W − outW)/outW extra), and 4 consecutive pixels are transposed into one vector per channel at the end,
;; so the output is written channel-major (NCHW) directly.
;;
;; Summation: the float32 operations of gemm-f32.wat, in its order, so both give the same bits and the
;; caller may pick either (by thread count, say) without changing results: each output is the sum over
;; slices of 256 taps, each slice summed from zero in κ order (one mul and one add per term) and added to
;; the earlier slices' sum; then + bias, as the GEMM's callers add it. Like gemm-f32.wat, this text uses
;; core SIMD; scripts/wasm-variants.ts derives the FMA build (f32x4.relaxed_madd), run wherever the GEMM's
;; FMA build runs.
;;
;; Memory layout (byte offsets, chosen by the caller, 16-byte aligned where vectors are loaded/stored):
;;   x      first sample's input planes; samples xs bytes apart
;;   pix    pp i32 pixel offsets (pp = output pixels per plane rounded up to 4; the extra entries repeat a
;;          valid pixel, and their outputs land in the plane's padding, never read back)
;;   tap    k i32 tap offsets
;;   w      blocks of 8 channels: block b, tap κ, channel b·8 + j at w + 32·(b·k + κ) + 4j
;;   bias   8 floats per block
;;   y      output: channel o (< cog) of sample s, pixel p at y + s·ys + o·4pp + 4p
;;   acc    128 bytes of scratch: one tile's running sum between slices (k > 256 only)

(module
  (memory (export "memory") 1)

  ;; Adds `bias` to the four pixel vectors r0…r3 (lanes = 4 channels), transposes them into one vector
  ;; per channel (lanes = the 4 pixels) and stores channel j at y + j·ps for j < n (n ≤ 0 stores nothing).
  (func $store (param $r0 v128) (param $r1 v128) (param $r2 v128) (param $r3 v128) (param $bias v128)
    (param $y i32) (param $ps i32) (param $n i32)
    (local $lo01 v128) (local $hi01 v128) (local $lo23 v128) (local $hi23 v128)
    (local.set $r0 (f32x4.add (local.get $r0) (local.get $bias)))
    (local.set $r1 (f32x4.add (local.get $r1) (local.get $bias)))
    (local.set $r2 (f32x4.add (local.get $r2) (local.get $bias)))
    (local.set $r3 (f32x4.add (local.get $r3) (local.get $bias)))
    ;; lo01 = (r0[0] r1[0] r0[1] r1[1]), hi01 = (r0[2] r1[2] r0[3] r1[3]); likewise for r2, r3.
    (local.set $lo01 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
    (local.set $hi01 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
    (local.set $lo23 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
    (local.set $hi23 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
    (if (i32.le_s (local.get $n) (i32.const 0)) (then (return)))
    (v128.store (local.get $y) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo01) (local.get $lo23)))
    (if (i32.le_s (local.get $n) (i32.const 1)) (then (return)))
    (local.set $y (i32.add (local.get $y) (local.get $ps)))
    (v128.store (local.get $y) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo01) (local.get $lo23)))
    (if (i32.le_s (local.get $n) (i32.const 2)) (then (return)))
    (local.set $y (i32.add (local.get $y) (local.get $ps)))
    (v128.store (local.get $y) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $hi01) (local.get $hi23)))
    (if (i32.le_s (local.get $n) (i32.const 3)) (then (return)))
    (local.set $y (i32.add (local.get $y) (local.get $ps)))
    (v128.store (local.get $y) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $hi01) (local.get $hi23))))

  ;; The convolution of `samples` samples for `cog` output channels (see the layout above); k ≥ 1, pp a
  ;; positive multiple of 4.
  (func (export "conv")
    (param $x i32) (param $xs i32) (param $samples i32) (param $pix i32) (param $pp i32) (param $tap i32) (param $k i32)
    (param $w i32) (param $bias i32) (param $cog i32) (param $y i32) (param $ys i32) (param $acc i32)
    (local $s i32) (local $blk i32) (local $nblk i32) (local $t i32) (local $pt i32) (local $tend i32) (local $ps i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $off i32) (local $wp i32) (local $wb i32)
    (local $yb i32) (local $yt i32) (local $send i32)
    (local $a v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128)
    (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128)
    (local $c30 v128) (local $c31 v128)
    (local.set $ps (i32.shl (local.get $pp) (i32.const 2)))
    (local.set $nblk (i32.shr_u (i32.add (local.get $cog) (i32.const 7)) (i32.const 3)))
    (local.set $tend (i32.add (local.get $tap) (i32.shl (local.get $k) (i32.const 2))))
    (loop $sample
      (local.set $blk (i32.const 0))
      (loop $block
        ;; Weights of block blk; output channel blk·8 of this sample.
        (local.set $wb (i32.add (local.get $w) (i32.shl (i32.mul (local.get $blk) (local.get $k)) (i32.const 5))))
        (local.set $yb
          (i32.add (i32.add (local.get $y) (i32.mul (local.get $s) (local.get $ys)))
            (i32.mul (i32.shl (local.get $blk) (i32.const 3)) (local.get $ps))))
        (local.set $t (i32.const 0))
        (loop $tile
          ;; The window origins of pixels t … t + 3.
          (local.set $pt (i32.add (local.get $pix) (i32.shl (local.get $t) (i32.const 2))))
          (local.set $p0 (i32.add (local.get $x) (i32.load (local.get $pt))))
          (local.set $p1 (i32.add (local.get $x) (i32.load offset=4 (local.get $pt))))
          (local.set $p2 (i32.add (local.get $x) (i32.load offset=8 (local.get $pt))))
          (local.set $p3 (i32.add (local.get $x) (i32.load offset=12 (local.get $pt))))
          (local.set $wp (local.get $wb))
          (local.set $pt (local.get $tap))
          (local.set $send (local.get $tap))
          (loop $slice
            ;; Taps [pt, send) of this slice: at most 256, as gemm-f32.wat slices k.
            (local.set $send (i32.add (local.get $send) (i32.const 1024)))
            (if (i32.gt_u (local.get $send) (local.get $tend)) (then (local.set $send (local.get $tend))))
            (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
            (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
            (loop $k
              (local.set $off (i32.load (local.get $pt)))
              (local.set $b0 (v128.load (local.get $wp)))
              (local.set $b1 (v128.load offset=16 (local.get $wp)))
              (local.set $a (v128.load32_splat (i32.add (local.get $p0) (local.get $off))))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
              (local.set $a (v128.load32_splat (i32.add (local.get $p1) (local.get $off))))
              (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
              (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
              (local.set $a (v128.load32_splat (i32.add (local.get $p2) (local.get $off))))
              (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
              (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
              (local.set $a (v128.load32_splat (i32.add (local.get $p3) (local.get $off))))
              (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
              (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
              (local.set $wp (i32.add (local.get $wp) (i32.const 32)))
              (local.set $pt (i32.add (local.get $pt) (i32.const 4)))
              (br_if $k (i32.lt_u (local.get $pt) (local.get $send))))
            ;; Slices after the first add the earlier slices' sum (kept at acc), as gemm-f32.wat adds into C.
            (if (i32.gt_u (local.get $pt) (i32.add (local.get $tap) (i32.const 1024)))
              (then
                (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $acc))))
                (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $acc))))
                (local.set $c10 (f32x4.add (local.get $c10) (v128.load offset=32 (local.get $acc))))
                (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=48 (local.get $acc))))
                (local.set $c20 (f32x4.add (local.get $c20) (v128.load offset=64 (local.get $acc))))
                (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=80 (local.get $acc))))
                (local.set $c30 (f32x4.add (local.get $c30) (v128.load offset=96 (local.get $acc))))
                (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=112 (local.get $acc))))))
            (if (i32.lt_u (local.get $pt) (local.get $tend))
              (then
                (v128.store (local.get $acc) (local.get $c00))
                (v128.store offset=16 (local.get $acc) (local.get $c01))
                (v128.store offset=32 (local.get $acc) (local.get $c10))
                (v128.store offset=48 (local.get $acc) (local.get $c11))
                (v128.store offset=64 (local.get $acc) (local.get $c20))
                (v128.store offset=80 (local.get $acc) (local.get $c21))
                (v128.store offset=96 (local.get $acc) (local.get $c30))
                (v128.store offset=112 (local.get $acc) (local.get $c31))
                (br $slice))))
          ;; Channels blk·8 … blk·8 + 3, then blk·8 + 4 … blk·8 + 7 (fewer in the last block).
          (local.set $yt (i32.add (local.get $yb) (i32.shl (local.get $t) (i32.const 2))))
          (local.set $off (i32.add (local.get $bias) (i32.shl (local.get $blk) (i32.const 5))))
          (call $store (local.get $c00) (local.get $c10) (local.get $c20) (local.get $c30) (v128.load (local.get $off))
            (local.get $yt) (local.get $ps) (i32.sub (local.get $cog) (i32.shl (local.get $blk) (i32.const 3))))
          (call $store (local.get $c01) (local.get $c11) (local.get $c21) (local.get $c31) (v128.load offset=16 (local.get $off))
            (i32.add (local.get $yt) (i32.shl (local.get $ps) (i32.const 2))) (local.get $ps)
            (i32.sub (local.get $cog) (i32.add (i32.shl (local.get $blk) (i32.const 3)) (i32.const 4))))
          (local.set $t (i32.add (local.get $t) (i32.const 4)))
          (br_if $tile (i32.lt_u (local.get $t) (local.get $pp))))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br_if $block (i32.lt_u (local.get $blk) (local.get $nblk))))
      (local.set $x (i32.add (local.get $x) (local.get $xs)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br_if $sample (i32.lt_u (local.get $s) (local.get $samples)))))

  ;; Copies `planes` planes of `rows` rows of `len` bytes from src (all back to back) to dst, rows drs bytes
  ;; apart and planes dps bytes apart: lays input planes copied in with one memcpy inside zero-padded planes.
  (func (export "pad_planes")
    (param $src i32) (param $dst i32) (param $planes i32) (param $rows i32) (param $len i32) (param $drs i32) (param $dps i32)
    (local $r i32) (local $d i32)
    (block $done
      (br_if $done (i32.le_s (local.get $planes) (i32.const 0)))
      (br_if $done (i32.le_s (local.get $rows) (i32.const 0)))
      (loop $plane
        (local.set $d (local.get $dst))
        (local.set $r (local.get $rows))
        (loop $row
          (memory.copy (local.get $d) (local.get $src) (local.get $len))
          (local.set $src (i32.add (local.get $src) (local.get $len)))
          (local.set $d (i32.add (local.get $d) (local.get $drs)))
          (local.set $r (i32.sub (local.get $r) (i32.const 1)))
          (br_if $row (i32.gt_s (local.get $r) (i32.const 0))))
        (local.set $dst (i32.add (local.get $dst) (local.get $dps)))
        (local.set $planes (i32.sub (local.get $planes) (i32.const 1)))
        (br_if $plane (i32.gt_s (local.get $planes) (i32.const 0)))))))
