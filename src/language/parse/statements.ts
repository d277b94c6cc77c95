// Walks lezer statement nodes into the typed AST. Errors are per statement: the first
// problem in a statement is recorded and the walk goes on with the next one, so the
// editor can show one diagnostic for each broken statement.
import type { SyntaxNode } from '@lezer/common';
import * as ast from '../ast';
import { CellError } from '../errors';
import { Span } from '../source';
import { ExpressionWalker, describeExpr } from './expressions';
import { isAcceptedModule, notAvailableModuleMessage } from './modules';
import { childrenOf, firstErrorIn, splitAt } from './nodes';
import { unsupportedNodeMessage } from './unsupported';

const AUG_OPS: Record<string, ast.BinaryOperator> = {
  '+=': '+', '-=': '-', '*=': '*', '/=': '/', '//=': '//', '%=': '%', '**=': '**',
};

const COMPOUND = new Set(['ClassDefinition', 'TryStatement', 'WithStatement', 'MatchStatement', 'DecoratedStatement']);

export class StatementWalker {
  readonly errors: CellError[] = [];
  private loopDepth = 0;
  /** Inside a `def` body (a `return` is allowed there; `break` must be in a loop of its own). */
  private functionDepth = 0;

  constructor(private readonly exprs: ExpressionWalker) {}

  /** All statements of a block; a broken statement is left out and its error recorded. */
  block(nodes: SyntaxNode[]): ast.Stmt[] {
    const out: ast.Stmt[] = [];
    for (const node of nodes) {
      const syntaxError = firstErrorIn(node);
      if (syntaxError) {
        this.errors.push(this.invalidSyntax(syntaxError));
        continue;
      }
      try {
        out.push(...this.statement(node));
      } catch (e) {
        if (!(e instanceof CellError)) throw e;
        this.errors.push(e);
      }
    }
    return out;
  }

  /** lezer's error nodes are often empty: widen to the character there so a squiggle shows. */
  private invalidSyntax(node: SyntaxNode): CellError {
    const text = this.exprs.source;
    let from = node.from;
    let to = node.to;
    if (from === to) {
      if (from < text.length && text[from] !== '\n') to = from + 1;
      else if (from > 0) from = from - 1;
    }
    return this.exprs.error({ from, to }, 'invalid syntax');
  }

  private statement(node: SyntaxNode): ast.Stmt[] {
    const span = this.trimmed(node);
    const kids = childrenOf(node);
    switch (node.name) {
      case 'StatementGroup':
        return this.block(kids.filter(k => k.name !== ';'));
      case 'AssignStatement':
        return [this.assign(kids, span)];
      case 'UpdateStatement':
        return [this.augAssign(kids, span)];
      case 'ExpressionStatement':
        return [{ kind: 'expr', span, value: this.exprs.exprList(kids, span) }];
      case 'IfStatement':
        return [this.ifStatement(kids, span)];
      case 'ForStatement':
        return [this.forStatement(kids, span)];
      case 'WhileStatement':
        return [this.whileStatement(kids, span)];
      case 'FunctionDefinition':
        return [this.functionDefinition(kids, span)];
      case 'ReturnStatement': {
        if (this.functionDepth === 0) throw this.exprs.error(span, "'return' outside function");
        const rest = kids.slice(1);
        return [{ kind: 'return', span, value: rest.length ? this.exprs.exprList(rest, { from: rest[0].from, to: rest[rest.length - 1].to }) : undefined }];
      }
      case 'ScopeStatement':
        return [this.scopeStatement(kids, span)];
      case 'ImportStatement':
        return [kids[0]?.name === 'from' ? this.fromImport(kids, span) : this.importStatement(kids, span)];
      case 'DeleteStatement':
        return [this.deleteStatement(kids, span)];
      case 'PassStatement':
        return [{ kind: 'pass', span }];
      case 'BreakStatement':
      case 'ContinueStatement': {
        const kind = node.name === 'BreakStatement' ? 'break' : 'continue';
        if (this.loopDepth === 0) throw this.exprs.error(span, `'${kind}' outside loop`);
        return [{ kind, span }];
      }
      default: {
        // A compound statement's range is its keyword: squiggling a whole `while` body is noise.
        const where = COMPOUND.has(node.name) && kids[0] ? kids[0] : span;
        throw this.exprs.error(where, unsupportedNodeMessage(node.name) ?? 'invalid syntax');
      }
    }
  }

  /** Statement nodes with a body end after its newline; ranges should end at the last character. */
  private trimmed(node: SyntaxNode): Span {
    let to = node.to;
    while (to > node.from && /\s/.test(this.exprs.source[to - 1])) to--;
    return { from: node.from, to };
  }

  private assign(kids: SyntaxNode[], span: Span): ast.AssignStmt {
    const annotation = kids.find(k => k.name === 'TypeDef');
    if (annotation) throw this.exprs.error(annotation, unsupportedNodeMessage('TypeDef')!);
    const groups: SyntaxNode[][] = [[]];
    for (const k of kids) {
      if (k.name === 'AssignOp') groups.push([]);
      else groups[groups.length - 1].push(k);
    }
    if (groups.length < 2 || groups.some(g => g.length === 0)) throw this.exprs.error(span, 'invalid syntax');
    const asExpr = (g: SyntaxNode[]) => this.exprs.exprList(g, { from: g[0].from, to: g[g.length - 1].to });
    const value = asExpr(groups[groups.length - 1]);
    const targets = groups.slice(0, -1).map(g => this.target(asExpr(g)));
    return { kind: 'assign', span, targets, value };
  }

  private augAssign(kids: SyntaxNode[], span: Span): ast.AugAssignStmt {
    const opAt = kids.findIndex(k => k.name === 'UpdateOp');
    if (opAt !== 1) throw this.exprs.error(span, 'invalid syntax');
    const opText = this.exprs.text(kids[1]);
    const op = AUG_OPS[opText];
    if (!op) throw this.exprs.error(kids[1], `the augmented assignment \`${opText}\` is not supported in rnn cells`);
    const target = this.exprs.expr(kids[0]);
    if (target.kind !== 'name' && target.kind !== 'subscript' && target.kind !== 'attribute') {
      throw this.exprs.error(target.span, `'${describeExpr(target)}' is an illegal expression for augmented assignment`);
    }
    const rest = kids.slice(2);
    if (!rest.length) throw this.exprs.error(span, 'invalid syntax');
    return { kind: 'augassign', span, target, op, value: this.exprs.exprList(rest, { from: rest[0].from, to: rest[rest.length - 1].to }) };
  }

  /** Turns a parsed expression into an assignment target, as Python's parser checks. */
  target(expr: ast.Expr): ast.Target {
    return this.exprs.target(expr);
  }

  private body(node: SyntaxNode | undefined, owner: Span): ast.Stmt[] {
    if (!node || node.name !== 'Body') throw this.exprs.error(owner, 'invalid syntax');
    return this.block(childrenOf(node).filter(k => k.name !== ':'));
  }

  private ifStatement(kids: SyntaxNode[], span: Span): ast.IfStmt {
    const branches: ast.IfStmt['branches'] = [];
    let orElse: ast.Stmt[] | undefined;
    for (let i = 0; i < kids.length; ) {
      const keyword = kids[i].name;
      if (keyword === 'if' || keyword === 'elif') {
        const test = this.exprs.expr(kids[i + 1]);
        branches.push({ test, body: this.body(kids[i + 2], span) });
        i += 3;
      } else if (keyword === 'else') {
        orElse = this.body(kids[i + 1], span);
        i += 2;
      } else {
        throw this.exprs.error(kids[i], 'invalid syntax');
      }
    }
    return { kind: 'if', span, branches, orElse };
  }

  private forStatement(kids: SyntaxNode[], span: Span): ast.ForStmt {
    if (kids[0]?.name === 'async') throw this.exprs.error(kids[0], '`async for` is not supported in rnn cells');
    const inAt = kids.findIndex(k => k.name === 'in');
    const bodyAt = kids.findIndex(k => k.name === 'Body');
    if (kids[0]?.name !== 'for' || inAt < 2 || bodyAt < inAt + 2) throw this.exprs.error(span, 'invalid syntax');
    const elseAt = kids.findIndex((k, i) => i > bodyAt && k.name === 'else');
    const targetNodes = kids.slice(1, inAt);
    const iterNodes = kids.slice(inAt + 1, bodyAt);
    const target = this.target(this.exprs.exprList(targetNodes, { from: targetNodes[0].from, to: targetNodes[targetNodes.length - 1].to }));
    const iter = this.exprs.exprList(iterNodes, { from: iterNodes[0].from, to: iterNodes[iterNodes.length - 1].to });
    const body = this.loopBody(kids[bodyAt], span);
    return { kind: 'for', span, target, iter, body, orElse: elseAt >= 0 ? this.body(kids[elseAt + 1], span) : undefined };
  }

  private loopBody(node: SyntaxNode | undefined, owner: Span): ast.Stmt[] {
    this.loopDepth++;
    try {
      return this.body(node, owner);
    } finally {
      this.loopDepth--;
    }
  }

  /** `while test: … else: …` (the else runs when the loop ends without `break`). */
  private whileStatement(kids: SyntaxNode[], span: Span): ast.WhileStmt {
    const bodyAt = kids.findIndex(k => k.name === 'Body');
    if (kids[0]?.name !== 'while' || bodyAt < 2) throw this.exprs.error(span, 'invalid syntax');
    const testNodes = kids.slice(1, bodyAt);
    const test = this.exprs.exprFromGroup(testNodes);
    const body = this.loopBody(kids[bodyAt], span);
    const elseAt = kids.findIndex((k, i) => i > bodyAt && k.name === 'else');
    return { kind: 'while', span, test, body, orElse: elseAt >= 0 ? this.body(kids[elseAt + 1], span) : undefined };
  }

  /** `def name(params): body` (annotations are read past; decorators are not supported). */
  private functionDefinition(kids: SyntaxNode[], span: Span): ast.DefStmt {
    if (kids[0]?.name === 'async') throw this.exprs.error(kids[0], '`async def` is not supported in rnn cells');
    const nameNode = kids[1];
    const list = kids.find(k => k.name === 'ParamList');
    const bodyNode = kids.find(k => k.name === 'Body');
    if (kids[0]?.name !== 'def' || nameNode?.name !== 'VariableName' || !list || !bodyNode) throw this.exprs.error(span, 'invalid syntax');
    const params = this.exprs.params(list);
    const outerLoops = this.loopDepth;
    this.loopDepth = 0;
    this.functionDepth++;
    try {
      const body = this.body(bodyNode, span);
      return { kind: 'def', span, name: this.exprs.identifier(nameNode), nameSpan: { from: nameNode.from, to: nameNode.to }, params, body };
    } finally {
      this.functionDepth--;
      this.loopDepth = outerLoops;
    }
  }

  /** `global a, b` anywhere; `nonlocal a` inside a nested function. */
  private scopeStatement(kids: SyntaxNode[], span: Span): ast.ScopeStmt {
    const kind = kids[0]?.name === 'nonlocal' ? 'nonlocal' : 'global';
    if (kind === 'nonlocal' && this.functionDepth === 0) throw this.exprs.error(span, 'nonlocal declaration not allowed at module level');
    const names: string[] = [];
    for (const group of splitAt(kids.slice(1), ',').groups) {
      if (group.length !== 1 || group[0].name !== 'VariableName') throw this.exprs.error(span, 'invalid syntax');
      names.push(this.exprs.identifier(group[0]));
    }
    if (!names.length) throw this.exprs.error(span, 'invalid syntax');
    return { kind, span, names };
  }

  /** `del a, b`: names only; items and attributes stay. */
  private deleteStatement(kids: SyntaxNode[], span: Span): ast.DelStmt {
    const targets: ast.NameExpr[] = [];
    for (const group of splitAt(kids.slice(1), ',').groups) {
      if (!group.length) throw this.exprs.error(span, 'invalid syntax');
      const target = this.exprs.exprList(group, { from: group[0].from, to: group[group.length - 1].to });
      if (target.kind !== 'name') throw this.exprs.error(target.span, '`del` of an item or an attribute is not supported in rnn cells; `del` takes names');
      targets.push(target);
    }
    if (!targets.length) throw this.exprs.error(span, 'invalid syntax');
    return { kind: 'del', span, targets };
  }

  /** `import a.b as c, d` */
  private importStatement(kids: SyntaxNode[], span: Span): ast.ImportStmt {
    const names: ast.ImportName[] = [];
    for (const group of splitAt(kids.slice(1), ',').groups) {
      if (!group.length) throw this.exprs.error(span, 'invalid syntax');
      const asAt = group.findIndex(k => k.name === 'as');
      const path = asAt >= 0 ? group.slice(0, asAt) : group;
      const module = this.dottedName(path, span);
      const where = { from: path[0].from, to: path[path.length - 1].to };
      if (!isAcceptedModule(module)) throw this.exprs.error(where, notAvailableModuleMessage(module), 'ModuleNotFoundError');
      const asName = asAt >= 0 ? this.exprs.identifier(group[asAt + 1]) : undefined;
      names.push({ module, asName, span: { from: group[0].from, to: group[group.length - 1].to } });
    }
    return { kind: 'import', span, names };
  }

  /** `from a.b import c, d as e` */
  private fromImport(kids: SyntaxNode[], span: Span): ast.FromImportStmt {
    const importAt = kids.findIndex(k => k.name === 'import');
    if (importAt < 2) throw this.exprs.error(span, 'invalid syntax');
    const path = kids.slice(1, importAt);
    if (path[0].name === '.' || path[0].name === 'Ellipsis') throw this.exprs.error(path[0], 'relative imports are not supported in rnn cells');
    const module = this.dottedName(path, span);
    const moduleSpan = { from: path[0].from, to: path[path.length - 1].to };
    if (!isAcceptedModule(module)) throw this.exprs.error(moduleSpan, notAvailableModuleMessage(module), 'ModuleNotFoundError');
    const rest = kids.slice(importAt + 1).filter(k => k.name !== '(' && k.name !== ')');
    const names: ast.FromImportName[] = [];
    for (const group of splitAt(rest, ',').groups) {
      if (group.length === 1 && group[0].name === '*') throw this.exprs.error(group[0], '`from … import *` is not supported in rnn cells; import the names you use');
      const ok = (group.length === 1 || (group.length === 3 && group[1].name === 'as')) && group.every((g, i) => i === 1 || g.name === 'VariableName');
      if (!ok) throw this.exprs.error(group.length ? { from: group[0].from, to: group[group.length - 1].to } : span, 'invalid syntax');
      names.push({
        name: this.exprs.identifier(group[0]),
        asName: group.length === 3 ? this.exprs.identifier(group[2]) : undefined,
        span: { from: group[0].from, to: group[group.length - 1].to },
      });
    }
    if (!names.length) throw this.exprs.error(span, 'invalid syntax');
    return { kind: 'from-import', span, module, moduleSpan, names };
  }

  private dottedName(nodes: SyntaxNode[], span: Span): string {
    const ok = nodes.length % 2 === 1 && nodes.every((n, i) => (i % 2 === 0 ? n.name === 'VariableName' : n.name === '.'));
    if (!ok) throw this.exprs.error(span, 'invalid syntax');
    return nodes.map(n => this.exprs.identifier(n)).join('');
  }
}
