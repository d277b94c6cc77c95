// The Lockstep Comparison's feeds and guard: which models a comparison id names, when the panel
// can show it (every model's fit has started), what it is sent, and what its page accepts.
import * as assert from 'node:assert/strict';
import { compareOnModel, compareOnUpdate, comparisonId, comparisonMembers, comparisonStandIn } from '../../../src/protocol/compareView';
import { GradientStream, type GradientFrame, type ModelDiagram } from '../../../src/protocol/gradients';
import { isCompareToHost, isHostToCompare } from '../../../src/protocol/guards';

const diagram = (modelId: string, name: string): ModelDiagram => ({ modelId, name, blocks: [], joins: [], weights: {}, dhKeys: [`${name.toLowerCase()}.forward`], notes: [] });
const frame = (modelId: string, step: number): GradientFrame => ({ modelId, step, loss: 1 / step, dh: { 'x.forward': [1e-3, 1e-2, 1e-1, 1] }, gradNorm: {}, globalNorm: 1, nonFinite: false });

describe('protocol: Lockstep Comparison feeds', () => {
  it('names 2 to 4 models by id, and nothing else', () => {
    assert.deepEqual(comparisonMembers(comparisonId(7, [3, 4, 5])), ['3', '4', '5']);
    assert.equal(comparisonMembers('3'), undefined);
    assert.equal(comparisonMembers('compare-1:3'), undefined);
    assert.equal(comparisonMembers('compare-1:1,2,3,4,5'), undefined);
  });

  it('shows a comparison once every model has a diagram, with the frames of its models only', () => {
    const stream = new GradientStream();
    const id = comparisonId(1, ['3', '4']);
    stream.setModel(diagram('3', 'SimpleRNN'));
    assert.equal(comparisonStandIn(stream, id), undefined, 'the LSTM has not started yet');
    stream.setModel(diagram('4', 'LSTM'));
    stream.setModel(diagram('9', 'Other'));
    for (const f of [frame('3', 1), frame('4', 1), frame('9', 1)]) stream.push(f);
    const standIn = comparisonStandIn(stream, id)!;
    assert.equal(standIn.name, 'SimpleRNN · LSTM');
    const [models, frames] = compareOnModel(stream, standIn);
    assert.deepEqual(models, { type: 'models', comparisonId: id, title: 'SimpleRNN · LSTM', rows: [
      { modelId: '3', name: 'SimpleRNN', dhKeys: ['simplernn.forward'], reversedKeys: [] },
      { modelId: '4', name: 'LSTM', dhKeys: ['lstm.forward'], reversedKeys: [] },
    ] });
    assert.deepEqual(frames.type === 'frames' && frames.frames.map(f => f.modelId), ['3', '4']);
    assert.deepEqual(compareOnUpdate({ frames: [frame('9', 2), frame('4', 2)], connectivity: [], states: [] }, id), [{ type: 'frames', frames: [frame('4', 2)] }]);
    // A plain model id (the command without a comparison) is a one-row panel.
    assert.equal((compareOnModel(stream, diagram('9', 'Other'))[0] as { rows: unknown[] }).rows.length, 1);
  });

  it('the page and the host accept only well-formed messages', () => {
    assert.ok(isHostToCompare({ type: 'models', comparisonId: 'compare-1:3,4', title: 't', rows: [{ modelId: '3', name: 'a', dhKeys: ['a.forward'], reversedKeys: [] }] }));
    assert.ok(!isHostToCompare({ type: 'models', comparisonId: 'compare-1:3,4', title: 't', rows: [{ modelId: '3', name: 'a' }] }));
    assert.ok(isHostToCompare({ type: 'frames', frames: [frame('3', 1)] }));
    assert.ok(isCompareToHost({ type: 'openHeatmap', modelId: '3' }));
    assert.ok(!isCompareToHost({ type: 'openHeatmap', modelId: 'a\nb' }));
    assert.ok(!isCompareToHost({ type: 'exportPng' }));
  });
});
