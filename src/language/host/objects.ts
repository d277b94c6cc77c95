// The host-object interface: how Python-visible objects (the Keras surface, datasets,
// arrays) plug into the interpreter without the interpreter knowing them. The engine
// side implements HostClass/HostObject/PyFunction; the interpreter only calls these.
import { PyException } from '../errors';
import { didYouMean } from '../suggest';
import { PyObject, Value } from '../values/types';
import { BoundArgs, Signature, bindArguments } from './signature';

/** A rich output (model summary, training chart…); every one also carries text/plain. */
export interface DisplayItem {
  readonly mime: string;
  readonly data: string;
}

/** What a host call can do besides returning a value. */
export interface CallContext {
  /** Writes to the cell's stdout (a newline is not added). */
  write(text: string): void;
  /**
   * Shows a rich output; `id` lets a later call replace it in place (fit's progress). `metadata`
   * goes with a new output and is saved with the notebook (fit's run record).
   */
  display(items: DisplayItem[], id?: string, metadata?: Record<string, unknown>): void;
  /** Throws KeyboardInterrupt when the user asked to stop; call it between batches. */
  checkInterrupt(): void;
}

/** Anything callable from a cell. */
export abstract class PyCallable extends PyObject {
  abstract readonly name: string;
  /** Declared parameters, for binding, the static checker, completion and hover. */
  abstract readonly signature: Signature | undefined;
  abstract call(args: readonly Value[], kwargs: ReadonlyMap<string, Value>, ctx: CallContext): Value;
}

/** A function with a declared signature: builtins, keras functions (pad_sequences, load_model). */
export class PyFunction extends PyCallable {
  constructor(
    readonly signature: Signature,
    private readonly impl: (args: BoundArgs, ctx: CallContext) => Value,
    private readonly kind: 'builtin' | 'function' = 'function',
  ) {
    super();
  }
  get name(): string {
    return this.signature.name;
  }
  get typeName(): string {
    return this.kind === 'builtin' ? 'builtin_function_or_method' : 'function';
  }
  call(args: readonly Value[], kwargs: ReadonlyMap<string, Value>, ctx: CallContext): Value {
    return this.impl(bindArguments(this.signature, args, kwargs), ctx);
  }
  override repr(): string {
    return this.kind === 'builtin' ? `<built-in function ${this.name}>` : `<function ${this.name}>`;
  }
}

/** A method declared on a host class (or a builtin type); `self` is the receiver. */
export interface MethodSpec<Self = Value> {
  readonly signature: Signature;
  call(self: Self, args: BoundArgs, ctx: CallContext): Value;
}

/** A data attribute's documentation, for completion and hover. */
export interface AttributeSpec {
  readonly doc?: string;
  /** The Python type name of its value, for the static checker ('tuple', 'History'…). */
  readonly type?: string;
}

export interface HostClassSpec<T extends HostObject> {
  /** Python-visible name: 'LSTM', 'Sequential', 'ndarray'. */
  readonly name: string;
  /** The module it lives in, for repr: 'keras.layers'. */
  readonly module?: string;
  readonly doc?: string;
  /** The constructor's parameters (`name` in it is the class name). */
  readonly constructorSignature?: Signature;
  readonly construct?: (args: BoundArgs, ctx: CallContext) => T;
  readonly methods?: Readonly<Record<string, MethodSpec<T>>>;
  readonly attributes?: Readonly<Record<string, AttributeSpec>>;
  /** The base class, for isinstance-like type checks ('Layer' for LSTM) and inherited methods. */
  readonly base?: HostClass;
}

/** A Python-visible class: calling it constructs a HostObject. */
export class HostClass<T extends HostObject = HostObject> extends PyCallable {
  constructor(readonly spec: HostClassSpec<T>) {
    super();
  }
  get name(): string {
    return this.spec.name;
  }
  get typeName(): string {
    return 'type';
  }
  get signature(): Signature | undefined {
    return this.spec.constructorSignature;
  }
  call(args: readonly Value[], kwargs: ReadonlyMap<string, Value>, ctx: CallContext): Value {
    if (!this.spec.construct) throw new PyException('TypeError', `cannot create '${this.name}' instances`);
    const signature = this.spec.constructorSignature ?? { name: this.name, params: [] };
    return this.spec.construct(bindArguments(signature, args, kwargs), ctx);
  }
  /** The method named, looked up along the base classes. */
  method(name: string): MethodSpec<T> | undefined {
    return this.spec.methods?.[name] ?? this.spec.base?.method(name);
  }
  attribute(name: string): AttributeSpec | undefined {
    return this.spec.attributes?.[name] ?? this.spec.base?.attribute(name);
  }
  /** Every method and attribute name, for "did you mean" and completion. */
  memberNames(): string[] {
    const own = [...Object.keys(this.spec.methods ?? {}), ...Object.keys(this.spec.attributes ?? {})];
    return [...own, ...(this.spec.base?.memberNames() ?? [])];
  }
  /** This class's name and its bases' names. */
  lineage(): string[] {
    return [this.name, ...(this.spec.base?.lineage() ?? [])];
  }
  override repr(): string {
    return `<class '${this.spec.module ? this.spec.module + '.' : ''}${this.name}'>`;
  }
}

/** An instance of a host class. Subclasses hold the engine-side state. */
export abstract class HostObject extends PyObject {
  abstract readonly hostClass: HostClass;

  get typeName(): string {
    return this.hostClass.name;
  }
  typeNames(): string[] {
    return this.hostClass.lineage();
  }
  /** A data attribute's current value; undefined when it has none by that name. */
  getAttribute(_name: string): Value | undefined {
    return undefined;
  }
  setAttribute(name: string, _value: Value): void {
    throw new PyException('AttributeError', `'${this.typeName}' object attribute '${name}' is read-only`);
  }
  override repr(): string {
    return `<${this.typeName} object>`;
  }
}

/** `obj.method` before it is called. */
export class BoundMethod extends PyCallable {
  constructor(readonly self: Value, readonly methodName: string, readonly method: MethodSpec<never>) {
    super();
  }
  get name(): string {
    return this.method.signature.name;
  }
  get typeName(): string {
    return 'method';
  }
  get signature(): Signature {
    return this.method.signature;
  }
  call(args: readonly Value[], kwargs: ReadonlyMap<string, Value>, ctx: CallContext): Value {
    return (this.method as MethodSpec<Value>).call(this.self, bindArguments(this.method.signature, args, kwargs), ctx);
  }
  override repr(inner: (v: Value) => string): string {
    return `<bound method ${this.name} of ${inner(this.self)}>`;
  }
}

/**
 * A known Keras name the engine has not registered (yet): importing it works, using it
 * says plainly that this version does not have it.
 */
export class PyUnavailable extends PyObject {
  constructor(readonly path: string) {
    super();
  }
  get typeName(): string {
    return 'unavailable';
  }
  get shortName(): string {
    return this.path.slice(this.path.lastIndexOf('.') + 1);
  }
  error(): PyException {
    return new PyException('NotImplementedError', `${this.shortName} is not available yet in this version of Unroll`);
  }
  override repr(): string {
    return `<${this.shortName}: not available yet>`;
  }
}

/** `v instanceof HostClass`, typed as a HostClass of HostObject (instanceof alone gives HostClass<any>). */
export function isHostClass(v: unknown): v is HostClass {
  return v instanceof HostClass;
}

/** Python's AttributeError for a missing member, with a suggestion among `names`. */
export function noAttribute(owner: string, name: string, names: Iterable<string>): PyException {
  return new PyException('AttributeError', `${owner} has no attribute '${name}'${didYouMean(name, names)}`);
}
