/**
 * Element-wise ops: unary math, binary arithmetic and comparisons with NumPy broadcasting, `where`,
 * and the broadcasting pair `broadcastTo` / `sumToShape`. Implementations live in small files; this
 * module is their public face.
 */
export {
  abs,
  clip,
  erf,
  exp,
  expm1,
  leakyRelu,
  log,
  log1p,
  neg,
  reciprocal,
  relu,
  reluGrad,
  sigmoid,
  sign,
  sqrt,
  square,
  tanh,
} from './unary.ts';
export type { Operand } from './binary.ts';
export { add, div, equal, greater, greaterEqual, less, lessEqual, maximum, minimum, mul, notEqual, pow, sub, where } from './binary.ts';
export { broadcastTo, sumToShape } from './broadcast.ts';
