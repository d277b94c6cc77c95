// Conversions between cell values (Python-like) and what the engine takes (numbers,
// typed arrays, TensorData), with Python's error messages when a value does not fit.
import type { TensorData } from '../../engine/graph/types';
import { NdArray, PyDict, PyException, PyList, PyObject, PyTuple, Value, str, typeName } from '../../language';
import type { ConfigValue } from './config';
import { isAllocationFailure } from '../../keras/allocation';

/**
 * Runs engine code for a cell. The engine's plain errors (bad shapes, bad arguments) become
 * ValueError, as Keras raises; Python errors and failed allocations (MemoryError) keep their kind.
 */
export function asKerasCall<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof PyException || isAllocationFailure(e)) throw e;
    throw new PyException('ValueError', (e as Error).message);
  }
}

export function isNone(v: Value | undefined): v is null | undefined {
  return v === null || v === undefined;
}

export function toNumber(v: Value, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new PyException('TypeError', `${what} must be a number, not ${typeName(v)}`);
}

export function toInt(v: Value, what: string): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new PyException('TypeError', `${what} must be an integer, not ${typeName(v)}`);
}

export function toStr(v: Value, what: string): string {
  if (typeof v === 'string') return v;
  throw new PyException('TypeError', `${what} must be a str, not ${typeName(v)}`);
}

/**
 * A value as an error message shows it: None, a bool, a number or a str as its plain text (what
 * the messages always printed), any other object as Python's str() of it (never "[object Object]").
 */
export function shown(v: Value): string {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return str(v);
}

/** A list or tuple's items; anything else is a TypeError naming `what`. */
export function items(v: Value, what: string): readonly Value[] {
  if (v instanceof PyList) return v.items;
  if (v instanceof PyTuple) return v.items;
  throw new PyException('TypeError', `${what} must be a list or tuple, not ${typeName(v)}`);
}

/** A shape tuple like (None, 8) → [null, 8]. */
export function toShape(v: Value, what: string): (number | null)[] {
  if (typeof v === 'bigint') return [Number(v)];
  return items(v, what).map(d => (d === null ? null : toInt(d, `${what} entries`)));
}

/** An array argument (x, y): an ndarray, or nested lists of numbers. */
export function toArray(v: Value, what: string): NdArray {
  if (v instanceof NdArray) return v;
  if (v instanceof PyList || v instanceof PyTuple) {
    const nested = toNested(v);
    const flat = [nested].flat(Infinity) as number[];
    const ints = flat.every(Number.isInteger) && !containsFloat(v);
    try {
      return NdArray.fromNested(nested as unknown[], ints ? 'int32' : 'float32');
    } catch {
      throw new PyException('ValueError', `${what}: the nested lists must be rectangular (every row the same length)`);
    }
  }
  throw new PyException('TypeError', `${what} must be an array or a list of numbers, not ${typeName(v)}`);
}

function toNested(v: Value): unknown {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map(toNested);
  if (v instanceof NdArray) return toNested(v.toList());
  return toNumber(v, 'array element');
}

function containsFloat(v: Value): boolean {
  if (v instanceof PyList || v instanceof PyTuple) return v.items.some(containsFloat);
  return typeof v === 'number';
}

/** An ndarray as an engine tensor: ids become int64, everything else float32. */
export function toTensor(a: NdArray, dtype: 'int64' | 'float'): TensorData {
  const dims = [...a.shape];
  if (dtype === 'int64') {
    const out = new BigInt64Array(a.data.length);
    for (let i = 0; i < out.length; i++) out[i] = BigInt(Math.trunc(a.data[i]));
    return { dtype: 'int64', dims, data: out };
  }
  return { dtype: 'float32', dims, data: a.data instanceof Float32Array ? a.data : Float32Array.from(a.data) };
}

export function fromTensor(t: TensorData): NdArray {
  const d = t.data;
  if (d instanceof Float32Array) return new NdArray(d, t.dims);
  if (d instanceof Int32Array) return new NdArray(d, t.dims);
  if (d instanceof BigInt64Array) return new NdArray(Int32Array.from(d, x => Number(x)), t.dims);
  return new NdArray(Float32Array.from(d as ArrayLike<number>), t.dims);
}

/** A cell value as JSON-safe config data (for layer configs and callback options). */
export function toConfig(v: Value): ConfigValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map(toConfig);
  if (v instanceof PyDict) {
    const out: Record<string, ConfigValue> = {};
    for (const [k, x] of v.entries()) out[configKey(k)] = toConfig(x);
    return out;
  }
  const config = (v as { toConfig?: () => ConfigValue }).toConfig;
  if (v instanceof PyObject && config) return config.call(v);
  throw new PyException('TypeError', `a ${typeName(v)} cannot be used here`);
}

/** A dict key as a JSON object key, as Python's json.dumps takes them: str, int, float, bool or None. */
function configKey(k: Value): string {
  if (k === null || typeof k === 'string' || typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean') return String(k);
  throw new PyException('TypeError', `keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

/** JS data back as cell values: numbers → float, integers stay floats unless `ints`. */
export function toPy(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return new PyList(v.map(toPy));
  // Not JSON data, but kept as before: their text.
  if (typeof v === 'bigint' || typeof v === 'symbol' || typeof v === 'function') return String(v);
  // What is left is an object.
  const d = new PyDict();
  for (const [k, x] of Object.entries(v)) d.set(k, toPy(x));
  return d;
}
