// The public surface of the rnn cell language, for the kernel (KernelSession), the
// editor (checkCell, the one analyser on a single cell) and the engine (host objects).
export { CellError, PyException } from './errors';
export type { SourceRange } from './source';
export type * as Ast from './ast';
export { parseCell } from './parse';
export { KernelSession } from './interp/session';
export { checkCell } from './analysis/analyser';
export type { Diagnostic } from './analysis/diagnostic';
export { HostClass, HostObject, PyFunction } from './host/objects';
export type { CallContext, DisplayItem } from './host/objects';
export type { BoundArgs, Param, Signature } from './host/signature';
export { KerasRegistry } from './host/registry';
export { runningRegistry } from './interp/modules';
export { implementClass, implementFunction } from './host/declared';
export type { MethodImpl } from './host/declared';
export { NdArray } from './host/array';
export { PyDict, PyList, PyObject, PyTuple, ResultDict, typeName } from './values/types';
export type { Value } from './values/types';
export { setHeapProbe } from './values/limits';
export { repr, str } from './values/repr';
