import * as assert from 'assert';
import { signatureHelpAt } from '../../../src/language/analysis/signatureHelp';
import { at, env } from './helpers';

function help(marked: string, ...above: string[]) {
  const { source, offset } = at(marked);
  const found = signatureHelpAt(env(...above), source, offset);
  if (!found) return undefined;
  const active = found.params[found.activeParameter];
  return { label: found.label, active: active?.name, activeText: active && found.label.slice(active.span[0], active.span[1]), doc: found.doc };
}

describe('editor: signature help', () => {
  it('LSTM( with the first parameter active', () => {
    const h = help('model.add(LSTM(|')!;
    assert.match(h.label, /^LSTM\(units, activation='tanh', /);
    assert.doesNotMatch(h.label, /\*\*/);
    assert.equal(h.active, 'units');
    assert.equal(h.activeText, 'units');
    assert.match(h.doc!, /Long Short-Term Memory/);
  });

  it('positional index: the second argument is the second parameter', () => {
    assert.equal(help('Embedding(1000, |')!.active, 'output_dim');
    assert.equal(help('Embedding(1000, 6|4')!.active, 'output_dim');
    assert.equal(help('Dense(10, "relu|"')!.activeText, 'activation=None');
  });

  it('keyword: the named parameter, wherever it is', () => {
    assert.equal(help('LSTM(32, return_sequences=|')!.active, 'return_sequences');
    assert.equal(help('LSTM(32, return_sequences=Tr|')!.active, 'return_sequences');
    assert.equal(help('LSTM(units=32, go_backwards=True, dropout=0.|')!.active, 'dropout');
  });

  it('an unknown keyword or one positional too many: no parameter is active', () => {
    assert.equal(help('LSTM(32, bogus=|')!.active, undefined);
    assert.equal(help('print(1, sep=|')!.active, 'sep');
    assert.equal(help('len(x, |')!.active, undefined);
  });

  it('nested calls: the innermost call, and back to the outer one after it closes', () => {
    assert.match(help('Bidirectional(LSTM(|')!.label, /^LSTM\(/);
    const outer = help('Bidirectional(LSTM(8), |')!;
    assert.match(outer.label, /^Bidirectional\(/);
    assert.equal(outer.active, 'merge_mode');
  });

  it('an argument that is a list stays on its parameter: metrics=[…]', () => {
    const h = help("model.compile(loss='mse', metrics=['accuracy', |", 'model = Sequential()')!;
    assert.match(h.label, /^model\.compile\(/);
    assert.equal(h.active, 'metrics');
  });

  it('over lines, with comments', () => {
    const h = help('model.fit(X_train, y_train,  # data\n          epochs=3,\n          |', 'model = Sequential()')!;
    assert.match(h.label, /^model\.fit\(x=None, y=None/);
    assert.equal(h.active, 'batch_size', 'the third positional argument');
  });

  it('dataset loaders and builtins', () => {
    assert.equal(help('datasets.sentiment(max_len=|')!.active, 'max_len');
    assert.match(help('print(|')!.label, /^print\(\*/);
  });

  it('none outside calls, after a call closed, in grouping parentheses, in comments, for unknown calls', () => {
    assert.equal(help('x = 1|'), undefined);
    assert.equal(help('LSTM(3)|'), undefined);
    assert.equal(help('x = (1, |'), undefined);
    assert.equal(help('# LSTM(|'), undefined);
    assert.equal(help('foo(|'), undefined);
    assert.equal(help('LSTM(3)\n|'), undefined);
  });
});
