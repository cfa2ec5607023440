/**
 * A model's state dict as safetensors bytes (browser-safe): PyTorch's layout and dtypes, so files load
 * strictly in `torch.nn.Module.load_state_dict`.
 */
import { type NDArray, type Rules, checkArg, checkOptions, is, rule } from '@seedling-ml/tensor';
import { SafetensorsError, type SafetensorsDType, type SafetensorsFloatDType, encodeSafetensors } from './safetensors.ts';

/** What saveModel/loadModel need of a model: PyTorch-style state dicts (every `nn.Module` fits). */
export interface StateDictModule {
  /** Every parameter (and buffer) by dotted name. */
  stateDict(): Record<string, NDArray>;
  /** Replaces the values by those of `dict` (names and shapes already checked by the caller). */
  loadStateDict(dict: Record<string, NDArray>, options?: { strict?: boolean }): unknown;
  /** Keys of integer buffers (PyTorch int64, e.g. `num_batches_tracked`), written as I64. */
  integerBufferKeys?(): string[];
}

/** Options of saveModel. */
export interface SaveModelOptions {
  /** String metadata stored in the file's `__metadata__`. */
  metadata?: Record<string, string>;
  /**
   * Write the float tensors as this dtype (default: as held, F32/F64). F16/BF16 round to nearest, ties to
   * even. Integer buffers are written as I64 whatever this says.
   */
  dtype?: SafetensorsFloatDType;
}

/** `saveModel`'s options, checked by the library's one mechanism. */
const SAVE_MODEL_OPTION_RULES: Rules<SaveModelOptions> = {
  metadata: rule(
    'an object of string values',
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string'),
  ),
  dtype: is.oneOf('F32', 'F64', 'F16', 'BF16'),
};

/** A model as the save and load functions need it: `stateDict()` and `loadStateDict()`. */
export const stateDictModuleRule = rule(
  'a model with stateDict() and loadStateDict()',
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as StateDictModule).stateDict === 'function' &&
    typeof (v as StateDictModule).loadStateDict === 'function',
);

/**
 * A model's state dict as safetensors bytes, as PyTorch writes it: float tensors F32/F64 (or `dtype`), integer
 * buffers (`integerBufferKeys()`, e.g. BatchNorm's `num_batches_tracked`) as I64, so the file loads with
 * `model.load_state_dict(safetensors.torch.load_file(path), strict=True)`.
 *
 * @example
 * const bytes = encodeModel(new Sequential(new Linear(2, 3), new BatchNorm1d(3)));
 * decodeSafetensors(bytes).dtypes['1.num_batches_tracked']; // 'I64'
 */
export function encodeModel(module: StateDictModule, options: SaveModelOptions = {}): Uint8Array {
  checkArg('saveModel', 'module', module, stateDictModuleRule, SafetensorsError);
  checkOptions('saveModel', options, SAVE_MODEL_OPTION_RULES, SafetensorsError);
  const dtypes: Record<string, SafetensorsDType> = {};
  for (const key of module.integerBufferKeys?.() ?? []) dtypes[key] = 'I64';
  return encodeSafetensors(module.stateDict(), options.metadata, {
    ...(options.dtype === undefined ? {} : { dtype: options.dtype }),
    dtypes,
  });
}
