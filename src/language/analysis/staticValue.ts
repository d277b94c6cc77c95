// What the analyser knows about a value without running anything: one model for every
// question the editor asks. A name resolves once to one of these, and the diagnostics,
// the symbols (hover, completion, signature help) and the shapes all read it.
import type { Span } from '../source';
import { HostClass, HostObject, PyCallable, PyUnavailable, isHostClass } from '../host/objects';
import { PyModule } from '../host/registry';
import type { Signature } from '../host/signature';
import { BUILTIN_DECLARATIONS } from '../declarations/builtins';
import type { Value } from '../values/types';
import { declaredMembers } from './declaredRegistry';
import type { Dims, Known, StaticLayer } from './shapes/staticLayers';

/** A symbolic tensor: Input(...) or a layer call's output, with where it came from. */
export interface StaticTensor {
  readonly dims: Dims | undefined;
  readonly dtype: 'int64' | 'float';
  readonly origin:
    | { kind: 'input'; label: string }
    | { kind: 'layer'; layer: StaticLayer; state: boolean; input: StaticTensor | undefined };
}

export interface SequentialModel {
  kind: 'sequential';
  /** What the next layer receives; undefined when unknown (no input given, or lost to a loop). */
  output: StaticTensor | undefined;
  layerCount: number;
  /** The last layer added, for the loss checks; undefined once anything is uncertain. */
  last: StaticLayer | undefined;
  tainted: boolean;
  /** The loss named in the last compile, when it was a string. */
  loss?: string;
}

export interface FunctionalModel {
  kind: 'functional';
  output: StaticTensor | undefined;
  loss?: string;
}

export type StaticValue =
  | { kind: 'unknown' }
  /**
   * A value the registry or the builtins hold: a module, a Keras class, a function.
   * `vague`: bound in a branch or a loop, so it may be something else when the code runs;
   * what it is counts for names and members, not for shapes.
   */
  | { kind: 'py'; value: Value; vague?: boolean }
  /** A literal: an int, float, str, bool or None. */
  | { kind: 'literal'; value: Known }
  /** A tuple or list written out, each item with where it was written. */
  | { kind: 'tuple'; items: StaticValue[]; spans: Span[] }
  /** An instance of a host class whose shape facts are not known (or not wanted). */
  | { kind: 'instance'; hostClass: HostClass }
  /** A Keras layer made in a cell, with its literal arguments. */
  | { kind: 'layer'; hostClass: HostClass; layer: StaticLayer }
  /** A model under construction: Sequential (list form and .add) or functional Model. */
  | { kind: 'model'; hostClass: HostClass; model: SequentialModel | FunctionalModel }
  /** Input(...) (an instance of the Input class) or a layer call's output (no class). */
  | { kind: 'tensor'; hostClass?: HostClass; tensor: StaticTensor }
  /** to_categorical(ids, num_classes=n): one-hot targets whose last axis is n (when given). */
  | { kind: 'one-hot'; classes: number | undefined }
  /** `obj.name` of an instance: a method or an attribute of its class. */
  | { kind: 'member'; owner: HostClass; name: string };

export const UNKNOWN: StaticValue = { kind: 'unknown' };

/** The host class of an instance-like value (what `value.name` is checked against). */
export function instanceClass(value: StaticValue): HostClass | undefined {
  switch (value.kind) {
    case 'instance': case 'layer': case 'model': return value.hostClass;
    case 'tensor': return value.hostClass;
    default: return undefined;
  }
}

/**
 * What a value bound in a branch or a loop still tells: its class and what it names, not
 * its shapes or its literal value (the code may run any number of times).
 */
export function vague(value: StaticValue): StaticValue {
  switch (value.kind) {
    case 'py': return value.vague ? value : { kind: 'py', value: value.value, vague: true };
    case 'instance': case 'member': case 'unknown': return value;
    case 'layer': case 'model': return { kind: 'instance', hostClass: value.hostClass };
    case 'tensor': return value.hostClass ? { kind: 'instance', hostClass: value.hostClass } : UNKNOWN;
    default: return UNKNOWN;
  }
}

/** A registry value whose identity is certain (not vague): what shape rules may rely on. */
export function certainValue(value: StaticValue): Value | undefined {
  return value.kind === 'py' && !value.vague ? value.value : undefined;
}

// ---- the editor's view: symbols ----

export type EditorSymbol =
  | { kind: 'module'; path: string }
  | { kind: 'class'; hostClass: HostClass }
  | { kind: 'function'; name: string; signature?: Signature; builtin: boolean }
  | { kind: 'instance'; hostClass: HostClass }
  | { kind: 'method'; owner: HostClass; name: string; signature: Signature }
  | { kind: 'attribute'; owner: HostClass; name: string; doc?: string; type?: string }
  | { kind: 'unavailable'; path: string }
  | { kind: 'unknown' };

const UNKNOWN_SYMBOL: EditorSymbol = { kind: 'unknown' };
// The builtins as the editor knows them (print, len, range…): declared signatures that never run; created once.
export const BUILTINS: ReadonlyMap<string, Value> = new Map(declaredMembers(BUILTIN_DECLARATIONS));

function symbolOfValue(value: Value): EditorSymbol {
  if (value instanceof PyModule) return { kind: 'module', path: value.path };
  if (isHostClass(value)) return { kind: 'class', hostClass: value };
  if (value instanceof HostObject) return { kind: 'instance', hostClass: value.hostClass };
  if (value instanceof PyUnavailable) return { kind: 'unavailable', path: value.path };
  if (value instanceof PyCallable) return { kind: 'function', name: value.name, signature: value.signature, builtin: BUILTINS.has(value.name) && BUILTINS.get(value.name) === value };
  return UNKNOWN_SYMBOL;
}

/** What a static value is to hover, completion and signature help. */
export function symbolOf(value: StaticValue): EditorSymbol {
  if (value.kind === 'py') return symbolOfValue(value.value);
  if (value.kind === 'member') {
    const method = value.owner.method(value.name);
    if (method) return { kind: 'method', owner: value.owner, name: value.name, signature: method.signature };
    const attribute = value.owner.attribute(value.name);
    if (attribute) return { kind: 'attribute', owner: value.owner, name: value.name, doc: attribute.doc, type: attribute.type };
    return UNKNOWN_SYMBOL;
  }
  const hostClass = instanceClass(value);
  return hostClass ? { kind: 'instance', hostClass } : UNKNOWN_SYMBOL;
}

/** The callable signature of a symbol: a class's constructor, a function's, a method's. */
export function signatureOf(symbol: EditorSymbol): Signature | undefined {
  switch (symbol.kind) {
    case 'class': return symbol.hostClass.signature ?? { name: symbol.hostClass.name, params: [], doc: symbol.hostClass.spec.doc };
    case 'function': case 'method': return symbol.signature;
    default: return undefined;
  }
}
