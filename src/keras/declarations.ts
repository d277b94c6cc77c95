// The shapes in which the Keras surface is declared as data: classes (constructor, methods,
// attributes, base), functions and module-like objects, each under the import path a cell
// uses. The kernel attaches an implementation to every declaration by name; the editor builds
// inert stand-ins from the same declarations, so both expose the same names, signatures, docs.
import type { Signature } from './signature';

/**
 * A declared default: a Python literal, or a list of strings (a dataset loader's
 * `sources=['imdb', 'amazon', 'yelp']`), which the language turns into a list value.
 */
export type DeclaredDefault = null | boolean | bigint | number | string | readonly string[];

export type DeclaredSignature = Signature<DeclaredDefault>;

/** A data attribute's documentation, for completion and hover. */
interface AttributeDecl {
  readonly doc?: string;
  /** The Python type name of its value ('tuple', 'History'…). */
  readonly type?: string;
}

export interface ClassDecl {
  /** Python-visible name: 'LSTM', 'Sequential'. */
  readonly name: string;
  /** The module it lives in, for repr: 'keras.layers'. */
  readonly module: string;
  readonly doc?: string;
  /** Its base class (methods and attributes are inherited, type checks accept subclasses). */
  readonly base?: ClassDecl;
  /** Absent for a class a cell cannot construct (a base class, the datasets module). */
  readonly constructorSignature?: DeclaredSignature;
  readonly methods?: Readonly<Record<string, DeclaredSignature>>;
  readonly attributes?: Readonly<Record<string, AttributeDecl>>;
}

/** What a path of the surface names: a class, a function, or the one instance of a class (`datasets`). */
export type Declared =
  | { readonly kind: 'class'; readonly decl: ClassDecl }
  | { readonly kind: 'function'; readonly signature: DeclaredSignature }
  | { readonly kind: 'instance'; readonly decl: ClassDecl };

export interface SurfaceEntry {
  /** Canonical import path: 'keras.layers.LSTM', 'unroll.datasets'. */
  readonly path: string;
  readonly declared: Declared;
}

export const declaredClass = (decl: ClassDecl): Declared => ({ kind: 'class', decl });
export const declaredFunction = (signature: DeclaredSignature): Declared => ({ kind: 'function', signature });
