// The public surface of the rnn cell language, for the kernel (KernelSession), the
// editor (checkCell) and the engine (host objects and registerKerasName).
export { CellError, PyException, pyError } from './errors';
export type { SourceRange, Span } from './source';
export type * as Ast from './ast';
export { parseCell } from './parse';
export type { ParsedCell } from './parse';
export { KernelSession } from './interp/session';
export type { SessionHost, RunResult } from './interp/session';
export { checkCell } from './check/checkCell';
export type { KnownGlobals } from './check/checkCell';
export type { Diagnostic, Severity } from './check/diagnostic';
export { BoundMethod, HostClass, HostObject, PyCallable, PyFunction, PyUnavailable } from './host/objects';
export type { AttributeSpec, CallContext, DisplayItem, HostClassSpec, MethodSpec } from './host/objects';
export { bindArguments, matchesType } from './host/signature';
export type { BoundArgs, Param, ParamKind, ParamType, Signature } from './host/signature';
export { KerasRegistry, PyModule, defaultRegistry, registerKerasName } from './host/registry';
export { NdArray, ndarrayClass } from './host/array';
export type { ArrayData, DType } from './host/array';
export { PyDict, PyIterator, PyList, PyObject, PyRange, PyTuple, typeName } from './values/types';
export type { Value } from './values/types';
export { repr, str } from './values/repr';
