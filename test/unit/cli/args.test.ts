// The command line's arguments: what each option becomes, and the message a mistake gets.
import * as assert from 'node:assert/strict';
import { UsageError, parseCommandLine, parseParameter } from '../../../src/cli/args';

function runArgs(argv: string[]) {
  const parsed = parseCommandLine(argv);
  assert.equal(parsed.command, 'run');
  return parsed.command === 'run' ? parsed.args : undefined!;
}

describe('unroll run: arguments', () => {
  it('reads the notebook, output, provider, timeout and workspace in either --name value or --name=value form', () => {
    const args = runArgs(['run', 'nb.rnnb', '--output', 'out.ipynb', '--provider=cpu', '--timeout', '2.5', '--workspace=data']);
    assert.deepEqual({ ...args, parameters: [...args.parameters] }, {
      notebook: 'nb.rnnb', output: 'out.ipynb', provider: 'cpu', timeoutSeconds: 2.5, workspace: 'data', parameters: [],
    });
    assert.equal(runArgs(['run', 'nb.ipynb']).provider, 'auto', 'the default provider is the extension setting\'s default');
  });

  it('infers each parameter\'s type as papermill does: numbers and True/False/None as written, the rest as strings', () => {
    assert.deepEqual(parseParameter('EPOCHS=3'), ['EPOCHS', '3']);
    assert.deepEqual(parseParameter('LR=-1.5e-3'), ['LR', '-1.5e-3']);
    assert.deepEqual(parseParameter('SHUFFLE=False'), ['SHUFFLE', 'False']);
    assert.deepEqual(parseParameter('SEED=None'), ['SEED', 'None']);
    assert.deepEqual(parseParameter('NAME=hello world'), ['NAME', "'hello world'"]);
    assert.deepEqual(parseParameter("QUOTE=it's a \\ path\nnext"), ['QUOTE', "'it\\'s a \\\\ path\\nnext'"]);
    assert.deepEqual(parseParameter('EMPTY='), ['EMPTY', "''"]);
    assert.deepEqual(parseParameter('EQ=a=b'), ['EQ', "'a=b'"], 'only the first = splits');
  });

  it('keeps the last value of a parameter given twice, in the order first given', () => {
    const args = runArgs(['run', 'nb.rnnb', '-p', 'A=1', '--parameter', 'B=2', '-p', 'A=3']);
    assert.deepEqual([...args.parameters], [['B', '2'], ['A', '3']]);
  });

  it('says what is wrong with a bad command line', () => {
    const cases: [string[], RegExp][] = [
      [['build', 'nb.rnnb'], /unknown command "build"/],
      [['run'], /no notebook given/],
      [['run', 'a.rnnb', 'b.rnnb'], /one notebook at a time/],
      [['run', 'notes.txt'], /"notes.txt" is neither a .rnnb nor a .ipynb/],
      [['run', 'nb.rnnb', '-o', 'out.json'], /"out.json" is neither/],
      [['run', 'nb.rnnb', '--provider', 'tpu'], /--provider must be one of auto, cpu, webgpu/],
      [['run', 'nb.rnnb', '--timeout', '0'], /--timeout must be a number of seconds above 0, not "0"/],
      [['run', 'nb.rnnb', '--timeout', 'soon'], /not "soon"/],
      [['run', 'nb.rnnb', '--timeout'], /--timeout needs a value/],
      [['run', 'nb.rnnb', '-p', 'EPOCHS'], /-p takes NAME=VALUE, not "EPOCHS"/],
      [['run', 'nb.rnnb', '-p', '2x=1'], /"2x" is not a variable name/],
      [['run', 'nb.rnnb', '--verbose'], /unknown option "--verbose"/],
    ];
    for (const [argv, message] of cases) {
      assert.throws(() => parseCommandLine(argv), (e: unknown) => e instanceof UsageError && message.test(e.message), argv.join(' '));
    }
  });

  it('asks for help with no arguments or -h', () => {
    assert.equal(parseCommandLine([]).command, 'help');
    assert.equal(parseCommandLine(['run', 'nb.rnnb', '--help']).command, 'help');
  });
});
