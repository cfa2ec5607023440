/**
 * Shape ops: views that only relabel the shape (`reshape`, `squeeze`, `expandDims`) and copies that
 * rearrange elements (`transpose`, `concat`, `stack`, `slice`, `sliceScatter`, `pad`). Each lives in
 * its own file; this module is their public face.
 */
export { reshape, squeeze, expandDims } from './reshape.ts';
export { transpose } from './transpose.ts';
export { concat, stack } from './concat.ts';
export { type SliceSpec, slice, sliceScatter } from './slice.ts';
export { type PadMode, type PadOptions, pad, padGrad } from './pad.ts';
