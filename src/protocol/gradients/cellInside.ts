// The inside of one step of a chain: its gates as ops, in Keras gate order and formulas.
import type { Chain } from './diagram';

/** A node of a cell's inside: an input/state, a gate pre-activation, a nonlinearity or an elementwise op. */
interface GateNode {
  id: string;
  label: string;
  role: 'input' | 'state-in' | 'state-out' | 'affine' | 'sigmoid' | 'tanh' | 'op';
  /** Shared weights used here (affine nodes: V_g x_t + U_g h_{t−1} + b_g). */
  weights?: string[];
  title?: string;
}
interface GateEdge {
  from: string;
  to: string;
  label?: string;
}
export interface CellInside {
  title: string;
  equations: string[];
  nodes: GateNode[];
  edges: GateEdge[];
}

/** The inside of one step of a chain, gates as their ops (Keras gate order and formulas). */
export function cellInside(chain: Chain): CellInside {
  // Every gate's slice of V, U and b is a column block of the chain's one shared tensor.
  const w = (_gate: string) => [chain.V.id, chain.U.id, ...(chain.b ? [chain.b.id] : [])];
  const act = chain.activation;
  const ract = chain.recurrentActivation ?? 'sigmoid';
  const aff = (id: string, gate: string): GateNode => ({ id, label: `V${gate}·x + U${gate}·h + b${gate}`, role: 'affine', weights: w(gate), title: `${gate} pre-activation` });
  const nl = (id: string, f: string, label: string): GateNode => ({ id, label: `${f === 'sigmoid' ? 'σ' : f}  ${label}`, role: f === 'sigmoid' ? 'sigmoid' : 'tanh' });
  const x: GateNode = { id: 'x', label: 'x_t', role: 'input' };
  const h0: GateNode = { id: 'h0', label: 'h_{t−1}', role: 'state-in' };
  const h1: GateNode = { id: 'h1', label: 'h_t', role: 'state-out' };
  if (chain.kind === 'SimpleRNN') {
    return {
      title: `${chain.layer} · SimpleRNN cell`,
      equations: [`h_t = ${act}(V·x_t + U·h_{t−1} + b)`],
      nodes: [x, h0, aff('a', ''), nl('act', act, ''), h1],
      edges: [{ from: 'x', to: 'a', label: 'V' }, { from: 'h0', to: 'a', label: 'U' }, { from: 'a', to: 'act' }, { from: 'act', to: 'h1' }],
    };
  }
  if (chain.kind === 'LSTM') {
    const c0: GateNode = { id: 'c0', label: 'c_{t−1}', role: 'state-in' };
    const c1: GateNode = { id: 'c1', label: 'c_t', role: 'state-out' };
    const gates = [['i', 'input gate', ract], ['f', 'forget gate', ract], ['g', 'candidate c̃', act], ['o', 'output gate', ract]] as const;
    const nodes: GateNode[] = [x, h0, c0];
    const edges: GateEdge[] = [];
    for (const [k, name, f] of gates) {
      nodes.push(aff(`z${k}`, `_${k}`), nl(k, f, name));
      edges.push({ from: 'x', to: `z${k}`, label: `V_${k}` }, { from: 'h0', to: `z${k}`, label: `U_${k}` }, { from: `z${k}`, to: k });
    }
    nodes.push(
      { id: 'fc', label: '⊙  f·c_{t−1}', role: 'op' },
      { id: 'ig', label: '⊙  i·c̃', role: 'op' },
      { id: 'sum', label: '+', role: 'op' },
      { id: 'tc', label: `${act}(c_t)`, role: 'tanh' },
      { id: 'oh', label: '⊙  o·tanh(c_t)', role: 'op' },
      c1, h1,
    );
    edges.push(
      { from: 'f', to: 'fc' }, { from: 'c0', to: 'fc' }, { from: 'i', to: 'ig' }, { from: 'g', to: 'ig' },
      { from: 'fc', to: 'sum' }, { from: 'ig', to: 'sum' }, { from: 'sum', to: 'c1' }, { from: 'sum', to: 'tc' },
      { from: 'tc', to: 'oh' }, { from: 'o', to: 'oh' }, { from: 'oh', to: 'h1' },
    );
    return {
      title: `${chain.layer} · LSTM cell (Keras gate order i, f, c, o)`,
      equations: ['i, f, o = σ(V·x_t + U·h_{t−1} + b)', `c̃ = ${act}(V_c·x_t + U_c·h_{t−1} + b_c)`, 'c_t = f ⊙ c_{t−1} + i ⊙ c̃', `h_t = o ⊙ ${act}(c_t)`],
      nodes, edges,
    };
  }
  // GRU, Keras order z, r, h
  const resetAfter = chain.resetAfter !== false;
  const nodes: GateNode[] = [x, h0,
    aff('zz', '_z'), nl('z', ract, 'update gate'),
    aff('zr', '_r'), nl('r', ract, 'reset gate'),
    { id: 'zh', label: resetAfter ? 'V_h·x + r ⊙ (U_h·h + b_rh)' : 'V_h·x + U_h·(r ⊙ h) + b_h', role: 'affine', weights: w('h') },
    nl('hh', act, 'candidate h̃'),
    { id: 'omz', label: '1 − z', role: 'op' },
    { id: 'zh0', label: '⊙  z·h_{t−1}', role: 'op' },
    { id: 'zhh', label: '⊙  (1−z)·h̃', role: 'op' },
    { id: 'sum', label: '+', role: 'op' },
    h1,
  ];
  const edges: GateEdge[] = [
    { from: 'x', to: 'zz', label: 'V_z' }, { from: 'h0', to: 'zz', label: 'U_z' }, { from: 'zz', to: 'z' },
    { from: 'x', to: 'zr', label: 'V_r' }, { from: 'h0', to: 'zr', label: 'U_r' }, { from: 'zr', to: 'r' },
    { from: 'x', to: 'zh', label: 'V_h' }, { from: 'h0', to: 'zh', label: 'U_h' }, { from: 'r', to: 'zh' }, { from: 'zh', to: 'hh' },
    { from: 'z', to: 'omz' }, { from: 'z', to: 'zh0' }, { from: 'h0', to: 'zh0' }, { from: 'omz', to: 'zhh' }, { from: 'hh', to: 'zhh' },
    { from: 'zh0', to: 'sum' }, { from: 'zhh', to: 'sum' }, { from: 'sum', to: 'h1' },
  ];
  return {
    title: `${chain.layer} · GRU cell (Keras gate order z, r, h; reset_after=${resetAfter ? 'True' : 'False'})`,
    equations: ['z, r = σ(V·x_t + U·h_{t−1} + b)', resetAfter ? `h̃ = ${act}(V_h·x_t + r ⊙ (U_h·h_{t−1} + b_rh))` : `h̃ = ${act}(V_h·x_t + U_h·(r ⊙ h_{t−1}))`, 'h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃'],
    nodes, edges,
  };
}
