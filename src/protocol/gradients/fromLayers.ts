// Diagrams from the engine's layers, duck-typed so that no engine code is imported: a Sequential
// (or a functional model's layers in call order), and an encoder joined to a decoder.
import type { Arity, Block, Chain, Direction, InputDesc, Join, MergeNode, MergeSource, ModelDiagram, OutputDesc, RecurrentKind, Row, SharedWeight } from './diagram';

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
  const T0 = opts.T ?? (typeof input.shape[0] === 'number' && input.shape.length >= 1 && (input.dtype === 'int64' || input.shape.length === 2) ? input.shape[0] : null);
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

/** A functional model's layer call, as the merge nodes read it (duck-typed: the engine's LayerCall). */
export interface CallLike {
  readonly layer: { readonly name: string; readonly kind: string };
  readonly input: TensorLike;
  readonly inputs: readonly TensorLike[];
  /** Called on a list of tensors: a merge or attention layer. */
  readonly list: boolean;
}
/** The engine's SymbolicTensor, as far as its origin. */
interface TensorLike {
  readonly origin: { readonly kind: 'input'; readonly input: { readonly name: string } } | { readonly kind: 'call'; readonly call: CallLike };
}

/**
 * The merge and attention layers of a functional model (its calls, in order), each with where
 * its inputs come from: followed back through Dense, Embedding and the like to the nearest
 * recurrent layer (whose block `blockOf` names), merge, or model input.
 */
export function mergeNodes(calls: readonly CallLike[], blockOf: (layerName: string) => string): MergeNode[] {
  const merges: MergeNode[] = [];
  const sourceOf = (t: TensorLike): MergeSource => {
    for (let s = t; ; ) {
      if (s.origin.kind === 'input') return { kind: 'input', name: s.origin.input.name };
      const c = s.origin.call;
      if (c.list) return { kind: 'merge', id: c.layer.name };
      if (RECURRENT.has(c.layer.kind) || c.layer.kind === 'Bidirectional') return { kind: 'block', block: blockOf(c.layer.name) };
      s = c.input;
    }
  };
  for (const c of calls) {
    if (!c.list || merges.some(m => m.id === c.layer.name)) continue;
    const inputs = c.inputs.map(sourceOf);
    const first = inputs.find(i => i.kind !== 'input');
    const block = !first ? blockOf(c.layer.name) : first.kind === 'block' ? first.block : merges.find(m => m.id === first.id)?.block ?? blockOf(c.layer.name);
    merges.push({ id: c.layer.name, kind: c.layer.kind, block, inputs });
  }
  return merges;
}

