// A deliberately tiny placeholder for the rnn cell language, so the kernel's lifecycle
// (execute, interrupt, restart, crash) is real and tested before the language lands.
// It is replaced by the @lezer/python-based interpreter; keep nothing here worth keeping.
//
// One statement per line: `name = expr` or `expr`; `#` comments. Expressions: numbers,
// strings, True/False/None, names, + - * / with parentheses, calls. Builtins:
//   print(*values)   write a line to stdout
//   sleep(seconds)   wait, waking early on Interrupt (a cooperative wait)
//   loop()           spin forever, polling the interrupt flag (a cooperative run)
//   hang()           spin forever without polling (only a forced restart stops it)
//   crash(message)   make the worker thread die, as a native crash would

/** A user-facing error with its place in the cell (1-based). */
export class CellError extends Error {
  constructor(readonly errorName: string, message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

export interface PlaceholderHost {
  print(text: string): void;
  /** Throws KeyboardInterrupt (as a CellError) when the user asked to interrupt. */
  checkInterrupt(line: number, column: number): void;
  /** Blocks up to `ms`, returning early when interrupted. */
  wait(ms: number): void;
  /** Kills the worker thread at once (throws). */
  crash(message: string): never;
}

type Value = number | string | boolean | null | Builtin;
interface Builtin { builtin: string; call(args: Value[], at: Position): Value }
interface Position { line: number; column: number }

interface Token { kind: 'num' | 'str' | 'name' | 'op' | 'end'; text: string; column: number }

export class PlaceholderInterpreter {
  private readonly globals = new Map<string, Value>();

  constructor(private readonly host: PlaceholderHost) {
    const define = (name: string, call: (args: Value[], at: Position) => Value) => this.globals.set(name, { builtin: name, call });
    define('print', args => { host.print(args.map(show).join(' ')); return null; });
    define('sleep', (args, at) => {
      const deadline = Date.now() + expectNumber(args[0], 'sleep', at) * 1000;
      for (let left = deadline - Date.now(); left > 0; left = deadline - Date.now()) {
        host.checkInterrupt(at.line, at.column);
        host.wait(Math.min(left, 100));
      }
      host.checkInterrupt(at.line, at.column);
      return null;
    });
    define('loop', (_args, at) => {
      for (;;) host.checkInterrupt(at.line, at.column);
    });
    define('hang', () => {
      // eslint-disable-next-line no-constant-condition
      for (;;) { /* never polls: only terminating the worker stops this */ }
    });
    define('crash', (args) => { host.crash(args.length ? show(args[0]) : 'crash() was called'); return null; });
  }

  /** Runs a cell; returns the value of a final expression statement (Jupyter's Out[n]). */
  run(code: string): { value?: string } {
    let last: Value | undefined;
    code.split('\n').forEach((text, index) => {
      last = undefined;
      const tokens = tokenize(text, index + 1);
      if (tokens[0].kind === 'end') return;
      const parser = new LineParser(tokens, index + 1, this.globals);
      last = parser.statement();
    });
    return last === undefined || last === null ? {} : { value: repr(last) };
  }
}

class LineParser {
  private pos = 0;
  constructor(private readonly tokens: Token[], private readonly line: number, private readonly globals: Map<string, Value>) {}

  /** Returns the expression's value, or undefined for an assignment. */
  statement(): Value | undefined {
    const [first, second] = this.tokens;
    if (first.kind === 'name' && second.kind === 'op' && second.text === '=') {
      this.pos = 2;
      const value = this.expression();
      this.expectEnd();
      this.globals.set(first.text, value);
      return undefined;
    }
    const value = this.expression();
    this.expectEnd();
    return value;
  }

  private expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw this.error('SyntaxError', `unexpected '${token.text}'`, token);
  }

  private expression(): Value {
    let left = this.term();
    while (this.peekOp('+') || this.peekOp('-')) {
      const op = this.next();
      left = arithmetic(op.text, left, this.term(), { line: this.line, column: op.column });
    }
    return left;
  }

  private term(): Value {
    let left = this.unary();
    while (this.peekOp('*') || this.peekOp('/')) {
      const op = this.next();
      left = arithmetic(op.text, left, this.unary(), { line: this.line, column: op.column });
    }
    return left;
  }

  private unary(): Value {
    if (this.peekOp('-')) {
      const op = this.next();
      return arithmetic('-', 0, this.unary(), { line: this.line, column: op.column });
    }
    return this.call();
  }

  private call(): Value {
    let value = this.primary();
    while (this.peekOp('(')) {
      const open = this.next();
      const args: Value[] = [];
      while (!this.peekOp(')')) {
        args.push(this.expression());
        if (!this.peekOp(',')) break;
        this.next();
      }
      if (!this.peekOp(')')) throw this.error('SyntaxError', "expected ')'", this.peek());
      this.next();
      if (!isBuiltin(value)) throw this.error('TypeError', `'${typeName(value)}' object is not callable`, open);
      value = value.call(args, { line: this.line, column: open.column });
    }
    return value;
  }

  private primary(): Value {
    const token = this.next();
    switch (token.kind) {
      case 'num': return Number(token.text);
      case 'str': return token.text;
      case 'name': {
        if (token.text === 'True') return true;
        if (token.text === 'False') return false;
        if (token.text === 'None') return null;
        if (token.text === 'while' || token.text === 'def' || token.text === 'class' || token.text === 'for' || token.text === 'import') {
          throw this.error('SyntaxError', `'${token.text}' is not supported by the placeholder kernel language`, token);
        }
        if (!this.globals.has(token.text)) throw this.error('NameError', `name '${token.text}' is not defined`, token);
        return this.globals.get(token.text)!;
      }
      case 'op':
        if (token.text === '(') {
          const value = this.expression();
          if (!this.peekOp(')')) throw this.error('SyntaxError', "expected ')'", this.peek());
          this.next();
          return value;
        }
        throw this.error('SyntaxError', `unexpected '${token.text}'`, token);
      case 'end':
        throw this.error('SyntaxError', 'unexpected end of line', token);
    }
  }

  private peek(): Token { return this.tokens[this.pos]; }
  private next(): Token { return this.tokens[Math.min(this.pos++, this.tokens.length - 1)]; }
  private peekOp(text: string): boolean { const t = this.peek(); return t.kind === 'op' && t.text === text; }
  private error(name: string, message: string, token: Token): CellError {
    return new CellError(name, message, this.line, token.column);
  }
}

function tokenize(text: string, line: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const column = i + 1;
    if (c === '#') break;
    if (/\s/.test(c)) { i++; continue; }
    const number = /^(\d+\.?\d*(e[+-]?\d+)?|\.\d+)/i.exec(text.slice(i));
    if (number) { tokens.push({ kind: 'num', text: number[0], column }); i += number[0].length; continue; }
    const name = /^[A-Za-z_]\w*/.exec(text.slice(i));
    if (name) { tokens.push({ kind: 'name', text: name[0], column }); i += name[0].length; continue; }
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new CellError('SyntaxError', 'unterminated string literal', line, column);
      tokens.push({ kind: 'str', text: text.slice(i + 1, end), column });
      i = end + 1;
      continue;
    }
    if ('+-*/(),='.includes(c)) { tokens.push({ kind: 'op', text: c, column }); i++; continue; }
    throw new CellError('SyntaxError', `invalid character '${c}'`, line, column);
  }
  tokens.push({ kind: 'end', text: 'end of line', column: text.length + 1 });
  return tokens;
}

function arithmetic(op: string, a: Value, b: Value, at: Position): Value {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a !== 'number' || typeof b !== 'number') {
    throw new CellError('TypeError', `unsupported operand types for ${op}: '${typeName(a)}' and '${typeName(b)}'`, at.line, at.column);
  }
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    default:
      if (b === 0) throw new CellError('ZeroDivisionError', 'division by zero', at.line, at.column);
      return a / b;
  }
}

function expectNumber(value: Value | undefined, fn: string, at: Position): number {
  if (typeof value !== 'number') throw new CellError('TypeError', `${fn}() needs a number of seconds`, at.line, at.column);
  return value;
}

function isBuiltin(value: Value): value is Builtin {
  return typeof value === 'object' && value !== null;
}

function typeName(value: Value): string {
  if (value === null) return 'NoneType';
  if (isBuiltin(value)) return 'builtin_function';
  return { number: Number.isInteger(value) ? 'int' : 'float', string: 'str', boolean: 'bool' }[typeof value as 'number' | 'string' | 'boolean'];
}

function show(value: Value): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (isBuiltin(value)) return `<built-in function ${value.builtin}>`;
  return String(value);
}

function repr(value: Value): string {
  return typeof value === 'string' ? `'${value}'` : show(value);
}
