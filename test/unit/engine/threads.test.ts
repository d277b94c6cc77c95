// Intra-op threads chosen per session from the size of a recurrence's per-step products
// (src/engine/runtime/threads.ts): one thread for small steps, one per core for large ones, the
// configured count whenever there is one; the fit's run record names the count its steps used.
import * as assert from 'assert';
import { Dense, GRU, LSTM, Sequential, SimpleRNN, resetNames } from '../../../src/engine/layers';
import type { Layer } from '../../../src/engine/layers';
import { intraOpThreadsFor, largestLoopProduct, NodeRuntime, ONE_THREAD_BELOW_MACS, physicalCores, type Runtime, type SessionOptions, tensor } from '../../../src/engine/runtime';
import { buildPredict, buildTrainStep, Trainer } from '../../../src/engine/train';

const INPUT = { shape: ['T', 3] as (number | string)[], dtype: 'float' as const };
const TARGET = { shape: [1], dtype: 'float' as const };

function stepGraph(rnn: Layer, lowering: 'scan' | 'unrolled' = 'scan') {
  resetNames();
  const m = new Sequential().add(rnn).add(new Dense(1));
  return buildTrainStep(m, INPUT, TARGET, { loss: 'mse', optimizer: 'adam' }, { lowering, T: lowering === 'unrolled' ? 4 : undefined }).graph;
}

describe('intra-op threads per session', () => {
  it('reads the largest per-step product of the loops: [H, G·H] of the recurrent kernel, forward and backward', () => {
    assert.strictEqual(largestLoopProduct(stepGraph(new SimpleRNN(64))), 64 * 64);
    assert.strictEqual(largestLoopProduct(stepGraph(new LSTM(64))), 64 * 4 * 64);
    assert.strictEqual(largestLoopProduct(stepGraph(new GRU(128))), 128 * 3 * 128);
    resetNames();
    const predict = buildPredict(new Sequential().add(new LSTM(32)).add(new Dense(5)), INPUT).graph;
    assert.strictEqual(largestLoopProduct(predict), 32 * 4 * 32, 'a forward-only graph: the Dense after the loop does not count');
  });

  it('has no loop to read in the unrolled lowering or without a recurrence, and then keeps one thread per core', () => {
    const unrolled = stepGraph(new LSTM(8), 'unrolled');
    assert.strictEqual(largestLoopProduct(unrolled), 0);
    assert.strictEqual(intraOpThreadsFor(unrolled, 32, 6), 6);
  });

  it('gives a small step one thread and a large one every core, the batch included', () => {
    const lstm64 = stepGraph(new LSTM(64)); // 16 Ki per row: 0.5 M at batch 32, 2.1 M at 128
    assert.strictEqual(intraOpThreadsFor(lstm64, 32, 4), 1);
    assert.strictEqual(intraOpThreadsFor(lstm64, 128, 4), 4);
    assert.strictEqual(intraOpThreadsFor(stepGraph(new LSTM(256)), 32, 4), 4);
    assert.strictEqual(intraOpThreadsFor(stepGraph(new SimpleRNN(128)), 32, 4), 1);
    // The boundary itself: below it one thread.
    const perRow = largestLoopProduct(lstm64);
    assert.strictEqual(intraOpThreadsFor(lstm64, Math.ceil(ONE_THREAD_BELOW_MACS / perRow) - 1, 4), 1);
    assert.strictEqual(intraOpThreadsFor(lstm64, Math.ceil(ONE_THREAD_BELOW_MACS / perRow), 4), 4);
  });

  describe('a Trainer', () => {
    const node = new NodeRuntime();
    /** The runtime, with every session's options recorded. */
    function watched(): { rt: Runtime; asked: SessionOptions[] } {
      const asked: SessionOptions[] = [];
      const rt = new Proxy(node, {
        get(target, prop, receiver) {
          if (prop === 'createSession') return (model: Uint8Array, opts: SessionOptions) => (asked.push(opts), target.createSession(model, opts));
          const v = Reflect.get(target, prop, receiver) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
      return { rt, asked };
    }
    const data = (n: number) => ({ x: tensor('float32', [n, 5, 3], Array.from({ length: n * 15 }, (_, i) => Math.sin(i))), y: tensor('float32', [n, 1], Array.from({ length: n }, (_, i) => i % 2)) });

    it('runs a small model\'s fit, its short last batch, its predict and its probes on one thread, and records it', async () => {
      const { rt, asked } = watched();
      resetNames();
      const t = new Trainer(rt, new Sequential().add(new LSTM(16)).add(new Dense(1)), INPUT, TARGET, { loss: 'mse', optimizer: 'adam' }, { seed: 1 });
      try {
        const h = await t.fit(data(10), { epochs: 2, batchSize: 4 });
        await t.predict(data(3).x);
        await t.states(data(3).x, 1);
        assert.deepStrictEqual(asked.map((o) => o.intraOpThreads), [1, 1, 1], 'one training session for every batch, one predict session, one state probe');
        assert.strictEqual(h.runRecord?.settings.intraOpThreads, 1);
      } finally {
        await t.dispose();
      }
    });

    it('gives a large step every core, and keeps a configured count for every session', async () => {
      const big = watched();
      resetNames();
      const t = new Trainer(big.rt, new Sequential().add(new LSTM(256)).add(new Dense(1)), INPUT, TARGET, { loss: 'mse', optimizer: 'sgd' }, { seed: 1, session: {} });
      const fixed = watched();
      resetNames();
      const u = new Trainer(fixed.rt, new Sequential().add(new LSTM(16)).add(new Dense(1)), INPUT, TARGET, { loss: 'mse', optimizer: 'adam' }, { seed: 1, session: { intraOpThreads: 3 } });
      try {
        await t.trainBatch(data(32).x, data(32).y);
        assert.deepStrictEqual(big.asked.map((o) => o.intraOpThreads), [physicalCores()]);
        const h = await u.fit(data(8), { epochs: 1, batchSize: 4 });
        await u.evaluate(data(4).x, data(4).y);
        assert.deepStrictEqual(fixed.asked.map((o) => o.intraOpThreads), [3, 3]);
        assert.strictEqual(h.runRecord?.settings.intraOpThreads, 3);
      } finally {
        await t.dispose();
        await u.dispose();
      }
    });
  });
});
