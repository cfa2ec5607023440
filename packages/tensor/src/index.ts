/**
 * @seedling-ml/tensor — N-d typed-array math and seeded random numbers. Knows nothing of gradients.
 * @packageDocumentation
 */
export * from './errors.ts';
export * from './dtype.ts';
export * from './shape.ts';
export * from './ndarray.ts';
export * from './creation.ts';
export * from './elementwise.ts';
export * from './reduce.ts';
export * from './shape-ops.ts';
export * from './indexing.ts';
export * from './matmul.ts';
export * from './linear.ts';
export * from './qr.ts';
export * from './threads.ts';
export { type BufferPoolStatus, getBufferPoolStatus, setBufferPoolLimit } from './buffer-pool.ts';
export * from './thread-kernel.ts';
export * from './random.ts';
export { PRINT_OPTIONS, formatArray, inspectSymbol } from './format.ts';
export * from './seedling-error.ts';
export * from './check-options.ts';
export * from './limits.ts';
export * from './version.ts';
export * from './conv/index.ts';
