// Connectivity ‖∂y_T/∂x_t‖ on the gradient channel: fit sends one series per epoch, computed
// on its probe batch, for Sequential and functional models alike, under the model's id.
import * as assert from 'node:assert/strict';
import { toTensor } from '../../../src/kernel/keras/convert';
import type { KerasModel } from '../../../src/kernel/keras/model';
import type { NdArray } from '../../../src/language/host/array';
import type { ConnectivitySeries } from '../../../src/protocol/gradients';
import { TestKernel } from './harness';

const T = 20;

describe('kernel: connectivity after each epoch', function () {
  this.timeout(120_000);
  let kernel: TestKernel;
  beforeEach(() => {
    kernel = new TestKernel();
    kernel.run(`(x, y), _ = datasets.adding(n_train=256, n_test=1, T=${T})`);
  });
  afterEach(async () => kernel.dispose());

  const series = (): ConnectivitySeries[] => kernel.telemetry.flatMap(m => (m.kind === 'connectivity' ? [m.series] : []));
  const modelIds = () => kernel.diagrams().map(d => d.modelId);

  /** The two series a 2-epoch fit sends: T finite values ≥ 0 each, over the 8 probe samples, under the model's id. */
  function checkTwoEpochs(got: ConnectivitySeries[], modelId: string): void {
    assert.equal(got.length, 2, 'one series per epoch');
    for (const s of got) {
      assert.equal(s.modelId, modelId);
      assert.equal(s.values.length, T);
      assert.ok(s.values.every(v => Number.isFinite(v) && v >= 0), `finite, ≥ 0: ${s.values}`);
      assert.ok(s.values.some(v => v > 0), 'not all zero');
      assert.equal(s.perSample?.length, 8, 'the first 8 training samples');
    }
    assert.ok(got[1].step > got[0].step, `the training step grows: ${got.map(s => s.step)}`);
  }

  it('a Sequential SimpleRNN sends one series per epoch, T values long', () => {
    kernel.run(`rnn = Sequential([SimpleRNN(16, input_shape=(${T}, 2)), Dense(1)], name='rnn')
rnn.compile(loss='mse', optimizer='adam')
rnn.fit(x, y, epochs=2, batch_size=32, verbose=0)`);
    checkTwoEpochs(series(), modelIds()[0]);
  });

  it("answers an explicit request on the samples given, as the last epoch's series had them", () => {
    kernel.run(`rnn = Sequential([SimpleRNN(16, input_shape=(${T}, 2)), Dense(1)], name='rnn')
rnn.compile(loss='mse', optimizer='adam')
rnn.fit(x, y, epochs=2, batch_size=32, verbose=0)
first3 = x[:3]`);
    const model = kernel.session.get('rnn') as KerasModel;
    const x = toTensor(kernel.session.get('first3') as NdArray, 'float');
    const asked = kernel.engine.request<ConnectivitySeries>({ op: 'connectivity', model: model.spec(model.requireInput()), x });
    const epoch = series()[1];
    assert.equal(asked.modelId, epoch.modelId);
    const [got, had] = [asked.perSample ?? [], epoch.perSample ?? []];
    assert.equal(got.length, 3);
    got.forEach((row, b) => row.forEach((v, t) => {
      const want = had[b][t];
      assert.ok(Math.abs(v - want) <= 1e-5 * Math.abs(want) + 1e-9, `sample ${b}, t = ${t}: ${v} vs ${want}`);
    }));
  });

  it('a functional LSTM model sends it too', () => {
    kernel.run(`inp = Input(shape=(${T}, 2))
out = Dense(1)(LSTM(8)(inp))
lstm = Model(inp, out)
lstm.compile(loss='mse', optimizer='adam')
lstm.fit(x, y, epochs=2, batch_size=32, verbose=0)`);
    checkTwoEpochs(series(), modelIds()[0]);
  });

  it('a model without a time axis trains and sends none', () => {
    kernel.run(`flat = Sequential([Input(shape=(2,)), Dense(1)])
flat.compile(loss='mse', optimizer='adam')
flat.fit(x[:, 0, :], y, epochs=2, batch_size=32, verbose=0)`);
    assert.equal(series().length, 0);
    assert.equal(kernel.diagrams().length, 1, 'the fit ran');
  });
});
