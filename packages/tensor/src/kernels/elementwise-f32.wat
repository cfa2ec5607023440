;; Float32 element-wise kernels for WebAssembly SIMD (128-bit), driven by elementwise-f32-simd.ts.
;;
;; Assembled by scripts/build-wasm.ts into elementwise-f32-wasm-bytes.ts (run `npx tsx scripts/build-wasm.ts`
;; after editing; a test fails when the two drift apart).
;;
;; Every exported loop takes byte offsets of 16-byte aligned f32 arrays and a count n, and processes
;; ceil(n/4) whole vectors; the unary ones run whole groups of U vectors per iteration (U = 8 for relu, exp
;; and sigmoid, 4 for log and tanh, 3 for erf: the fastest of 2–16 measured with
;; benchmarks/profile/elementwise.ts — more vectors in flight hide the polynomials' latency until the
;; registers run out). The caller reserves the padding lanes (their values are ignored; float arithmetic
;; never traps, so garbage lanes are harmless). Inputs and output may be the same array (or disjoint ones).
;;
;; The text is expanded before assembly (scripts/wat-inline.ts): every `(call $helper …)` is inlined, the
;; U calls of an unrolled loop in lockstep (their independent dependency chains interleaved), and each
;; loop's constants are read once, before the loop, from globals — V8 inlines no wasm call and rebuilds a
;; v128.const with three instructions at every use.
;;
;; Accuracy (measured by packages/tensor/test/elementwise-f32-simd.test.ts against Math.* rounded to
;; float32, over every float32 in dense ranges plus edge values): add/sub/mul/div/relu are exact (IEEE);
;; exp, log, sigmoid, tanh and erf stay within the ulp bounds stated in that test (ULP_BOUNDS). The
;; polynomials' own error (Taylor truncation, or the stated fit error) is far below float32's rounding.

(module
  (memory (export "memory") 1)

  ;; relu(x) = x <= 0 ? +0 : x. The mask x <= 0 is all-ones for -0 and negatives (giving +0, as the JS
  ;; relu does) and all-zeros for NaN (which passes through).
  (func $relu (param $x v128) (result v128)
    (v128.andnot (local.get $x) (f32x4.le (local.get $x) (v128.const f32x4 0 0 0 0))))

  ;; e^x = 2^n · e^r with n = round(x·log2 e), r = x − n·ln2 ∈ [−ln2/2, ln2/2] (Cody–Waite: ln2 split
  ;; into a 9-bit head, so n·LN2_HI is exact, and a tail), e^r ≈ 1 + r + r²·P(r) with P of degree 4
  ;; fitted for least maximum relative error on [−ln2/2, ln2/2] (Lawson's iteration against mpmath,
  ;; rounded to float32: 3.8e-9 relative, as small as the degree-7 Taylor polynomial it replaced, with one
  ;; multiply-add fewer). 2^n is applied as two factors 2^(n>>1)·2^(n−(n>>1)), each a
  ;; normal float, so results that are subnormal get one rounding and those past FLT_MAX become +Inf.
  ;; x is clamped to [−104, 89] first (e^−104 rounds to 0 and e^89 overflows, so the clamp changes no
  ;; result); pmin(x, c) = c < x ? c : x and pmax(x, c) = x < c ? c : x keep a NaN x (each compare is
  ;; false), one instruction each where f32x4.min/max compile to long NaN-propagating sequences.
  (func $exp (param $x v128) (result v128)
    (local $t v128) (local $n v128) (local $r v128) (local $p v128) (local $s1 v128) (local $s v128)
    (local.set $x (f32x4.pmax (f32x4.pmin (local.get $x) (v128.const f32x4 89 89 89 89))
                              (v128.const f32x4 -104 -104 -104 -104)))
    ;; n = round(x·log2 e) by the 1.5·2²³ trick: adding M = 1.5·2²³ + 254 leaves k = n + 254 (rounded to
    ;; nearest even) in t's low mantissa bits, with no float→int conversion (i32x4.trunc_sat and
    ;; f32x4.nearest compile to long sequences on x64); t − M is n exactly.
    (local.set $t (f32x4.add (f32x4.mul (local.get $x)
      (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))
      (v128.const f32x4 12583166 12583166 12583166 12583166)))
    (local.set $n (f32x4.sub (local.get $t) (v128.const f32x4 12583166 12583166 12583166 12583166)))
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $n)
      (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $n)
      (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (v128.const f32x4 0.001381461275741458 0.001381461275741458 0.001381461275741458 0.001381461275741458))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
      (v128.const f32x4 0.008368710055947304 0.008368710055947304 0.008368710055947304 0.008368710055947304)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
      (v128.const f32x4 0.04166838899254799 0.04166838899254799 0.04166838899254799 0.04166838899254799)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
      (v128.const f32x4 0.1666652113199234 0.1666652113199234 0.1666652113199234 0.1666652113199234)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
      (v128.const f32x4 0.4999999403953552 0.4999999403953552 0.4999999403953552 0.4999999403953552)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
      (v128.const f32x4 1 1 1 1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r))
      (v128.const f32x4 1 1 1 1)))
    ;; n ∈ [−150, 128], so k = n + 254 ∈ [104, 382] and both k>>1 = (n>>1) + 127 and k − (k>>1) lie in
    ;; [52, 191]: biased exponents of normal floats. t's bits are 0x4B400000 + k; as 0x4B400000 is even
    ;; and has no bit below 22, (t >>u 1) << 23 = (k>>1) << 23 and t << 23 = k << 23 (the other bits
    ;; shift out), so the two factors cost four integer instructions.
    (local.set $s1 (i32x4.shl (i32x4.shr_u (local.get $t) (i32.const 1)) (i32.const 23)))
    (local.set $s (i32x4.sub (i32x4.shl (local.get $t) (i32.const 23)) (local.get $s1)))
    (f32x4.mul (f32x4.mul (local.get $p) (local.get $s1)) (local.get $s)))

  ;; sigmoid(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0, with e = e^−|x| ≤ 1: never overflows
  ;; (sigmoid(−1000) = 0, sigmoid(1000) = 1), the same stable split as the JS sigmoid. NaN: e is NaN.
  (func $sigmoid (param $x v128) (result v128)
    (local $e v128) (local $d v128)
    (local.set $e (call $exp (f32x4.neg (f32x4.abs (local.get $x)))))
    (local.set $d (f32x4.add (local.get $e) (v128.const f32x4 1 1 1 1)))
    ;; One division for both cases: the numerator is selected first (a division costs as much as ten
    ;; multiplications here).
    (f32x4.div
      (v128.bitselect (v128.const f32x4 1 1 1 1) (local.get $e) (f32x4.ge (local.get $x) (v128.const f32x4 0 0 0 0)))
      (local.get $d)))

  ;; tanh x: for |x| < 0.55, x + x³·P(x²) with P of degree 4 fitted for least maximum relative error on
  ;; [0, 0.55] (Lawson's iteration against mpmath, rounded to float32: 4.4e-9 relative, as small as the
  ;; 9-term Taylor series it replaced), which keeps tiny x exact; beyond, sign(x)·(1 − 2/(e^{2|x|} + 1)), where the
  ;; subtraction loses at most a factor ≈ 1.2 of relative accuracy at |x| = 0.55 and e^{2|x|} = +Inf
  ;; gives exactly 1. NaN fails |x| < 0.55 and flows through the exponential as NaN.
  (func $tanh (param $x v128) (result v128)
    (local $a v128) (local $z v128) (local $p v128) (local $t v128)
    (local.set $a (f32x4.abs (local.get $x)))
    (local.set $z (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $p (v128.const f32x4 -0.0062742396257817745 -0.0062742396257817745 -0.0062742396257817745 -0.0062742396257817745))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $z))
      (v128.const f32x4 0.021071679890155792 0.021071679890155792 0.021071679890155792 0.021071679890155792)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $z))
      (v128.const f32x4 -0.05385230854153633 -0.05385230854153633 -0.05385230854153633 -0.05385230854153633)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $z))
      (v128.const f32x4 0.13332585990428925 0.13332585990428925 0.13332585990428925 0.13332585990428925)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $z))
      (v128.const f32x4 -0.33333316445350647 -0.33333316445350647 -0.33333316445350647 -0.33333316445350647)))
    ;; x + x·z·p: the leading term is added last and exactly once.
    (local.set $p (f32x4.add (local.get $x) (f32x4.mul (f32x4.mul (local.get $x) (local.get $z)) (local.get $p))))
    ;; Calls stand alone as statements, so the lockstep expansion interleaves them too.
    (local.set $t (call $exp (f32x4.add (local.get $a) (local.get $a))))
    (local.set $t (f32x4.sub (v128.const f32x4 1 1 1 1)
      (f32x4.div (v128.const f32x4 2 2 2 2) (f32x4.add (local.get $t) (v128.const f32x4 1 1 1 1)))))
    ;; copysign(|result|, x), done once for both branches: the polynomial's own sign is lost at x = −0
    ;; (−0 + (−0·0)·p gives +0), and t ≥ 0 is |tanh x|. OR-ing in x's sign bit negates negative inputs.
    (v128.or
      (v128.bitselect (f32x4.abs (local.get $p)) (local.get $t)
        (f32x4.lt (local.get $a) (v128.const f32x4 0.55 0.55 0.55 0.55)))
      (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))

  ;; ln x = e·ln2 + ln m with x = m·2^e, m ∈ [√½, √2): subnormal x is first scaled by 2²³ (e −= 23);
  ;; ln m = 2s + 2s·s²·Q(s²) with s = (m−1)/(m+1), |s| ≤ 0.1716, Q of degree 2 fitted for least maximum
  ;; relative error of ln m (Lawson's iteration against mpmath, float32 coefficients: 8.2e-10; it replaced
  ;; the atanh series to s⁹/9, whose truncation was ≤ 1e-9). e·ln2 is added as an exact head e·LN2_HI plus (ln m + e·LN2_LO). Special values are
  ;; patched last: ln ±0 = −Inf, ln of a negative = NaN, ln +Inf = +Inf, NaN stays NaN.
  (func $log (param $x v128) (result v128)
    (local $sub v128) (local $y v128) (local $e v128) (local $m v128) (local $big v128)
    (local $s v128) (local $z v128) (local $q v128) (local $r v128) (local $ef v128)
    (local.set $sub (f32x4.lt (local.get $x) (v128.const f32x4 1.17549435e-38 1.17549435e-38 1.17549435e-38 1.17549435e-38)))
    (local.set $y (v128.bitselect
      (f32x4.mul (local.get $x) (v128.const f32x4 8388608 8388608 8388608 8388608))
      (local.get $x) (local.get $sub)))
    ;; e = biased exponent − 127, minus 23 where scaled (sub is −1 there, so add 23·sub).
    (local.set $e (i32x4.add
      (i32x4.sub (i32x4.shr_u (local.get $y) (i32.const 23)) (v128.const i32x4 127 127 127 127))
      (i32x4.mul (local.get $sub) (v128.const i32x4 23 23 23 23))))
    (local.set $m (v128.or (v128.and (local.get $y) (v128.const i32x4 0x007fffff 0x007fffff 0x007fffff 0x007fffff))
                           (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
    (local.set $big (f32x4.gt (local.get $m) (v128.const f32x4 1.41421356 1.41421356 1.41421356 1.41421356)))
    (local.set $m (v128.bitselect (f32x4.mul (local.get $m) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $m) (local.get $big)))
    (local.set $e (i32x4.sub (local.get $e) (local.get $big)))
    (local.set $s (f32x4.div (f32x4.sub (local.get $m) (v128.const f32x4 1 1 1 1))
                             (f32x4.add (local.get $m) (v128.const f32x4 1 1 1 1))))
    (local.set $z (f32x4.mul (local.get $s) (local.get $s)))
    (local.set $q (v128.const f32x4 0.14935468137264252 0.14935468137264252 0.14935468137264252 0.14935468137264252))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $z))
      (v128.const f32x4 0.19988787174224854 0.19988787174224854 0.19988787174224854 0.19988787174224854)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $z))
      (v128.const f32x4 0.3333338797092438 0.3333338797092438 0.3333338797092438 0.3333338797092438)))
    (local.set $q (f32x4.mul (local.get $q) (local.get $z)))
    (local.set $s (f32x4.add (local.get $s) (local.get $s)))
    (local.set $ef (f32x4.convert_i32x4_s (local.get $e)))
    (local.set $r (f32x4.add
      (f32x4.mul (local.get $ef) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))
      (f32x4.add (f32x4.add (local.get $s) (f32x4.mul (local.get $s) (local.get $q)))
                 (f32x4.mul (local.get $ef) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4)))))
    (local.set $r (v128.bitselect (v128.const f32x4 -inf -inf -inf -inf) (local.get $r)
      (f32x4.eq (local.get $x) (v128.const f32x4 0 0 0 0))))
    (local.set $r (v128.bitselect (v128.const f32x4 nan nan nan nan) (local.get $r)
      (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0))))
    (v128.bitselect (local.get $x) (local.get $r)
      (v128.or (f32x4.eq (local.get $x) (v128.const f32x4 inf inf inf inf))
               (f32x4.ne (local.get $x) (local.get $x)))))

  ;; o[i] = a[i] + b[i]
  (func (export "add") (param $a i32) (param $b i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (f32x4.add (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
        (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
        (v128.store offset=32 (local.get $o) (f32x4.add (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))))
        (v128.store offset=48 (local.get $o) (f32x4.add (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = a[i] - b[i]
  (func (export "sub") (param $a i32) (param $b i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (f32x4.sub (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
        (v128.store offset=16 (local.get $o) (f32x4.sub (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
        (v128.store offset=32 (local.get $o) (f32x4.sub (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))))
        (v128.store offset=48 (local.get $o) (f32x4.sub (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = a[i] * b[i]
  (func (export "mul") (param $a i32) (param $b i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (f32x4.mul (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
        (v128.store offset=16 (local.get $o) (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
        (v128.store offset=32 (local.get $o) (f32x4.mul (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))))
        (v128.store offset=48 (local.get $o) (f32x4.mul (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = a[i] / b[i]
  (func (export "div") (param $a i32) (param $b i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (f32x4.div (v128.load offset=0 (local.get $a)) (v128.load offset=0 (local.get $b))))
        (v128.store offset=16 (local.get $o) (f32x4.div (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b))))
        (v128.store offset=32 (local.get $o) (f32x4.div (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b))))
        (v128.store offset=48 (local.get $o) (f32x4.div (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = a[i] + s
  (func (export "add_vs") (param $a i32) (param $s f32) (param $o i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $v (f32x4.splat (local.get $s)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (f32x4.add (v128.load offset=0 (local.get $a)) (local.get $v)))
        (v128.store offset=16 (local.get $o) (f32x4.add (v128.load offset=16 (local.get $a)) (local.get $v)))
        (v128.store offset=32 (local.get $o) (f32x4.add (v128.load offset=32 (local.get $a)) (local.get $v)))
        (v128.store offset=48 (local.get $o) (f32x4.add (v128.load offset=48 (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = a[i] - s
  (func (export "sub_vs") (param $a i32) (param $s f32) (param $o i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $v (f32x4.splat (local.get $s)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (f32x4.sub (v128.load offset=0 (local.get $a)) (local.get $v)))
        (v128.store offset=16 (local.get $o) (f32x4.sub (v128.load offset=16 (local.get $a)) (local.get $v)))
        (v128.store offset=32 (local.get $o) (f32x4.sub (v128.load offset=32 (local.get $a)) (local.get $v)))
        (v128.store offset=48 (local.get $o) (f32x4.sub (v128.load offset=48 (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = a[i] * s
  (func (export "mul_vs") (param $a i32) (param $s f32) (param $o i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $v (f32x4.splat (local.get $s)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (f32x4.mul (v128.load offset=0 (local.get $a)) (local.get $v)))
        (v128.store offset=16 (local.get $o) (f32x4.mul (v128.load offset=16 (local.get $a)) (local.get $v)))
        (v128.store offset=32 (local.get $o) (f32x4.mul (v128.load offset=32 (local.get $a)) (local.get $v)))
        (v128.store offset=48 (local.get $o) (f32x4.mul (v128.load offset=48 (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = a[i] / s
  (func (export "div_vs") (param $a i32) (param $s f32) (param $o i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $v (f32x4.splat (local.get $s)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (f32x4.div (v128.load offset=0 (local.get $a)) (local.get $v)))
        (v128.store offset=16 (local.get $o) (f32x4.div (v128.load offset=16 (local.get $a)) (local.get $v)))
        (v128.store offset=32 (local.get $o) (f32x4.div (v128.load offset=32 (local.get $a)) (local.get $v)))
        (v128.store offset=48 (local.get $o) (f32x4.div (v128.load offset=48 (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = s - a[i]
  (func (export "sub_sv") (param $s f32) (param $a i32) (param $o i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $v (f32x4.splat (local.get $s)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (f32x4.sub (local.get $v) (v128.load offset=0 (local.get $a))))
        (v128.store offset=16 (local.get $o) (f32x4.sub (local.get $v) (v128.load offset=16 (local.get $a))))
        (v128.store offset=32 (local.get $o) (f32x4.sub (local.get $v) (v128.load offset=32 (local.get $a))))
        (v128.store offset=48 (local.get $o) (f32x4.sub (local.get $v) (v128.load offset=48 (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = s / a[i]
  (func (export "div_sv") (param $s f32) (param $a i32) (param $o i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $v (f32x4.splat (local.get $s)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (f32x4.div (local.get $v) (v128.load offset=0 (local.get $a))))
        (v128.store offset=16 (local.get $o) (f32x4.div (local.get $v) (v128.load offset=16 (local.get $a))))
        (v128.store offset=32 (local.get $o) (f32x4.div (local.get $v) (v128.load offset=32 (local.get $a))))
        (v128.store offset=48 (local.get $o) (f32x4.div (local.get $v) (v128.load offset=48 (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = x <= 0 ? +0 : x (NaN stays NaN: the mask x <= 0 is false for NaN)
  (func (export "relu") (param $a i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (call $relu (v128.load offset=0 (local.get $a))))
        (v128.store offset=16 (local.get $o) (call $relu (v128.load offset=16 (local.get $a))))
        (v128.store offset=32 (local.get $o) (call $relu (v128.load offset=32 (local.get $a))))
        (v128.store offset=48 (local.get $o) (call $relu (v128.load offset=48 (local.get $a))))
        (v128.store offset=64 (local.get $o) (call $relu (v128.load offset=64 (local.get $a))))
        (v128.store offset=80 (local.get $o) (call $relu (v128.load offset=80 (local.get $a))))
        (v128.store offset=96 (local.get $o) (call $relu (v128.load offset=96 (local.get $a))))
        (v128.store offset=112 (local.get $o) (call $relu (v128.load offset=112 (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 128)))
        (local.set $o (i32.add (local.get $o) (i32.const 128)))
        (br $next))))

  ;; o[i] = e^x (see $exp)
  (func (export "exp") (param $a i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (call $exp (v128.load offset=0 (local.get $a))))
        (v128.store offset=16 (local.get $o) (call $exp (v128.load offset=16 (local.get $a))))
        (v128.store offset=32 (local.get $o) (call $exp (v128.load offset=32 (local.get $a))))
        (v128.store offset=48 (local.get $o) (call $exp (v128.load offset=48 (local.get $a))))
        (v128.store offset=64 (local.get $o) (call $exp (v128.load offset=64 (local.get $a))))
        (v128.store offset=80 (local.get $o) (call $exp (v128.load offset=80 (local.get $a))))
        (v128.store offset=96 (local.get $o) (call $exp (v128.load offset=96 (local.get $a))))
        (v128.store offset=112 (local.get $o) (call $exp (v128.load offset=112 (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 128)))
        (local.set $o (i32.add (local.get $o) (i32.const 128)))
        (br $next))))

  ;; o[i] = 1 / (1 + e^-x) (see $sigmoid)
  (func (export "sigmoid") (param $a i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (call $sigmoid (v128.load offset=0 (local.get $a))))
        (v128.store offset=16 (local.get $o) (call $sigmoid (v128.load offset=16 (local.get $a))))
        (v128.store offset=32 (local.get $o) (call $sigmoid (v128.load offset=32 (local.get $a))))
        (v128.store offset=48 (local.get $o) (call $sigmoid (v128.load offset=48 (local.get $a))))
        (v128.store offset=64 (local.get $o) (call $sigmoid (v128.load offset=64 (local.get $a))))
        (v128.store offset=80 (local.get $o) (call $sigmoid (v128.load offset=80 (local.get $a))))
        (v128.store offset=96 (local.get $o) (call $sigmoid (v128.load offset=96 (local.get $a))))
        (v128.store offset=112 (local.get $o) (call $sigmoid (v128.load offset=112 (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 128)))
        (local.set $o (i32.add (local.get $o) (i32.const 128)))
        (br $next))))

  ;; o[i] = tanh x (see $tanh)
  (func (export "tanh") (param $a i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (call $tanh (v128.load offset=0 (local.get $a))))
        (v128.store offset=16 (local.get $o) (call $tanh (v128.load offset=16 (local.get $a))))
        (v128.store offset=32 (local.get $o) (call $tanh (v128.load offset=32 (local.get $a))))
        (v128.store offset=48 (local.get $o) (call $tanh (v128.load offset=48 (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = ln x (see $log)
  (func (export "log") (param $a i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (call $log (v128.load offset=0 (local.get $a))))
        (v128.store offset=16 (local.get $o) (call $log (v128.load offset=16 (local.get $a))))
        (v128.store offset=32 (local.get $o) (call $log (v128.load offset=32 (local.get $a))))
        (v128.store offset=48 (local.get $o) (call $log (v128.load offset=48 (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))
;; erf x, odd. For |x| < 1: x·P(x²), P of degree 6 fitted to erf(x)/x (relative error of the fit 1.2e-9).
  ;; For |x| ≥ 1: 1 − e^(−x²)·Q(1/|x| − 0.62658226), Q of degree 9 fitted to erfcx(x) = e^(x²)·erfc(x) on
  ;; 1/|x| ∈ [1/3.95, 1] (fit error 1.4e-8 relative; e^(−x²)·Q ≤ 0.16, so it costs at most ≈ 0.04 ulp of the
  ;; result). Beyond, e^(−x²) falls below 2⁻²⁵ and the result rounds to 1 (±Infinity included: 1/|x| = 0 keeps
  ;; Q finite). Coefficients: least-squares fits on Chebyshev nodes against mpmath, rounded to float32; both
  ;; branches are computed and selected by |x| < 1. The sign is copied from x (erf −0 = −0); NaN fails |x| < 1
  ;; and turns the second branch into NaN.
  (func $erf (param $x v128) (result v128)
    (local $a v128) (local $z v128) (local $p v128) (local $s v128) (local $q v128) (local $r v128)
    (local.set $a (f32x4.abs (local.get $x)))
    (local.set $z (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $p (v128.const f32x4 7.853846909711137e-05 7.853846909711137e-05 7.853846909711137e-05 7.853846909711137e-05))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $z)) (v128.const f32x4 -0.0008010189048945904 -0.0008010189048945904 -0.0008010189048945904 -0.0008010189048945904)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $z)) (v128.const f32x4 0.00518832728266716 0.00518832728266716 0.00518832728266716 0.00518832728266716)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $z)) (v128.const f32x4 -0.026853810995817184 -0.026853810995817184 -0.026853810995817184 -0.026853810995817184)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $z)) (v128.const f32x4 0.1128358542919159 0.1128358542919159 0.1128358542919159 0.1128358542919159)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $z)) (v128.const f32x4 -0.3761262595653534 -0.3761262595653534 -0.3761262595653534 -0.3761262595653534)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $z)) (v128.const f32x4 1.1283791065216064 1.1283791065216064 1.1283791065216064 1.1283791065216064)))
    (local.set $p (f32x4.abs (f32x4.mul (local.get $a) (local.get $p))))
    (local.set $s (f32x4.sub (f32x4.div (v128.const f32x4 1 1 1 1) (local.get $a)) (v128.const f32x4 0.6265822649002075 0.6265822649002075 0.6265822649002075 0.6265822649002075)))
    (local.set $q (v128.const f32x4 0.02996663749217987 0.02996663749217987 0.02996663749217987 0.02996663749217987))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (v128.const f32x4 -0.006469914223998785 -0.006469914223998785 -0.006469914223998785 -0.006469914223998785)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (v128.const f32x4 -0.028269387781620026 -0.028269387781620026 -0.028269387781620026 -0.028269387781620026)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (v128.const f32x4 0.04429568722844124 0.04429568722844124 0.04429568722844124 0.04429568722844124)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (v128.const f32x4 -0.04638628661632538 -0.04638628661632538 -0.04638628661632538 -0.04638628661632538)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (v128.const f32x4 0.02289414405822754 0.02289414405822754 0.02289414405822754 0.02289414405822754)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (v128.const f32x4 0.043907687067985535 0.043907687067985535 0.043907687067985535 0.043907687067985535)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (v128.const f32x4 -0.17218554019927979 -0.17218554019927979 -0.17218554019927979 -0.17218554019927979)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (v128.const f32x4 0.3817386031150818 0.3817386031150818 0.3817386031150818 0.3817386031150818)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (v128.const f32x4 0.30655744671821594 0.30655744671821594 0.30655744671821594 0.30655744671821594)))
    (local.set $r (call $exp (f32x4.neg (local.get $z))))
    (local.set $r (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $r) (local.get $q))))
    (v128.or
      (v128.bitselect (local.get $p) (local.get $r) (f32x4.lt (local.get $a) (v128.const f32x4 1 1 1 1)))
      (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))

  ;; o[i] = erf x (see $erf)
  (func (export "erf") (param $a i32) (param $o i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (call $erf (v128.load offset=0 (local.get $a))))
        (v128.store offset=16 (local.get $o) (call $erf (v128.load offset=16 (local.get $a))))
        (v128.store offset=32 (local.get $o) (call $erf (v128.load offset=32 (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 48)))
        (local.set $o (i32.add (local.get $o) (i32.const 48)))
        (br $next))))

  ;; ---- Broadcasting fast paths. Rows are walked in order; each row's multiple-of-16 part is done four
  ;; vectors per iteration, the rest of its multiple-of-4 part one vector at a time (v128.load/store need no
  ;; alignment, so rows of any length n work) and its tail of n mod 4
  ;; elements with scalar f32 ops, which give the same IEEE results, so no lane ever writes past its row
  ;; (in place, o = a, a vector spilling into the next row would overwrite input not yet read).

  ;; o[i,j] = a[i,j] add b[j] for i < rows, j < n (a `[rows, n]` with a row vector `[n]`)
  (func (export "add_row") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=0 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=16 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=32 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=48 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.add (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (f32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = a[i,j] sub b[j] for i < rows, j < n (a `[rows, n]` with a row vector `[n]`)
  (func (export "sub_row") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=0 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=16 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=32 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=48 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.sub (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (f32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = a[i,j] mul b[j] for i < rows, j < n (a `[rows, n]` with a row vector `[n]`)
  (func (export "mul_row") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=0 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=16 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=32 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=48 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.mul (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (f32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = a[i,j] div b[j] for i < rows, j < n (a `[rows, n]` with a row vector `[n]`)
  (func (export "div_row") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=0 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=16 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=32 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=48 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.div (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (f32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = b[j] sub a[i,j] (the row vector is the first operand)
  (func (export "sub_row_rev") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=0 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=16 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=32 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=48 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.sub (f32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = b[j] div a[i,j] (the row vector is the first operand)
  (func (export "div_row_rev") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=0 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=16 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=32 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=48 (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.div (f32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))) (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = a[i,j] add b[i] (a `[rows, n]` with a column `[rows, 1]`)
  (func (export "add_col") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32) (local $s f32) (local $v v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (f32.load (i32.add (local.get $b) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $v (f32x4.splat (local.get $s)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.add (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.add (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $s)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = a[i,j] sub b[i] (a `[rows, n]` with a column `[rows, 1]`)
  (func (export "sub_col") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32) (local $s f32) (local $v v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (f32.load (i32.add (local.get $b) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $v (f32x4.splat (local.get $s)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.sub (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $s)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = a[i,j] mul b[i] (a `[rows, n]` with a column `[rows, 1]`)
  (func (export "mul_col") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32) (local $s f32) (local $v v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (f32.load (i32.add (local.get $b) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $v (f32x4.splat (local.get $s)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.mul (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.mul (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $s)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = a[i,j] div b[i] (a `[rows, n]` with a column `[rows, 1]`)
  (func (export "div_col") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32) (local $s f32) (local $v v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (f32.load (i32.add (local.get $b) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $v (f32x4.splat (local.get $s)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.div (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))) (local.get $s)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = b[i] sub a[i,j] (the column is the first operand)
  (func (export "sub_col_rev") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32) (local $s f32) (local $v v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (f32.load (i32.add (local.get $b) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $v (f32x4.splat (local.get $s)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (local.get $v) (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (local.get $v) (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (local.get $v) (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (local.get $v) (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.sub (local.get $v) (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.sub (local.get $s) (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; o[i,j] = b[i] div a[i,j] (the column is the first operand)
  (func (export "div_col_rev") (param $a i32) (param $b i32) (param $o i32) (param $rows i32) (param $n i32)
    (local $j i32) (local $n4 i32) (local $n16 i32) (local $r i32) (local $s f32) (local $v v128)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n16 (i32.and (local.get $n) (i32.const -16)))
    (block $rows_done
      (loop $next_row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (f32.load (i32.add (local.get $b) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $v (f32x4.splat (local.get $s)))
        (local.set $j (i32.const 0))
        ;; four vectors per iteration while 16 floats remain, then one, then the scalar tail
        (block $vec4_done
          (loop $next_vec4
            (br_if $vec4_done (i32.ge_u (local.get $j) (local.get $n16)))
            (v128.store offset=0 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (local.get $v) (v128.load offset=0 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=16 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (local.get $v) (v128.load offset=16 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=32 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (local.get $v) (v128.load offset=32 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (v128.store offset=48 (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (local.get $v) (v128.load offset=48 (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $next_vec4)))
        (block $vec_done
          (loop $next_vec
            (br_if $vec_done (i32.ge_u (local.get $j) (local.get $n4)))
            (v128.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32x4.div (local.get $v) (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $next_vec)))
        (block $tail_done
          (loop $next_tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $n)))
            (f32.store (i32.add (local.get $o) (i32.shl (local.get $j) (i32.const 2)))
              (f32.div (local.get $s) (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $next_tail)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next_row))))

  ;; ---- Activations and their gradients.

;; o[i] = x > 0 ? x : x·s (leaky ReLU with slope s; NaN: x > 0 is false and x·s is NaN)
  (func $leaky_relu (param $x v128) (param $s v128) (result v128)
    (v128.bitselect (local.get $x) (f32x4.mul (local.get $x) (local.get $s))
      (f32x4.gt (local.get $x) (v128.const f32x4 0 0 0 0))))

  (func (export "leaky_relu") (param $a i32) (param $o i32) (param $n i32) (param $s f32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $v (f32x4.splat (local.get $s)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o) (call $leaky_relu (v128.load offset=0 (local.get $a)) (local.get $v)))
        (v128.store offset=16 (local.get $o) (call $leaky_relu (v128.load offset=16 (local.get $a)) (local.get $v)))
        (v128.store offset=32 (local.get $o) (call $leaky_relu (v128.load offset=32 (local.get $a)) (local.get $v)))
        (v128.store offset=48 (local.get $o) (call $leaky_relu (v128.load offset=48 (local.get $a)) (local.get $v)))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))

  ;; o[i] = g[i]·(x[i] > 0 ? 1 : s): the gradient of relu (s = 0) and of leaky ReLU through x. A product
  ;; rather than a select, so it equals g·mask exactly as the composed ops computed it (g·0 = ±0, and NaN
  ;; for g = ±Infinity or NaN).
  (func $relu_grad (param $g v128) (param $x v128) (param $s v128) (result v128)
    (f32x4.mul (local.get $g)
      (v128.bitselect (v128.const f32x4 1 1 1 1) (local.get $s)
        (f32x4.gt (local.get $x) (v128.const f32x4 0 0 0 0)))))

  (func (export "relu_grad") (param $g i32) (param $x i32) (param $o i32) (param $n i32) (param $s f32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $v (f32x4.splat (local.get $s)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store offset=0 (local.get $o)
          (call $relu_grad (v128.load offset=0 (local.get $g)) (v128.load offset=0 (local.get $x)) (local.get $v)))
        (v128.store offset=16 (local.get $o)
          (call $relu_grad (v128.load offset=16 (local.get $g)) (v128.load offset=16 (local.get $x)) (local.get $v)))
        (v128.store offset=32 (local.get $o)
          (call $relu_grad (v128.load offset=32 (local.get $g)) (v128.load offset=32 (local.get $x)) (local.get $v)))
        (v128.store offset=48 (local.get $o)
          (call $relu_grad (v128.load offset=48 (local.get $g)) (v128.load offset=48 (local.get $x)) (local.get $v)))
        (local.set $g (i32.add (local.get $g) (i32.const 64)))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (local.set $o (i32.add (local.get $o) (i32.const 64)))
        (br $next))))
)
