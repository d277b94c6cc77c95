/**
 * One time step of each Keras recurrent cell, float64, written from the Keras 3
 * sources (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py) without dropout.
 * Weight layouts are those of `get_weights()`:
 *   SimpleRNN  kernel [I, H]   recurrent_kernel [H, H]   bias [H]
 *   LSTM       kernel [I, 4H]  recurrent_kernel [H, 4H]  bias [4H]       gate columns i, f, c, o
 *   GRU        kernel [I, 3H]  recurrent_kernel [H, 3H]  bias [2, 3H] (reset_after=True: row 0
 *              input bias, row 1 recurrent bias) or [3H] (reset_after=False); columns z, r, h
 * With use_bias=False the bias is absent from the list.
 */
import { getActivation, ScalarFn } from './activations';
import { assertShape, matmulBias, Tensor, zeros } from './tensor';

export type CellKind = 'SimpleRNN' | 'LSTM' | 'GRU';

export interface CellConfig {
  units: number;
  activation?: string | null;
  /** LSTM/GRU only. Keras 3 default 'sigmoid' (TF.js default: 'hardSigmoid'). */
  recurrentActivation?: string | null;
  useBias?: boolean;
  /** GRU only. Keras 3 default true. */
  resetAfter?: boolean;
}

export interface Cell {
  kind: CellKind;
  units: number;
  /** Number of state tensors: 1 (h) or 2 (h, c for LSTM). */
  stateCount: number;
  /**
   * x: [B, I], states: stateCount × [B, H] → output [B, H] and new states; LSTM and GRU also give
   * their gate activations [B, H] each (LSTM i, f, candidate, o; GRU z, r, candidate).
   */
  step(x: Tensor, states: Tensor[]): { output: Tensor; states: Tensor[]; gates?: Record<string, Tensor> };
}

/** Rows of a [B, G·H] pre-activation, gate g, unit j. */
const at = (t: Tensor, b: number, g: number, j: number, H: number, G: number) => t.data[b * G * H + g * H + j];

function checkWeights(kind: CellKind, cfg: CellConfig, w: Tensor[], G: number, inputDim: number): void {
  const H = cfg.units, useBias = cfg.useBias ?? true;
  const want = useBias ? 3 : 2;
  if (w.length !== want) {
    throw new Error(`${kind}: expected ${want} weight arrays (kernel, recurrent_kernel${useBias ? ', bias' : ''}), got ${w.length}`);
  }
  assertShape(w[0], [inputDim, G * H], `${kind} kernel`);
  assertShape(w[1], [H, G * H], `${kind} recurrent_kernel`);
  if (useBias) {
    if (kind === 'GRU' && (cfg.resetAfter ?? true)) assertShape(w[2], [2, G * H], 'GRU bias (reset_after=True)');
    else assertShape(w[2], [G * H], `${kind} bias`);
  }
}

export function simpleRNNCell(cfg: CellConfig, w: Tensor[], inputDim: number): Cell {
  checkWeights('SimpleRNN', cfg, w, 1, inputDim);
  const act = getActivation(cfg.activation === undefined ? 'tanh' : cfg.activation);
  const [kernel, recurrent, bias] = w;
  return {
    kind: 'SimpleRNN', units: cfg.units, stateCount: 1,
    step(x, [hPrev]) {
      // h = act(x·W + b + h_prev·U)       [B, H]
      const xw = matmulBias(x, kernel, bias ? bias.data : null);
      const hu = matmulBias(hPrev, recurrent);
      const h = zeros(xw.shape);
      for (let i = 0; i < h.data.length; i++) h.data[i] = act(xw.data[i] + hu.data[i]);
      return { output: h, states: [h] };
    },
  };
}

export function lstmCell(cfg: CellConfig, w: Tensor[], inputDim: number): Cell {
  checkWeights('LSTM', cfg, w, 4, inputDim);
  const act = getActivation(cfg.activation === undefined ? 'tanh' : cfg.activation);
  const rec = getActivation(cfg.recurrentActivation === undefined ? 'sigmoid' : cfg.recurrentActivation);
  const [kernel, recurrent, bias] = w;
  const H = cfg.units;
  return {
    kind: 'LSTM', units: H, stateCount: 2,
    step(x, [hPrev, cPrev]) {
      // z = x·W + h_prev·U + b            [B, 4H], gates i, f, c, o
      const zx = matmulBias(x, kernel, bias ? bias.data : null);
      const zh = matmulBias(hPrev, recurrent);
      const B = x.shape[0];
      const h = zeros([B, H]), c = zeros([B, H]);
      const gates = { i: zeros([B, H]), f: zeros([B, H]), candidate: zeros([B, H]), o: zeros([B, H]) };
      for (let b = 0; b < B; b++)
        for (let j = 0; j < H; j++) {
          const z = (g: number) => at(zx, b, g, j, H, 4) + at(zh, b, g, j, H, 4);
          const i = rec(z(0)), f = rec(z(1)), g = act(z(2)), o = rec(z(3));
          const cNew = f * cPrev.data[b * H + j] + i * g;
          c.data[b * H + j] = cNew;
          h.data[b * H + j] = o * act(cNew);
          [gates.i.data[b * H + j], gates.f.data[b * H + j], gates.candidate.data[b * H + j], gates.o.data[b * H + j]] = [i, f, g, o];
        }
      return { output: h, states: [h, c], gates };
    },
  };
}

export function gruCell(cfg: CellConfig, w: Tensor[], inputDim: number): Cell {
  checkWeights('GRU', cfg, w, 3, inputDim);
  const act = getActivation(cfg.activation === undefined ? 'tanh' : cfg.activation);
  const rec = getActivation(cfg.recurrentActivation === undefined ? 'sigmoid' : cfg.recurrentActivation);
  const resetAfter = cfg.resetAfter ?? true;
  const [kernel, recurrent, bias] = w;
  const H = cfg.units;
  // reset_after=True: bias [2, 3H] → input bias row 0, recurrent bias row 1.
  const inputBias = bias ? (resetAfter ? bias.data.subarray(0, 3 * H) : bias.data) : null;
  const recurrentBias = bias && resetAfter ? bias.data.subarray(3 * H, 6 * H) : null;
  return {
    kind: 'GRU', units: H, stateCount: 1,
    step(x, [hPrev]) {
      const B = x.shape[0];
      const xm = matmulBias(x, kernel, inputBias); // [B, 3H]: x_z, x_r, x_h
      const h = zeros([B, H]);
      const gates = { z: zeros([B, H]), r: zeros([B, H]), candidate: zeros([B, H]) };
      if (resetAfter) {
        // recurrent matrix applied to h_prev before the reset gate (cuDNN style)
        const hm = matmulBias(hPrev, recurrent, recurrentBias); // [B, 3H]
        for (let b = 0; b < B; b++)
          for (let j = 0; j < H; j++) {
            const z = rec(at(xm, b, 0, j, H, 3) + at(hm, b, 0, j, H, 3));
            const r = rec(at(xm, b, 1, j, H, 3) + at(hm, b, 1, j, H, 3));
            const hh = act(at(xm, b, 2, j, H, 3) + r * at(hm, b, 2, j, H, 3));
            const hp = hPrev.data[b * H + j];
            h.data[b * H + j] = z * hp + (1 - z) * hh;
            [gates.z.data[b * H + j], gates.r.data[b * H + j], gates.candidate.data[b * H + j]] = [z, r, hh];
          }
      } else {
        // z, r from h_prev·U[:, :2H]; candidate from (r ⊙ h_prev)·U[:, 2H:]
        const hm = matmulBias(hPrev, recurrent); // [B, 3H]; only the z, r columns are used
        const z = zeros([B, H]), rh = zeros([B, H]);
        for (let b = 0; b < B; b++)
          for (let j = 0; j < H; j++) {
            z.data[b * H + j] = rec(at(xm, b, 0, j, H, 3) + at(hm, b, 0, j, H, 3));
            const r = rec(at(xm, b, 1, j, H, 3) + at(hm, b, 1, j, H, 3));
            rh.data[b * H + j] = r * hPrev.data[b * H + j];
            gates.r.data[b * H + j] = r;
          }
        // U_h = recurrent[:, 2H:3H]
        const uh = zeros([H, H]);
        for (let k = 0; k < H; k++) for (let j = 0; j < H; j++) uh.data[k * H + j] = recurrent.data[k * 3 * H + 2 * H + j];
        const rhU = matmulBias(rh, uh); // [B, H]
        for (let b = 0; b < B; b++)
          for (let j = 0; j < H; j++) {
            const hh = act(at(xm, b, 2, j, H, 3) + rhU.data[b * H + j]);
            const zz = z.data[b * H + j];
            h.data[b * H + j] = zz * hPrev.data[b * H + j] + (1 - zz) * hh;
            [gates.z.data[b * H + j], gates.candidate.data[b * H + j]] = [zz, hh];
          }
      }
      return { output: h, states: [h], gates };
    },
  };
}

export function makeCell(kind: CellKind, cfg: CellConfig, weights: Tensor[], inputDim: number): Cell {
  if (kind === 'SimpleRNN') return simpleRNNCell(cfg, weights, inputDim);
  if (kind === 'LSTM') return lstmCell(cfg, weights, inputDim);
  if (kind === 'GRU') return gruCell(cfg, weights, inputDim);
  throw new Error(`unknown recurrent layer '${kind as string}'`);
}

/** Gate count G (weights are [·, G·H]). */
export function gateCount(kind: CellKind): number {
  return kind === 'SimpleRNN' ? 1 : kind === 'LSTM' ? 4 : 3;
}

/** Keras names of a layer's weights, in `get_weights()` order. */
export function weightNames(cfg: CellConfig): string[] {
  return (cfg.useBias ?? true) ? ['kernel', 'recurrent_kernel', 'bias'] : ['kernel', 'recurrent_kernel'];
}

/** Shapes of `get_weights()` for a recurrent layer with input dim I. */
export function weightShapes(kind: CellKind, cfg: CellConfig, inputDim: number): number[][] {
  const G = gateCount(kind), H = cfg.units;
  const shapes = [[inputDim, G * H], [H, G * H]];
  if (cfg.useBias ?? true) shapes.push(kind === 'GRU' && (cfg.resetAfter ?? true) ? [2, G * H] : [G * H]);
  return shapes;
}

export type { ScalarFn };
