// model.export_pytorch('train.py'): the model with its current weights, its compile settings and
// the training data (the last fit's unless the cell passes x and y) as a PyTorch training script
// and its files beside it, written inside the workspace (engine/export/pytorch.ts writes them).
import * as path from 'path';
import { exportPyTorch, NotExportable, PyTorchExport } from '../../engine/export/pytorch';
import { BoundArgs, CallContext, PyException, PyList, Value } from '../../language';
import { buildModel } from './config';
import { isNone, toInt, toStr, toTensor } from './convert';
import { currentWeights, KerasModel, LastFit } from './model';
import { labelledData } from './modelRuns';
import { writeWorkspaceFile } from './workspace';

/** The files of a PyTorch export of `model` (nothing written): what a command or the CLI can call too. */
function pytorchExportOf(model: KerasModel, a: BoundArgs, stem: string): PyTorchExport {
  const compile = model.compiled;
  if (!compile) throw new PyException('RuntimeError', `You must compile ${model.name} before export_pytorch: the script trains with its loss and optimizer.`);
  let data: Pick<LastFit, 'x' | 'y' | 'validation'>;
  if (!isNone(a.x) || !isNone(a.y)) {
    if (isNone(a.x) || isNone(a.y)) throw new PyException('ValueError', 'export_pytorch: pass both x and y, or neither (then the last fit\'s data is exported)');
    const d = labelledData(model, a, compile);
    data = { x: d.x.map((t, k) => toTensor(t, d.inputs[k].dtype)), y: d.y.map((t, k) => toTensor(t, d.targets[k].dtype)) };
  } else if (model.lastFit) data = model.lastFit;
  else throw new PyException('ValueError', `export_pytorch: ${model.name} has no training data yet: call fit first, or pass x= and y=`);
  const last = model.lastFit;
  const input = model.requireInput();
  const weights = currentWeights(model);
  try {
    return exportPyTorch({
      model: buildModel(model.config()),
      input,
      compile,
      weights: new Map(Object.entries(weights).map(([k, v]) => [k, v.data])),
      x: data.x,
      y: data.y,
      validation: data.validation,
      fit: {
        epochs: isNone(a.epochs) ? last?.epochs ?? 1 : toInt(a.epochs, 'epochs'),
        batchSize: isNone(a.batch_size) ? last?.batchSize ?? 32 : toInt(a.batch_size, 'batch_size'),
        shuffle: last?.shuffle ?? true,
        seed: last?.seed ?? 0,
        validationSplit: last?.validationSplit ?? 0,
      },
      stem,
    });
  } catch (e) {
    if (e instanceof NotExportable) throw new PyException('ValueError', `cannot export ${model.name} to PyTorch: ${e.message}`);
    throw e;
  }
}

/** model.export_pytorch(filepath, x=None, y=None, epochs=None, batch_size=None): the names of the files written. */
export function exportModelToPyTorch(model: KerasModel, a: BoundArgs, ctx: CallContext): Value {
  const file = toStr(a.filepath, 'filepath');
  if (!file.endsWith('.py')) throw new PyException('ValueError', `export_pytorch writes a Python script: give a name ending in .py, not '${file}'`);
  const dir = path.posix.dirname(file.replace(/\\/g, '/'));
  const exported = pytorchExportOf(model, a, path.posix.basename(file, '.py'));
  const names = exported.files.map((f) => (dir === '.' ? f.name : `${dir}/${f.name}`));
  exported.files.forEach((f, i) => writeWorkspaceFile(model.context.workspaceRoot, names[i], f.bytes));
  ctx.write(`Wrote ${names.join(', ')}.\nTrain with: python3 ${names[0]}   or, on N GPUs: torchrun --nproc_per_node=N ${names[0]}\n`);
  return new PyList(names);
}
