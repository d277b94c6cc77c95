// The typed AST of the rnn cell language: exactly the Python subset that DESIGN.md §3
// allows. The lezer tree is walked into this once, so the interpreter and the static
// checker never see a construct outside the subset.
import { Span } from './source';

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '&' | '|' | '^';
type UnaryOperator = '-' | '+' | '~' | 'not';
export type CompareOperator = '<' | '>' | '<=' | '>=' | '==' | '!=' | 'in' | 'not in' | 'is' | 'is not';

interface NodeBase {
  readonly span: Span;
}

// ---- expressions ----

export interface IntLiteral extends NodeBase { kind: 'int'; value: bigint }
export interface FloatLiteral extends NodeBase { kind: 'float'; value: number }
export interface StrLiteral extends NodeBase { kind: 'str'; value: string }
/** True, False, None. */
interface ConstLiteral extends NodeBase { kind: 'const'; value: boolean | null }
interface EllipsisLiteral extends NodeBase { kind: 'ellipsis' }

/** One `{expr!r:spec}` of an f-string. The spec is itself made of parts (`{x:>{width}}`). */
export interface FormattedValue {
  readonly expr: Expr;
  readonly conversion?: 'r' | 's' | 'a';
  readonly spec?: FStringPart[];
  /** `{x=}`: the source text printed before the value. */
  readonly selfDoc?: string;
}
export type FStringPart = string | FormattedValue;
export interface FString extends NodeBase { kind: 'fstring'; parts: FStringPart[] }

export interface NameExpr extends NodeBase { kind: 'name'; id: string }
interface Starred extends NodeBase { kind: 'starred'; value: Expr }
interface ListExpr extends NodeBase { kind: 'list'; elements: Expr[] }
export interface TupleExpr extends NodeBase { kind: 'tuple'; elements: Expr[] }
export type DictEntry = { key: Expr; value: Expr } | { spread: Expr };
export interface DictExpr extends NodeBase { kind: 'dict'; entries: DictEntry[] }
/** `lower:upper:step` inside a subscript; each part optional. */
export interface SliceExpr extends NodeBase { kind: 'slice'; lower?: Expr; upper?: Expr; step?: Expr }
/** `obj[index]`; `a[1:2, -1]` has a tuple index whose elements may be slices. */
export interface Subscript extends NodeBase { kind: 'subscript'; object: Expr; index: Expr }
export interface Attribute extends NodeBase { kind: 'attribute'; object: Expr; name: string; nameSpan: Span }
interface UnaryExpr extends NodeBase { kind: 'unary'; op: UnaryOperator; operand: Expr }
export interface BinaryExpr extends NodeBase { kind: 'binary'; op: BinaryOperator; left: Expr; right: Expr }
export interface BoolOpExpr extends NodeBase { kind: 'boolop'; op: 'and' | 'or'; left: Expr; right: Expr }
/** `a < b <= c`: Python compares pairwise and stops at the first false. */
export interface CompareExpr extends NodeBase { kind: 'compare'; first: Expr; rest: { op: CompareOperator; right: Expr }[] }
export interface ConditionalExpr extends NodeBase { kind: 'conditional'; test: Expr; body: Expr; orElse: Expr }

export type Argument =
  | { kind: 'positional'; value: Expr; span: Span }
  | { kind: 'star'; value: Expr; span: Span }
  | { kind: 'keyword'; name: string; nameSpan: Span; value: Expr; span: Span }
  | { kind: 'doublestar'; value: Expr; span: Span };
export interface CallExpr extends NodeBase { kind: 'call'; func: Expr; args: Argument[] }

/** One parameter of a `def` or a `lambda`; a default is evaluated once, when the def runs. */
export interface FuncParam {
  readonly name: string;
  readonly kind: 'positional-only' | 'positional-or-keyword' | 'var-positional' | 'keyword-only' | 'var-keyword';
  readonly default?: Expr;
  readonly span: Span;
}
interface LambdaExpr extends NodeBase { kind: 'lambda'; params: FuncParam[]; body: Expr }
/** `for target in iter` or `if test` of a comprehension, in source order. */
export type CompClause = { kind: 'for'; target: Target; iter: Expr; span: Span } | { kind: 'if'; test: Expr; span: Span };
/**
 * `[e for …]`, `{e for …}`, `{k: v for …}` and `(e for …)`: the loop variables live in the
 * comprehension's own scope, as in Python 3.
 */
export interface Comprehension extends NodeBase {
  kind: 'comprehension';
  type: 'list' | 'set' | 'dict' | 'generator';
  element: Expr;
  /** The value of a dict comprehension (element is its key). */
  value?: Expr;
  clauses: CompClause[];
}
interface SetExpr extends NodeBase { kind: 'set'; elements: Expr[] }

export type Expr =
  | IntLiteral | FloatLiteral | StrLiteral | ConstLiteral | EllipsisLiteral | FString
  | NameExpr | Starred | ListExpr | TupleExpr | DictExpr | SliceExpr | Subscript | Attribute
  | UnaryExpr | BinaryExpr | BoolOpExpr | CompareExpr | ConditionalExpr | CallExpr
  | LambdaExpr | Comprehension | SetExpr;

// ---- assignment targets ----

export type Target =
  | NameExpr
  | Subscript
  | Attribute
  | { kind: 'unpack'; elements: Target[]; span: Span }
  | { kind: 'starred-target'; target: Target; span: Span };

// ---- statements ----

export interface AssignStmt extends NodeBase { kind: 'assign'; targets: Target[]; value: Expr }
export interface AugAssignStmt extends NodeBase { kind: 'augassign'; target: NameExpr | Subscript | Attribute; op: BinaryOperator; value: Expr }
interface ExprStmt extends NodeBase { kind: 'expr'; value: Expr }
export interface ForStmt extends NodeBase { kind: 'for'; target: Target; iter: Expr; body: Stmt[]; orElse?: Stmt[] }
export interface WhileStmt extends NodeBase { kind: 'while'; test: Expr; body: Stmt[]; orElse?: Stmt[] }
export interface DefStmt extends NodeBase { kind: 'def'; name: string; nameSpan: Span; params: FuncParam[]; body: Stmt[] }
interface ReturnStmt extends NodeBase { kind: 'return'; value?: Expr }
/** `global a, b` / `nonlocal a`: assignments in the function go to that scope. */
export interface ScopeStmt extends NodeBase { kind: 'global' | 'nonlocal'; names: string[] }
export interface IfStmt extends NodeBase { kind: 'if'; branches: { test: Expr; body: Stmt[] }[]; orElse?: Stmt[] }
export interface ImportName { module: string; asName?: string; span: Span }
/** `import a.b as c`: binds c (or `a` when there is no alias, as Python does). */
export interface ImportStmt extends NodeBase { kind: 'import'; names: ImportName[] }
export interface FromImportName { name: string; asName?: string; span: Span }
export interface FromImportStmt extends NodeBase { kind: 'from-import'; module: string; moduleSpan: Span; names: FromImportName[] }
/** `del a, b`: the names stop being bound. */
export interface DelStmt extends NodeBase { kind: 'del'; targets: NameExpr[] }
interface PassStmt extends NodeBase { kind: 'pass' }
interface BreakStmt extends NodeBase { kind: 'break' }
interface ContinueStmt extends NodeBase { kind: 'continue' }

export type Stmt =
  | AssignStmt | AugAssignStmt | ExprStmt | ForStmt | IfStmt | ImportStmt | FromImportStmt | DelStmt
  | PassStmt | BreakStmt | ContinueStmt | WhileStmt | DefStmt | ReturnStmt | ScopeStmt;

export interface Module {
  readonly body: Stmt[];
}
