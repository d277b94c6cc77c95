// Arrays as the Keras surface passes them between threads and to ONNX Runtime: inputs, targets,
// predictions and weights, as a dtype, dimensions and a typed array.

export type DType = 'float32' | 'float64' | 'int64' | 'bool';

export type TypedData = Float32Array | Float64Array | BigInt64Array | Uint8Array;

export interface TensorData {
  dtype: DType;
  dims: number[];
  data: TypedData;
}
