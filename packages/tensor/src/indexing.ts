/**
 * Integer-index ops and their adjoints: `gather`/`indexAdd`, `takeAlongAxis`/`scatterAddAlongAxis`,
 * and `oneHot`. Each lives in its own file; this module is their public face.
 */
export { gather, indexAdd } from './gather.ts';
export { takeAlongAxis, scatterAddAlongAxis } from './take-along-axis.ts';
export { type OneHotOptions, oneHot } from './one-hot.ts';
