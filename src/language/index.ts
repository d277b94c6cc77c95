// The public surface of the rnn cell language, for the kernel (KernelSession), the
// editor (checkCell) and the engine (host objects).
export { CellError, PyException } from './errors';
export type { SourceRange, Span } from './source';
export type * as Ast from './ast';
export { parseCell } from './parse';
export { KernelSession } from './interp/session';
export { checkCell } from './check/checkCell';
export type { Diagnostic, Severity } from './check/diagnostic';
export { HostClass, HostObject, PyCallable, PyFunction, PyUnavailable, isHostClass } from './host/objects';
export type { CallContext, DisplayItem, MethodSpec } from './host/objects';
export type { BoundArgs, Param, ParamType, Signature } from './host/signature';
export { KerasRegistry, PyModule, defaultRegistry } from './host/registry';
export { NdArray } from './host/array';
export { PyDict, PyList, PyObject, PyTuple, typeName } from './values/types';
export type { Value } from './values/types';
export { repr, str } from './values/repr';
