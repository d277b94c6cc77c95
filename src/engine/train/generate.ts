// Generation one step at a time. The step graph runs the model on one time step with every
// recurrent layer's state as a graph input and its new state as a graph output:
//
//   inputs:  parameters, x [B, 1] ids (or [B, 1, F] features), state.<layer>.<k> [B, H] each
//   outputs: pred [B, C] (the model's output at this step), new_state.<layer>.<k> [B, H]
//
// The host carries the states from one call to the next, so a sample of n tokens costs n steps
// (O(n)) instead of re-running the growing prefix (O(n²)). With carried states the step graph
// computes exactly what the full-sequence forward computes at each t (a test checks this).
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { FloatDType, Value } from '../graph/types';
import type { BuildContext, Flow } from '../layers/layer';
import { RNNLayer } from '../layers/rnn';
import { inputDType, InputSpec, Sequential } from '../layers/sequential';
import * as op from '../ops';
import type { Rng } from '../util/rng';
import { entropy, sampleFrom, temperatureDistribution, toLogits } from './sampling';

interface StateRef {
  layer: string;
  /** Graph input and output names. */
  input: string;
  output: string;
  /** Per-sample state shape, [H]. */
  shape: number[];
}

export interface StatefulStepGraph {
  graph: Graph;
  x: string;
  pred: string;
  states: StateRef[];
  encode(): Uint8Array;
}

export function buildStatefulStep(model: Sequential, input: InputSpec, dtype: FloatDType = 'float32'): StatefulStepGraph {
  const g = new Graph(`${model.name}_generate_step`, dtype);
  const params = new Map<string, Value>();
  for (const e of model.paramEntries(input)) params.set(e.key, g.input(e.key, dtype, e.spec.shape));
  const featureShape = input.shape.slice(1).map((d) => {
    if (typeof d !== 'number') throw new Error(`generate: feature dims must be known, got ${d}`);
    return d;
  });
  const x = g.input('x', inputDType(input, dtype), ['B', 1, ...featureShape]);
  // Unrolled with T = 1: one step, no Scan around it.
  const ctx: BuildContext = {
    g,
    param: (layer, name) => {
      const v = params.get(`${layer}.${name}`);
      if (!v) throw new Error(`no parameter ${layer}.${name}`);
      return v;
    },
    lowering: 'unrolled',
    T: 1,
    training: false,
    recurrences: [],
  };
  const states: StateRef[] = [];
  let flow: Flow = { value: x };
  for (const layer of model.layers) {
    if (layer instanceof RNNLayer) {
      const n = layer.kind === 'LSTM' ? 2 : 1;
      const init = Array.from({ length: n }, (_, k) => g.input(`state.${layer.name}.${k}`, dtype, ['B', layer.units]));
      // return_sequences=False still gives this step's h, which is all a one-step call needs.
      const r = layer.run(ctx, flow, init);
      r.states.forEach((s, k) => {
        const ref: StateRef = { layer: layer.name, input: init[k].name, output: `new_state.${layer.name}.${k}`, shape: [layer.units] };
        g.output(s, ref.output);
        states.push(ref);
      });
      flow = r.output;
    } else if (layer.kind === 'Bidirectional') {
      throw new Error(`generate: ${layer.name} is Bidirectional; it reads future steps, so the model cannot be sampled one step at a time`);
    } else {
      flow = layer.apply(ctx, flow);
    }
  }
  let pred = flow.value; // [B, 1, C] with return_sequences, else [B, C]
  if (pred.shape.length === 3) pred = op.squeeze(g, pred, [1]);
  const predName = g.output(pred, 'pred').name;
  return { graph: g, x: 'x', pred: predName, states, encode: () => encodeModel(g) };
}

export interface GenerateOptions {
  /** Tokens to produce after the start. */
  length: number;
  /** Sampling temperature; 0 (or below 1e-6) is argmax. Default 1. */
  temperature?: number;
  /** Seed for the sampler; the same seed gives the same sample. */
  seed?: number;
  /** Polled before every step: true ends the loop with what was drawn so far (Interrupt). */
  shouldStop?: () => boolean;
}

export interface GenerateResult {
  /** The sampled continuation (ids), start excluded. */
  ids: number[];
  /** Entropy (nats) of the temperature-scaled distribution each token was drawn from. */
  entropies: number[];
  /** True when shouldStop ended the loop before `length` tokens. */
  stopped?: boolean;
}

/** One model step: feed one token (and the carried states), get the output row and the new states. */
export type TokenStep = (token: number) => Promise<ArrayLike<number>>;

/**
 * The sampling loop, independent of ONNX: prime with `start` (one step per token; the last step's
 * output predicts the first new token), then draw, feed back, repeat.
 */
export async function sampleSequence(step: TokenStep, start: number[], o: GenerateOptions, fromLogits: boolean, rng: Rng): Promise<GenerateResult> {
  if (start.length === 0) throw new Error('generate: the start needs at least one token');
  let row: ArrayLike<number> = [];
  const ids: number[] = [];
  const entropies: number[] = [];
  for (const t of start) {
    if (o.shouldStop?.()) return { ids, entropies, stopped: true };
    row = await step(t);
  }
  for (let i = 0; i < o.length; i++) {
    if (o.shouldStop?.()) return { ids, entropies, stopped: true };
    const p = temperatureDistribution(toLogits(row, fromLogits), o.temperature ?? 1);
    entropies.push(entropy(p));
    const next = sampleFrom(p, rng);
    ids.push(next);
    if (i < o.length - 1) row = await step(next);
  }
  return { ids, entropies };
}

/** A character vocabulary: id 0 is left for padding (mask_zero), characters get 1.. in sorted order. */
export class CharVocab {
  readonly chars: string[];
  private readonly index = new Map<string, number>();
  constructor(text: string) {
    this.chars = [...new Set([...text])].sort();
    this.chars.forEach((c, i) => this.index.set(c, i + 1));
  }
  get size(): number {
    return this.chars.length + 1;
  }
  encode(s: string): number[] {
    return [...s].map((c) => {
      const id = this.index.get(c);
      if (id === undefined) throw new Error(`character ${JSON.stringify(c)} is not in the vocabulary`);
      return id;
    });
  }
  decode(ids: number[]): string {
    return ids.map((i) => (i >= 1 && i <= this.chars.length ? this.chars[i - 1] : '')).join('');
  }
}
