// Walks lezer expression nodes into the typed AST. Anything outside the subset throws a
// SyntaxError CellError naming the construct, with the construct's own range.
// Over 500 lines since lambdas, comprehensions and the bitwise and matmul operators landed;
// comprehensions and calls are the next pieces to move out.
import type { SyntaxNode } from '@lezer/common';
import * as ast from '../ast';
import { CellError, PyException } from '../errors';
import { LineIndex, Span } from '../source';
import { decodeEscapes, parseNumber, splitStringLiteral } from './literals';
import { childrenOf, splitAt } from './nodes';
import { unsupportedNodeMessage, unsupportedOperatorMessage } from './unsupported';
import { LAMBDA_UNSUPPORTED } from '../../keras/layers';

/** Python's own parser stops near 200 nested parentheses; so do we, before the JS stack does. */
const MAX_NESTING = 100;

const COMPARE_TOKENS = new Set(['CompareOp', 'in', 'not', 'is']);

export class ExpressionWalker {
  private depth = 0;

  constructor(readonly source: string, readonly lines: LineIndex) {}

  text(node: { from: number; to: number }): string {
    return this.source.slice(node.from, node.to);
  }

  /** An identifier as Python reads it: NFKC-normalised, so `ｘ` and `x` are one name. */
  identifier(node: { from: number; to: number }): string {
    return this.text(node).normalize('NFKC');
  }

  error(where: Span, message: string, errorName = 'SyntaxError'): CellError {
    return new CellError(errorName, message, this.lines.range(where));
  }

  /** One expression, or a bare tuple when the nodes are comma-separated (`1, 2`). */
  exprList(nodes: SyntaxNode[], whole: Span): ast.Expr {
    const { groups, trailing } = splitAt(nodes, ',');
    if (groups.length === 1 && !trailing) return this.exprFromGroup(groups[0]);
    return { kind: 'tuple', span: whole, elements: groups.map(g => this.exprFromGroup(g)) };
  }

  /** A group is one expression, possibly preceded by `*` (starred). */
  exprFromGroup(group: SyntaxNode[]): ast.Expr {
    if (group.length === 2 && group[0].name === '*') {
      return { kind: 'starred', span: { from: group[0].from, to: group[1].to }, value: this.expr(group[1]) };
    }
    if (group.length !== 1) {
      const where = group.length ? { from: group[0].from, to: group[group.length - 1].to } : { from: 0, to: 0 };
      throw this.error(where, 'invalid syntax');
    }
    return this.expr(group[0]);
  }

  expr(node: SyntaxNode): ast.Expr {
    if (++this.depth > MAX_NESTING) {
      this.depth = 0;
      throw this.error(node, `expression nested too deeply (more than ${MAX_NESTING} levels)`);
    }
    try {
      return this.exprUnguarded(node);
    } finally {
      this.depth = Math.max(0, this.depth - 1);
    }
  }

  private exprUnguarded(node: SyntaxNode): ast.Expr {
    const span: Span = { from: node.from, to: node.to };
    switch (node.name) {
      case 'Number':
        return this.withRange(span, () => ({ ...parseNumber(this.text(node)), span }));
      case 'String':
      case 'FormatString':
      case 'ContinuedString':
        return this.stringExpr(node);
      case 'Boolean':
        return { kind: 'const', span, value: this.text(node) === 'True' };
      case 'None':
        return { kind: 'const', span, value: null };
      case 'Ellipsis':
        return { kind: 'ellipsis', span };
      case 'VariableName':
        return { kind: 'name', span, id: this.identifier(node) };
      case 'ParenthesizedExpression': {
        const inner = childrenOf(node).filter(c => c.name !== '(' && c.name !== ')');
        if (inner.length !== 1) throw this.error(span, 'invalid syntax');
        return this.expr(inner[0]);
      }
      case 'TupleExpression': {
        const inner = childrenOf(node).filter(c => c.name !== '(' && c.name !== ')');
        const { groups } = splitAt(inner, ',');
        return { kind: 'tuple', span, elements: groups.filter(g => g.length).map(g => this.exprFromGroup(g)) };
      }
      case 'ArrayExpression': {
        const inner = childrenOf(node).filter(c => c.name !== '[' && c.name !== ']');
        const { groups } = splitAt(inner, ',');
        return { kind: 'list', span, elements: groups.filter(g => g.length).map(g => this.exprFromGroup(g)) };
      }
      case 'DictionaryExpression':
        return this.dictExpr(node, span);
      case 'SetExpression': {
        const inner = childrenOf(node).filter(c => c.name !== '{' && c.name !== '}');
        const { groups } = splitAt(inner, ',');
        return { kind: 'set', span, elements: groups.filter(g => g.length).map(g => this.exprFromGroup(g)) };
      }
      case 'ArrayComprehensionExpression':
        return this.comprehension(childrenOf(node).slice(1, -1), 'list', span);
      case 'SetComprehensionExpression':
        return this.comprehension(childrenOf(node).slice(1, -1), 'set', span);
      case 'DictionaryComprehensionExpression':
        return this.comprehension(childrenOf(node).slice(1, -1), 'dict', span);
      case 'ComprehensionExpression':
        return this.comprehension(childrenOf(node).slice(1, -1), 'generator', span);
      case 'LambdaExpression': {
        const kids = childrenOf(node);
        const colonAt = kids.findIndex(k => k.name === ':');
        if (kids[0]?.name !== 'lambda' || colonAt < 1 || colonAt !== kids.length - 2) throw this.error(span, 'invalid syntax');
        const params = kids[1].name === 'ParamList' ? this.params(kids[1]) : [];
        return { kind: 'lambda', span, params, body: this.expr(kids[colonAt + 1]) };
      }
      case 'MemberExpression':
        return this.memberExpr(node, span);
      case 'CallExpression':
        return this.callExpr(node, span);
      case 'UnaryExpression':
        if (this.isBoolNode(node)) return this.boolExpr(node);
        return this.unaryExpr(node, span);
      case 'BinaryExpression':
        if (this.isBoolNode(node)) return this.boolExpr(node);
        return this.binaryExpr(node, span);
      case 'ConditionalExpression': {
        const kids = childrenOf(node);
        const ifAt = kids.findIndex(k => k.name === 'if');
        const elseAt = kids.findIndex(k => k.name === 'else');
        if (ifAt !== 1 || elseAt !== 3 || kids.length !== 5) throw this.error(span, 'invalid syntax');
        return { kind: 'conditional', span, body: this.expr(kids[0]), test: this.expr(kids[2]), orElse: this.expr(kids[4]) };
      }
      default: {
        const message = unsupportedNodeMessage(node.name);
        throw this.error(span, message ?? 'invalid syntax');
      }
    }
  }

  /**
   * The flat children of a comprehension between its brackets: the element (or `key: value`),
   * then `for target in iter` and `if test` clauses in source order.
   */
  comprehension(nodes: SyntaxNode[], type: ast.Comprehension['type'], span: Span): ast.Comprehension {
    const firstFor = nodes.findIndex(n => n.name === 'for' || n.name === 'async');
    if (firstFor < 1) throw this.error(span, 'invalid syntax');
    const head = nodes.slice(0, firstFor);
    let element: ast.Expr;
    let value: ast.Expr | undefined;
    const headSpan = { from: head[0].from, to: head[head.length - 1].to };
    if (head[0].name === '**') throw this.error(headSpan, 'dict unpacking cannot be used in dict comprehension');
    if (head[0].name === '*') throw this.error(headSpan, 'iterable unpacking cannot be used in comprehension');
    if (type === 'dict') {
      if (head.length !== 3 || head[1].name !== ':') throw this.error(span, 'invalid syntax');
      element = this.expr(head[0]);
      value = this.expr(head[2]);
    } else {
      if (head.some(n => n.name === ',')) throw this.error(headSpan, 'did you forget parentheses around the comprehension target?');
      element = this.exprFromGroup(head);
    }
    const clauses: ast.CompClause[] = [];
    let at = firstFor;
    while (at < nodes.length) {
      const keyword = nodes[at];
      let end = at + 1;
      while (end < nodes.length && nodes[end].name !== 'for' && nodes[end].name !== 'if' && nodes[end].name !== 'async') end++;
      const part = nodes.slice(at + 1, end);
      if (keyword.name === 'async') throw this.error(keyword, '`async` comprehensions are not supported in rnn cells');
      if (!part.length) throw this.error(keyword, 'invalid syntax');
      const clauseSpan = { from: keyword.from, to: part[part.length - 1].to };
      if (keyword.name === 'for') {
        const inAt = part.findIndex(n => n.name === 'in');
        if (inAt < 1 || inAt === part.length - 1) throw this.error(clauseSpan, 'invalid syntax');
        const targetNodes = part.slice(0, inAt);
        const iterNodes = part.slice(inAt + 1);
        const target = this.target(this.exprList(targetNodes, { from: targetNodes[0].from, to: targetNodes[targetNodes.length - 1].to }));
        const iter = this.exprFromGroup(iterNodes);
        clauses.push({ kind: 'for', target, iter, span: clauseSpan });
      } else {
        clauses.push({ kind: 'if', test: this.exprFromGroup(part), span: clauseSpan });
      }
      at = end;
    }
    return { kind: 'comprehension', span, type, element, value, clauses };
  }

  /** The parameters of a `def` or `lambda` (annotations are read past and ignored). */
  params(list: SyntaxNode): ast.FuncParam[] {
    const inner = childrenOf(list).filter(c => c.name !== '(' && c.name !== ')');
    const params: ast.FuncParam[] = [];
    if (!inner.length) return params;
    let kind: ast.FuncParam['kind'] = 'positional-or-keyword';
    let sawDefault = false;
    let sawVarKeyword = false;
    const { groups } = splitAt(inner, ',');
    for (const rawGroup of groups) {
      const group = rawGroup.filter(n => n.name !== 'TypeDef');
      // lezer leaves no node for the `/` marker: it shows as an empty group between commas.
      if (!group.length) {
        if (kind !== 'positional-or-keyword' || !params.length) throw this.error(list, 'invalid syntax');
        for (let i = 0; i < params.length; i++) params[i] = { ...params[i], kind: 'positional-only' };
        continue;
      }
      const where = { from: group[0].from, to: group[group.length - 1].to };
      if (sawVarKeyword) throw this.error(where, 'arguments cannot follow var-keyword argument');
      if (group[0].name === '*' || group[0].name === '**') {
        const star = group[0].name;
        if (group.length === 1 && star === '*') {
          if (kind !== 'positional-or-keyword') throw this.error(where, '* argument may appear only once');
          kind = 'keyword-only';
          continue;
        }
        if (group.length !== 2 || group[1].name !== 'VariableName') throw this.error(where, 'invalid syntax');
        const name = this.identifier(group[1]);
        if (star === '*') {
          if (kind !== 'positional-or-keyword') throw this.error(where, '* argument may appear only once');
          params.push({ name, kind: 'var-positional', span: where });
          kind = 'keyword-only';
        } else {
          params.push({ name, kind: 'var-keyword', span: where });
          sawVarKeyword = true;
        }
      } else if (group[0].name === 'VariableName' && (group.length === 1 || (group.length === 3 && group[1].name === 'AssignOp'))) {
        const name = this.identifier(group[0]);
        const defaultValue = group.length === 3 ? this.expr(group[2]) : undefined;
        if (defaultValue) sawDefault = true;
        else if (sawDefault && kind === 'positional-or-keyword') throw this.error(where, 'parameter without a default follows parameter with a default');
        params.push({ name, kind, default: defaultValue, span: where });
      } else throw this.error(where, 'invalid syntax');
      const last = params[params.length - 1];
      if (params.slice(0, -1).some(p => p.name === last.name)) throw this.error(where, `duplicate argument '${last.name}' in function definition`);
    }
    return params;
  }

  /** Turns a parsed expression into an assignment target, as Python's parser checks. */
  target(expr: ast.Expr): ast.Target {
    switch (expr.kind) {
      case 'name':
        if (expr.id === '__debug__') throw this.error(expr.span, 'cannot assign to __debug__');
        return expr;
      case 'subscript':
      case 'attribute':
        return expr;
      case 'tuple':
      case 'list': {
        const elements = expr.elements.map(e => this.target(e));
        if (elements.filter(e => e.kind === 'starred-target').length > 1) {
          throw this.error(expr.span, 'multiple starred expressions in assignment');
        }
        return { kind: 'unpack', span: expr.span, elements };
      }
      case 'starred':
        return { kind: 'starred-target', span: expr.span, target: this.target(expr.value) };
      default:
        throw this.error(expr.span, `cannot assign to ${describeExpr(expr)}`);
    }
  }

  /** Runs a literal decoder, giving its PyException the literal's range. */
  private withRange<T>(span: Span, decode: () => T): T {
    try {
      return decode();
    } catch (e) {
      if (e instanceof PyException) throw this.error(span, e.message, e.errorName);
      throw e;
    }
  }

  private dictExpr(node: SyntaxNode, span: Span): ast.DictExpr {
    const inner = childrenOf(node).filter(c => c.name !== '{' && c.name !== '}');
    const entries: ast.DictEntry[] = [];
    for (const group of splitAt(inner, ',').groups) {
      if (!group.length) continue;
      if (group.length === 2 && group[0].name === '**') entries.push({ spread: this.expr(group[1]) });
      else if (group.length === 3 && group[1].name === ':') entries.push({ key: this.expr(group[0]), value: this.expr(group[2]) });
      else throw this.error({ from: group[0].from, to: group[group.length - 1].to }, 'invalid syntax');
    }
    return { kind: 'dict', span, entries };
  }

  private memberExpr(node: SyntaxNode, span: Span): ast.Expr {
    const kids = childrenOf(node);
    const object = this.expr(kids[0]);
    if (kids[1]?.name === '.') {
      const name = kids[2];
      if (!name || name.name !== 'PropertyName') throw this.error(span, 'invalid syntax');
      return { kind: 'attribute', span, object, name: this.identifier(name), nameSpan: { from: name.from, to: name.to } };
    }
    if (kids[1]?.name !== '[' || kids[kids.length - 1].name !== ']') throw this.error(span, 'invalid syntax');
    const inner = kids.slice(2, -1);
    if (!inner.length) throw this.error(span, 'invalid syntax');
    return { kind: 'subscript', span, object, index: this.subscriptIndex(inner) };
  }

  /** `a[i]`, `a[1:3]`, `a[::2]`, `a[:, -1]`, `a[..., 0]`: lezer leaves the colons flat. */
  private subscriptIndex(inner: SyntaxNode[]): ast.Expr {
    const { groups, trailing } = splitAt(inner, ',');
    const items = groups.map(g => this.sliceOrExpr(g));
    if (items.length === 1 && !trailing) return items[0];
    return { kind: 'tuple', span: { from: inner[0].from, to: inner[inner.length - 1].to }, elements: items };
  }

  private sliceOrExpr(group: SyntaxNode[]): ast.Expr {
    if (!group.some(n => n.name === ':')) return this.exprFromGroup(group);
    const parts: SyntaxNode[][] = [[]];
    for (const n of group) {
      if (n.name === ':') parts.push([]);
      else parts[parts.length - 1].push(n);
    }
    const span = { from: group[0].from, to: group[group.length - 1].to };
    if (parts.length > 3 || parts.some(p => p.length > 1)) throw this.error(span, 'invalid syntax');
    const part = (i: number) => (parts[i]?.length ? this.expr(parts[i][0]) : undefined);
    return { kind: 'slice', span, lower: part(0), upper: part(1), step: part(2) };
  }

  private callExpr(node: SyntaxNode, span: Span): ast.CallExpr {
    const kids = childrenOf(node);
    const argList = kids[kids.length - 1];
    if (kids.length !== 2 || argList.name !== 'ArgList') throw this.error(span, 'invalid syntax');
    const func = this.expr(kids[0]);
    const inner = childrenOf(argList).filter(c => c.name !== '(' && c.name !== ')');
    // Keras's Lambda(lambda x: ...): say why the layer cannot be, not only that `lambda` cannot.
    const callee = func.kind === 'name' ? func.id : func.kind === 'attribute' ? func.name : '';
    if (callee === 'Lambda' && inner.some(c => c.name === 'LambdaExpression')) throw this.error(span, LAMBDA_UNSUPPORTED);
    const args: ast.Argument[] = [];
    // `sum(x for x in xs)`: a lone generator expression needs no parentheses of its own.
    if (inner.some(c => c.name === 'for')) {
      if (strayComma(inner)) throw this.error(argList, 'Generator expression must be parenthesized');
      const generator = this.comprehension(inner, 'generator', { from: inner[0].from, to: inner[inner.length - 1].to });
      return { kind: 'call', span, func, args: [{ kind: 'positional', span: generator.span, value: generator }] };
    }
    let sawKeyword = false;
    for (const group of inner.length ? splitAt(inner, ',').groups : []) {
      if (!group.length) throw this.error(argList, 'invalid syntax');
      const argSpan = { from: group[0].from, to: group[group.length - 1].to };
      if (group.length === 2 && group[0].name === '*') {
        args.push({ kind: 'star', span: argSpan, value: this.expr(group[1]) });
      } else if (group.length === 2 && group[0].name === '**') {
        sawKeyword = true;
        args.push({ kind: 'doublestar', span: argSpan, value: this.expr(group[1]) });
      } else if (group.length === 3 && group[1].name === 'AssignOp' && this.text(group[1]) === '=') {
        if (group[0].name !== 'VariableName') throw this.error(argSpan, 'expression cannot contain assignment, perhaps you meant "=="?');
        sawKeyword = true;
        const name = this.identifier(group[0]);
        if (args.some(a => a.kind === 'keyword' && a.name === name)) throw this.error(group[0], `keyword argument repeated: ${name}`);
        args.push({ kind: 'keyword', span: argSpan, name, nameSpan: { from: group[0].from, to: group[0].to }, value: this.expr(group[2]) });
      } else if (group.length === 1) {
        if (sawKeyword) throw this.error(argSpan, 'positional argument follows keyword argument');
        args.push({ kind: 'positional', span: argSpan, value: this.expr(group[0]) });
      } else {
        const message = group.map(g => unsupportedNodeMessage(g.name)).find(m => m);
        throw this.error(argSpan, message ?? 'invalid syntax');
      }
    }
    return { kind: 'call', span, func, args };
  }

  private unaryExpr(node: SyntaxNode, span: Span): ast.Expr {
    const [opNode, operandNode] = childrenOf(node);
    if (!opNode || !operandNode) throw this.error(span, 'invalid syntax');
    const op = this.text(opNode);
    if (op !== '-' && op !== '+' && op !== '~' && op !== 'not') throw this.error(span, 'invalid syntax');
    return { kind: 'unary', span, op, operand: this.expr(operandNode) };
  }

  private binaryExpr(node: SyntaxNode, span: Span): ast.Expr {
    const kids = childrenOf(node);
    const left = kids[0];
    const right = kids[kids.length - 1];
    const opNodes = kids.slice(1, -1);
    if (!left || opNodes.length === 0 || opNodes.length > 2) throw this.error(span, 'invalid syntax');
    const op = opNodes.map(n => this.text(n)).join(' ');
    if (COMPARE_TOKENS.has(opNodes[0].name)) return this.compareExpr(left, op as ast.CompareOperator, right, span);
    if (op === 'and' || op === 'or') return { kind: 'boolop', span, op, left: this.expr(left), right: this.expr(right) };
    if (op === '<<' || op === '>>') throw this.error(opNodes[0], unsupportedOperatorMessage(op));
    if (!['+', '-', '*', '/', '//', '%', '**', '@', '&', '|', '^'].includes(op)) throw this.error(span, 'invalid syntax');
    return { kind: 'binary', span, op: op as ast.BinaryOperator, left: this.expr(left), right: this.expr(right) };
  }

  private isBoolNode(node: SyntaxNode): boolean {
    const kids = childrenOf(node);
    if (node.name === 'UnaryExpression') return kids[0]?.name === 'not';
    return node.name === 'BinaryExpression' && kids.length === 3 && (kids[1].name === 'and' || kids[1].name === 'or');
  }

  /**
   * lezer's `not` takes everything to its right (`a and not b or c` comes out as
   * a and not (b or c)); Python's `not` binds tighter than `and`. So the whole unparenthesized
   * and/or/not region is flattened back to source order and re-parsed with Python's precedence.
   */
  private boolExpr(root: SyntaxNode): ast.Expr {
    type Item = SyntaxNode | { op: 'and' | 'or' | 'not'; from: number };
    const sequence: Item[] = [];
    const stack: Item[] = [root];
    while (stack.length) {
      const item = stack.pop()!;
      if ('op' in item || !this.isBoolNode(item)) {
        sequence.push(item);
        continue;
      }
      const kids = childrenOf(item);
      if (item.name === 'UnaryExpression') {
        if (!kids[1]) throw this.error(item, 'invalid syntax');
        sequence.push({ op: 'not', from: kids[0].from });
        stack.push(kids[1]);
      } else {
        // Pushed in reverse so they pop in source order: left, operator, right.
        stack.push(kids[2], { op: kids[1].name as 'and' | 'or', from: kids[1].from }, kids[0]);
      }
      if (sequence.length + stack.length > 4 * MAX_NESTING) throw this.error(root, `expression nested too deeply (more than ${MAX_NESTING} levels)`);
    }
    let at = 0;
    const peekOp = () => { const i = sequence[at]; return i && 'op' in i ? i.op : undefined; };
    const parseNot = (): ast.Expr => {
      const item = sequence[at++];
      if (!item) throw this.error(root, 'invalid syntax');
      if ('op' in item) {
        if (item.op !== 'not') throw this.error(root, 'invalid syntax');
        const operand = parseNot();
        return { kind: 'unary', op: 'not', operand, span: { from: item.from, to: operand.span.to } };
      }
      return this.expr(item);
    };
    const parseLevel = (op: 'and' | 'or', next: () => ast.Expr): ast.Expr => {
      let left = next();
      while (peekOp() === op) {
        at++;
        const right = next();
        left = { kind: 'boolop', op, left, right, span: { from: left.span.from, to: right.span.to } };
      }
      return left;
    };
    const parseAnd = () => parseLevel('and', parseNot);
    const result = parseLevel('or', parseAnd);
    if (at !== sequence.length) throw this.error(root, 'invalid syntax');
    return result;
  }

  /** lezer nests `a < b < c` as ((a < b) < c); Python means a < b and b < c: flatten. */
  private compareExpr(left: SyntaxNode, op: ast.CompareOperator, right: SyntaxNode, span: Span): ast.CompareExpr {
    const leftExpr = this.expr(left);
    const rightExpr = this.expr(right);
    if (leftExpr.kind === 'compare' && left.name === 'BinaryExpression') {
      return { kind: 'compare', span, first: leftExpr.first, rest: [...leftExpr.rest, { op, right: rightExpr }] };
    }
    return { kind: 'compare', span, first: leftExpr, rest: [{ op, right: rightExpr }] };
  }

  // ---- strings ----

  private stringExpr(node: SyntaxNode): ast.Expr {
    const span = { from: node.from, to: node.to };
    const pieces = node.name === 'ContinuedString' ? childrenOf(node) : [node];
    const parts: ast.FStringPart[] = [];
    let anyFormat = false;
    let anyBytes = false;
    let anyText = false;
    for (const piece of pieces) {
      const split = splitStringLiteral(this.text(piece));
      if (!split) throw this.error(piece, 'unterminated string literal');
      if (split.prefix.bytes) anyBytes = true;
      else anyText = true;
      if (split.prefix.format) {
        anyFormat = true;
        parts.push(...this.formatParts(piece, piece.from + split.bodyOffset, piece.to - split.quote.length, split.prefix.raw));
      } else {
        parts.push(this.withRange(piece, () => (split.prefix.raw ? split.body : decodeEscapes(split.body))));
      }
    }
    if (anyBytes) throw this.error(span, anyText ? 'cannot mix bytes and nonbytes literals' : 'bytes literals are not supported in rnn cells');
    // Without an f-string piece every part is text.
    if (!anyFormat) return { kind: 'str', span, value: parts.filter((p): p is string => typeof p === 'string').join('') };
    return { kind: 'fstring', span, parts: mergeText(parts) };
  }

  /** The literal text and `{…}` replacements of an f-string body between `from` and `to`. */
  private formatParts(node: SyntaxNode, from: number, to: number, raw: boolean): ast.FStringPart[] {
    const parts: ast.FStringPart[] = [];
    let at = from;
    for (const child of childrenOf(node)) {
      if (child.name !== 'FormatReplacement') continue;
      if (child.from > at) parts.push(this.fstringText(at, child.from, raw));
      parts.push(this.replacement(child, raw));
      at = child.to;
    }
    if (to > at) parts.push(this.fstringText(at, to, raw));
    return parts;
  }

  private fstringText(from: number, to: number, raw: boolean): string {
    const text = this.source.slice(from, to);
    if (/[{}]/.test(text.replace(/\{\{|\}\}/g, ''))) throw this.error({ from, to }, "f-string: single '}' is not allowed");
    const single = text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    return this.withRange({ from, to }, () => (raw ? single : decodeEscapes(single)));
  }

  private replacement(node: SyntaxNode, raw: boolean): ast.FormattedValue {
    const kids = childrenOf(node).filter(c => c.name !== '{' && c.name !== '}');
    const exprNodes = kids.filter(k => !['FormatSelfDoc', 'FormatConversion', 'FormatSpec'].includes(k.name));
    if (exprNodes.length === 0) throw this.error(node, 'f-string: empty expression not allowed');
    const exprSpan = { from: exprNodes[0].from, to: exprNodes[exprNodes.length - 1].to };
    const expr = this.exprList(exprNodes, exprSpan);
    const conversionNode = kids.find(k => k.name === 'FormatConversion');
    const conversion = conversionNode ? this.text(conversionNode).slice(1) : undefined;
    if (conversion !== undefined && conversion !== 'r' && conversion !== 's' && conversion !== 'a') {
      throw this.error(conversionNode!, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
    }
    const specNode = kids.find(k => k.name === 'FormatSpec');
    const spec = specNode ? this.formatParts(specNode, specNode.from + 1, specNode.to, raw) : undefined;
    const selfDocNode = kids.find(k => k.name === 'FormatSelfDoc');
    const selfDoc = selfDocNode ? this.source.slice(node.from + 1, selfDocNode.to) : undefined;
    return { expr, conversion, spec: spec ? mergeText(spec) : undefined, selfDoc };
  }
}

/** How Python's error messages name an expression that cannot be assigned to. */
export function describeExpr(expr: ast.Expr): string {
  switch (expr.kind) {
    case 'call': return 'function call';
    case 'int': case 'float': case 'str': case 'fstring': return 'literal';
    case 'const': return expr.value === null ? 'None' : expr.value ? 'True' : 'False';
    case 'ellipsis': return 'ellipsis';
    case 'dict': return 'dict literal';
    case 'set': return 'set display';
    case 'compare': return 'comparison';
    case 'conditional': return 'conditional expression';
    case 'lambda': return 'lambda';
    case 'comprehension': return expr.type === 'generator' ? 'generator expression' : `${expr.type} comprehension`;
    default: return 'expression';
  }
}

/** Adjacent literal pieces become one string, so the interpreter appends fewer parts. */
function mergeText(parts: ast.FStringPart[]): ast.FStringPart[] {
  const out: ast.FStringPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}

/**
 * A comma in a call's arguments outside a lone generator's `for` targets (`f(x for x in xs, y)`):
 * `dict((c, i) for i, c in enumerate(chars))` has one only between `for` and `in`.
 */
function strayComma(inner: SyntaxNode[]): boolean {
  let inTargets = false;
  for (const c of inner) {
    if (c.name === 'for') inTargets = true;
    else if (c.name === 'in') inTargets = false;
    else if (c.name === ',' && !inTargets) return true;
  }
  return false;
}
