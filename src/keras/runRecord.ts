// The reproducible run record of one fit, as data: the seeds it drew from, the order its batches
// visited the samples, the provider and ONNX Runtime that ran it, the training graph it ran and
// its settings. The engine fills it once per fit; the training channel carries it; the kernel
// saves it in the fit output's metadata and hands it to cells as history.run_record; the side
// panel lists it; fit(run_record=...) replays it. Pure: it also checks a record read back from a
// notebook or a cell, since both come from outside.
import type { LossSpec, OptimizerConfig } from './compile';

export const RUN_RECORD_VERSION = 1;

/** Where a fit output's metadata keeps the record (a saved notebook carries it). */
export const RUN_RECORD_METADATA_KEY = 'unroll.runRecord';

/** What fit was asked to do. JSON only (null, never undefined): it is saved in notebooks. */
export interface RunSettings {
  epochs: number;
  initialEpoch: number;
  batchSize: number;
  shuffle: boolean;
  /** Rows of x (training and held-out validation rows together). */
  samples: number;
  validationSplit: number;
  /** validation_data was given (its rows are not part of the record). */
  validationData: boolean;
  validationSteps: number | null;
  validationBatchSize: number | null;
  /** With every default filled in: learning rate, betas, clipnorm / clipvalue / global_clipnorm. */
  optimizer: OptimizerConfig;
  loss: LossSpec | LossSpec[];
  lossWeights: number[] | null;
  lowering: 'scan' | 'unrolled';
  /** ONNX Runtime intra-op threads (float sums may depend on how the work is split). */
  intraOpThreads: number;
  dtype: 'float32' | 'float64';
  /** Class names of the callbacks. */
  callbacks: string[];
}

export interface RunRecord {
  version: typeof RUN_RECORD_VERSION;
  seeds: {
    /** Seeded the initial weights (and, from the model's first fit on, the dropout stream). */
    init: number;
    /** Seeded the shuffle order: epoch e's order depends on (shuffle, e) only. */
    shuffle: number;
    /** The dropout stream's xoshiro128** state when the fit started (it carries on across fits). */
    dropout: number[];
  };
  /** The model's state when the fit started. */
  start: {
    /** The weights were the seed's initial ones and no step had run: a replay can rebuild them. */
    fromSeed: boolean;
    /** Optimizer steps taken before this fit. */
    iterations: number;
    /** SHA-256 (hex) over the weights and optimizer slots, by name. */
    state: string;
  };
  /** SHA-256 (hex) over the sample indices in the order the training steps used them, epoch by epoch. */
  dataOrder: string;
  /** Training steps run. */
  steps: number;
  /** The execution provider that ran the training step (after any fallback). */
  provider: string;
  runtime: string;
  ortVersion: string;
  /** SHA-256 (hex) of the training step's encoded ONNX model. */
  graph: string;
  settings: RunSettings;
}

/** The first 12 hex digits: enough to tell runs apart at a glance. */
export function shortHash(hex: string): string {
  return hex.slice(0, 12);
}

// ------------------------------------------------------------------ reading a record back

type Json = unknown;

class RecordShapeError extends Error {}

function at(v: Json, key: string, where: string): Json {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new RecordShapeError(`${where} must be a dict`);
  if (!(key in v)) throw new RecordShapeError(`${where} has no '${key}'`);
  return (v as Record<string, Json>)[key];
}

function int(v: Json, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new RecordShapeError(`${where} must be an int, got ${JSON.stringify(v)}`);
  return v;
}

function num(v: Json, where: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RecordShapeError(`${where} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function str(v: Json, where: string): string {
  if (typeof v !== 'string') throw new RecordShapeError(`${where} must be a str, got ${JSON.stringify(v)}`);
  return v;
}

function bool(v: Json, where: string): boolean {
  if (typeof v !== 'boolean') throw new RecordShapeError(`${where} must be a bool, got ${JSON.stringify(v)}`);
  return v;
}

function hex(v: Json, where: string): string {
  const s = str(v, where);
  if (!/^[0-9a-f]{64}$/.test(s)) throw new RecordShapeError(`${where} must be a SHA-256 in hex (64 digits), got ${JSON.stringify(s)}`);
  return s;
}

const optionalInt = (v: Json, where: string): number | null => (v === null || v === undefined ? null : int(v, where));

function lossSpec(v: Json, where: string): LossSpec {
  if (typeof v === 'string') return v;
  const name = str(at(v, 'name', where), `${where}['name']`);
  const fromLogits = (v as Record<string, Json>).from_logits;
  return fromLogits === undefined ? { name } : { name, from_logits: bool(fromLogits, `${where}['from_logits']`) };
}

function optimizer(v: Json, where: string): OptimizerConfig {
  const name = str(at(v, 'name', where), `${where}['name']`);
  if (!['sgd', 'adam', 'rmsprop', 'adagrad'].includes(name)) throw new RecordShapeError(`${where}['name'] must be sgd, adam, rmsprop or adagrad, got '${name}'`);
  const out: Record<string, Json> = { name };
  for (const [k, x] of Object.entries(v as Record<string, Json>)) {
    if (k === 'name' || x === null || x === undefined) continue;
    out[k] = k === 'nesterov' ? bool(x, `${where}['${k}']`) : num(x, `${where}['${k}']`);
  }
  return out as unknown as OptimizerConfig;
}

function settings(v: Json, w: string): RunSettings {
  const f = (key: string) => at(v, key, w);
  const k = (key: string) => `${w}['${key}']`;
  const loss = f('loss');
  const lossWeights = f('lossWeights');
  const lowering = str(f('lowering'), k('lowering'));
  if (lowering !== 'scan' && lowering !== 'unrolled') throw new RecordShapeError(`${k('lowering')} must be 'scan' or 'unrolled', got '${lowering}'`);
  const dtype = str(f('dtype'), k('dtype'));
  if (dtype !== 'float32' && dtype !== 'float64') throw new RecordShapeError(`${k('dtype')} must be 'float32' or 'float64', got '${dtype}'`);
  const callbacks = f('callbacks');
  if (!Array.isArray(callbacks)) throw new RecordShapeError(`${k('callbacks')} must be a list`);
  return {
    epochs: int(f('epochs'), k('epochs')),
    initialEpoch: int(f('initialEpoch'), k('initialEpoch')),
    batchSize: int(f('batchSize'), k('batchSize')),
    shuffle: bool(f('shuffle'), k('shuffle')),
    samples: int(f('samples'), k('samples')),
    validationSplit: num(f('validationSplit'), k('validationSplit')),
    validationData: bool(f('validationData'), k('validationData')),
    validationSteps: optionalInt(f('validationSteps'), k('validationSteps')),
    validationBatchSize: optionalInt(f('validationBatchSize'), k('validationBatchSize')),
    optimizer: optimizer(f('optimizer'), k('optimizer')),
    loss: Array.isArray(loss) ? loss.map((l, i) => lossSpec(l, `${k('loss')}[${i}]`)) : lossSpec(loss, k('loss')),
    lossWeights: lossWeights === null || lossWeights === undefined ? null : (Array.isArray(lossWeights) ? lossWeights.map((x, i) => num(x, `${k('lossWeights')}[${i}]`)) : [num(lossWeights, k('lossWeights'))]),
    lowering,
    intraOpThreads: int(f('intraOpThreads'), k('intraOpThreads')),
    dtype,
    callbacks: callbacks.map((c, i) => str(c, `${k('callbacks')}[${i}]`)),
  };
}

/**
 * A record read back from JSON (a notebook's output metadata, a dict in a cell), checked field by
 * field; `where` names it in errors ("run_record"). Throws an Error naming the first bad field.
 */
export function runRecordFromJson(v: Json, where: string): RunRecord {
  const version = at(v, 'version', where);
  if (version !== RUN_RECORD_VERSION) throw new RecordShapeError(`${where}['version'] is ${JSON.stringify(version)}; this Unroll reads run records of version ${RUN_RECORD_VERSION}`);
  const seeds = at(v, 'seeds', where);
  const start = at(v, 'start', where);
  const s = `${where}['seeds']`;
  const dropout = at(seeds, 'dropout', s);
  if (!Array.isArray(dropout) || dropout.length !== 4) throw new RecordShapeError(`${s}['dropout'] must be a list of 4 ints (a xoshiro128** state)`);
  const st = `${where}['start']`;
  return {
    version: RUN_RECORD_VERSION,
    seeds: {
      init: int(at(seeds, 'init', s), `${s}['init']`),
      shuffle: int(at(seeds, 'shuffle', s), `${s}['shuffle']`),
      dropout: dropout.map((d, i) => {
        const w = int(d, `${s}['dropout'][${i}]`);
        if (w < 0 || w > 0xffffffff) throw new RecordShapeError(`${s}['dropout'][${i}] must be a 32-bit unsigned int, got ${w}`);
        return w;
      }),
    },
    start: {
      fromSeed: bool(at(start, 'fromSeed', st), `${st}['fromSeed']`),
      iterations: int(at(start, 'iterations', st), `${st}['iterations']`),
      state: hex(at(start, 'state', st), `${st}['state']`),
    },
    dataOrder: hex(at(v, 'dataOrder', where), `${where}['dataOrder']`),
    steps: int(at(v, 'steps', where), `${where}['steps']`),
    provider: str(at(v, 'provider', where), `${where}['provider']`),
    runtime: str(at(v, 'runtime', where), `${where}['runtime']`),
    ortVersion: str(at(v, 'ortVersion', where), `${where}['ortVersion']`),
    graph: hex(at(v, 'graph', where), `${where}['graph']`),
    settings: settings(at(v, 'settings', where), `${where}['settings']`),
  };
}

/** True for the errors runRecordFromJson throws (a malformed record, as opposed to a bug). */
export function isRunRecordShapeError(e: unknown): e is Error {
  return e instanceof RecordShapeError;
}
