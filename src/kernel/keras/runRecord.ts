// fit's run record in cells: history.run_record as a dict, fit(run_record=...) reading one back
// (a dict from a History or pasted from a saved output), and the small output that shows it and
// carries it, whole, in its metadata so the notebook saves it.
import { NdArray, PyDict, PyException, PyList, PyTuple, Value, repr } from '../../language';
import type { BoundArgs } from '../../language';
import { RUN_RECORD_METADATA_KEY, RunRecord, isRunRecordShapeError, runRecordFromJson } from '../../keras/runRecord';
import { MODEL_BASE } from '../../keras/models';
import type { RichItem } from '../../protocol/renderer';
import { runRecordLine, runSettingsLine } from '../../protocol/runRecord';
import { jsonToPy } from './files';

/** A cell value as JSON: dicts, lists and tuples, numbers (ints as numbers), str, bool, None. */
function pyToJson(v: Value, where: string): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof PyList || v instanceof PyTuple) return v.items.map((x, i) => pyToJson(x, `${where}[${i}]`));
  if (v instanceof NdArray) return Array.from(v.data);
  if (v instanceof PyDict) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v.entries()) {
      if (typeof k !== 'string') throw new PyException('TypeError', `${where}: keys must be str, got ${repr(k)}`);
      out[k] = pyToJson(x, `${where}['${k}']`);
    }
    return out;
  }
  throw new PyException('TypeError', `${where}: a run record holds dicts, lists, numbers, str and bool only`);
}

/** history.run_record: the record as a dict (ints as ints). */
export function runRecordValue(record: RunRecord | undefined): Value {
  return record ? jsonToPy(record) : null;
}

/** The record fit(run_record=...) was given, checked field by field. */
function recordFromValue(v: Value): RunRecord {
  try {
    return runRecordFromJson(pyToJson(v, 'run_record'), 'run_record');
  } catch (e) {
    if (isRunRecordShapeError(e)) throw new PyException('ValueError', `${e.message} (pass history.run_record, or the dict a fit output saved)`);
    throw e;
  }
}

/** fit's arguments the record fixes, with the record's value of each. */
const FIXED: { arg: string; value: (r: RunRecord) => unknown }[] = [
  { arg: 'epochs', value: r => r.settings.epochs },
  { arg: 'batch_size', value: r => r.settings.batchSize },
  { arg: 'shuffle', value: r => r.settings.shuffle },
  { arg: 'initial_epoch', value: r => r.settings.initialEpoch },
  { arg: 'validation_split', value: r => r.settings.validationSplit },
  { arg: 'validation_steps', value: r => r.settings.validationSteps },
  { arg: 'validation_batch_size', value: r => r.settings.validationBatchSize },
];

/**
 * The record of fit(run_record=...), or undefined without one. An argument the record fixes may
 * be left out (its default) or repeat the record's value; another value is an error naming both,
 * as is validation_data given to a fit recorded without it, or missing from one recorded with it.
 */
export function replayRecord(a: BoundArgs): RunRecord | undefined {
  if (a.run_record === null || a.run_record === undefined) return undefined;
  const record = recordFromValue(a.run_record);
  const params = MODEL_BASE.methods!.fit.params;
  for (const { arg, value } of FIXED) {
    const given = a[arg];
    const declared = params.find(p => p.name === arg)?.default;
    const asNumber = (x: unknown) => (typeof x === 'bigint' ? Number(x) : x);
    if (asNumber(given) === asNumber(declared) || asNumber(given) === value(record)) continue;
    throw new PyException('ValueError', `fit(run_record=...): ${arg}=${String(asNumber(given))} differs from the record's ${arg}=${JSON.stringify(value(record))}; leave it out to use the record's`);
  }
  const hasValidationData = a.validation_data !== null && a.validation_data !== undefined;
  if (record.settings.validationData && !hasValidationData) throw new PyException('ValueError', 'fit(run_record=...): the recorded fit validated on validation_data; pass the same validation_data again');
  if (!record.settings.validationData && hasValidationData) throw new PyException('ValueError', 'fit(run_record=...): the recorded fit had no validation_data; leave it out');
  return record;
}

/** The output after a fit: the record in two lines, and whole in the metadata the notebook saves. */
export function runRecordOutput(record: RunRecord): { items: RichItem[]; metadata: Record<string, unknown> } {
  const text = `Run record: ${runRecordLine(record)}\n  ${runSettingsLine(record.settings)}\n  replay: model.fit(x, y, run_record=history.run_record)`;
  return { items: [{ mime: 'text/plain', data: text }], metadata: { [RUN_RECORD_METADATA_KEY]: record } };
}
