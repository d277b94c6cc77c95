// Keras's History, what fit returns: history.history is {'loss': [...], 'accuracy': [...]}.
import { HostClass, HostObject, PyDict, PyList, Value } from '../../language';
import type { FitResult } from '../../protocol/training';
import { runRecordValue } from './runRecord';

const historyClass: HostClass<KerasHistory> = new HostClass<KerasHistory>({
  name: 'History',
  module: 'keras.callbacks',
  doc: 'What fit returns: per-epoch logs in .history, epoch indices in .epoch.',
  attributes: {
    history: { doc: "Per-epoch values by key: {'loss': [...], 'accuracy': [...], 'val_loss': [...]}.", type: 'dict' },
    epoch: { doc: 'The index of each epoch run.', type: 'list' },
    params: { doc: 'epochs and steps of the run.', type: 'dict' },
    run_record: { doc: 'What the fit used: seeds, SHA-256 of its batch order and training graph, provider, ONNX Runtime version, settings. fit(x, y, run_record=...) repeats it.', type: 'dict' },
  },
});

export class KerasHistory extends HostObject {
  readonly hostClass = historyClass;
  constructor(readonly result: FitResult, readonly params: { epochs: number; steps: number }) {
    super();
  }
  historyDict(): PyDict {
    const d = new PyDict();
    for (const [k, v] of Object.entries(this.result.history)) d.set(k, new PyList(v.map(x => x)));
    return d;
  }
  override getAttribute(name: string): Value | undefined {
    if (name === 'history') return this.historyDict();
    if (name === 'run_record') return runRecordValue(this.result.record);
    if (name === 'epoch') return new PyList(this.result.epochs.map(e => BigInt(e)));
    if (name === 'params') {
      const d = new PyDict();
      d.set('epochs', BigInt(this.params.epochs));
      d.set('steps', BigInt(this.params.steps));
      return d;
    }
    return undefined;
  }
  override repr(): string {
    const parts = Object.entries(this.result.history).map(([k, v]) => `${k} ${fmt(v[0])} → ${fmt(v[v.length - 1])}`);
    const stop = this.result.stopReason === 'completed' ? '' : this.result.stopReason === 'callback' ? `, stopped by ${this.result.stoppedBy ?? 'a callback'}` : ', interrupted';
    return `<History: ${this.result.epochs.length} epoch${this.result.epochs.length === 1 ? '' : 's'}${stop}; ${parts.join('; ')}>`;
  }
}

function fmt(x: number | undefined): string {
  return x === undefined ? '-' : Number.isFinite(x) ? x.toFixed(4) : String(x);
}
