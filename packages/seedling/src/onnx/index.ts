export { OnnxExportError } from './errors.ts';
export { type ExportOnnxOptions, ONNX_BATCH_DIM, exportOnnx } from './export-onnx.ts';
export { type OnnxAttribute, OnnxGraphBuilder, floatAttr, intAttr, intsAttr, stringAttr } from './graph-builder.ts';
export { type OnnxExportContext, type OnnxLayerExporter, onnxExportableTypes, registerOnnxExporter, typeNameOf } from './registry.ts';
