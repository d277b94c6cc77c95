// The graph panel's diagram of a functional model with merge and attention layers: trained from
// a cell, the model's diagram (built in the training thread) carries each merge with where its
// inputs come from, and the panel's graph draws one node per merge with an edge from each input.
import * as assert from 'node:assert/strict';
import { buildGraph } from '../../../webview/graph/layout';
import { TestKernel } from './harness';

describe('graph panel: merge and attention layers of functional models (kernel → diagram → graph)', function () {
  this.timeout(120_000);
  let k: TestKernel;
  before(() => {
    k = new TestKernel();
  });
  after(async () => k.dispose());

  it('an encoder-decoder with Attention and Concatenate: both inputs of each drawn, into the output', () => {
    k.run(`
src = Input(shape=(None,), dtype='int32', name='src')
tgt = Input(shape=(None,), dtype='int32', name='tgt')
enc_seq, h, c = LSTM(4, return_sequences=True, return_state=True, name='enc')(Embedding(6, 3, mask_zero=True)(src))
dec_seq = LSTM(4, return_sequences=True, name='dec')(Embedding(6, 3)(tgt), initial_state=[h, c])
context = Attention(name='att')([dec_seq, enc_seq])
joined = Concatenate(name='cat')([dec_seq, context])
m = Model([src, tgt], Dense(6, activation='softmax', name='out')(joined), name='attentive')
m.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
m.fit([[[1, 2, 3], [2, 3, 4]], [[5, 1], [5, 2]]], [[1, 2], [2, 3]], epochs=1, verbose=0)`);
    const d = k.diagrams().at(-1)!;
    assert.deepEqual(d.blocks.map(b => b.role), ['encoder', 'decoder']);
    assert.deepEqual(d.merges, [
      { id: 'att', kind: 'Attention', block: 'decoder', inputs: [{ kind: 'block', block: 'decoder' }, { kind: 'block', block: 'encoder' }] },
      { id: 'cat', kind: 'Concatenate', block: 'decoder', inputs: [{ kind: 'block', block: 'decoder' }, { kind: 'merge', id: 'att' }] },
    ]);
    assert.ok(!d.notes.some(n => /\batt\b|\bcat\b/.test(n)), `drawn layers are not in the notes: ${d.notes.join('; ')}`);

    const g = buildGraph(d, 'unrolled', 3);
    const att = g.nodes.find(n => n.id === 'm:att')!;
    const cat = g.nodes.find(n => n.id === 'm:cat')!;
    assert.equal(att.kind, 'merge');
    assert.equal(att.label, 'Attention');
    // Attention reads the decoder's and the encoder's top rows (their last steps), Concatenate the decoder and Attention.
    const into = (id: string) => g.edges.filter(e => e.to === id).map(e => e.from);
    assert.deepEqual(into('m:att'), ['h:decoder:dec.forward:1', 'h:encoder:enc.forward:2']);
    assert.deepEqual(into('m:cat'), ['h:decoder:dec.forward:1', 'm:att']);
    assert.ok(cat.level > att.level, 'Concatenate above the Attention it reads');
    const outputs = g.nodes.filter(n => n.kind === 'output');
    assert.ok(outputs.every(y => y.level > cat.level), 'the outputs above the merges');
    assert.deepEqual(g.edges.filter(e => e.from === 'm:cat').map(e => e.to), [outputs.at(-1)!.id], 'the last merge feeds the output');
    assert.ok(g.edges.every(e => g.nodes.some(n => n.id === e.from) && g.nodes.some(n => n.id === e.to)), 'every edge joins drawn nodes');
  });

  it('a model without merges has none, and a merge of two recurrent branches reads both', () => {
    k.run(`
x = Input(shape=(5, 2), name='x')
a = LSTM(3, name='left')(x)
b = GRU(3, name='right')(x)
m2 = Model(x, Dense(1, name='y')(Add(name='sum')([a, b])))
m2.compile(loss='mse', optimizer='sgd')
m2.fit([[[0.1, 0.2]] * 5] * 2, [0.5, 0.5], epochs=1, verbose=0)
plain = Sequential([Input(shape=(5, 2)), LSTM(3), Dense(1)])
plain.compile(loss='mse', optimizer='sgd')
plain.fit([[[0.1, 0.2]] * 5] * 2, [0.5, 0.5], epochs=1, verbose=0)`);
    const [withAdd, sequential] = k.diagrams().slice(-2);
    assert.deepEqual(withAdd.merges, [{ id: 'sum', kind: 'Add', block: 'model', inputs: [{ kind: 'block', block: 'model' }, { kind: 'block', block: 'model' }] }]);
    assert.equal(sequential.merges, undefined);
    assert.equal(buildGraph(sequential, 'unrolled', 5).nodes.filter(n => n.kind === 'merge').length, 0);
  });
});
