;; Float32 GEMM for WebAssembly SIMD (128-bit): C = A·B on operands already packed by gemm-f32-simd.ts.
;;
;; Assembled by scripts/build-wasm.ts into gemm-f32-wasm-bytes.ts (run `npx tsx scripts/build-wasm.ts`
;; after editing; a test fails when the two drift apart).
;;
;; Memory layout the caller prepares (all offsets in bytes, all values f32):
;;   A: mp/4 panels of 4 rows; panel q holds rows 4q..4q+3 for every p, k-major:
;;      A[4q + r, p] at a + 4·(q·4k + 4p + r).
;;   B: np/8 panels of 8 columns; panel q holds columns 8q..8q+7 for every p, k-major:
;;      B[p, 8q + j] at b + 4·(q·8k + 8p + j).
;;   C: mp×np row-major with a row stride of ldc bytes (ldc ≥ 4·np), fully overwritten. A thread computes
;;      one panel of a larger C by passing pointers to its first A panel, B panel and C element and the
;;      whole C's row stride (gemm-f32-threads.ts).
;; mp is a multiple of 4 and np a multiple of 8 (the caller zero-pads the edge panels), so every tile is
;; full and the kernel has no edge cases. Padded rows and columns of C come out as zeros and are not
;; copied back.
;;
;; This text uses only core SIMD (f32x4.mul + f32x4.add). scripts/wasm-variants.ts derives three more
;; modules from it: one importing a *shared* memory (the worker pool's), and of each an FMA version whose
;; k loop uses f32x4.relaxed_madd (relaxed SIMD, picked at run time only where the engine validates it:
;; its rounding may differ between engines). The one other post-MVP instruction, memory.fill (bulk
;; memory), shipped in every engine before SIMD did, so detecting SIMD is enough.

(module
  (memory (export "memory") 1)

  ;; One 4×8 tile of C over kc steps of k: eight f32x4 accumulators (4 rows × 2 vectors of 4 columns),
  ;; plus two B vectors and one broadcast A value = 11 live v128 values. That fits in the 16 xmm
  ;; registers of x64 (V8 keeps one as scratch) and the 32 of arm64 with no spills; a 4×16 or 8×8 tile
  ;; would need 16 accumulators alone. Per step: 2 vector loads + 4 broadcast loads feed 8 mul + 8 add.
  ;; Measured under V8 11.3 on x64 (kernel alone): this tile ran at ≈ 41 GFLOP/s, while 5×8, 6×8, 8×8,
  ;; 4×12 and 3×12 tiles ran at 21–28 and unrolling k by 2 or 4 at 27–30 (register allocation suffers).
  ;; acc ≠ 0 adds into C (k slices after the first) instead of overwriting it.
  (func $tile (param $kc i32) (param $ap i32) (param $bp i32) (param $cp i32) (param $ldc i32) (param $acc i32)
    (local $end i32)
    (local $a v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128)
    (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128)
    (local $c30 v128) (local $c31 v128)
    ;; v128 locals start at zero. A advances 16 bytes (4 rows) per k step; kc ≥ 1.
    (local.set $end (i32.add (local.get $ap) (i32.shl (local.get $kc) (i32.const 4))))
    (loop $k
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $a (v128.load32_splat (local.get $ap)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $ap)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=8 (local.get $ap)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=12 (local.get $ap)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
      (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $ap) (local.get $end))))
    (if (local.get $acc)
      (then
        (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $cp))))
        (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $cp))))
        (local.set $end (i32.add (local.get $cp) (local.get $ldc)))
        (local.set $c10 (f32x4.add (local.get $c10) (v128.load (local.get $end))))
        (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $end))))
        (local.set $end (i32.add (local.get $end) (local.get $ldc)))
        (local.set $c20 (f32x4.add (local.get $c20) (v128.load (local.get $end))))
        (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $end))))
        (local.set $end (i32.add (local.get $end) (local.get $ldc)))
        (local.set $c30 (f32x4.add (local.get $c30) (v128.load (local.get $end))))
        (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $end))))))
    (v128.store (local.get $cp) (local.get $c00))
    (v128.store offset=16 (local.get $cp) (local.get $c01))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (v128.store (local.get $cp) (local.get $c10))
    (v128.store offset=16 (local.get $cp) (local.get $c11))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (v128.store (local.get $cp) (local.get $c20))
    (v128.store offset=16 (local.get $cp) (local.get $c21))
    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
    (v128.store (local.get $cp) (local.get $c30))
    (v128.store offset=16 (local.get $cp) (local.get $c31)))

  ;; Packs a rows×k matrix X (X[r,p] at src + r·rs + p·cs, strides in bytes, any sign) into panels of
  ;; w rows (w = 4 for A; w = 8 for B, packed as Bᵀ), k-major: X[w·q + r, p] goes to
  ;; dst + 4·(q·w·k + w·p + r). Rows past the end of the last panel are zero-filled so the kernel never
  ;; multiplies stale memory (denormals there would slow it down).
  ;;
  ;; Full panels of the two dense layouts take SIMD paths, since packing is the only non-kernel work
  ;; whose cost grows with the operand size: rs = 4 (the w values of one p are adjacent: row-major B,
  ;; column-major A) is a straight vector copy; cs = 4 (rows run along p: row-major A, column-major B,
  ;; i.e. x·Wᵀ) goes through 4×4 transposes. Any other stride takes the scalar loop.
  (func (export "pack") (param $src i32) (param $rs i32) (param $cs i32) (param $rows i32) (param $k i32) (param $dst i32) (param $w i32)
    (local $i i32) (local $r i32) (local $s i32) (local $d i32) (local $end i32) (local $wb i32) (local $panel i32)
    (local.set $wb (i32.shl (local.get $w) (i32.const 2)))
    (local.set $panel (i32.mul (local.get $k) (local.get $wb)))
    (loop $panels
      (block $done
        (if (i32.le_u (i32.add (local.get $i) (local.get $w)) (local.get $rows))
          (then
            (if (i32.eq (local.get $rs) (i32.const 4))
              (then
                (local.set $s (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2))))
                (local.set $d (local.get $dst))
                (local.set $end (i32.add (local.get $dst) (local.get $panel)))
                (if (i32.eq (local.get $w) (i32.const 8))
                  (then
                    (loop $copy8
                      (v128.store (local.get $d) (v128.load (local.get $s)))
                      (v128.store offset=16 (local.get $d) (v128.load offset=16 (local.get $s)))
                      (local.set $s (i32.add (local.get $s) (local.get $cs)))
                      (local.set $d (i32.add (local.get $d) (i32.const 32)))
                      (br_if $copy8 (i32.lt_u (local.get $d) (local.get $end)))))
                  (else
                    (loop $copy4
                      (v128.store (local.get $d) (v128.load (local.get $s)))
                      (local.set $s (i32.add (local.get $s) (local.get $cs)))
                      (local.set $d (i32.add (local.get $d) (i32.const 16)))
                      (br_if $copy4 (i32.lt_u (local.get $d) (local.get $end))))))
                (br $done)))
            (if (i32.eq (local.get $cs) (i32.const 4))
              (then
                (local.set $s (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rs))))
                (call $transpose4 (local.get $s) (local.get $rs) (local.get $k) (local.get $dst) (local.get $wb))
                (if (i32.eq (local.get $w) (i32.const 8))
                  (then
                    (call $transpose4
                      (i32.add (local.get $s) (i32.shl (local.get $rs) (i32.const 2)))
                      (local.get $rs) (local.get $k) (i32.add (local.get $dst) (i32.const 16)) (local.get $wb))))
                (br $done)))))
        ;; Scalar path, one row of the panel at a time. A partial (last) panel is zeroed first in one
        ;; bulk fill, then only its real rows are copied.
        (if (i32.gt_u (i32.add (local.get $i) (local.get $w)) (local.get $rows))
          (then (memory.fill (local.get $dst) (i32.const 0) (local.get $panel))))
        (local.set $r (i32.const 0))
        (loop $prow
          (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
          (local.set $end (i32.add (local.get $d) (local.get $panel)))
          (local.set $s (i32.add (local.get $src) (i32.mul (i32.add (local.get $i) (local.get $r)) (local.get $rs))))
          (loop $copy
            (f32.store (local.get $d) (f32.load (local.get $s)))
            (local.set $s (i32.add (local.get $s) (local.get $cs)))
            (local.set $d (i32.add (local.get $d) (local.get $wb)))
            (br_if $copy (i32.lt_u (local.get $d) (local.get $end))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $prow
            (i32.and (i32.lt_u (local.get $r) (local.get $w))
              (i32.lt_u (i32.add (local.get $i) (local.get $r)) (local.get $rows))))))
      (local.set $dst (i32.add (local.get $dst) (local.get $panel)))
      (local.set $i (i32.add (local.get $i) (local.get $w)))
      (br_if $panels (i32.lt_u (local.get $i) (local.get $rows)))))

  ;; Writes 4 rows of X that run along p (row r at s + r·rs, unit stride in p) as 4 adjacent columns of a
  ;; panel whose rows are wb bytes apart, starting at d: 4×4 blocks are loaded as 4 vectors and
  ;; transposed with two rounds of interleaving shuffles; the last k mod 4 values go one by one.
  (func $transpose4 (param $s i32) (param $rs i32) (param $k i32) (param $d i32) (param $wb i32)
    (local $s1 i32) (local $s2 i32) (local $s3 i32) (local $end i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $lo01 v128) (local $hi01 v128) (local $lo23 v128) (local $hi23 v128)
    (local.set $s1 (i32.add (local.get $s) (local.get $rs)))
    (local.set $s2 (i32.add (local.get $s1) (local.get $rs)))
    (local.set $s3 (i32.add (local.get $s2) (local.get $rs)))
    (local.set $end (i32.add (local.get $s) (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2))))
    (if (i32.ne (local.get $s) (local.get $end))
      (then
        (loop $block
          (local.set $x0 (v128.load (local.get $s)))
          (local.set $x1 (v128.load (local.get $s1)))
          (local.set $x2 (v128.load (local.get $s2)))
          (local.set $x3 (v128.load (local.get $s3)))
          ;; lo01 = (x0[0] x1[0] x0[1] x1[1]), hi01 = (x0[2] x1[2] x0[3] x1[3]); likewise for rows 2, 3.
          (local.set $lo01 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
          (local.set $hi01 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
          (local.set $lo23 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
          (local.set $hi23 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
          ;; Column p of the block = (x0[p] x1[p] x2[p] x3[p]).
          (v128.store (local.get $d)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo01) (local.get $lo23)))
          (local.set $d (i32.add (local.get $d) (local.get $wb)))
          (v128.store (local.get $d)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo01) (local.get $lo23)))
          (local.set $d (i32.add (local.get $d) (local.get $wb)))
          (v128.store (local.get $d)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $hi01) (local.get $hi23)))
          (local.set $d (i32.add (local.get $d) (local.get $wb)))
          (v128.store (local.get $d)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $hi01) (local.get $hi23)))
          (local.set $d (i32.add (local.get $d) (local.get $wb)))
          (local.set $s (i32.add (local.get $s) (i32.const 16)))
          (local.set $s1 (i32.add (local.get $s1) (i32.const 16)))
          (local.set $s2 (i32.add (local.get $s2) (i32.const 16)))
          (local.set $s3 (i32.add (local.get $s3) (i32.const 16)))
          (br_if $block (i32.ne (local.get $s) (local.get $end))))))
    (local.set $end (i32.add (local.get $s) (i32.shl (i32.and (local.get $k) (i32.const 3)) (i32.const 2))))
    (if (i32.ne (local.get $s) (local.get $end))
      (then
        (loop $tail
          (f32.store (local.get $d) (f32.load (local.get $s)))
          (f32.store offset=4 (local.get $d) (f32.load (local.get $s1)))
          (f32.store offset=8 (local.get $d) (f32.load (local.get $s2)))
          (f32.store offset=12 (local.get $d) (f32.load (local.get $s3)))
          (local.set $d (i32.add (local.get $d) (local.get $wb)))
          (local.set $s (i32.add (local.get $s) (i32.const 4)))
          (local.set $s1 (i32.add (local.get $s1) (i32.const 4)))
          (local.set $s2 (i32.add (local.get $s2) (i32.const 4)))
          (local.set $s3 (i32.add (local.get $s3) (i32.const 4)))
          (br_if $tail (i32.ne (local.get $s) (local.get $end)))))))

  ;; C = A·B for packed A (mp×k) and B (k×np), pointers and C's row stride ldc (bytes) as described
  ;; at the top. Requires mp ≥ 4, np ≥ 8, k ≥ 1.
  ;;
  ;; Cache blocking (the GotoBLAS/BLIS loop order, from its published description): k is cut into
  ;; slices of KC = 256 so one B micro-panel slice (256·8·4 B = 8 KB) stays in L1 while it meets every
  ;; A micro-panel of an MC = 128-row block (128·256·4 B = 128 KB, resident in L2). Later k slices add
  ;; into C. The whole loop nest runs here so JS pays one call per product, not one per tile.
  ;; (KC from 128 to 1024 and MC from 64 to 512 were all within 4% on the 1–2 MB L2 measured; these
  ;; values keep the L1 footprint right for 32 KB L1 caches too.)
  (func (export "gemm") (param $mp i32) (param $np i32) (param $k i32) (param $a i32) (param $b i32) (param $c i32) (param $ldc i32)
    (local $pc i32) (local $kc i32) (local $acc i32)
    (local $ic i32) (local $iend i32) (local $ir i32) (local $jr i32)
    (local $bp i32)
    (loop $kslice
      (local.set $kc (i32.sub (local.get $k) (local.get $pc)))
      (if (i32.gt_u (local.get $kc) (i32.const 256)) (then (local.set $kc (i32.const 256))))
      (local.set $acc (i32.ne (local.get $pc) (i32.const 0)))
      (local.set $ic (i32.const 0))
      (loop $mblock
        (local.set $iend (i32.add (local.get $ic) (i32.const 128)))
        (if (i32.gt_u (local.get $iend) (local.get $mp)) (then (local.set $iend (local.get $mp))))
        (local.set $jr (i32.const 0))
        (loop $ncols
          ;; Start of B panel jr/8, slice pc: 4·(jr·k + 8·pc) bytes.
          (local.set $bp
            (i32.add (local.get $b)
              (i32.shl (i32.add (i32.mul (local.get $jr) (local.get $k)) (i32.shl (local.get $pc) (i32.const 3)))
                (i32.const 2))))
          (local.set $ir (local.get $ic))
          (loop $mrows
            (call $tile
              (local.get $kc)
              ;; A panel ir/4, slice pc: 4·(ir·k + 4·pc) bytes.
              (i32.add (local.get $a)
                (i32.shl (i32.add (i32.mul (local.get $ir) (local.get $k)) (i32.shl (local.get $pc) (i32.const 2)))
                  (i32.const 2)))
              (local.get $bp)
              ;; C tile at row ir, column jr.
              (i32.add (local.get $c)
                (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (i32.shl (local.get $jr) (i32.const 2))))
              (local.get $ldc)
              (local.get $acc))
            (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
            (br_if $mrows (i32.lt_u (local.get $ir) (local.get $iend))))
          (local.set $jr (i32.add (local.get $jr) (i32.const 8)))
          (br_if $ncols (i32.lt_u (local.get $jr) (local.get $np))))
        (local.set $ic (local.get $iend))
        (br_if $mblock (i32.lt_u (local.get $ic) (local.get $mp))))
      (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
      (br_if $kslice (i32.lt_u (local.get $pc) (local.get $k))))))
