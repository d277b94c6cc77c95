// The step math of SimpleRNN, LSTM and GRU with Keras gate layouts. Each step receives the
// input projection xp_t = x_t·W + b (done for all t before the loop) and does the recurrent
// product and the elementwise work.
import type { Graph } from '../graph/graph';
import type { Value } from '../graph/types';
import * as op from '../ops';
import type { Activation } from './activations';

export interface Cell {
  /** Column blocks in the kernel: 1 (SimpleRNN), 4 (LSTM i,f,c,o), 3 (GRU z,r,h). */
  readonly gates: number;
  /** States carried: [h] or [h, c]. */
  readonly states: number;
  /** Names of the gate activations `step` reports into `gatesOut` (the state inspector's rows), in that order. */
  readonly gateNames: readonly string[];
  /**
   * One step: states_{t−1} [B, H] each, xp_t [B, gates·H], U [H, gates·H], optional recurrent bias.
   * Returns the new states; the output is the new h. recMask [B, H] (recurrent_dropout, already
   * scaled) multiplies h_{t−1} where it enters the recurrent product, not where it is carried.
   * `gatesOut`, when given, receives the gate activations [B, H] named by gateNames.
   */
  step(g: Graph, prev: Value[], xp: Value, U: Value, recBias: Value | null, recMask?: Value, gatesOut?: Value[]): Value[];
}

/** h⊙mask under recurrent_dropout, h otherwise. */
function dropped(g: Graph, h: Value, mask: Value | undefined): Value {
  return mask ? op.mul(g, h, mask) : h;
}

/** h_t = act(xp_t + h_{t−1}·U) */
export function simpleCell(H: number, act: Activation): Cell {
  void H;
  return {
    gates: 1,
    states: 1,
    gateNames: [],
    step: (g, [h], xp, U, _b, m) => [act(g, op.add(g, xp, op.matmul(g, dropped(g, h, m), U)))],
  };
}

/**
 * Keras LSTM, columns i, f, c, o:
 *   z = xp_t + h·U;  i = σ(z_i), f = σ(z_f), c̃ = act(z_c), o = σ(z_o)
 *   c_t = f⊙c + i⊙c̃;  h_t = o⊙act(c_t)
 */
export function lstmCell(H: number, act: Activation, recAct: Activation): Cell {
  return {
    gates: 4,
    states: 2,
    gateNames: ['i', 'f', 'candidate', 'o'],
    step: (g, [h, c], xp, U, _b, m, gatesOut) => {
      const z = op.add(g, xp, op.matmul(g, dropped(g, h, m), U)); // [B, 4H]
      const [zi, zf, zc, zo] = op.split(g, z, [H, H, H, H], -1);
      const i = recAct(g, zi);
      const f = recAct(g, zf);
      const cc = act(g, zc);
      const o = recAct(g, zo);
      gatesOut?.push(i, f, cc, o);
      const c2 = op.add(g, op.mul(g, f, c), op.mul(g, i, cc));
      const h2 = op.mul(g, o, act(g, c2));
      return [h2, c2];
    },
  };
}

/**
 * Keras GRU with reset_after=True (ONNX linear_before_reset=1), columns z, r, h:
 *   xz, xr, xh = xp_t (includes input bias);  rz, rr, rh = h·U + b_rec
 *   z = σ(xz + rz), r = σ(xr + rr), h̃ = act(xh + r⊙rh)
 *   h_t = z⊙h + (1 − z)⊙h̃
 * reset_after=False applies r before the product: h̃ = act(xh + (r⊙h)·U_h).
 */
export function gruCell(H: number, act: Activation, recAct: Activation, resetAfter: boolean): Cell {
  return {
    gates: 3,
    states: 1,
    gateNames: ['z', 'r', 'candidate'],
    step: (g, [h], xp, U, recBias, m, gatesOut) => {
      const [xz, xr, xh] = op.split(g, xp, [H, H, H], -1);
      const hd = dropped(g, h, m); // feeds the recurrent products; the carry z⊙h uses h itself
      let hh: Value;
      let z: Value;
      let r: Value;
      if (resetAfter) {
        let rec = op.matmul(g, hd, U); // [B, 3H]
        if (recBias) rec = op.add(g, rec, recBias);
        const [rz, rr, rh] = op.split(g, rec, [H, H, H], -1);
        z = recAct(g, op.add(g, xz, rz));
        r = recAct(g, op.add(g, xr, rr));
        hh = act(g, op.add(g, xh, op.mul(g, r, rh)));
      } else {
        const [Uz, Ur, Uh] = op.split(g, U, [H, H, H], -1);
        z = recAct(g, op.add(g, xz, op.matmul(g, hd, Uz)));
        r = recAct(g, op.add(g, xr, op.matmul(g, hd, Ur)));
        hh = act(g, op.add(g, xh, op.matmul(g, op.mul(g, r, hd), Uh)));
      }
      gatesOut?.push(z, r, hh);
      return [op.add(g, op.mul(g, z, h), op.mul(g, op.rsubC(g, 1, z), hh))];
    },
  };
}
