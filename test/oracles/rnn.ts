/**
 * The time loop of keras.layers.RNN (Keras 3 `backend.rnn`), float64.
 *
 * Semantics reproduced:
 * - go_backwards: steps run from t = T−1 down to 0 and the output sequence is in
 *   processing order (outputs[0] belongs to the last input step); Keras does not flip it back.
 * - mask [B, T] (1 = keep): at a masked step every state keeps its previous value and the
 *   output is, by default, the previous step's output — zeros before any step has run, as
 *   the TensorFlow backend (and unroll=True) starts `prev_output` at zeros. The JAX/NumPy
 *   backends' scan and TensorFlow.js use the previous h state instead; they differ only
 *   when leading steps are masked and initial_state is non-zero (`maskedOutput` picks).
 * - zero_output_for_mask: masked steps output zeros (Bidirectional forces this on when
 *   return_sequences=True).
 * - the final states are those after the last unmasked step.
 */
import { Cell } from './cells';
import { Tensor, assertShape, stackTime, timeSlice, zeros } from './tensor';

export interface RnnLoopOptions {
  returnSequences?: boolean;
  goBackwards?: boolean;
  zeroOutputForMask?: boolean;
  /** 'previous_output' (Keras TF backend, default) or 'previous_state' (Keras JAX/NumPy scan, TF.js). */
  maskedOutput?: 'previous_output' | 'previous_state';
}

export interface RnnCall {
  /** [B, T] of 0/1; 1 keeps the step. */
  mask?: Tensor | null;
  /** stateCount tensors of [B, H]; zeros when absent. */
  initialState?: Tensor[] | null;
}

export interface RnnResult {
  /** [B, T, H] when return_sequences, else [B, H]. */
  output: Tensor;
  /** Final states: [h] or [h, c], each [B, H]. */
  states: Tensor[];
  /**
   * Per input step t (also under go_backwards): the states after step t as carried (a masked step
   * keeps the previous ones) and the gates the cell computed there (the state inspector's oracle).
   */
  trace: { states: Tensor[]; gates: Record<string, Tensor> }[];
}

export function runRnn(cell: Cell, x: Tensor, call: RnnCall = {}, opts: RnnLoopOptions = {}): RnnResult {
  assertShape(x, [null, null, null], `${cell.kind} input (batch, timesteps, features)`);
  const [B, T] = x.shape;
  const H = cell.units;
  if (T === 0) throw new Error(`${cell.kind}: a sequence needs at least one time step`);
  const mask = call.mask ?? null;
  if (mask) assertShape(mask, [B, T], `${cell.kind} mask`);
  let states: Tensor[];
  if (call.initialState) {
    if (call.initialState.length !== cell.stateCount) {
      throw new Error(`${cell.kind} expects ${cell.stateCount} initial state tensor(s), got ${call.initialState.length}`);
    }
    call.initialState.forEach((s, i) => assertShape(s, [B, H], `${cell.kind} initial_state[${i}]`));
    states = call.initialState.map((s) => ({ shape: [...s.shape], data: Float64Array.from(s.data) }));
  } else {
    states = Array.from({ length: cell.stateCount }, () => zeros([B, H]));
  }
  const maskedOutput = opts.maskedOutput ?? 'previous_output';
  let prevOutput = zeros([B, H]);
  const outputs: Tensor[] = [];
  const trace = new Array<RnnResult['trace'][number]>(T);
  for (let k = 0; k < T; k++) {
    const t = opts.goBackwards ? T - 1 - k : k;
    const step = cell.step(timeSlice(x, t), states);
    if (!mask) {
      states = step.states;
      prevOutput = step.output;
    } else {
      const out = zeros([B, H]);
      const next = step.states.map((s) => zeros(s.shape));
      for (let b = 0; b < B; b++) {
        const keep = mask.data[b * T + t] !== 0;
        for (let j = 0; j < H; j++) {
          const i = b * H + j;
          for (let s = 0; s < states.length; s++) next[s].data[i] = keep ? step.states[s].data[i] : states[s].data[i];
          if (keep) out.data[i] = step.output.data[i];
          else if (opts.zeroOutputForMask) out.data[i] = 0;
          else out.data[i] = maskedOutput === 'previous_state' ? states[0].data[i] : prevOutput.data[i];
        }
      }
      states = next;
      prevOutput = out;
    }
    outputs.push(prevOutput);
    trace[t] = { states, gates: step.gates ?? {} };
  }
  const output = opts.returnSequences ? stackTime(outputs) : outputs[T - 1];
  return { output, states, trace };
}
