// Declared parameters of a loader: the single source of its defaults and docs. The kernel turns
// these into the cell signature (hover, completion, argument binding); loaders resolve their
// arguments through resolveParams so a default can never differ between the two.

import type { CatalogEntry, ParamSpec, ParamValue } from '../../../keras/datasets/params';

export type { CatalogEntry, ParamValue };

/** Fills defaults and checks every argument against its spec; unknown names are errors. */
export function resolveParams(entry: CatalogEntry, args: Readonly<Record<string, unknown>>): Record<string, ParamValue> {
  const specs = new Map(entry.params.map((p) => [p.name, p]));
  for (const name of Object.keys(args)) {
    if (!specs.has(name)) {
      throw new Error(`datasets.${entry.name}() got an unexpected argument '${name}' (parameters: ${entry.params.map((p) => p.name).join(', ')})`);
    }
  }
  const out: Record<string, ParamValue> = {};
  for (const spec of entry.params) {
    const given = args[spec.name];
    out[spec.name] = given === undefined ? spec.default : checkValue(entry.name, spec, given);
  }
  return out;
}

function checkValue(loader: string, spec: ParamSpec, given: unknown): ParamValue {
  const where = `datasets.${loader}() argument '${spec.name}'`;
  // Cell integers arrive as bigint (Python ints); every size here fits a double exactly.
  const v = typeof given === 'bigint' && (spec.type === 'int' || spec.type === 'float') ? Number(given) : given;
  switch (spec.type) {
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${where} must be an integer, got ${String(v)}`);
      return inRange(where, spec, v);
    case 'float':
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where} must be a number, got ${String(v)}`);
      return inRange(where, spec, v);
    case 'bool':
      if (typeof v !== 'boolean') throw new Error(`${where} must be True or False, got ${String(v)}`);
      return v;
    case 'str':
      if (typeof v !== 'string') throw new Error(`${where} must be a string, got ${String(v)}`);
      return oneOf(where, spec, v);
    case 'list[str]': {
      const items = typeof v === 'string' ? [v] : v;
      if (!Array.isArray(items) || items.length === 0 || items.some((x) => typeof x !== 'string')) {
        throw new Error(`${where} must be a non-empty list of strings`);
      }
      return items.map((x: string) => oneOf(where, spec, x));
    }
  }
}

function inRange(where: string, spec: ParamSpec, v: number): number {
  if (spec.min !== undefined && v < spec.min) throw new Error(`${where} must be ≥ ${spec.min}, got ${v}`);
  if (spec.max !== undefined && v > spec.max) throw new Error(`${where} must be ≤ ${spec.max}, got ${v}`);
  return v;
}

function oneOf(where: string, spec: ParamSpec, v: string): string {
  if (spec.choices && !spec.choices.includes(v)) {
    throw new Error(`${where} must be one of ${spec.choices.map((c) => `'${c}'`).join(', ')}, got '${v}'`);
  }
  return v;
}
