/**
 * The op-spec gradcheck's tolerance, one per op (issue 11: "tighten it per op with the reasoning written
 * down"). gradcheck passes an element when |analytic − numeric| ≤ atol + rtol·|numeric|; every op here uses
 * atol = rtol = t, so t bounds the error relative to max(1, |gradient|).
 *
 * Where the error comes from (float64, central difference with eps = 1e-6 on f = Σ w·y, weights w in
 * [0.5, 1.5)):
 * - truncation |f'''|·eps²/6: zero for ops linear in each input (add, matmul, reshape, pooling averages…)
 *   and ≲ 1e-12 for the smooth ops on their spec domains (log, sqrt and reciprocal stay ≥ 0.3);
 * - rounding of the two projected sums, ≈ ulp(f)/eps ≈ 2.2e-16·|f|/1e-6 = 2.2e-10·|f|: this term dominates
 *   everywhere, so t grows with the size of the output (|f| ≲ 1.5·outputs·max|y|) and with the number of
 *   rounded steps per output (composed ops), not with nonlinearity as such;
 * - a kink inside [x − eps, x + eps] would add an O(1) error: the piecewise ops' domains keep every value at
 *   least 0.05 from their kinks (OFF_ZERO, DISTINCT in op-specs.ts), so their error is rounding only.
 *
 * The rule: t = the smallest step of the 1-2-5 series that is ≥ 10 × the largest error measured over the
 * spec's 40 cases on the test's seed and five other seeds (packages/autograd/test/tools/measure-gradcheck-error.ts
 * prints the measurements; rerun it when a spec or an op changes). So every t holds with a margin of at
 * least 10× (2–70× more on the test's own seed), and is 5 to 500 times tighter than the previous
 * uniform 1e-6 and 10⁴–10⁶ times tighter than gradcheck's defaults (atol 1e-5, rtol 1e-3), which let erf's
 * 2/√π truncated to 1.128 through (op-tolerance.test.ts shows both that and a float32-rounded VJP caught).
 * Measured worst error (6 seeds) → t, by class:
 */
export const OP_TOLERANCE: Readonly<Record<string, number>> = {
  // Linear or bilinear in each input, index and shape ops: the VJP is exact up to a few roundings, the
  // difference quotient has no truncation error. Worst 1e-10 – 1e-9.
  squeeze: 2e-9, // 1.5e-10
  softmaxCrossEntropy: 2e-9, // 1.8e-10 (a scalar output: |f| small)
  mul: 5e-9, // 2.1e-10
  slice: 5e-9, // 2.1e-10
  expandDims: 5e-9, // 2.4e-10
  mean: 5e-9, // 2.5e-10
  broadcastTo: 5e-9, // 2.6e-10
  avgPool1d: 5e-9, // 2.8e-10
  adaptiveAvgPool1d: 5e-9, // 3.2e-10
  gather: 5e-9, // 3.8e-10
  maxUnpool2d: 5e-9, // 3.9e-10 (a scatter: linear in x; coinciding indices drawn on purpose)
  concat: 5e-9, // 3.9e-10
  transpose: 5e-9, // 4.3e-10
  where: 5e-9, // 4.4e-10
  adaptiveAvgPool2d: 5e-9, // 4.9e-10
  reshape: 1e-8, // 5.3e-10
  matmul: 1e-8, // 6.0e-10
  takeAlongAxis: 1e-8, // 6.8e-10
  sum: 1e-8, // 7.2e-10
  neg: 1e-8, // 7.4e-10
  stack: 1e-8, // 7.9e-10
  linear: 1e-8, // 8.4e-10 (x·Wᵀ + b, bilinear in x and W)
  avgPool2d: 1e-8, // 8.9e-10
  add: 1e-8, // 9.6e-10
  sub: 1e-8, // 9.6e-10
  // pad is linear too, but its output is the largest of all specs (a rank-4 input of up to 3⁴ elements padded
  // by up to 2 + 2 per axis: up to 7⁴ = 2401 outputs), so |f| and its rounding are ~30× larger. Two specs:
  // constant 3.0e-8, reflect/replicate/circular 1.7e-8 (widths up to 3 per side).
  pad: 5e-7, // 3.0e-8

  // Piecewise ops, every value ≥ 0.05 from a kink: rounding only. Worst 2e-10 – 3e-9.
  clip: 2e-9, // 1.7e-10
  minimum: 2e-9, // 1.8e-10
  hardtanh: 5e-9, // 3.3e-10 (two specs: default and [−0.5, 0.7] bounds)
  selu: 5e-9, // 3.8e-10
  clamp: 5e-9, // 3.9e-10
  elu: 5e-9, // 4.4e-10
  maximum: 5e-9, // 5.0e-10
  relu: 1e-8, // 5.3e-10
  leakyRelu: 1e-8, // 6.2e-10
  hardswish: 1e-8, // 1.0e-9
  maxPool1d: 2e-8, // 1.7e-9
  abs: 2e-8, // 1.9e-9
  max: 2e-8, // 1.9e-9
  min: 2e-8, // 1.9e-9
  maxPool2d: 5e-8, // 2.9e-9
  hardsigmoid: 5e-8, // 2.9e-9

  // Smooth nonlinear ops: truncation ≲ 1e-12, so rounding again, larger where |f| or the gradient's rounding
  // is larger (exp up to e², reciprocal and sqrt near 0.3). Worst 4e-10 – 9e-9.
  tanh: 5e-9, // 3.7e-10
  log1p: 5e-9, // 4.1e-10
  erf: 5e-9, // 4.7e-10
  log: 1e-8, // 8.6e-10
  div: 1e-8, // 9.4e-10
  gelu: 2e-8, // 1.1e-9
  silu: 2e-8, // 1.2e-9
  square: 2e-8, // 1.3e-9
  mish: 2e-8, // 1.4e-9
  expm1: 2e-8, // 2.0e-9
  pow: 5e-8, // 2.1e-9
  softplus: 5e-8, // 4.8e-9
  sqrt: 1e-7, // 5.4e-9
  reciprocal: 1e-7, // 5.6e-9
  sigmoid: 1e-7, // 6.1e-9
  logsigmoid: 1e-7, // 6.6e-9
  exp: 1e-7, // 9.0e-9

  // Composed of many steps (a sum of products per output, a normalisation, a softmax): more rounded
  // operations per output and, for the convolutions, larger outputs. Worst 5e-10 – 1.3e-8.
  variance: 5e-9, // 4.9e-10
  logsumexp: 2e-8, // 1.6e-9
  conv1d: 2e-8, // 1.9e-9
  softmax: 5e-8, // 4.0e-9
  conv2d: 1e-7, // 6.9e-9
  logSoftmax: 1e-7, // 7.2e-9
  convTranspose2d: 2e-7, // 1.3e-8

  // astype round-trips through float32 (its spec casts to float32 and back): its spec states its own eps 1e-2
  // and atol 1e-4 (float32's resolution, worst error 5.9e-7 measured with that eps), which absorb the
  // rounding; this entry is only its rtol, kept at the previous 1e-6.
  astype: 1e-6,
};
