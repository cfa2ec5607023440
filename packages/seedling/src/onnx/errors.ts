import { SeedlingError } from '@seedling-ml/tensor';

/**
 * Errors of ONNX export. `modulePath` is the dotted path of the module at fault in the exported model
 * (`''` for the model itself), when one is.
 */
export class OnnxExportError extends SeedlingError {
  /** Dotted path of the offending module (`'encoder.1'`), `''` for the root, undefined when no module is. */
  readonly modulePath: string | undefined;
  constructor(op: string, detail: string, modulePath?: string) {
    super(op, detail);
    this.modulePath = modulePath;
  }
}
