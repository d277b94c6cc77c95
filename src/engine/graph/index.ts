export * from './types';
export * from './graph';
export * from './shape';
export { encodeModel, OPSET, IR_VERSION } from './onnx';
import '../ops';
