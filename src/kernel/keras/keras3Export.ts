// The Keras 3 export of a notebook the kernel has run: the translated script and notebook
// (language/export/keras3.ts), unroll_data.py beside them, and the files that loader reads:
// every data set the kernel loaded (as .npy, with its vocabularies and info as JSON, filed under
// the loader's name and arguments) and each trained model's weights as a .unroll.json.
// keras3ExportOfSession takes what it needs from a kernel session that has run the cells and
// returns the files (nothing written); writeKeras3Export writes them into the workspace: what the
// kernel worker does for the 'exportKeras3' request (the CLI's `unroll export --to keras3`, a
// host command). The cells come from the caller, not from the kernel: the export keeps the
// notebook's markdown and its order, which the kernel never sees.
import type { DataArray } from '../../engine/data/datasets';
import { npyBytes } from '../../engine/export/npy';
import { NotebookCellText, translateToKeras3 } from '../../language/export/keras3';
import { datasetCallKey, keras3LoaderModule } from '../../language/export/keras3Loader';
import * as path from 'node:path';
import { KernelSession, PyException } from '../../language';
import { DatasetsModule, LoadedDataset } from './datasets';
import { KerasModel } from './model';
import { savedModelText } from './persist';
import { writeWorkspaceFile } from './workspace';

interface Keras3ExportInput {
  cells: readonly NotebookCellText[];
  /** 'train' gives train.py, train.ipynb, train_data/ (and unroll_data.py beside them). */
  stem: string;
  /** The data sets the kernel loaded (DatasetsModule.loaded), in load order. */
  datasets: readonly LoadedDataset[];
  /** Model variables of the notebook's globals whose weights go with the export. */
  models: ReadonlyMap<string, KerasModel>;
  notebookName?: string;
}

export interface Keras3Export {
  files: { name: string; bytes: Uint8Array }[];
  /** What was changed or left out (from the translation). */
  notes: string[];
}

const utf8 = (text: string) => new TextEncoder().encode(text);

function npy(a: DataArray): Uint8Array {
  return npyBytes({ dtype: a.dtype === 'float32' ? 'float32' : 'int64', shape: a.shape, data: a.data });
}

/** The data sets as manifest.json plus .npy files (names relative to the data folder). */
function datasetFiles(loaded: readonly LoadedDataset[]): { name: string; bytes: Uint8Array }[] {
  const files: { name: string; bytes: Uint8Array }[] = [];
  const manifest: Record<string, unknown> = {};
  loaded.forEach(({ name, args, dataset: d }, k) => {
    const key = datasetCallKey(name, args);
    if (key in manifest) return; // the same call loads the same (seeded) data
    const file = (part: string, a: DataArray) => {
      const f = `${name}_${k}.${part}.npy`;
      files.push({ name: f, bytes: npy(a) });
      return f;
    };
    const split = (which: 'train' | 'test') => {
      const multi = d.multiInputs?.[which];
      return { x: multi ? multi.map((a, i) => file(`x_${which}_${i}`, a)) : file(`x_${which}`, d[which][0]), y: file(`y_${which}`, d[which][1]) };
    };
    const attributes: Record<string, unknown> = { info: d.info };
    if (d.vocabulary) Object.assign(attributes, { word_index: d.vocabulary.wordIndex, vocab_size: d.vocabulary.size, tokens: d.vocabulary.tokens ?? null });
    if (d.targetVocabulary) Object.assign(attributes, { target_word_index: d.targetVocabulary.wordIndex, target_vocab_size: d.targetVocabulary.size, target_tokens: d.targetVocabulary.tokens ?? null });
    if (d.characters !== undefined) attributes.chars = d.characters;
    if (d.notes) attributes.notes = d.notes;
    manifest[key] = { train: split('train'), test: split('test'), series: d.series ? file('series', d.series) : null, attributes };
  });
  files.push({ name: 'manifest.json', bytes: utf8(JSON.stringify(manifest, null, 1)) });
  return files;
}

function keras3Export(input: Keras3ExportInput): Keras3Export {
  const dataDir = `${input.stem}_data`;
  const weights: Record<string, string> = {};
  const weightFiles: { name: string; bytes: Uint8Array }[] = [];
  for (const [variable, model] of input.models) {
    if (!model.inputSpec()) continue; // never built: nothing trained to carry over
    const name = `${dataDir}/${variable}.unroll.json`;
    weights[variable] = name;
    weightFiles.push({ name, bytes: utf8(savedModelText(model)) });
  }
  const t = translateToKeras3(input.cells, { weights, notebookName: input.notebookName });
  return {
    files: [
      { name: `${input.stem}.py`, bytes: utf8(t.python) },
      { name: `${input.stem}.ipynb`, bytes: utf8(t.notebook) },
      { name: 'unroll_data.py', bytes: utf8(keras3LoaderModule(dataDir)) },
      ...datasetFiles(input.datasets).map(f => ({ name: `${dataDir}/${f.name}`, bytes: f.bytes })),
      ...weightFiles,
    ],
    notes: t.notes,
  };
}

/** The export of `cells` after `session` has run them: its data sets and its model globals. */
export function keras3ExportOfSession(session: KernelSession, cells: readonly NotebookCellText[], stem: string, notebookName?: string): Keras3Export {
  const datasets = session.get('datasets');
  const models = new Map<string, KerasModel>();
  for (const name of session.globalTypes().keys()) {
    const value = session.get(name);
    if (value instanceof KerasModel) models.set(name, value);
  }
  return keras3Export({ cells, stem, datasets: datasets instanceof DatasetsModule ? datasets.loaded : [], models, notebookName });
}

/** Writes the export of `cells` as `file` (a .py inside the workspace) and the files beside it; returns a report. */
export function writeKeras3Export(session: KernelSession, workspaceRoot: string | undefined, file: string, cells: readonly NotebookCellText[], notebookName?: string): string {
  const posix = file.replace(/\\/g, '/');
  if (!posix.endsWith('.py')) throw new PyException('ValueError', `the Keras 3 export writes a Python script: give a name ending in .py, not '${file}'`);
  const dir = path.posix.dirname(posix);
  const exported = keras3ExportOfSession(session, cells, path.posix.basename(posix, '.py'), notebookName);
  const names = exported.files.map(f => (dir === '.' ? f.name : `${dir}/${f.name}`));
  exported.files.forEach((f, i) => writeWorkspaceFile(workspaceRoot, names[i], f.bytes));
  const data = names.filter(n => n.includes('_data/')).length;
  return [
    `Wrote ${names.slice(0, 3).join(', ')} and ${data} data and weight files beside them.`,
    'Keras 3 cannot run here: run it where Keras 3 and a backend are installed (pip install keras tensorflow).',
    ...exported.notes.map(n => `  ${n}`),
    '',
  ].join('\n');
}
