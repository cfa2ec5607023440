import seedrandom from 'seedrandom';
import { type DType, type TypedArray, allocate, dtypeOption } from './dtype.ts';
import { checkArg, is, rule } from './check-options.ts';
import { ArgumentError } from './errors.ts';
import { NDArray } from './ndarray.ts';
import { checkShape, sizeOf } from './shape.ts';

/** Options of the array-returning `Rng` methods. */
export interface RandomOptions {
  /** Element type of the result; default 'float32'. */
  dtype?: DType;
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const TWO_SQRT_E = 2 * Math.sqrt(Math.E);
const MAX_FLOAT32 = 3.4028234663852886e38;
const MIN_SUBNORMAL_FLOAT32 = 1.401298464324817e-45;
// Largest |integer| a float32 holds exactly.
const FLOAT32_INT_LIMIT = 16777216;

// Scratch views for stepping a float32 to its neighbour (one shared pair: no allocation per call).
const f32Scratch = new Float32Array(1);
const i32Scratch = new Int32Array(f32Scratch.buffer);

/** The smallest float32 that is ≥ x (may be ±Infinity). */
function float32AtLeast(x: number): number {
  const y = Math.fround(x);
  if (y >= x) return y;
  // y < x here, so y is finite or -Infinity: step one float32 up.
  if (y === -Infinity) return -MAX_FLOAT32;
  if (y === 0) return MIN_SUBNORMAL_FLOAT32;
  f32Scratch[0] = y;
  i32Scratch[0] = y > 0 ? i32Scratch[0]! + 1 : i32Scratch[0]! - 1;
  return f32Scratch[0];
}

/*
 * Argument rules of the Rng methods, checked through the library's one mechanism (checkArg: `<op>: <name> must
 * be <expected>, got <value>`). An omitted argument with a default never reaches them.
 */
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const seedRule = rule('a finite number or a string', (v) => (typeof v === 'number' ? Number.isFinite(v) : typeof v === 'string'));
const countRule = rule('an integer in [1, 2^53]', (v) => isInt(v) && v >= 1 && v <= TWO_POW_53);
const lengthRule = rule('an integer in [0, 2^31)', (v) => isInt(v) && v >= 0 && v <= 0x7fffffff);
const lowerBoundRule = rule('a number < Infinity', (v) => typeof v === 'number' && !Number.isNaN(v) && v !== Infinity);
const upperBoundRule = rule('a number > -Infinity', (v) => typeof v === 'number' && !Number.isNaN(v) && v !== -Infinity);
const arrayRule = rule('an array or a typed array', (v) => Array.isArray(v) || ArrayBuffer.isView(v));

function checkFinite(op: string, name: string, value: unknown): void {
  checkArg(op, name, value, is.finite);
}

function checkStd(op: string, std: unknown): void {
  checkArg(op, 'std', std, is.nonNegative);
}

/**
 * Standard normals by Marsaglia's polar method, handed out one at a time within ONE call of an `Rng`
 * method. Each round draws u = 2·next() − 1, v = 2·next() − 1 until 0 < s = u² + v² < 1, then yields
 * u·f and, on the following request, v·f, with f = sqrt(−2·ln(s) / s). The spare of the last pair is
 * dropped when the call ends: nothing is cached between calls, so the generator state is exactly the
 * xor4096 state.
 */
class PolarNormals {
  private spare = 0;
  private hasSpare = false;
  constructor(private readonly rng: Rng) {}

  next(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.rng.next() - 1;
      v = 2 * this.rng.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }
}

// Truncated-normal proposals, chosen once per call from the standardized interval:
// plain N(0,1) draws kept when inside; uniform on an interval containing 0 accepted w.p. exp(−z²/2);
// uniform on a one-sided [lo, hi] (lo ≥ 0) accepted w.p. exp((lo² − z²)/2); Robert's translated
// exponential on [lo, ∞) accepted w.p. exp(−(z − λ)²/2) when z ≤ hi.
const TRUNC_NORMAL = 0;
const TRUNC_UNIFORM_CENTRE = 1;
const TRUNC_UNIFORM_TAIL = 2;
const TRUNC_EXPONENTIAL = 3;

/**
 * A seeded random-number generator. Same seed ⇒ bit-identical results.
 *
 * Everything below is specified so the numbers can be reproduced from this description alone:
 *
 * - **Bits**: seedrandom 3.0.5's `xor4096` (Richard Brent's 4096-bit xorshift combined with a Weyl
 *   sequence; period 2^4128 − 2^32; no systematic BigCrush failures), seeded with `String(seed)`, so
 *   `new Rng(42)` and `new Rng('42')` are the same stream. Chosen over the other seedrandom
 *   generators because it is integer-only (32-bit ops, hence bit-identical on every engine, unlike
 *   alea's float arithmetic) and its huge state makes overlap between many forked streams negligible.
 *   Only its `int32()` output is used; seedrandom's `double()` is not (xor4096's excludes 0).
 * - **`next()`**: two words a, b (as unsigned) ⇒ `((a >>> 5)·2^26 + (b >>> 6)) / 2^53`, a float in
 *   [0, 1) with all 53 bits random.
 * - **`nextInt(n)`**: m = the 53-bit integer `next()·2^53`; redraw while m ≥ 2^53 − (2^53 mod n);
 *   return m mod n (unbiased for every n ≤ 2^53).
 * - **`uniform`**: x = low + (high − low)·next(), rounded to the dtype; a value outside [low, high)
 *   after rounding is redrawn (so float32 never returns `high`).
 * - **`normal`**: mean + std·z with z from Marsaglia's polar method (see {@link Rng.normal}).
 * - **`truncatedNormal`**: exact rejection sampling (see {@link Rng.truncatedNormal}).
 * - **`permutation` / `shuffle`**: Fisher–Yates from the last index down, j = nextInt(i + 1).
 * - **`fork()`**: the child's seed is the string `fork:` + four parent words in 8-digit hex.
 *
 * `Math.sqrt` is correctly rounded everywhere; `Math.log` and `Math.exp` (normal and truncated
 * normal only) are fdlibm ports in V8, SpiderMonkey and JavaScriptCore, but the language standard
 * does not require identical results, so bit-identity across *engines* is expected, not guaranteed.
 *
 * @example
 * const rng = new Rng(42);
 * const a = rng.normal([2, 3]);               // float32, N(0, 1)
 * new Rng(42).normal([2, 3]).data;            // the same six numbers, bit for bit
 * const child = rng.fork();                   // independent stream; rng advanced by 4 words
 * new Rng(child.seed).next() === child.next(); // true: a child is reproducible from its seed
 */
export class Rng {
  /** The seed this generator was created with (a fork's seed is the string its parent derived). */
  readonly seed: number | string;
  private readonly int32: () => number;

  /** A generator seeded with a finite number or a string. */
  constructor(seed: number | string) {
    checkArg('Rng', 'seed', seed, seedRule);
    this.seed = seed;
    this.int32 = seedrandom.xor4096(String(seed)).int32;
  }

  /**
   * A float in [0, 1) with 53 random bits: `((a >>> 5)·2^26 + (b >>> 6)) / 2^53` from two words.
   *
   * @example
   * new Rng(1).next(); // some x with 0 ≤ x < 1
   */
  next(): number {
    const a = this.int32() >>> 5;
    const b = this.int32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /**
   * A uniform integer in [0, n), n a positive integer ≤ 2^53, by rejection (no modulo bias):
   * m = 53-bit integer from two words; redraw while m ≥ 2^53 − (2^53 mod n); return m mod n.
   */
  nextInt(n: number): number {
    checkArg('nextInt', 'n', n, countRule);
    return this.below(n);
  }

  private below(n: number): number {
    // NOTE: 2^53 mod n and m mod n are exact in doubles (fmod is exact), so this is unbiased.
    const limit = TWO_POW_53 - (TWO_POW_53 % n);
    for (;;) {
      const m = (this.int32() >>> 5) * TWO_POW_26 + (this.int32() >>> 6);
      if (m < limit) return m % n;
    }
  }

  /**
   * Uniform samples in [low, high): x = low + (high − low)·next(), rounded to the dtype; values that
   * round outside [low, high) are redrawn, so `high` never appears (not even in float32).
   *
   * @example
   * new Rng(0).uniform([1000], 0, 1).data.every((x) => x >= 0 && x < 1); // true
   */
  uniform(shape: readonly number[], low = 0, high = 1, opts: RandomOptions = {}): NDArray {
    const op = 'uniform';
    const s = checkShape(op, shape);
    const dtype = dtypeOption(op, opts);
    checkFinite(op, 'low', low);
    checkFinite(op, 'high', high);
    if (!(low < high)) throw new ArgumentError(op, `low must be < high, got low ${low}, high ${high}`);
    const span = high - low;
    if (!Number.isFinite(span)) throw new ArgumentError(op, `high - low overflows: low ${low}, high ${high}`);
    const single = dtype === 'float32';
    if (single && !(float32AtLeast(low) < high)) {
      throw new ArgumentError(op, `no float32 value lies in [${low}, ${high}); use dtype 'float64'`);
    }
    const out = allocate(dtype, sizeOf(s));
    for (let i = 0; i < out.length; i++) {
      let x: number;
      do {
        x = low + span * this.next();
        if (single) x = Math.fround(x);
      } while (x < low || x >= high);
      out[i] = x;
    }
    return new NDArray(out, s);
  }

  /**
   * Normal samples N(mean, std²): mean + std·z, z from Marsaglia's polar method — per pair, u, v =
   * 2·next() − 1 until 0 < s = u² + v² < 1, then z₁ = u·√(−2 ln s / s), z₂ = v·√(−2 ln s / s), used in
   * that order. Within a call values come in pairs; an odd size drops the last spare; nothing is
   * cached between calls. `std = 0` returns `mean` exactly and draws nothing.
   *
   * @example
   * new Rng(0).normal([2], 3, 0).toArray(); // [3, 3]
   */
  normal(shape: readonly number[], mean = 0, std = 1, opts: RandomOptions = {}): NDArray {
    const op = 'normal';
    const s = checkShape(op, shape);
    const dtype = dtypeOption(op, opts);
    checkFinite(op, 'mean', mean);
    checkStd(op, std);
    const out = allocate(dtype, sizeOf(s));
    if (std === 0) {
      out.fill(mean);
      return new NDArray(out, s);
    }
    const z = new PolarNormals(this);
    for (let i = 0; i < out.length; i++) out[i] = mean + std * z.next();
    return new NDArray(out, s);
  }

  /**
   * Samples of N(mean, std²) conditioned on a ≤ x ≤ b (ABSOLUTE bounds, like PyTorch's
   * `trunc_normal_`), by exact rejection sampling — never clamping, never erfinv.
   *
   * Algorithm (standardized bounds α = (a − mean)/std, β = (b − mean)/std; chosen once per call):
   * - α < 0 < β and β − α ≥ √(2π): draw N(0,1) (polar method) until α ≤ z ≤ β (acceptance ≥ ~0.5).
   * - α < 0 < β, narrower: z = α + (β − α)·next(), accept if next() < exp(−z²/2).
   * - one-sided: if β ≤ 0 the interval is mirrored to [−β, −α] and z negated; then with lo ≥ 0,
   *   Robert (1995, "Simulation of truncated normal variables", Statistics and Computing 5:121–125):
   *   if hi − lo < 2√e / (lo + √(lo² + 4)) · exp((lo² − lo·√(lo² + 4)) / 4) use the uniform proposal
   *   z = lo + (hi − lo)·next(), accepted if next() < exp((lo − z)(lo + z)/2); otherwise the exponential
   *   proposal with rate λ = (lo + √(lo² + 4))/2: z = lo − ln(1 − next())/λ, accepted if z ≤ hi and
   *   next() < exp(−(z − λ)²/2).
   * - x = mean + std·z, rounded to the dtype; a value outside [a, b] after rounding is redrawn.
   * Every case accepts with probability bounded away from 0, so narrow intervals, far tails (α = 30)
   * and std ≪ bounds are all fast and exact. `a`/`b` may be ∓Infinity. `std = 0` returns `mean` if
   * a ≤ mean ≤ b (and throws otherwise).
   *
   * @example
   * const x = new Rng(0).truncatedNormal([1000], 0, 1, 3, 4); // all in [3, 4]
   */
  truncatedNormal(shape: readonly number[], mean: number, std: number, a: number, b: number, opts: RandomOptions = {}): NDArray {
    const op = 'truncatedNormal';
    const s = checkShape(op, shape);
    const dtype = dtypeOption(op, opts);
    checkFinite(op, 'mean', mean);
    checkStd(op, std);
    checkArg(op, 'a', a, lowerBoundRule);
    checkArg(op, 'b', b, upperBoundRule);
    if (!(a < b)) throw new ArgumentError(op, `a must be < b, got a ${a}, b ${b}`);
    const single = dtype === 'float32';
    if (single && !(float32AtLeast(a) <= b)) {
      throw new ArgumentError(op, `no float32 value lies in [${a}, ${b}]; use dtype 'float64'`);
    }
    const out = allocate(dtype, sizeOf(s));
    if (std === 0) {
      if (!(a <= mean && mean <= b)) throw new ArgumentError(op, `std is 0 and mean ${mean} lies outside [${a}, ${b}]`);
      out.fill(mean);
      return new NDArray(out, s);
    }
    const alpha = (a - mean) / std;
    const beta = (b - mean) / std;
    if ((Number.isFinite(a) && !Number.isFinite(alpha)) || (Number.isFinite(b) && !Number.isFinite(beta))) {
      throw new ArgumentError(op, `bounds [${a}, ${b}] are too many standard deviations (${std}) from mean ${mean}`);
    }
    this.fillTruncated(out, mean, std, a, b, alpha, beta, single);
    return new NDArray(out, s);
  }

  private fillTruncated(
    out: TypedArray,
    mean: number,
    std: number,
    a: number,
    b: number,
    alpha: number,
    beta: number,
    single: boolean,
  ): void {
    // Mirror a left-sided interval so every one-sided case has 0 ≤ lo.
    const flip = beta <= 0;
    const lo = flip ? -beta : alpha;
    const hi = flip ? -alpha : beta;
    const sign = flip ? -1 : 1;
    let method: number;
    let lambda = 0;
    if (lo < 0) {
      method = hi - lo >= SQRT_2PI ? TRUNC_NORMAL : TRUNC_UNIFORM_CENTRE;
    } else {
      // NOTE: hypot(lo, 2) = √(lo² + 4) without overflow; lo² − lo·√(lo²+4) = −4·lo / (lo + √(lo²+4)).
      const root = Math.hypot(lo, 2);
      const width = (TWO_SQRT_E / (lo + root)) * Math.exp(-lo / (lo + root));
      method = hi - lo < width ? TRUNC_UNIFORM_TAIL : TRUNC_EXPONENTIAL;
      lambda = (lo + root) / 2;
    }
    const normals = method === TRUNC_NORMAL ? new PolarNormals(this) : null;
    const span = hi - lo;
    for (let i = 0; i < out.length; i++) {
      let x: number;
      do {
        let z: number;
        switch (method) {
          case TRUNC_NORMAL:
            do {
              z = normals!.next();
            } while (z < lo || z > hi);
            break;
          case TRUNC_UNIFORM_CENTRE:
            do {
              z = lo + span * this.next();
            } while (this.next() >= Math.exp((-z * z) / 2));
            break;
          case TRUNC_UNIFORM_TAIL:
            do {
              z = lo + span * this.next();
            } while (this.next() >= Math.exp(((lo - z) * (lo + z)) / 2));
            break;
          default:
            for (;;) {
              z = lo - Math.log(1 - this.next()) / lambda;
              if (z <= hi && this.next() < Math.exp(-((z - lambda) * (z - lambda)) / 2)) break;
            }
        }
        x = mean + std * sign * z;
        if (single) x = Math.fround(x);
      } while (x < a || x > b);
      out[i] = x;
    }
  }

  /**
   * Uniform integers k with low ≤ k < high (stored as floats): low + nextInt(high − low) each.
   * float32 results must stay within ±2^24 (exact integers); use dtype 'float64' beyond.
   *
   * @example
   * new Rng(0).integers([5], 0, 3).toArray(); // five values from {0, 1, 2}
   */
  integers(shape: readonly number[], low: number, high: number, opts: RandomOptions = {}): NDArray {
    const op = 'integers';
    const s = checkShape(op, shape);
    const dtype = dtypeOption(op, opts);
    checkArg(op, 'low', low, is.integer);
    checkArg(op, 'high', high, is.integer);
    if (!(low < high)) throw new ArgumentError(op, `low must be < high, got low ${low}, high ${high}`);
    const n = high - low;
    if (n > TWO_POW_53) throw new ArgumentError(op, `high - low must be ≤ 2^53, got ${n}`);
    if (dtype === 'float32' && (low < -FLOAT32_INT_LIMIT || high - 1 > FLOAT32_INT_LIMIT)) {
      throw new ArgumentError(op, `float32 holds integers exactly only within ±2^24, got [${low}, ${high}); use dtype 'float64'`);
    }
    const out = allocate(dtype, sizeOf(s));
    for (let i = 0; i < out.length; i++) out[i] = low + this.below(n);
    return new NDArray(out, s);
  }

  /**
   * A random permutation of 0 … n−1 (Fisher–Yates: for i = n−1 down to 1 swap p[i] with p[nextInt(i+1)]).
   *
   * @example
   * Array.from(new Rng(0).permutation(4)).sort(); // [0, 1, 2, 3]
   */
  permutation(n: number): Int32Array {
    checkArg('permutation', 'n', n, lengthRule);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * Shuffles `arr` in place (Fisher–Yates, same draws as `permutation`) and returns it.
   *
   * @example
   * new Rng(0).shuffle(['a', 'b', 'c']); // the three letters in a seeded order
   */
  shuffle<T extends unknown[] | TypedArray | Int32Array>(arr: T): T {
    checkArg('shuffle', 'arr', arr, arrayRule);
    const a = arr as unknown as { [i: number]: unknown; length: number };
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return arr;
  }

  /**
   * An independent child generator, deterministic from this one's state: draws four words w₀…w₃ and
   * seeds the child with `fork:` + each word as 8 lower-case hex digits joined by `-`. The parent
   * advances by those four words; `new Rng(child.seed)` reproduces the child.
   *
   * @example
   * const parent = new Rng(7);
   * const c1 = parent.fork();
   * const c2 = parent.fork(); // a different stream from c1
   */
  fork(): Rng {
    const words: string[] = [];
    for (let k = 0; k < 4; k++) words.push((this.int32() >>> 0).toString(16).padStart(8, '0'));
    return new Rng(`fork:${words.join('-')}`);
  }
}
