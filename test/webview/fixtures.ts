// Models built with the engine's own layer classes, turned into diagrams the way the kernel
// will, and synthetic gradient frames with a known shape (vanishing towards early steps).
import { Bidirectional, Dense, Embedding, GRU, LSTM, RepeatVector, resetNames, Sequential, SimpleRNN, TimeDistributed } from '../../src/engine/layers';
import { diagramFromSequential, GradientFrame, ModelDiagram } from '../../src/protocol/gradients';

export function seedSimpleRNN(): ModelDiagram {
  resetNames();
  const m = new Sequential('SimpleRNN')
    .add(new Embedding(10000, 32, { mask_zero: true, input_length: 6 }))
    .add(new SimpleRNN(100))
    .add(new Dense(1, { activation: 'sigmoid' }));
  return diagramFromSequential(m, { shape: [6], dtype: 'int64' }, { modelId: 'm1' });
}

export function stackedLSTM(T = 500): ModelDiagram {
  resetNames();
  const m = new Sequential('tagger')
    .add(new LSTM(64, { return_sequences: true }))
    .add(new LSTM(64, { return_sequences: true }))
    .add(new TimeDistributed(new Dense(12, { activation: 'softmax' })));
  return diagramFromSequential(m, { shape: [T, 8], dtype: 'float' }, { modelId: 'm2' });
}

export function bidirectionalGRU(): ModelDiagram {
  resetNames();
  const m = new Sequential('bidi')
    .add(new Bidirectional(new GRU(32, { return_sequences: true })))
    .add(new TimeDistributed(new Dense(5, { activation: 'softmax' })));
  return diagramFromSequential(m, { shape: [5, 16], dtype: 'float' }, { modelId: 'm3' });
}

export function encoderDecoder(): ModelDiagram {
  resetNames();
  const m = new Sequential('seq2seq')
    .add(new LSTM(48))
    .add(new RepeatVector(4))
    .add(new LSTM(48, { return_sequences: true }))
    .add(new TimeDistributed(new Dense(20, { activation: 'softmax' })));
  return diagramFromSequential(m, { shape: [6, 20], dtype: 'float' }, { modelId: 'm4' });
}

export function oneToMany(): ModelDiagram {
  resetNames();
  const m = new Sequential('melody')
    .add(new RepeatVector(6))
    .add(new GRU(64, { return_sequences: true }))
    .add(new TimeDistributed(new Dense(88, { activation: 'softmax' })));
  return diagramFromSequential(m, { shape: [88], dtype: 'float' }, { modelId: 'm5' });
}

/** ‖dL/dh_t‖ of step s: decays from the loss end back to t = 0 by `decades`, plus a slow drift over training. */
export function dhSeries(T: number, s: number, decades = 4, backward = false): number[] {
  return Array.from({ length: T }, (_, t) => {
    const u = backward ? (T - 1 - t) / Math.max(1, T - 1) : t / Math.max(1, T - 1);
    return 10 ** (-decades * (1 - u) - 1 + 0.3 * Math.sin(s / 37));
  });
}

export function frameFor(d: ModelDiagram, s: number, T: number): GradientFrame {
  const dh: Record<string, number[]> = {};
  for (const k of d.dhKeys) dh[k] = dhSeries(T, s, 4, k.endsWith('.backward'));
  const gradNorm: Record<string, number> = {};
  Object.values(d.weights).forEach((w, i) => (gradNorm[w.param] = 10 ** (-2 + i * 0.3) * (1 + 0.5 * Math.sin(s / 20 + i))));
  return { modelId: d.modelId, step: s, loss: 2 * Math.exp(-s / 300), dh, gradNorm, globalNorm: 0.5 + 0.2 * Math.sin(s / 10), nonFinite: false };
}
