import * as assert from 'assert';
import { DATASET_CATALOG } from '../../../src/engine/data/datasets';
import { ACTIVATIONS } from '../../../src/engine/layers/activations';
import { GRU, LSTM, SimpleRNN } from '../../../src/engine/layers/rnn';
import { ACTIVATION_NAMES } from '../../../src/keras/activations';
import { DATASET_ENTRIES } from '../../../src/keras/datasets';
import { LAYERS } from '../../../src/keras/layers';
import { callOutputShapes, layerStates } from '../../../src/keras/layerShapes';
import { recurrentStates } from '../../../src/keras/shapes';
import { NameScope } from '../../../src/engine/layers/layer';
import { layerClasses } from '../../../src/kernel/keras/layers';

describe('keras: the declared surface', () => {
  it('lists exactly the activations the engine implements', () => {
    assert.deepEqual([...ACTIVATION_NAMES].sort(), Object.keys(ACTIVATIONS).sort());
  });

  it('declares every layer class the kernel makes, with the same signature', () => {
    const classes = layerClasses(new NameScope());
    assert.deepEqual([...classes.keys()], LAYERS.map(d => d.className));
    for (const decl of LAYERS) assert.deepEqual(classes.get(decl.className)!.signature?.params, decl.params, decl.className);
  });

  it('has a loader in the engine for every declared dataset, in the declared order', () => {
    assert.deepEqual(DATASET_CATALOG, DATASET_ENTRIES);
    DATASET_ENTRIES.forEach((entry, i) => assert.strictEqual(DATASET_CATALOG[i], entry, entry.name));
  });

  it('counts the states the engine cells carry', () => {
    for (const layer of [new SimpleRNN(3), new LSTM(3), new GRU(3)]) {
      assert.deepEqual(recurrentStates(layer.kind, 3, false), { count: layer.stateCount, units: 3 }, layer.kind);
    }
  });

  it('applies the shape rules to a described layer (defaults from the table)', () => {
    const lstm = { className: 'LSTM', args: { units: 4n, return_state: true } };
    assert.deepEqual(callOutputShapes(lstm, ['T', 3]), [[4], [4], [4]]);
    const both = { className: 'Bidirectional', args: { layer: { className: 'GRU', args: { units: 5n, return_sequences: true } }, merge_mode: null } };
    assert.deepEqual(callOutputShapes(both, ['T', 3]), [['T', 5], ['T', 5]]);
    assert.deepEqual(layerStates(both), { count: 2, units: 5 });
    const concat = { className: 'Bidirectional', args: { layer: { className: 'LSTM', args: { units: 5n } } } };
    assert.deepEqual(callOutputShapes(concat, ['T', 3]), [[10]]);
    const td = { className: 'TimeDistributed', args: { layer: { className: 'Dense', args: { units: 2n } } } };
    assert.deepEqual(callOutputShapes(td, ['T', 7]), [['T', 2]]);
  });
});
