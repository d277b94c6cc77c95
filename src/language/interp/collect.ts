// Turning any iterable into a bounded JS array: list(x), unpacking, sorted(), *args.
import { PyException } from '../errors';
import { checkSequenceGrowth } from '../values/limits';
import { iterate } from '../values/protocols';
import { PyList, PyTuple, Value } from '../values/types';

export function collect(v: Value, what = 'list'): Value[] {
  if (v instanceof PyList || v instanceof PyTuple) return [...v.items];
  const it = iterate(v);
  const out: Value[] = [];
  for (let r = it.next(); !r.done; r = it.next()) {
    checkSequenceGrowth(out.length + 1, what);
    out.push(r.value);
  }
  return out;
}

/** Python's unpacking of `a, *rest, b = value`. */
export function unpack(v: Value, count: number, starredAt: number): Value[] {
  const it = iterate(v);
  if (starredAt < 0) {
    const out: Value[] = [];
    for (let r = it.next(); !r.done; r = it.next()) {
      if (out.length === count) throw new PyException('ValueError', `too many values to unpack (expected ${count})`);
      out.push(r.value);
    }
    if (out.length < count) throw new PyException('ValueError', `not enough values to unpack (expected ${count}, got ${out.length})`);
    return out;
  }
  const all = collect(v);
  const fixed = count - 1;
  if (all.length < fixed) throw new PyException('ValueError', `not enough values to unpack (expected at least ${fixed}, got ${all.length})`);
  const after = count - starredAt - 1;
  return [...all.slice(0, starredAt), new PyList(all.slice(starredAt, all.length - after)), ...all.slice(all.length - after)];
}
