// Conversions between the engine's TensorData and onnxruntime tensors (zero-copy both ways).
import type { DType, TensorData, TypedData } from '../graph/types';

interface OrtTensorLike {
  type: string;
  dims: readonly number[];
  data: unknown;
}

export const ORT_TYPE: Record<DType, string> = { float32: 'float32', float64: 'float64', int64: 'int64', bool: 'bool' };

export function fromOrt(t: OrtTensorLike): TensorData {
  const dtype = t.type as DType;
  if (!(dtype in ORT_TYPE)) throw new Error(`unsupported output type ${t.type}`);
  return { dtype, dims: t.dims.slice(), data: t.data as TypedData };
}

export function tensor(dtype: DType, dims: number[], xs: ArrayLike<number> | TypedData): TensorData {
  let data: TypedData;
  if (dtype === 'float32') data = xs instanceof Float32Array ? xs : Float32Array.from(xs as ArrayLike<number>);
  else if (dtype === 'float64') data = xs instanceof Float64Array ? xs : Float64Array.from(xs as ArrayLike<number>);
  else if (dtype === 'int64') data = xs instanceof BigInt64Array ? xs : BigInt64Array.from(Array.from(xs as ArrayLike<number>, (x) => BigInt(x)));
  else data = xs instanceof Uint8Array ? xs : Uint8Array.from(xs as ArrayLike<number>);
  const n = dims.reduce((a, b) => a * b, 1);
  if (data.length !== n) throw new Error(`tensor: ${data.length} values for dims [${dims}]`);
  return { dtype, dims, data };
}

/** Values as plain numbers (for tests and small outputs). */
export function toNumbers(t: TensorData): number[] {
  return Array.from(t.data as ArrayLike<number | bigint>, (x) => Number(x));
}
