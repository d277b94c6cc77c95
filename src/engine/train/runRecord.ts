// The engine's half of the run record (keras/runRecord.ts has the type): SHA-256 of the
// training graph, of the state a fit starts from and of the order its batches used the samples,
// and the checks a replay makes before it trains. Computed once per fit, never per step: the
// order is kept as the epochs' index arrays and hashed when the fit ends.
import type { TensorData } from '../graph/types';
import { RunRecord, RunSettings, shortHash } from '../../keras/runRecord';

export { RUN_RECORD_VERSION, type RunRecord, type RunSettings } from '../../keras/runRecord';

/**
 * SHA-256 (hex) of the parts, one after the other. WebCrypto: the same code in Node's threads and
 * in a browser worker, where the engine also runs.
 */
export async function sha256Hex(parts: readonly ArrayBufferView[]): Promise<string> {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const all = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    all.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), off);
    off += p.byteLength;
  }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', all);
  return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
}

const utf8 = new TextEncoder();

/** The scalars (step count, learning rate), then name, dims and bytes of each tensor by name: the same state always gives the same bytes. */
export function stateBytes(tensors: ReadonlyMap<string, TensorData>, scalars: number[]): ArrayBufferView[] {
  const parts: ArrayBufferView[] = [Float64Array.from(scalars)];
  for (const key of [...tensors.keys()].sort()) {
    const t = tensors.get(key)!;
    parts.push(utf8.encode(`${key}:${t.dtype}:${t.dims.join('x')};`), t.data);
  }
  return parts;
}

/** The sample indices the training steps used, epoch by epoch, hashed when the fit ends. */
export class DataOrder {
  private readonly epochs: { epoch: number; batches: Int32Array[]; ran: number }[] = [];

  /** A new epoch with its planned batches (views of the epoch's order). */
  epoch(epoch: number, batches: Int32Array[]): void {
    this.epochs.push({ epoch, batches, ran: 0 });
  }

  /** One more batch of the current epoch ran. */
  step(): void {
    this.epochs[this.epochs.length - 1].ran++;
  }

  get steps(): number {
    return this.epochs.reduce((n, e) => n + e.ran, 0);
  }

  digest(): Promise<string> {
    const parts: ArrayBufferView[] = [];
    for (const e of this.epochs) {
      parts.push(Int32Array.of(e.epoch, e.ran));
      parts.push(...e.batches.slice(0, e.ran));
    }
    return sha256Hex(parts);
  }
}

/** What the trainer about to replay has and would use, to compare with the record. */
export interface ReplayCandidate {
  graph: string;
  provider: string;
  runtime: string;
  ortVersion: string;
  settings: RunSettings;
}

/** JSON with keys sorted: a record read back from a cell's dict may list them in another order. */
const show = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/**
 * What keeps a replay from giving the recorded losses, each line naming a field, the record's value
 * and this run's. `errors`: the graph, the provider, the samples and every setting fit cannot take
 * from the record (the compile options, dtype, lowering, the callbacks' kinds) — a replay refuses to run. `warnings`: the
 * ONNX Runtime version and the intra-op thread count (the unroll.threads setting), which may change
 * float sums but often do not — a replay runs and says so.
 */
export function replayDifferences(record: RunRecord, now: ReplayCandidate): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  const differ = (into: string[], what: string, was: unknown, is: unknown) => {
    if (show(was) !== show(is)) into.push(`${what}: the record has ${show(was)}, this run has ${show(is)}`);
  };
  const r = record.settings;
  const s = now.settings;
  differ(errors, 'samples (rows of x)', r.samples, s.samples);
  differ(errors, 'optimizer', r.optimizer, s.optimizer);
  differ(errors, 'loss', r.loss, s.loss);
  differ(errors, 'loss_weights', r.lossWeights, s.lossWeights);
  differ(errors, 'dtype', r.dtype, s.dtype);
  differ(errors, 'lowering', r.lowering, s.lowering);
  differ(errors, 'validation_data given', r.validationData, s.validationData);
  differ(errors, 'callbacks', r.callbacks, s.callbacks);
  differ(errors, 'execution provider', record.provider, now.provider);
  if (record.graph !== now.graph) {
    errors.push(`training graph: the record's is ${shortHash(record.graph)}…, this model's is ${shortHash(now.graph)}… (the layers, their names and options, the loss and the optimizer make the graph)`);
  }
  differ(warnings, 'ONNX Runtime', `${record.runtime} ${record.ortVersion}`, `${now.runtime} ${now.ortVersion}`);
  differ(warnings, 'intra-op threads (unroll.threads)', r.intraOpThreads, s.intraOpThreads);
  return { errors, warnings };
}
