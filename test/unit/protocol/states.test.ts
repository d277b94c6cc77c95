// The state inspector's data on the gradient channel: the snapshot budget (which steps are kept,
// how much memory), the codec keeping NaN and ±Inf in state values, and the host's store.
import * as assert from 'node:assert/strict';
import { standInDiagram, statesOnModel, statesOnUpdate } from '../../../src/protocol/gradients/panelFeeds';
import { fromWire, GradientStream, MAX_STATE_BYTES, MAX_STATE_SNAPSHOTS, snapshotBytes, SnapshotBudget, snapshotCapacity, StateChain, StatesMessage, toWire } from '../../../src/protocol/gradients';

function chain(T: number, H: number, names: string[], fill: (i: number) => number = i => i / 7): StateChain {
  return { key: 'lstm.forward', layer: 'lstm', direction: 'forward', kind: 'LSTM', units: H, T, series: names.map(name => ({ name, values: Float32Array.from({ length: T * H }, (_, i) => fill(i)) })) };
}

/** Offers steps 0..steps to a budget as the training thread does; returns the kept steps and how many probes ran. */
function simulate(steps: number, capacity: number): { kept: number[]; probes: number } {
  const budget = new SnapshotBudget<null>();
  const bytes = MAX_STATE_BYTES / capacity;
  let probes = 0;
  for (let s = 0; s <= steps; s++) {
    if (!budget.wants(s)) continue;
    probes++;
    budget.add(s, null, bytes);
  }
  if (budget.kept[budget.kept.length - 1].step !== steps) {
    probes++;
    budget.add(steps, null, bytes); // fit's last step, off the stride
  }
  return { kept: budget.kept.map(k => k.step), probes };
}

describe('protocol: state inspector snapshots', () => {
  it('the budget keeps at most 64 snapshots, from step 0 to the last, evenly spaced, however long the run', () => {
    for (const steps of [10, 63, 64, 65, 200, 1000, 12_345]) {
      const { kept, probes } = simulate(steps, MAX_STATE_SNAPSHOTS);
      assert.ok(kept.length <= MAX_STATE_SNAPSHOTS, `${steps} steps: ${kept.length} kept`);
      assert.equal(kept[0], 0, `${steps} steps: the first is kept`);
      assert.equal(kept[kept.length - 1], steps, `${steps} steps: the last is kept`);
      if (steps >= MAX_STATE_SNAPSHOTS) assert.ok(kept.length >= MAX_STATE_SNAPSHOTS / 2, `${steps} steps: at least half the budget used (${kept.length})`);
      const gaps = kept.slice(1, -1).map((s, i) => s - kept[i]);
      assert.equal(new Set(gaps).size <= 1, true, `${steps} steps: even gaps ${gaps}`);
      // The probe runs about capacity + capacity/2 per doubling of the run, not once per step.
      const bound = MAX_STATE_SNAPSHOTS + (MAX_STATE_SNAPSHOTS / 2) * Math.max(0, Math.ceil(Math.log2(steps / MAX_STATE_SNAPSHOTS))) + 2;
      assert.ok(probes <= bound, `${steps} steps: ${probes} probes > ${bound}`);
    }
  });

  it('a planned run gets the stride that spreads the budget over it: about 64 probes, not 64 + 32 per doubling', () => {
    for (const steps of [200, 1000, 50_000]) {
      const budget = new SnapshotBudget<null>();
      let probes = 0;
      for (let s = 0; s <= steps; s++) {
        if (!budget.wants(s)) continue;
        probes++;
        budget.add(s, null, 1000);
        if (s === 0) budget.plan(steps);
      }
      assert.ok(probes <= MAX_STATE_SNAPSHOTS + 1 && probes >= MAX_STATE_SNAPSHOTS / 2, `${steps} steps: ${probes} probes`);
      assert.equal(budget.kept.length, probes, 'none thinned away');
    }
  });

  it('a run that starts at a later step (a second fit) is spread from its own start', () => {
    const budget = new SnapshotBudget<null>();
    for (let s = 300; s <= 500; s++) if (budget.wants(s)) budget.add(s, null, 1000);
    const kept = budget.kept.map(k => k.step);
    assert.equal(kept[0], 300);
    assert.ok(kept.length <= 64 && kept.length >= 32, `${kept.length}`);
    assert.ok(kept.every(s => (s - 300) % (kept[1] - kept[0]) === 0), `${kept}`);
  });

  it('capacity follows the memory budget: 16 MiB of float32 values, 2 to 64 snapshots', () => {
    // An LSTM of 64 units over 100 tokens: 6 series × 100 × 64 × 4 B = 150 KiB a snapshot → 64 kept, 9.4 MiB.
    const lstm = [chain(100, 64, ['h', 'c', 'i', 'f', 'candidate', 'o'])];
    assert.equal(snapshotBytes(lstm), 153_600);
    assert.equal(snapshotCapacity(snapshotBytes(lstm)), 64);
    // LSTM(256) over 400 steps: 2.4 MiB a snapshot → 6 kept.
    assert.equal(snapshotCapacity(6 * 400 * 256 * 4), 6);
    assert.equal(snapshotCapacity(64 * 1024 * 1024), 2);
  });

  it('NaN, +Inf and −Inf in state values survive the codec as themselves', () => {
    const special = [NaN, Infinity, -Infinity, 0.5];
    const message: StatesMessage = { modelId: '3', modelName: 'm', tokens: ['NaN', 'a', 'b'], snapshot: { step: 4, chains: [chain(3, 2, ['h'], i => special[i % 4])] } };
    const back = fromWire<StatesMessage>(JSON.parse(JSON.stringify(toWire(message))));
    const values = Array.from(back.snapshot.chains[0].series[0].values);
    assert.deepEqual(values.map(String), ['NaN', 'Infinity', '-Infinity', '0.5', 'NaN', 'Infinity']);
    assert.deepEqual(back.tokens, ['NaN', 'a', 'b'], 'a token that reads "NaN" stays a string');
  });

  it("the host's store keeps the snapshots by the same rule, drops them on a new example, and starts again with each fit", () => {
    const stream = new GradientStream();
    const seen: number[] = [];
    stream.subscribe({ update: b => seen.push(...b.states.map(s => s.snapshot.step)) });
    const send = (step: number, reset = false) => stream.receive({ kind: 'states', states: { modelId: '1', modelName: 'm', tokens: ['x', 'y'], snapshot: { step, chains: [chain(2, 3, ['h'])] }, reset } });
    send(0, true);
    for (let s = 1; s <= 200; s++) send(s);
    const kept = stream.states.get('1')!.snapshots.kept;
    assert.ok(kept.length <= 64);
    assert.equal(kept[0].step, 0);
    assert.ok(kept[0].item.chains[0].series[0].values instanceof Float32Array, 'stored as float32');
    assert.equal(seen.length, 201, 'listeners hear every snapshot');
    send(201, true);
    assert.deepEqual(stream.states.get('1')!.snapshots.kept.map(k => k.step), [201]);
    stream.receive({ kind: 'diagram', diagram: { modelId: '1', name: 'm', blocks: [], joins: [], weights: {}, dhKeys: [], notes: [] } });
    assert.equal(stream.states.get('1')!.snapshots.kept.length, 0);
    assert.deepEqual(stream.states.get('1')!.tokens, ['x', 'y'], 'the example stays');
  });

  it("what the inspector panel is sent: a stand-in model before any fit, every kept snapshot on open, each new one for its model only", () => {
    const stream = new GradientStream();
    const message = (modelId: string, step: number, reset = false): StatesMessage => ({ modelId, modelName: `m${modelId}`, tokens: ['a', 'b'], snapshot: { step, chains: [chain(2, 3, ['h'])] }, reset });
    assert.equal(standInDiagram(stream, '1'), undefined, 'nothing to show for a model never inspected');
    stream.receive({ kind: 'states', states: message('1', 0, true) });
    stream.receive({ kind: 'states', states: message('1', 1) });
    const standIn = standInDiagram(stream, '1')!;
    assert.equal(standIn.name, 'm1');
    const opened = statesOnModel(stream, standIn);
    assert.deepEqual(opened.map(m => m.type), ['model', 'states']);
    assert.deepEqual(opened[1].type === 'states' && opened[1].snapshots.map(s => s.step), [0, 1]);
    const batch = { frames: [], connectivity: [], states: [message('2', 5), message('1', 2)] };
    assert.deepEqual(statesOnUpdate(batch, '1').map(m => m.type === 'snapshot' && [m.snapshot.step, m.reset]), [[2, false]]);
  });
});
