// The run record (keras/runRecord.ts) as people read it: one line for the fit output, and the
// side panel's compact summary. Pure: no vscode, no Node-only API.
import type { RunRecord, RunSettings } from '../keras/runRecord';

/** The first 12 hex digits: enough to tell runs apart at a glance. */
const short = (hex: string) => hex.slice(0, 12);

/** One line for people: "seed 42 · shuffle 7 · cpu · onnxruntime 1.30.0 · graph 3fa2c1d0e4b5 · data 9bc1e2f4a0d1". */
export function runRecordLine(r: RunRecord): string {
  return `seed ${r.seeds.init} · shuffle ${r.seeds.shuffle} · ${r.provider} · ${r.runtime} ${r.ortVersion} · graph ${short(r.graph)} · data ${short(r.dataOrder)}`;
}

/** "epochs 3 · batch 32 · adam(lr 0.001, clipnorm 1) · mse · scan · float32 · 2 threads". */
export function runSettingsLine(s: RunSettings): string {
  const { name, learning_rate, ...rest } = s.optimizer;
  const clip = (['clipnorm', 'clipvalue', 'global_clipnorm'] as const).filter(k => rest[k] !== undefined && rest[k] !== null).map(k => `, ${k} ${rest[k]}`).join('');
  const loss = (Array.isArray(s.loss) ? s.loss : [s.loss]).map(l => (typeof l === 'string' ? l : l.name)).join('+');
  const validation = s.validationData ? ' · validation_data' : s.validationSplit ? ` · validation_split ${s.validationSplit}` : '';
  return `epochs ${s.epochs} · batch ${s.batchSize}${s.shuffle ? ' · shuffled' : ''}${validation} · ${name}(lr ${learning_rate ?? '?'}${clip}) · ${loss} · ${s.lowering} · ${s.dtype} · ${s.intraOpThreads} thread${s.intraOpThreads === 1 ? '' : 's'}`;
}

/** What the side panel shows of a model's last fit. */
export interface RunRecordSummary {
  seed: number;
  shuffle: number;
  provider: string;
  /** "onnxruntime-node 1.30.0" */
  runtime: string;
  /** Short hashes; the full ones are in the fit output's metadata and history.run_record. */
  graph: string;
  dataOrder: string;
  steps: number;
  /** runSettingsLine */
  settings: string;
}

export function runRecordSummary(r: RunRecord): RunRecordSummary {
  return {
    seed: r.seeds.init, shuffle: r.seeds.shuffle, provider: r.provider, runtime: `${r.runtime} ${r.ortVersion}`,
    graph: short(r.graph), dataOrder: short(r.dataOrder), steps: r.steps, settings: runSettingsLine(r.settings),
  };
}
