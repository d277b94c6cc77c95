// The state inspector's probe: the model's forward graph in inference mode, where every recurrent
// layer (each direction of a Bidirectional) also outputs its states and gate activations at every
// step. The same layers, cells and lowering as predict, so what it shows is what the model computes.
//
//   inputs:  parameters, x (or x.<name> per input of a functional model)
//   outputs: per chain c and series s (h, c for LSTM, then the gates): `state_c_s` [B, T, H]
//            indexed by input time t (a backward chain too), and `mask_c` [B, T] where masked
//
// Gates are the cell's activations as Keras computes them: LSTM i, f, candidate c̃, o; GRU z, r,
// candidate h̃; SimpleRNN has none. At a masked step the states are those carried through (what
// the next step reads) and the gates are what the cell computed and then discarded.
import { Graph } from '../graph/graph';
import { encodeModel } from '../graph/onnx';
import type { TensorData } from '../graph/types';
import type { StateProbeRecord } from '../layers/layer';
import type { InputSpec, Sequential } from '../layers/sequential';
import type { Model } from '../model/model';
import { buildForward, StepGraphOptions } from './step';

/** One recurrence in the probe graph and the names of its outputs. */
interface ProbeChain {
  layer: string;
  direction: 'forward' | 'backward';
  kind: string;
  units: number;
  series: { name: string; output: string }[];
  mask?: string;
}

export interface StateProbeGraph {
  graph: Graph;
  /** Every input of the model, in model order. */
  xs: string[];
  chains: ProbeChain[];
  /** Every output name, for session.run. */
  outputs: string[];
  encode(): Uint8Array;
}

export function buildStateProbe(model: Sequential | Model, input: InputSpec, opts: StepGraphOptions = {}): StateProbeGraph {
  const g = new Graph(`${model.name}_states`, opts.dtype ?? 'float32');
  const records: StateProbeRecord[] = [];
  const { xs } = buildForward(g, model, input, opts, false, { stateProbes: records });
  if (records.length === 0) throw new Error(`${model.name} has no recurrent layer (SimpleRNN, LSTM, GRU or Bidirectional) whose states could be shown`);
  const chains = records.map((r, c): ProbeChain => ({
    layer: r.layer,
    direction: r.direction,
    kind: r.kind,
    units: r.units,
    series: r.series.map((s) => ({ name: s.name, output: g.output(s.value, `state_${c}_${s.name}`).name })),
    mask: r.mask ? g.output(r.mask, `mask_${c}`).name : undefined,
  }));
  const outputs = chains.flatMap((c) => [...c.series.map((s) => s.output), ...(c.mask ? [c.mask] : [])]);
  return { graph: g, xs: xs.map((v) => v.name), chains, outputs, encode: () => encodeModel(g) };
}

/** One series of one chain for one sequence: values[t·H + j] is unit j at input step t. */
interface StateSeries {
  name: string;
  values: Float32Array;
}

/** A recurrence's states and gates over one sequence. */
export interface ChainStates {
  layer: string;
  direction: 'forward' | 'backward';
  kind: string;
  units: number;
  T: number;
  series: StateSeries[];
  /** [T], 1 where the step is read and 0 where masked; absent when the layer reads no mask. */
  mask?: number[];
}

/** Sample `b`'s states and gates from the probe's outputs (each [B, T, H], masks [B, T]). */
export function sequenceStates(probe: StateProbeGraph, out: Record<string, TensorData>, b: number): ChainStates[] {
  return probe.chains.map((c) => {
    const first = out[c.series[0].output];
    const [, T, H] = first.dims;
    const row = (name: string, size: number) => Float32Array.from((out[name].data as Float32Array).subarray(b * size, (b + 1) * size));
    return {
      layer: c.layer,
      direction: c.direction,
      kind: c.kind,
      units: H,
      T,
      series: c.series.map((s) => ({ name: s.name, values: row(s.output, T * H) })),
      mask: c.mask ? Array.from(row(c.mask, T)) : undefined,
    };
  });
}
