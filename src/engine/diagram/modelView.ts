// The panels' data model, independent of the engine and of vscode: a model described as the
// graph panel draws it (ModelDiagram), the per-step gradient diagnostics (GradientFrame), the
// connectivity series, and a DiagnosticsStream that keeps them and hands out throttled batches.
// The kernel builds a ModelDiagram with diagramFromSequential (or encoderDecoderDiagram) and
// turns each engine StepReport into a GradientFrame with frameFromStepReport.

// ------------------------------------------------------------------ the diagram

export type RecurrentKind = 'SimpleRNN' | 'LSTM' | 'GRU';
/** Where inputs and outputs sit on the time axis (the seed's "types of RNNs"). */
export type Arity = 'many-to-one' | 'one-to-many' | 'many-to-many' | 'one-to-one';
export type Direction = 'forward' | 'backward';

/**
 * A shared weight as the seed names it: U recurrent (h_{t−1}→h_t), V input (x_t→h_t),
 * W output (h_t→y_t), b the biases. `id` is unique in the diagram and is what hover highlights;
 * `param` is the engine parameter key (`layer.recurrent_kernel`), the key of gradNorm.
 */
export interface SharedWeight {
  id: string;
  symbol: 'U' | 'V' | 'W' | 'b';
  param: string;
  /** Shown in tooltips: "U  simple_rnn.recurrent_kernel [100, 100]". */
  shape?: number[];
}

/** One recurrent chain: a layer (or one direction of a Bidirectional). */
export interface Chain {
  id: string;
  /** The engine layer name (the Bidirectional wrapper's name for its two chains). */
  layer: string;
  kind: RecurrentKind;
  units: number;
  direction: Direction;
  /** Keras go_backwards (true for a Bidirectional's backward chain). */
  goBackwards: boolean;
  returnSequences: boolean;
  /** Key of the ‖dL/dh_t‖ series in a GradientFrame: `${layer}.${direction}`. */
  dhKey: string;
  /** States carried between steps: ['h'] or ['h', 'c']. */
  states: string[];
  U: SharedWeight;
  V: SharedWeight;
  b?: SharedWeight;
  /** GRU reset_after (Keras default true); drawn in the gate view. */
  resetAfter?: boolean;
  activation: string;
  recurrentActivation?: string;
}

/** A stacked row: one chain, or two (forward, backward) for a Bidirectional. */
export interface Row {
  id: string;
  title: string;
  chains: Chain[];
  /** How a Bidirectional merges its two chains. */
  merge?: 'concat' | 'sum' | 'mul' | 'ave';
}

/** What feeds x_t: raw features, token ids through an embedding, or a repeated context vector. */
export interface InputDesc {
  label: string;
  kind: 'features' | 'ids' | 'repeat';
  /** Layers between x and the first recurrent row (Embedding, Masking). */
  via: string[];
  features?: number;
  /** Embedding weight (drawn on the x_t → h_t path), when ids. */
  embedding?: SharedWeight;
}

/** What reads h_t: the Dense head (W), per step (TimeDistributed / sequences) or at the end. */
export interface OutputDesc {
  label: string;
  layers: string[];
  units?: number;
  activation?: string;
  W?: SharedWeight;
  bias?: SharedWeight;
  perStep: boolean;
}

/** A block unrolled over its own time axis: a whole model, or an encoder or decoder. */
export interface Block {
  id: string;
  title: string;
  role: 'model' | 'encoder' | 'decoder';
  /** Steps of this block (null: not known until data arrives; the panel draws `defaultT`). */
  T: number | null;
  arity: Arity;
  input: InputDesc;
  /** Bottom (nearest x) to top. */
  rows: Row[];
  output?: OutputDesc;
}

/** Encoder → decoder: the encoder's final states become the decoder's (initial state, or repeated as input). */
export interface Join {
  from: string;
  to: string;
  via: 'initial-state' | 'repeat-vector';
  states: string[];
}

export interface ModelDiagram {
  /** Identifies the model in the kernel (e.g. the variable name); frames carry the same id. */
  modelId: string;
  name: string;
  blocks: Block[];
  joins: Join[];
  /** Every shared weight by id (the legend and gradient norms per parameter). */
  weights: Record<string, SharedWeight>;
  /** Every ‖dL/dh_t‖ series the frames will carry, bottom to top. */
  dhKeys: string[];
  /** Layers the diagram does not draw (shown as a note). */
  notes: string[];
}

// ------------------------------------------------------------------ cell internals

/** A node of a cell's inside: an input/state, a gate pre-activation, a nonlinearity or an elementwise op. */
export interface GateNode {
  id: string;
  label: string;
  role: 'input' | 'state-in' | 'state-out' | 'affine' | 'sigmoid' | 'tanh' | 'op';
  /** Shared weights used here (affine nodes: V_g x_t + U_g h_{t−1} + b_g). */
  weights?: string[];
  title?: string;
}
export interface GateEdge {
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

// ------------------------------------------------------------------ from the engine's Sequential

/** The parts of an engine layer the diagram reads (duck-typed, so no engine code is imported). */
interface LayerLike {
  readonly name: string;
  readonly kind: string;
  readonly units?: number;
  readonly opts?: { return_sequences?: boolean; go_backwards?: boolean; activation?: string | null; recurrent_activation?: string; use_bias?: boolean; reset_after?: boolean; return_state?: boolean; mask_zero?: boolean };
  readonly forward?: LayerLike;
  readonly backward?: LayerLike;
  readonly mergeMode?: 'concat' | 'sum' | 'mul' | 'ave';
  readonly inner?: LayerLike;
  readonly n?: number;
  readonly outputDim?: number;
  params?(input: readonly (number | string)[]): { name: string; shape: number[] }[];
  outputShape?(input: readonly (number | string)[]): readonly (number | string)[];
}
export interface SequentialLike {
  readonly name: string;
  readonly layers: readonly LayerLike[];
}
/** The engine's InputSpec: ids ['T'] or features ['T', F] / [F]. */
export interface InputSpecLike {
  shape: readonly (number | string)[];
  dtype: 'int64' | 'float';
}

const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU']);

function weight(weights: Record<string, SharedWeight>, symbol: SharedWeight['symbol'], param: string, shapes: Map<string, number[]>): SharedWeight {
  const w: SharedWeight = { id: `${symbol}:${param}`, symbol, param, shape: shapes.get(param) };
  weights[w.id] = w;
  return w;
}

function chainOf(l: LayerLike, layerName: string, paramPrefix: string, direction: Direction, weights: Record<string, SharedWeight>, shapes: Map<string, number[]>): Chain {
  const o = l.opts ?? {};
  const kind = l.kind as RecurrentKind;
  return {
    id: `${layerName}.${direction}`,
    layer: layerName,
    kind,
    units: l.units ?? 0,
    direction,
    goBackwards: !!o.go_backwards,
    returnSequences: !!o.return_sequences,
    dhKey: `${layerName}.${direction}`,
    states: kind === 'LSTM' ? ['h', 'c'] : ['h'],
    U: weight(weights, 'U', `${paramPrefix}recurrent_kernel`, shapes),
    V: weight(weights, 'V', `${paramPrefix}kernel`, shapes),
    b: o.use_bias === false ? undefined : weight(weights, 'b', `${paramPrefix}bias`, shapes),
    resetAfter: kind === 'GRU' ? o.reset_after !== false : undefined,
    activation: o.activation ?? 'tanh',
    recurrentActivation: kind === 'SimpleRNN' ? undefined : o.recurrent_activation ?? 'sigmoid',
  };
}

function rowOf(l: LayerLike, weights: Record<string, SharedWeight>, shapes: Map<string, number[]>): Row {
  if (l.kind === 'Bidirectional' && l.forward && l.backward) {
    return {
      id: l.name,
      title: `${l.name} · Bidirectional(${l.forward.kind}(${l.forward.units}))`,
      chains: [chainOf(l.forward, l.name, `${l.name}.forward/`, 'forward', weights, shapes), chainOf(l.backward, l.name, `${l.name}.backward/`, 'backward', weights, shapes)],
      merge: l.mergeMode ?? 'concat',
    };
  }
  return { id: l.name, title: `${l.name} · ${l.kind}(${l.units})`, chains: [chainOf(l, l.name, `${l.name}.`, 'forward', weights, shapes)] };
}

const seqOut = (r: Row) => r.chains[0].returnSequences;

function arityOf(input: InputDesc, rows: Row[]): Arity {
  const manyIn = input.kind !== 'repeat';
  const manyOut = rows.length > 0 && seqOut(rows[rows.length - 1]);
  if (manyIn) return manyOut ? 'many-to-many' : 'many-to-one';
  return manyOut ? 'one-to-many' : 'one-to-one';
}

/** Parameter shapes by key, from the layers' own params() walked along the output shapes. */
function paramShapes(model: SequentialLike, input: InputSpecLike): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  let shape: readonly (number | string)[] = input.shape;
  for (const l of model.layers) {
    try {
      for (const p of l.params?.(shape) ?? []) shapes.set(`${l.name}.${p.name}`, p.shape);
      shape = l.outputShape?.(shape) ?? shape;
    } catch {
      break; // an unknown dim: shapes stay unlabelled from here on
    }
  }
  return shapes;
}

/**
 * The diagram of an engine Sequential. Layers before the first recurrent layer describe x_t
 * (Embedding, Masking); Dense / TimeDistributed after the last are the output head (W);
 * a RepeatVector between recurrent layers splits the model into an encoder and a decoder block.
 * `T`: the sequence length when known (input_length, or the data's).
 */
export function diagramFromSequential(model: SequentialLike, input: InputSpecLike, opts: { modelId?: string; T?: number } = {}): ModelDiagram {
  const weights: Record<string, SharedWeight> = {};
  const shapes = paramShapes(model, input);
  const notes: string[] = [];
  const T0 = opts.T ?? (typeof input.shape[0] === 'number' && input.shape.length >= 1 && (input.dtype === 'int64' || input.shape.length === 2) ? (input.shape[0] as number) : null);
  const features = input.dtype === 'float' ? (input.shape[input.shape.length - 1] as number) : undefined;
  let x: InputDesc = { label: 'x', kind: input.dtype === 'int64' ? 'ids' : 'features', via: [], features: typeof features === 'number' ? features : undefined };
  const blocks: Block[] = [];
  const joins: Join[] = [];
  let rows: Row[] = [];
  let output: OutputDesc | undefined;
  let T: number | null = T0;
  const finishBlock = (role: Block['role']) => {
    const id = role === 'model' ? 'model' : role;
    blocks.push({ id, title: role === 'model' ? model.name : role === 'encoder' ? 'Encoder' : 'Decoder', role, T, arity: arityOf(x, rows), input: x, rows, output });
    rows = [];
    output = undefined;
  };
  for (const l of model.layers) {
    if (RECURRENT.has(l.kind) || l.kind === 'Bidirectional') {
      if (output) notes.push(`${output.layers.join(', ')} between recurrent layers is drawn as part of x_t`);
      output = undefined;
      rows.push(rowOf(l, weights, shapes));
    } else if (l.kind === 'RepeatVector') {
      if (rows.length === 0) {
        x = { ...x, kind: 'repeat', label: 'x', via: [...x.via, l.name] };
        T = l.n ?? null;
        continue;
      }
      finishBlock('encoder');
      joins.push({ from: 'encoder', to: 'decoder', via: 'repeat-vector', states: ['h'] });
      x = { label: 'c', kind: 'repeat', via: [l.name] };
      T = l.n ?? null;
    } else if (l.kind === 'Dense' || l.kind === 'TimeDistributed') {
      const dense = l.kind === 'TimeDistributed' ? l.inner : l;
      if (rows.length === 0) {
        x = { ...x, via: [...x.via, l.name] };
        continue;
      }
      const prefix = `${l.name}.`;
      if (!output) {
        output = {
          label: 'y',
          layers: [l.name],
          units: dense?.units,
          activation: dense?.opts?.activation ?? undefined,
          W: weight(weights, 'W', `${prefix}kernel`, shapes),
          bias: dense?.opts?.use_bias === false ? undefined : weight(weights, 'b', `${prefix}bias`, shapes),
          perStep: seqOut(rows[rows.length - 1]),
        };
      } else {
        output.layers.push(l.name);
        output.units = dense?.units;
        output.activation = dense?.opts?.activation ?? undefined;
      }
    } else if (l.kind === 'Embedding') {
      x = { ...x, kind: 'ids', via: [...x.via, l.name], features: l.outputDim, embedding: weight(weights, 'V', `${l.name}.embeddings`, shapes) };
      x.embedding!.id = `E:${l.name}.embeddings`;
      weights[x.embedding!.id] = x.embedding!;
      delete weights[`V:${l.name}.embeddings`];
    } else if (l.kind === 'Masking') {
      x = { ...x, via: [...x.via, l.name] };
    } else {
      notes.push(`${l.name} (${l.kind}) is not drawn`);
    }
  }
  finishBlock(blocks.length ? 'decoder' : 'model');
  const dhKeys = blocks.flatMap(b => b.rows.flatMap(r => r.chains.map(c => c.dhKey)));
  return { modelId: opts.modelId ?? model.name, name: model.name, blocks, joins, weights, dhKeys, notes };
}

/** Two Sequentials (or layer lists) joined by the encoder's final state as the decoder's initial state (the functional seq2seq). */
export function encoderDecoderDiagram(name: string, encoder: { model: SequentialLike; input: InputSpecLike; T?: number }, decoder: { model: SequentialLike; input: InputSpecLike; T?: number }, modelId = name): ModelDiagram {
  const e = diagramFromSequential(encoder.model, encoder.input, { T: encoder.T });
  const d = diagramFromSequential(decoder.model, decoder.input, { T: decoder.T });
  const enc = { ...e.blocks[0], id: 'encoder', role: 'encoder' as const, title: `Encoder · ${encoder.model.name}`, output: undefined };
  const dec = { ...d.blocks[d.blocks.length - 1], id: 'decoder', role: 'decoder' as const, title: `Decoder · ${decoder.model.name}` };
  const lastChain = enc.rows[enc.rows.length - 1]?.chains[0];
  return {
    modelId, name,
    blocks: [enc, dec],
    joins: [{ from: 'encoder', to: 'decoder', via: 'initial-state', states: lastChain?.states ?? ['h'] }],
    weights: { ...e.weights, ...d.weights },
    dhKeys: [...e.dhKeys, ...d.dhKeys],
    notes: [...e.notes, ...d.notes],
  };
}

/** Every chain of a diagram, bottom to top, block by block. */
export function chainsOf(d: ModelDiagram): Chain[] {
  return d.blocks.flatMap(b => b.rows.flatMap(r => r.chains));
}

// ------------------------------------------------------------------ diagnostics

/** One training step's diagnostics, as the engine's StepReport gives them. */
export interface GradientFrame {
  modelId: string;
  /** Training step (iteration, from 1). */
  step: number;
  epoch?: number;
  loss?: number;
  /** ‖dL/dh_t‖, batch mean, per `${layer}.${direction}` → [T], indexed by input time (also for backward chains). */
  dh: Record<string, number[]>;
  /** Optional per sample: `${layer}.${direction}` → [T][B]. */
  dhPerSample?: Record<string, number[][]>;
  /** ‖grad‖ per parameter key (`layer.kernel`). */
  gradNorm: Record<string, number>;
  /** ‖update‖ / ‖param‖ per parameter key. */
  updateRatio?: Record<string, number>;
  /** Global gradient norm before clipping. */
  globalNorm: number;
  /** Loss or gradients had an Inf/NaN in this step. */
  nonFinite: boolean;
}

/** Connectivity ‖∂y_T/∂x_t‖ over t (mean over the samples asked), at a training step. */
export interface ConnectivitySeries {
  modelId: string;
  step: number;
  /** [T] */
  values: number[];
  /** [B][T], when the kernel sends the samples. */
  perSample?: number[][];
  unit?: number;
}

/** The engine's StepReport fields a frame needs (duck-typed). */
export interface StepReportLike {
  iteration: number;
  epoch?: number;
  loss: number;
  dhMean: Record<string, number[]>;
  globalNorm: number;
  gradNorm: Record<string, number>;
  updateRatio?: Record<string, number>;
  nonFinite: boolean;
}

export function frameFromStepReport(modelId: string, r: StepReportLike, dhPerSample?: Record<string, number[][]>): GradientFrame {
  return {
    modelId, step: r.iteration, epoch: r.epoch, loss: r.loss,
    dh: r.dhMean, dhPerSample,
    gradNorm: r.gradNorm, updateRatio: r.updateRatio, globalNorm: r.globalNorm, nonFinite: r.nonFinite,
  };
}

/** Connectivity [B, T] (the trainer's tensor data, row-major) → the mean series. */
export function connectivityFromTensor(modelId: string, step: number, data: ArrayLike<number>, dims: readonly number[]): ConnectivitySeries {
  const [B, T] = dims.length === 2 ? dims : [1, dims[0]];
  const values = new Array<number>(T).fill(0);
  const perSample: number[][] = [];
  for (let b = 0; b < B; b++) {
    const row: number[] = [];
    for (let t = 0; t < T; t++) {
      const v = Number(data[b * T + t]);
      row.push(v);
      values[t] += v / B;
    }
    perSample.push(row);
  }
  return { modelId, step, values, perSample: B <= 64 ? perSample : undefined };
}

// ------------------------------------------------------------------ flags

export interface Thresholds {
  /** Vanishing: the far end of the chain is this many orders of magnitude below the near end. */
  vanishingDecades: number;
  /** Exploding: global norm (or any ‖dL/dh_t‖) above this. */
  explodingNorm: number;
}
export const DEFAULT_THRESHOLDS: Thresholds = { vanishingDecades: 3, explodingNorm: 1e3 };

export interface Flag {
  kind: 'vanishing' | 'exploding' | 'nonfinite';
  step: number;
  key?: string;
  message: string;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Vanishing: mean ‖dL/dh_t‖ over the first tenth of the steps against the last tenth, in
 * decades; the end nearer the loss is the larger one, whichever direction the chain runs.
 */
export function vanishingDecades(dh: number[]): number {
  const finite = dh.every(Number.isFinite);
  if (!finite || dh.length < 4) return 0;
  const k = Math.max(1, Math.floor(dh.length / 10));
  const a = mean(dh.slice(0, k));
  const b = mean(dh.slice(dh.length - k));
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (hi <= 0) return 0;
  if (lo <= 0) return Infinity;
  return Math.log10(hi / lo);
}

export function flagsOf(frame: GradientFrame, th: Thresholds = DEFAULT_THRESHOLDS): Flag[] {
  const flags: Flag[] = [];
  const nonFiniteKeys = Object.entries(frame.dh).filter(([, v]) => v.some(x => !Number.isFinite(x))).map(([k]) => k);
  if (frame.nonFinite || !Number.isFinite(frame.globalNorm) || nonFiniteKeys.length) {
    flags.push({ kind: 'nonfinite', step: frame.step, key: nonFiniteKeys[0], message: `step ${frame.step}: Inf/NaN in ${nonFiniteKeys.length ? nonFiniteKeys.join(', ') : 'loss or gradients'}` });
  }
  if (Number.isFinite(frame.globalNorm) && frame.globalNorm > th.explodingNorm) {
    flags.push({ kind: 'exploding', step: frame.step, message: `step ${frame.step}: global norm ${fmt(frame.globalNorm)} > ${fmt(th.explodingNorm)}` });
  }
  for (const [key, dh] of Object.entries(frame.dh)) {
    const maxDh = Math.max(...dh.filter(Number.isFinite));
    if (maxDh > th.explodingNorm) flags.push({ kind: 'exploding', step: frame.step, key, message: `step ${frame.step}: ${key} ‖dL/dh_t‖ ${fmt(maxDh)} > ${fmt(th.explodingNorm)}` });
    const dec = vanishingDecades(dh);
    if (dec >= th.vanishingDecades) flags.push({ kind: 'vanishing', step: frame.step, key, message: `step ${frame.step}: ${key} far end ${Number.isFinite(dec) ? dec.toFixed(1) : '∞'} decades below near end (≥ ${th.vanishingDecades})` });
  }
  return flags;
}

export function fmt(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '−Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

// ------------------------------------------------------------------ elision

/** Which time steps the unrolled view draws: all when T ≤ max, else the first `head`, a gap, the last `tail`. */
export interface Elision {
  shown: number[];
  /** Index in `shown` after which the gap sits, and how many steps it hides. */
  gapAfter: number;
  hidden: number;
}
export function elide(T: number, max = 8, head = 3, tail = 2): Elision {
  if (T <= max) return { shown: Array.from({ length: T }, (_, i) => i), gapAfter: -1, hidden: 0 };
  return { shown: [...Array.from({ length: head }, (_, i) => i), ...Array.from({ length: tail }, (_, i) => T - tail + i)], gapAfter: head - 1, hidden: T - head - tail };
}

// ------------------------------------------------------------------ the stream

/**
 * Keeps, per model, the latest diagram, every frame (the heatmap's history) and the latest
 * connectivity, and tells listeners: a model at once, frames in batches at most `perSecond`
 * times a second (the panels' ~8 updates a second; training pushes every step).
 * Pure: a plain timer, no vscode.
 */
export class DiagnosticsStream {
  readonly diagrams = new Map<string, ModelDiagram>();
  readonly frames = new Map<string, GradientFrame[]>();
  readonly connectivity = new Map<string, ConnectivitySeries>();
  /** The model shown when a panel opens without one named: the one set or trained most recently. */
  lastModelId: string | undefined;
  private pending: GradientFrame[] = [];
  private pendingConnectivity: ConnectivitySeries[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = 0;
  private readonly listeners = new Set<StreamListener>();

  constructor(readonly perSecond = 8, readonly maxFrames = 100_000) {}

  subscribe(l: StreamListener): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }

  setModel(d: ModelDiagram): void {
    this.diagrams.set(d.modelId, d);
    this.frames.set(d.modelId, []);
    this.connectivity.delete(d.modelId);
    this.pending = this.pending.filter(f => f.modelId !== d.modelId);
    this.lastModelId = d.modelId;
    for (const l of this.listeners) l.model?.(d);
  }
  /** No models any more (kernel restarted or closed). */
  clear(reason: string): void {
    this.diagrams.clear();
    this.frames.clear();
    this.connectivity.clear();
    this.pending = [];
    this.pendingConnectivity = [];
    this.lastModelId = undefined;
    for (const l of this.listeners) l.clear?.(reason);
  }
  push(frame: GradientFrame): void {
    const list = this.frames.get(frame.modelId) ?? [];
    list.push(frame);
    if (list.length > this.maxFrames) list.splice(0, list.length - this.maxFrames);
    this.frames.set(frame.modelId, list);
    this.lastModelId = frame.modelId;
    this.pending.push(frame);
    this.schedule();
  }
  pushConnectivity(c: ConnectivitySeries): void {
    this.connectivity.set(c.modelId, c);
    this.pendingConnectivity.push(c);
    this.schedule();
  }
  latest(modelId: string): GradientFrame | undefined {
    const l = this.frames.get(modelId);
    return l?.[l.length - 1];
  }
  /** Send what is pending now (also called by the timer). */
  flush(now = Date.now()): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlush = now;
    const batch = { frames: this.pending, connectivity: this.pendingConnectivity };
    this.pending = [];
    this.pendingConnectivity = [];
    if (batch.frames.length || batch.connectivity.length) for (const l of this.listeners) l.flush?.(batch);
  }
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }
  private schedule() {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + 1000 / this.perSecond - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }
}

export interface StreamListener {
  model?(d: ModelDiagram): void;
  flush?(batch: { frames: GradientFrame[]; connectivity: ConnectivitySeries[] }): void;
  clear?(reason: string): void;
}
