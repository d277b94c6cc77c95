// The per-step node savings of the Scan lowering, checked by central differences in float64 with
// the real Keras cells: the backward body's forward-only factors multiplied outside the loop
// (recurrenceFusion.ts: reassociated chains, distributed Add/Sub/Neg, one Mul for the gate
// Concat), and state_{t−1} histories of states that are also step outputs built outside the
// loop from [init; y_0 … y_{T−2}] instead of an Identity copy per step. Given initial states
// (not zeros) and go_backwards, so the shifted history is checked where it can be wrong.
import * as assert from 'assert';
import { grad } from '../../../../src/engine/autodiff/backprop';
import { Graph, Value } from '../../../../src/engine/graph';
import { activation } from '../../../../src/engine/layers/activations';
import { Cell, gruCell, lstmCell, simpleCell } from '../../../../src/engine/layers/cells';
import * as op from '../../../../src/engine/ops';
import { recurrence, StepFn } from '../../../../src/engine/ops/recurrence';
import { expectGrad } from '../helpers/gradcheck';

const T = 4;
const B = 2;
const H = 3;

const tanh = activation('tanh');
const sigmoid = activation('sigmoid');
const cells: Record<string, Cell> = {
  SimpleRNN: simpleCell(H, tanh),
  LSTM: lstmCell(H, tanh, sigmoid),
  GRU: gruCell(H, tanh, sigmoid, true),
};

/** The layer's step (cells.ts) as a recurrence step; the output is h. */
const stepOf = (cell: Cell, U: Value, recBias: Value | null): StepFn => (g, prev, [xp]) => {
  const next = cell.step(g, prev, xp, U, recBias);
  return { states: next, outputs: [next[0]] };
};

/** The forward and backward Scan bodies of one recurrence of `cell` after autodiff. */
function bodies(cell: Cell): { fwd: Graph; bwd: Graph } {
  const g = new Graph('probe', 'float32');
  const G = cell.gates * H;
  const x = g.input('x', 'float32', ['T', 'B', G]);
  const U = g.input('U', 'float32', [H, G]);
  const init = Array.from({ length: cell.states }, (_, i) => g.input(`s${i}`, 'float32', ['B', H]));
  const r = recurrence(g, { name: 'r', init, seqs: [x], params: [U], step: stepOf(cell, U, null) });
  grad(g, op.reduceSum(g, r.final[0]), [U, x]);
  const [fwd, bwd] = g.nodes.filter((n) => n.op === 'Scan').map((n) => (n.attrs.body as { v: Graph }).v);
  return { fwd, bwd };
}

describe('Scan lowering: per-step work moved out of the loop (float64, Keras cells)', function () {
  this.timeout(120000);

  for (const [name, cell] of Object.entries(cells)) {
    for (const reverse of [false, true]) {
      it(`${name}${reverse ? ' go_backwards' : ''}: gradients of x, U, bias and the initial states match finite differences`, async () => {
        const G = cell.gates * H;
        const states = Array.from({ length: cell.states }, () => ({ dims: [B, H], decl: ['B', H] as (string | number)[] }));
        await expectGrad({
          name: `${name}_fused`,
          inputs: [{ dims: [T, B, G], decl: ['T', 'B', G] }, { dims: [H, G] }, { dims: [G] }, ...states],
          build: (g, [x, U, b, ...init]) => {
            const recBias = name === 'GRU' ? b : null;
            const xs = recBias ? x : op.add(g, x, b);
            const r = recurrence(g, { name: 'c', init, seqs: [xs], params: recBias ? [U, recBias] : [U], step: stepOf(cell, U, recBias), reverse });
            // Every step's output and every final state reach the loss.
            const last = r.final.reduce((a, s) => op.add(g, a, s));
            return op.add(g, op.reduceSum(g, r.outputs[0], [0]), last);
          },
        });
      });
    }
  }

  it('the backward bodies run fewer nodes: LSTM 7, GRU 7, SimpleRNN 3, with no Neg and no Mul of two forward-only values', () => {
    const want: Record<string, number> = { SimpleRNN: 3, LSTM: 7, GRU: 7 };
    for (const [name, cell] of Object.entries(cells)) {
      const { bwd } = bodies(cell);
      const ops = bwd.nodes.map((n) => n.op).join(' ');
      assert.ok(bwd.nodes.length <= want[name], `${name} backward body: ${bwd.nodes.length} nodes (${ops})`);
      assert.ok(!bwd.nodes.some((n) => n.op === 'Neg'), `${name}: ${ops}`);
      // A Mul whose operands are both per-step inputs that are not carried gradients is work the loop need not do.
      const carried = new Set(bwd.inputs.slice(0, cell.states + 0));
      const perStep = new Set(bwd.inputs.filter((v) => !carried.has(v)));
      assert.ok(!bwd.nodes.some((n) => n.op === 'Mul' && n.inputs.every((v) => v && perStep.has(v))), `${name}: ${ops}`);
    }
  });

  it('the forward body copies a state input only when the state is not also a step output (LSTM: c only)', () => {
    const copies: Record<string, number> = { SimpleRNN: 0, LSTM: 1, GRU: 0 };
    for (const [name, cell] of Object.entries(cells)) {
      const { fwd } = bodies(cell);
      const stateIns = new Set(fwd.inputs.slice(0, cell.states));
      const copied = fwd.nodes.filter((n) => n.op === 'Identity' && stateIns.has(n.inputs[0]!));
      assert.strictEqual(copied.length, copies[name], `${name}: ${fwd.nodes.map((n) => n.op).join(' ')}`);
    }
  });
});
