import * as assert from 'node:assert/strict';
import { CellError, PlaceholderInterpreter } from '../../src/language/placeholder';

function interpreter() {
  const printed: string[] = [];
  const interp = new PlaceholderInterpreter({
    print: text => printed.push(text),
    checkInterrupt: () => {},
    wait: () => {},
    crash: message => { throw new Error(message); },
  });
  return { interp, printed };
}

function cellError(fn: () => unknown): CellError {
  try { fn(); } catch (error) { if (error instanceof CellError) return error; throw error; }
  assert.fail('expected a CellError');
}

describe('placeholder kernel language', () => {
  it('assigns, prints, keeps state across runs, and shows the last expression', () => {
    const { interp, printed } = interpreter();
    assert.deepEqual(interp.run("h = 64\nprint('units', h)"), {});
    assert.deepEqual(interp.run('h * h + -h / 2'), { value: '4064' });
    assert.deepEqual(interp.run("'a' + 'b'"), { value: "'ab'" });
    assert.deepEqual(printed, ['units 64']);
  });

  it('reports errors with their line and column', () => {
    const { interp } = interpreter();
    let e = cellError(() => interp.run('x = 1\ny = x + z'));
    assert.deepEqual([e.errorName, e.message, e.line, e.column], ['NameError', "name 'z' is not defined", 2, 9]);
    e = cellError(() => interp.run('1 / 0'));
    assert.deepEqual([e.errorName, e.line, e.column], ['ZeroDivisionError', 1, 3]);
    e = cellError(() => interp.run("print('a' * 2)"));
    assert.equal(e.errorName, 'TypeError');
    e = cellError(() => interp.run('while True'));
    assert.match(e.message, /'while' is not supported/);
    e = cellError(() => interp.run("print('open"));
    assert.deepEqual([e.errorName, e.column], ['SyntaxError', 7]);
  });

  it('polls the interrupt flag in loop()', () => {
    let polls = 0;
    const interp = new PlaceholderInterpreter({
      print: () => {}, wait: () => {}, crash: message => { throw new Error(message); },
      checkInterrupt: (line, column) => { if (++polls === 1000) throw new CellError('KeyboardInterrupt', 'stop', line, column); },
    });
    const e = cellError(() => interp.run('\n  loop()'));
    assert.deepEqual([e.errorName, e.line, e.column, polls], ['KeyboardInterrupt', 2, 7, 1000]);
  });
});
