// show_graph / show_heatmap: the request a cell sends names the model by the same id as the
// diagram its training sends, so the host opens the panel on that model and not another.
import * as assert from 'node:assert/strict';
import { PANEL_REQUEST_MIME, panelRequests } from '../../../src/protocol/gradients/outputs';
import { TestKernel, plain } from './harness';

describe('kernel: show_graph and show_heatmap', function () {
  this.timeout(120_000);
  let kernel: TestKernel;
  beforeEach(() => { kernel = new TestKernel(); });
  afterEach(async () => kernel.dispose());

  const diagramIds = () => kernel.diagrams().map(d => d.modelId);

  it('asks for the panel of the model given, by the id of the diagram its fit sent', () => {
    kernel.run(`(x, y), _ = datasets.parity(n_train=64, n_test=8, T=5)
first = Sequential([SimpleRNN(4, input_shape=(5, 1)), Dense(1, activation='sigmoid')], name='first')
first.compile(loss='binary_crossentropy', optimizer='adam')
first.fit(x, y, epochs=1, batch_size=32, verbose=0)
second = Sequential([LSTM(4, input_shape=(5, 1)), Dense(1, activation='sigmoid')], name='second')
second.compile(loss='binary_crossentropy', optimizer='adam')
second.fit(x, y, epochs=1, batch_size=32, verbose=0)`);
    const [firstId, secondId] = diagramIds();
    assert.ok(firstId && secondId && firstId !== secondId, `two diagrams: ${diagramIds()}`);
    kernel.shown = [];
    kernel.run('show_heatmap(first)\nshow_graph(second)');
    const requests = kernel.shown.flatMap(s => panelRequests(s.items));
    assert.deepEqual(requests, [
      { command: 'unroll.showGradientHeatmap', modelId: firstId },
      { command: 'unroll.showUnrolledGraph', modelId: secondId },
    ]);
    assert.match(plain(kernel.shown[0]), /Gradient Heatmap of first/);
    assert.ok(kernel.shown.every(s => s.items.some(i => i.mime === PANEL_REQUEST_MIME) && s.items.some(i => i.mime === 'text/plain')));
  });

  it('refuses anything but a model', () => {
    const error = kernel.fails("show_heatmap('model')");
    assert.match(error.message, /show_heatmap\(\) argument 'model' must be Sequential or Model, not str/);
  });
});
