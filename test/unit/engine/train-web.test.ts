// The same training run on onnxruntime-web (wasm, in Node) and onnxruntime-node: a few Adam steps
// of a small LSTM give the same losses within float32 tolerance, and the same evaluate result.
import * as assert from 'assert';
import { Dense, LSTM, Sequential, resetNames } from '../../../src/engine/layers';
import { NodeRuntime, Runtime, WebRuntime, toNumbers } from '../../../src/engine/runtime';
import { Trainer } from '../../../src/engine/train';
import { addingProblem } from './helpers/tasks';

async function run(rt: Runtime) {
  resetNames();
  const model = new Sequential().add(new LSTM(8)).add(new Dense(1));
  const tr = new Trainer(rt, model, { shape: ['T', 2], dtype: 'float' }, { shape: [1], dtype: 'float' }, { loss: 'mse', optimizer: { name: 'adam', learning_rate: 0.01 }, metrics: ['mae'] }, { seed: 6 });
  const data = addingProblem(48, 10, 3);
  const losses: number[] = [];
  const h = await tr.fit(data, { epochs: 2, batchSize: 8, seed: 4, validationSplit: 0.25, onStep: (r) => losses.push(r.loss) });
  const evald = await tr.evaluate(data.x, data.y, 16);
  const params = Object.fromEntries([...tr.params].map(([k, v]) => [k, toNumbers(v)]));
  await tr.dispose();
  return { losses, history: h.history, evald, params, provider: tr.provider };
}

describe('train: onnxruntime-web (wasm) gives the same training run as onnxruntime-node', function () {
  this.timeout(60000);

  it('10 Adam steps of an LSTM: losses, val_loss, evaluate and weights agree within float32 tolerance', async () => {
    const node = await run(new NodeRuntime());
    const web = await run(new WebRuntime());
    assert.strictEqual(web.provider, 'cpu');
    assert.strictEqual(node.losses.length, 10); // 36 training rows → 5 batches × 2 epochs
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-6, Math.abs(b));
    let worst = 0;
    node.losses.forEach((l, i) => (worst = Math.max(worst, rel(web.losses[i], l))));
    for (const k of ['val_loss', 'val_mae']) node.history[k].forEach((v, i) => (worst = Math.max(worst, rel(web.history[k][i], v))));
    worst = Math.max(worst, rel(web.evald.loss, node.evald.loss));
    assert.ok(worst < 1e-4, `worst relative difference ${worst}`);
    if (process.env.UNROLL_VERBOSE) console.log(`worst relative difference node vs web: ${worst}`);
    for (const [k, v] of Object.entries(node.params)) v.forEach((p, i) => assert.ok(Math.abs(web.params[k][i] - p) < 1e-4, `${k}[${i}] ${web.params[k][i]} vs ${p}`));
    // The loss went down on both: this is training, not a no-op.
    assert.ok(node.losses[9] < node.losses[0]);
  });
});
