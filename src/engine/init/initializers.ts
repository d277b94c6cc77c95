/**
 * Keras 3 initializers (keras.src.initializers), float64, row-major.
 *
 * Each initializer fills a tensor of a given shape. Randomness: an initializer built
 * with a `seed` draws from `new Rng(seed)` on every call, so it returns the same values
 * for the same shape each time (Keras documents the same for seeded initializers);
 * without a seed it draws from the Rng passed to `init` (the model's stream), or a
 * time-seeded one. Distributions match Keras, not its bit streams: Keras' TF/JAX
 * generators are not reproducible in TypeScript.
 */
import { Rng, makeRng } from '../util/rng';
import { computeFans, sizeOf } from './fans';
import { householderQR } from './qr';

export type InitConfig = Record<string, unknown>;

export abstract class Initializer {
  /** The Keras class name, as in `{class_name, config}`. */
  abstract readonly className: string;
  abstract getConfig(): InitConfig;
  /** Values for a tensor of `shape`, row-major. */
  abstract init(shape: readonly number[], rng?: Rng): Float64Array;
  /** Keras serialization: `{class_name, config}`. */
  toJSON(): { class_name: string; config: InitConfig } {
    return { class_name: this.className, config: this.getConfig() };
  }
}

/** Seeded initializers use their own stream; otherwise the caller's (or a fresh one). */
function streamFor(seed: number | null | undefined, rng: Rng | undefined): Rng {
  if (seed !== null && seed !== undefined) return new Rng(seed);
  return rng ?? makeRng();
}

export class Constant extends Initializer {
  readonly className: string = 'Constant';
  constructor(readonly value = 0) {
    super();
    if (!Number.isFinite(value)) throw new Error(`Constant initializer value must be a finite number, got ${value}`);
  }
  getConfig(): InitConfig {
    return { value: this.value };
  }
  init(shape: readonly number[]): Float64Array {
    return new Float64Array(sizeOf(shape)).fill(this.value);
  }
}

export class Zeros extends Constant {
  override readonly className = 'Zeros';
  constructor() {
    super(0);
  }
  override getConfig(): InitConfig {
    return {};
  }
}

export class Ones extends Constant {
  override readonly className = 'Ones';
  constructor() {
    super(1);
  }
  override getConfig(): InitConfig {
    return {};
  }
}

export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  constructor(readonly minval = -0.05, readonly maxval = 0.05, readonly seed: number | null = null) {
    super();
    if (!(maxval > minval)) throw new Error(`RandomUniform needs minval < maxval, got ${minval}, ${maxval}`);
  }
  getConfig(): InitConfig {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
  init(shape: readonly number[], rng?: Rng): Float64Array {
    return streamFor(this.seed, rng).uniformArray(sizeOf(shape), this.minval, this.maxval);
  }
}

export class RandomNormal extends Initializer {
  readonly className = 'RandomNormal';
  constructor(readonly mean = 0, readonly stddev = 0.05, readonly seed: number | null = null) {
    super();
    if (!(stddev >= 0)) throw new Error(`RandomNormal needs stddev >= 0, got ${stddev}`);
  }
  getConfig(): InitConfig {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
  init(shape: readonly number[], rng?: Rng): Float64Array {
    return streamFor(this.seed, rng).normalArray(sizeOf(shape), this.mean, this.stddev);
  }
}

/** Normal(mean, stddev) with samples beyond 2·stddev redrawn (TF semantics). */
export class TruncatedNormal extends Initializer {
  readonly className = 'TruncatedNormal';
  constructor(readonly mean = 0, readonly stddev = 0.05, readonly seed: number | null = null) {
    super();
    if (!(stddev >= 0)) throw new Error(`TruncatedNormal needs stddev >= 0, got ${stddev}`);
  }
  getConfig(): InitConfig {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
  init(shape: readonly number[], rng?: Rng): Float64Array {
    return streamFor(this.seed, rng).truncatedNormalArray(sizeOf(shape), this.mean, this.stddev);
  }
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type VsDistribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

/**
 * std of a standard normal truncated to [−2, 2]; dividing by it makes the truncated
 * draw have the intended variance (Keras: 0.87962566103423978).
 */
const TRUNCATED_NORMAL_STD = 0.87962566103423978;

export class VarianceScaling extends Initializer {
  readonly className: string = 'VarianceScaling';
  readonly distribution: VsDistribution;
  constructor(
    readonly scale = 1.0,
    readonly mode: FanMode = 'fan_in',
    distribution: VsDistribution | 'normal' = 'truncated_normal',
    readonly seed: number | null = null,
  ) {
    super();
    if (!(scale > 0)) throw new Error(`VarianceScaling: scale must be positive, got ${scale}`);
    if (!['fan_in', 'fan_out', 'fan_avg'].includes(mode)) {
      throw new Error(`VarianceScaling: mode must be one of fan_in, fan_out, fan_avg; got '${mode}'`);
    }
    // Keras 2 accepted 'normal' and meant truncated_normal; keep old notebooks working.
    const dist = distribution === 'normal' ? 'truncated_normal' : distribution;
    if (!['truncated_normal', 'untruncated_normal', 'uniform'].includes(dist)) {
      throw new Error(
        `VarianceScaling: distribution must be one of truncated_normal, untruncated_normal, uniform; got '${distribution}'`,
      );
    }
    this.distribution = dist;
  }
  getConfig(): InitConfig {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
  /** The variance target divided by the fan, as Keras computes it (max(1, fan)). */
  scaledVariance(shape: readonly number[]): number {
    const { fanIn, fanOut } = computeFans(shape);
    if (this.mode === 'fan_in') return this.scale / Math.max(1, fanIn);
    if (this.mode === 'fan_out') return this.scale / Math.max(1, fanOut);
    return this.scale / Math.max(1, (fanIn + fanOut) / 2);
  }
  init(shape: readonly number[], rng?: Rng): Float64Array {
    const s = this.scaledVariance(shape);
    const r = streamFor(this.seed, rng);
    const n = sizeOf(shape);
    if (this.distribution === 'truncated_normal') return r.truncatedNormalArray(n, 0, Math.sqrt(s) / TRUNCATED_NORMAL_STD);
    if (this.distribution === 'untruncated_normal') return r.normalArray(n, 0, Math.sqrt(s));
    const limit = Math.sqrt(3 * s);
    return r.uniformArray(n, -limit, limit);
  }
}

/** The named VarianceScaling presets only carry a seed in their config, as in Keras. */
abstract class VarianceScalingPreset extends VarianceScaling {
  override getConfig(): InitConfig {
    return { seed: this.seed };
  }
}
export class GlorotUniform extends VarianceScalingPreset {
  override readonly className = 'GlorotUniform';
  constructor(seed: number | null = null) {
    super(1.0, 'fan_avg', 'uniform', seed);
  }
}
export class GlorotNormal extends VarianceScalingPreset {
  override readonly className = 'GlorotNormal';
  constructor(seed: number | null = null) {
    super(1.0, 'fan_avg', 'truncated_normal', seed);
  }
}
export class LecunUniform extends VarianceScalingPreset {
  override readonly className = 'LecunUniform';
  constructor(seed: number | null = null) {
    super(1.0, 'fan_in', 'uniform', seed);
  }
}
export class LecunNormal extends VarianceScalingPreset {
  override readonly className = 'LecunNormal';
  constructor(seed: number | null = null) {
    super(1.0, 'fan_in', 'truncated_normal', seed);
  }
}
export class HeUniform extends VarianceScalingPreset {
  override readonly className = 'HeUniform';
  constructor(seed: number | null = null) {
    super(2.0, 'fan_in', 'uniform', seed);
  }
}
export class HeNormal extends VarianceScalingPreset {
  override readonly className = 'HeNormal';
  constructor(seed: number | null = null) {
    super(2.0, 'fan_in', 'truncated_normal', seed);
  }
}

/**
 * Keras 3 OrthogonalInitializer: flatten to [rows = prod(shape[:-1]), cols = shape[-1]],
 * draw a normal matrix of shape [max(rows, cols), min(rows, cols)], take its QR,
 * multiply Q's columns by sign(diag(R)) (makes Q uniformly distributed over the
 * orthogonal group, Mezzadri 2007), transpose when rows < cols, scale by gain.
 * So a wide matrix has orthonormal rows and a tall one orthonormal columns.
 */
export class Orthogonal extends Initializer {
  readonly className = 'Orthogonal';
  constructor(readonly gain = 1.0, readonly seed: number | null = null) {
    super();
  }
  getConfig(): InitConfig {
    return { gain: this.gain, seed: this.seed };
  }
  init(shape: readonly number[], rng?: Rng): Float64Array {
    if (shape.length < 2) {
      throw new Error(
        `Orthogonal initializer needs a tensor of rank >= 2, got shape [${shape.join(', ')}]` +
          ' (use it for kernels and recurrent kernels, not biases)',
      );
    }
    let rows = 1;
    for (const d of shape.slice(0, -1)) rows *= d;
    const cols = shape[shape.length - 1];
    const m = Math.max(rows, cols), n = Math.min(rows, cols);
    const a = streamFor(this.seed, rng).normalArray(m * n); // [m, n]
    const { q, rDiag } = householderQR(a, m, n); // q: [m, n]
    for (let j = 0; j < n; j++) {
      const s = Math.sign(rDiag[j]);
      for (let i = 0; i < m; i++) q[i * n + j] *= s;
    }
    const out = new Float64Array(rows * cols); // [rows, cols]
    if (rows < cols) {
      // q: [cols, rows] → transpose into [rows, cols]
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = this.gain * q[j * rows + i];
    } else {
      for (let i = 0; i < out.length; i++) out[i] = this.gain * q[i];
    }
    return out;
  }
}

/** Keras 3 IdentityInitializer: gain · eye(rows, cols); 2-D only (non-square allowed). */
export class Identity extends Initializer {
  readonly className = 'Identity';
  constructor(readonly gain = 1.0) {
    super();
  }
  getConfig(): InitConfig {
    return { gain: this.gain };
  }
  init(shape: readonly number[]): Float64Array {
    if (shape.length !== 2) {
      throw new Error(
        `Identity initializer can only be used for 2-D matrices, got shape [${shape.join(', ')}]`,
      );
    }
    const [r, c] = shape;
    const out = new Float64Array(r * c);
    for (let i = 0; i < Math.min(r, c); i++) out[i * c + i] = this.gain;
    return out;
  }
}
