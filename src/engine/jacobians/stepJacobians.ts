// The chain of partials of one recurrent layer on one sequence (issue 15, part 4): the step
// Jacobians J_k = ∂s_k/∂s_{k−1}, their norms and top singular values, the norm of the product
// ∏_{k=t+1..T} J_k for every t (the term that vanishes or explodes in ∂L/∂W), and ρ and σ_max
// of the recurrent kernel. Computed analytically in float64 from the cell's own forward pass
// here, so the numbers are exact for the weights the model holds, not float32 ORT outputs.
//
// The state s is h for SimpleRNN and GRU, and [h; c] for LSTM: the full state Jacobian
// ∂[h_k; c_k]/∂[h_{k−1}; c_{k−1}] (2H × 2H). Backpropagation through time carries the error
// along both h and c, so only the full state's product is the ∏ term of the chain rule; the
// h→h block alone leaves out the cell path c_k = f_k ⊙ c_{k−1} + …, whose diagonal f_k (near 1
// with forget bias 1) is exactly why an LSTM's product does not vanish.
import { Matrix, frobeniusNorm, identity, largestSingularValue, matmul, matrix, singularValues, spectralNorm, spectralNormChecked, spectralRadius } from './linalg';

export type RecurrentKind = 'SimpleRNN' | 'LSTM' | 'GRU';

/** A recurrent layer's configuration and weights, in Keras `get_weights()` layout. */
export interface RecurrentWeights {
  kind: RecurrentKind;
  units: number;
  activation: string;
  /** LSTM and GRU. */
  recurrentActivation?: string;
  /** GRU only; Keras 3 default true. */
  resetAfter?: boolean;
  /** [I, G·H] */
  kernel: ArrayLike<number>;
  /** [H, G·H] */
  recurrentKernel: ArrayLike<number>;
  /** [G·H], or [2, G·H] for GRU with reset_after; null without bias. */
  bias: ArrayLike<number> | null;
}

/** A scalar activation with its derivative, both of the pre-activation. */
interface Differentiable { f: (x: number) => number; df: (x: number) => number }

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const DIFFERENTIABLE: Record<string, Differentiable> = {
  linear: { f: x => x, df: () => 1 },
  tanh: { f: Math.tanh, df: x => 1 - Math.tanh(x) ** 2 },
  sigmoid: { f: sigmoid, df: x => sigmoid(x) * (1 - sigmoid(x)) },
  relu: { f: x => Math.max(0, x), df: x => (x > 0 ? 1 : 0) },
  hard_sigmoid: { f: x => Math.min(1, Math.max(0, x / 6 + 0.5)), df: x => (Math.abs(x) < 3 ? 1 / 6 : 0) },
  hard_sigmoid_v2: { f: x => Math.min(1, Math.max(0, 0.2 * x + 0.5)), df: x => (Math.abs(x) < 2.5 ? 0.2 : 0) },
  softsign: { f: x => x / (1 + Math.abs(x)), df: x => 1 / (1 + Math.abs(x)) ** 2 },
};

function differentiable(name: string, where: string): Differentiable {
  const fn = DIFFERENTIABLE[name];
  if (!fn) throw new Error(`${where}: the chain of partials supports the activations ${Object.keys(DIFFERENTIABLE).join(', ')}; got '${name}'`);
  return fn;
}

export const gatesOf = (kind: RecurrentKind) => (kind === 'SimpleRNN' ? 1 : kind === 'LSTM' ? 4 : 3);

/** The state size: H, or 2H for LSTM's [h; c]. */
const stateSize = (w: RecurrentWeights) => (w.kind === 'LSTM' ? 2 * w.units : w.units);

/** One step: the new state and its Jacobian with respect to the previous state. */
export interface CellStep { state: Float64Array; jacobian: Matrix }

function checkWeights(w: RecurrentWeights, inputDim: number): void {
  const H = w.units, G = gatesOf(w.kind);
  if (w.kernel.length !== inputDim * G * H) throw new Error(`${w.kind} kernel: expected ${inputDim}×${G * H} values, got ${w.kernel.length}`);
  if (w.recurrentKernel.length !== H * G * H) throw new Error(`${w.kind} recurrent_kernel: expected ${H}×${G * H} values, got ${w.recurrentKernel.length}`);
  const biasLength = w.kind === 'GRU' && (w.resetAfter ?? true) ? 2 * G * H : G * H;
  if (w.bias && w.bias.length !== biasLength) throw new Error(`${w.kind} bias: expected ${biasLength} values, got ${w.bias.length}`);
}

/** x·W (+ bias) over G·H columns. */
function affine(x: ArrayLike<number>, xOffset: number, rows: number, m: ArrayLike<number>, cols: number, bias: ArrayLike<number> | null, biasOffset = 0): Float64Array {
  const out = new Float64Array(cols);
  if (bias) for (let j = 0; j < cols; j++) out[j] = bias[biasOffset + j];
  for (let k = 0; k < rows; k++) {
    const xk = x[xOffset + k];
    if (xk === 0) continue;
    for (let j = 0; j < cols; j++) out[j] += xk * m[k * cols + j];
  }
  return out;
}

/** One analytic cell step. `x` holds the input at `xOffset` (inputDim values); `prev` is the state. */
function cellStep(w: RecurrentWeights, x: ArrayLike<number>, xOffset: number, inputDim: number, prev: Float64Array): CellStep {
  const H = w.units, G = gatesOf(w.kind), U = w.recurrentKernel;
  const act = differentiable(w.activation, `${w.kind} activation`);
  const hPrev = prev.subarray(0, H);
  if (w.kind === 'SimpleRNN') {
    const a = affine(x, xOffset, inputDim, w.kernel, H, w.bias);
    const ah = affine(hPrev, 0, H, U, H, null);
    const state = new Float64Array(H), J = matrix(H, H);
    for (let j = 0; j < H; j++) {
      const z = a[j] + ah[j];
      state[j] = act.f(z);
      const d = act.df(z);
      for (let k = 0; k < H; k++) J.data[j * H + k] = d * U[k * H + j];
    }
    return { state, jacobian: J };
  }
  const rec = differentiable(w.recurrentActivation ?? 'sigmoid', `${w.kind} recurrent_activation`);
  if (w.kind === 'LSTM') {
    const cPrev = prev.subarray(H, 2 * H);
    const zx = affine(x, xOffset, inputDim, w.kernel, G * H, w.bias);
    const zh = affine(hPrev, 0, H, U, G * H, null);
    const state = new Float64Array(2 * H), J = matrix(2 * H, 2 * H), n = 2 * H;
    for (let j = 0; j < H; j++) {
      const zi = zx[j] + zh[j], zf = zx[H + j] + zh[H + j], zg = zx[2 * H + j] + zh[2 * H + j], zo = zx[3 * H + j] + zh[3 * H + j];
      const i = rec.f(zi), f = rec.f(zf), g = act.f(zg), o = rec.f(zo);
      const c = f * cPrev[j] + i * g;
      const h = o * act.f(c);
      state[j] = h;
      state[H + j] = c;
      const di = rec.df(zi) * g, df = rec.df(zf) * cPrev[j], dg = act.df(zg) * i, dh = o * act.df(c), dOut = rec.df(zo) * act.f(c);
      for (let k = 0; k < H; k++) {
        const row = k * G * H;
        const dcdh = di * U[row + j] + df * U[row + H + j] + dg * U[row + 2 * H + j];
        J.data[(H + j) * n + k] = dcdh; //            ∂c_j/∂h_k
        J.data[j * n + k] = dOut * U[row + 3 * H + j] + dh * dcdh; // ∂h_j/∂h_k
      }
      J.data[(H + j) * n + H + j] = f; //            ∂c_j/∂c_j (diagonal: the cell path)
      J.data[j * n + H + j] = dh * f; //              ∂h_j/∂c_j
    }
    return { state, jacobian: J };
  }
  // GRU, columns z, r, h.
  const resetAfter = w.resetAfter ?? true;
  const xm = affine(x, xOffset, inputDim, w.kernel, G * H, w.bias);
  const hm = affine(hPrev, 0, H, U, G * H, resetAfter ? w.bias : null, G * H);
  const state = new Float64Array(H), J = matrix(H, H);
  const az = new Float64Array(H), ar = new Float64Array(H), r = new Float64Array(H);
  for (let j = 0; j < H; j++) {
    az[j] = xm[j] + hm[j];
    ar[j] = xm[H + j] + hm[H + j];
    r[j] = rec.f(ar[j]);
  }
  // reset_after=False: the candidate reads (r ⊙ h_prev)·U_h.
  const rhU = resetAfter ? null : new Float64Array(H);
  if (rhU) for (let m = 0; m < H; m++) for (let j = 0; j < H; j++) rhU[j] += r[m] * hPrev[m] * U[m * G * H + 2 * H + j];
  for (let j = 0; j < H; j++) {
    const zg = rec.f(az[j]);
    const an = xm[2 * H + j] + (rhU ? rhU[j] : r[j] * hm[2 * H + j]);
    const cand = act.f(an);
    state[j] = zg * hPrev[j] + (1 - zg) * cand;
    const dz = rec.df(az[j]) * (hPrev[j] - cand), dn = (1 - zg) * act.df(an);
    for (let k = 0; k < H; k++) {
      const row = k * G * H;
      let dan: number; // ∂an_j/∂h_k
      if (resetAfter) dan = r[j] * U[row + 2 * H + j] + hm[2 * H + j] * rec.df(ar[j]) * U[row + H + j];
      else {
        dan = r[k] * U[row + 2 * H + j];
        for (let m = 0; m < H; m++) dan += U[m * G * H + 2 * H + j] * hPrev[m] * rec.df(ar[m]) * U[row + H + m];
      }
      J.data[j * H + k] = (j === k ? zg : 0) + dz * U[row + j] + dn * dan;
    }
  }
  return { state, jacobian: J };
}

/** The forward states s_1..s_T and step Jacobians J_1..J_T of one sequence x [T, I] from s_0 = 0. */
export function stepJacobians(w: RecurrentWeights, x: ArrayLike<number>, timesteps: number, inputDim: number, shouldStop?: () => boolean): CellStep[] {
  checkWeights(w, inputDim);
  if (x.length !== timesteps * inputDim) throw new Error(`${w.kind}: the sequence should hold ${timesteps}×${inputDim} values, got ${x.length}`);
  let prev: Float64Array = new Float64Array(stateSize(w));
  const steps: CellStep[] = [];
  for (let t = 0; t < timesteps; t++) {
    if (shouldStop?.()) throw new Error('interrupted');
    const step = cellStep(w, x, t * inputDim, inputDim, prev);
    steps.push(step);
    prev = step.state;
  }
  return steps;
}

/** W_hh as an H × H matrix: SimpleRNN's recurrent kernel; for LSTM and GRU the concatenated
 *  gate kernel [H, G·H] is not square, so ρ and σ_max are of the candidate block U_c / U_h
 *  (the one the tanh reads, the analogue of SimpleRNN's W_hh), and σ_max of the whole kernel
 *  is given as well. */
function recurrentBlock(w: RecurrentWeights): Matrix {
  const H = w.units, G = gatesOf(w.kind), col = w.kind === 'SimpleRNN' ? 0 : 2;
  const m = matrix(H, H);
  for (let k = 0; k < H; k++) for (let j = 0; j < H; j++) m.data[k * H + j] = w.recurrentKernel[k * G * H + col * H + j];
  return m;
}

export interface ChainOfPartials {
  kind: RecurrentKind;
  /** 'h' or 'h,c': what the state s is. */
  state: string;
  /** ‖J_k‖_F, k = 1..T (index k−1). */
  stepFrobenius: number[];
  /** ‖J_k‖_2 = σ_max(J_k). */
  stepSpectral: number[];
  /** Top-k singular values of each J_k, [T][k]. */
  stepSingularValues: number[][];
  /** ‖∏_{k=t+1..T} J_k‖_2 for t = 0..T−1 (t = T−1 is J_T alone; index t); productNorm[T] = 1 (the empty product) is left out. */
  productNorm: number[];
  /** ρ and σ_max of the H × H recurrent block (see recurrentBlock). */
  spectralRadius: number;
  sigmaMax: number;
  /** σ_max of the whole recurrent kernel [H, G·H]. */
  kernelSigmaMax: number;
}

/** Everything the chain-of-partials table shows, for one layer and one sequence. */
export function chainOfPartials(w: RecurrentWeights, x: ArrayLike<number>, timesteps: number, inputDim: number, topK = 3, shouldStop?: () => boolean): ChainOfPartials {
  const steps = stepJacobians(w, x, timesteps, inputDim, shouldStop);
  const stepSingularValues = steps.map(s => singularValues(s.jacobian).slice(0, topK));
  // Product from the end: P_t = J_T · … · J_{t+1}; P_{T−1} = J_T.
  const productNorm = new Array<number>(timesteps);
  let product = identity(stateSize(w));
  for (let t = timesteps - 1; t >= 0; t--) {
    if (shouldStop?.()) throw new Error('interrupted');
    product = matmul(product, steps[t].jacobian);
    productNorm[t] = spectralNormChecked(product);
  }
  const block = recurrentBlock(w);
  return {
    kind: w.kind,
    state: w.kind === 'LSTM' ? 'h,c' : 'h',
    stepFrobenius: steps.map(s => frobeniusNorm(s.jacobian)),
    stepSpectral: stepSingularValues.map(v => v[0]),
    stepSingularValues,
    productNorm,
    spectralRadius: spectralRadius(block),
    sigmaMax: spectralNorm(block),
    kernelSigmaMax: spectralNorm(matrix(w.units, gatesOf(w.kind) * w.units, w.recurrentKernel)),
  };
}

/** Layers wider than this are left out of the per-epoch record: the QR eigenvalues are O(H³)
 *  (measured on a shared 2-core machine: 3–8 ms at H = 64, 25–70 ms at 128, 0.2–0.3 s at 256),
 *  which would stop being cheap next to an epoch. */
export const SPECTRUM_MAX_UNITS = 128;

/** ρ and σ_max of a recurrent kernel's H × H block (see recurrentBlock), from [H, G·H] values:
 *  the per-epoch record over training. */
export function recurrentSpectrum(kind: RecurrentKind, units: number, recurrentKernel: ArrayLike<number>): { spectralRadius: number; sigmaMax: number } {
  // A run that exploded has NaN or Inf weights: their spectrum is NaN (the QR iteration would not converge).
  for (let i = 0; i < recurrentKernel.length; i++) if (!Number.isFinite(recurrentKernel[i])) return { spectralRadius: NaN, sigmaMax: NaN };
  const block = recurrentBlock({ kind, units, activation: 'tanh', kernel: [], recurrentKernel, bias: null });
  return { spectralRadius: spectralRadius(block), sigmaMax: largestSingularValue(block) };
}
