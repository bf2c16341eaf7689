/** Reading model files without running them: the entry points the worker uses. */
export { FormatError } from './errors';
export { MAX_READ_BYTES, type ByteSource } from './byte-source';
export { readSafetensors, readSafetensorsIndex } from './safetensors';
export { readOnnx } from './onnx';
export { readGguf } from './gguf';
export { readMlmodel } from './mlmodel';
export { readHfConfig } from './hf-config';
export { formatOf, readModelFiles, suggestFramework, type ModelFile } from './summary';
export type * from './types';
