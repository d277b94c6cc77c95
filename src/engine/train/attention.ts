// The attention alignment's probe: the model's forward graph in inference mode, where every
// Attention / AdditiveAttention call also outputs its softmax weights. The same layers and
// lowering as predict (train/step.ts buildForward), so the weights shown are the ones the model's
// output was computed with — no second implementation of the scores.
//
//   inputs:  parameters, x (or x.<name> per input of a functional model)
//   outputs: per attention call a: `attention_a` [B, Tq, Tv] (rows sum to 1 over the value
//            steps) and, where the value is masked, `attention_mask_a` [B, Tv] (1 read, 0 padding)
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { TensorData } from '../graph/types';
import type { AttentionProbeRecord } from '../layers/layer';
import type { InputSpec, Sequential } from '../layers/sequential';
import type { Model } from '../model/model';
import { buildForward, StepGraphOptions } from './step';

interface ProbedAttention {
  layer: string;
  kind: string;
  weights: string;
  valueMask?: string;
}

export interface AttentionProbeGraph {
  graph: Graph;
  /** Every input of the model, in model order. */
  xs: string[];
  layers: ProbedAttention[];
  /** Every output name, for session.run. */
  outputs: string[];
  encode(): Uint8Array;
}

export function buildAttentionProbe(model: Sequential | Model, input: InputSpec, opts: StepGraphOptions = {}): AttentionProbeGraph {
  const g = new Graph(`${model.name}_attention`, opts.dtype ?? 'float32');
  const records: AttentionProbeRecord[] = [];
  const { xs } = buildForward(g, model, input, opts, false, { attentionProbes: records });
  if (records.length === 0) throw new Error(`${model.name} has no Attention or AdditiveAttention layer whose weights could be shown`);
  const layers = records.map((r, a): ProbedAttention => ({
    layer: r.layer,
    kind: r.kind,
    weights: g.output(r.weights, `attention_${a}`).name,
    valueMask: r.valueMask ? g.output(r.valueMask, `attention_mask_${a}`).name : undefined,
  }));
  const outputs = layers.flatMap((l) => [l.weights, ...(l.valueMask ? [l.valueMask] : [])]);
  return { graph: g, xs: xs.map((v) => v.name), layers, outputs, encode: () => encodeModel(g) };
}

/** One attention call's weights over one example: weights[i·Tv + j] is query step i's weight on value step j. */
export interface AttentionWeights {
  layer: string;
  kind: string;
  Tq: number;
  Tv: number;
  weights: Float32Array;
  /** [Tv], 1 where the value step is read and 0 where masked; absent when the value has no mask. */
  valueMask?: number[];
}

/** Sample `b`'s weights from the probe's outputs (each [B, Tq, Tv], masks [B, Tv]). */
export function sampleAttention(probe: AttentionProbeGraph, out: Record<string, TensorData>, b: number): AttentionWeights[] {
  return probe.layers.map((l) => {
    const w = out[l.weights];
    const [, Tq, Tv] = w.dims;
    const row = (name: string, size: number) => Float32Array.from((out[name].data as Float32Array | Float64Array).subarray(b * size, (b + 1) * size));
    return { layer: l.layer, kind: l.kind, Tq, Tv, weights: row(l.weights, Tq * Tv), valueMask: l.valueMask ? Array.from(row(l.valueMask, Tv)) : undefined };
  });
}
