// The rich outputs the notebook renderer draws, read from an output item. The item may come
// from a notebook file anyone wrote (.rnnb or .ipynb: VS Code's Jupyter reader hands its
// outputs to this renderer by mime type), so its JSON is checked against the shape of its
// mime before a view touches it; damaged data becomes a short message in the output, never an
// exception in the renderer. Pure: no vscode, no Node-only API.
import { decodeJson } from './gradients/codec';
import { GRADIENT_MAP_MIME, MELODY_MIME, SUMMARY_MIME, TEXT_MIME, TRAINING_MIME } from './renderer';
import type { GeneratedTextData, GradientMapData, MelodyData, SummaryData, TrainingData } from './renderer';

export type RichOutput =
  | { mime: typeof SUMMARY_MIME; data: SummaryData }
  | { mime: typeof TRAINING_MIME; data: TrainingData }
  | { mime: typeof GRADIENT_MAP_MIME; data: GradientMapData }
  | { mime: typeof TEXT_MIME; data: GeneratedTextData }
  | { mime: typeof MELODY_MIME; data: MelodyData };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
/** Any number, NaN and ±Inf included (the codec restores them; older saves have them as strings, or null); the views read each with Number(). */
const isNumeric = (v: unknown) => typeof v === 'number' || v === null || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isArrayOf = (v: unknown, item: (x: unknown) => boolean, max = 1_000_000): v is unknown[] => Array.isArray(v) && v.length <= max && v.every(x => item(x));

/** Why `data` is not of its mime's shape, or undefined when it is. */
function problemOf(mime: string, d: Record<string, unknown>): string | undefined {
  switch (mime) {
    case SUMMARY_MIME:
      if (!isString(d.title)) return '"title" is not text';
      if (!isArrayOf(d.rows, r => isRecord(r) && isString(r.layer) && isString(r.type) && isString(r.outputShape) && (r.params === null || isCount(r.params)))) return '"rows" are not layer rows';
      return ['totalParams', 'trainableParams', 'nonTrainableParams'].find(k => !isCount(d[k])) && 'the parameter counts are not counts';
    case TRAINING_MIME:
      if (!isString(d.run) || !isString(d.model)) return '"run" or "model" is not text';
      if (!['epochs', 'batchesPerEpoch', 'epoch', 'batch'].every(k => isCount(d[k]))) return 'the epoch and batch counts are not counts';
      if (!isArrayOf(d.names, isString, 1000)) return '"names" is not a list of series names';
      if (!isArrayOf(d.steps, s => isRecord(s) && isNumeric(s.x) && isArrayOf(s.values, isNumeric, 1000))) return '"steps" are not steps';
      if (!isArrayOf(d.epochLogs, e => isRecord(e) && isCount(e.epoch) && isRecord(e.logs) && Object.values(e.logs).every(isNumeric))) return '"epochLogs" are not epoch logs';
      if (!isNumeric(d.stepsPerSec) || !isNumeric(d.etaSec)) return 'the speed is not a number';
      if (!['running', 'done', 'stopped', 'interrupted'].includes(d.status as string)) return '"status" is not a training status';
      return d.stoppedBy === undefined || isString(d.stoppedBy) ? undefined : '"stoppedBy" is not text';
    case GRADIENT_MAP_MIME:
      if (!isString(d.modelId)) return '"modelId" is not text';
      if (!isArrayOf(d.steps, isNumeric)) return '"steps" are not numbers';
      return isArrayOf(d.series, s => isRecord(s) && isString(s.key) && isArrayOf(s.columns, c => isArrayOf(c, isNumeric, 100_000), 10_000), 1000)
        ? undefined : '"series" are not columns of numbers';
    case TEXT_MIME:
      if (!isString(d.seed) || !isString(d.generated)) return '"seed" or "generated" is not text';
      return isNumeric(d.temperature) ? undefined : '"temperature" is not a number';
    case MELODY_MIME:
      if (!isFiniteNumber(d.tempo) || d.tempo <= 0 || d.tempo > 1000) return '"tempo" is not a tempo in beats per minute (above 0, at most 1000)';
      if (d.temperature !== undefined && !isNumeric(d.temperature)) return '"temperature" is not a number';
      return isArrayOf(d.notes, n => isRecord(n) && isCount(n.midi) && (n.midi as number) <= 127 && isFiniteNumber(n.start) && n.start >= 0
        && isFiniteNumber(n.beats) && n.beats > 0 && (n.seed === undefined || typeof n.seed === 'boolean'), 100_000)
        ? undefined : '"notes" are not notes (MIDI 0–127, start from 0, length above 0)';
    default:
      return `no view for ${mime}`;
  }
}

/** The output item's data checked against its mime's shape, or why it cannot be drawn. Never throws. */
export function readRichOutput(mime: string, text: string): RichOutput | { error: string } {
  let data: unknown;
  try {
    data = decodeJson<unknown>(text);
  } catch (e) {
    return { error: `${mime}: not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!isRecord(data)) return { error: `${mime}: not a JSON object` };
  const problem = problemOf(mime, data);
  return problem ? { error: `${mime}: ${problem}` } : { mime, data } as unknown as RichOutput;
}
