// Restarts that must never take the host down: a thread terminated while ONNX Runtime is inside a
// native call aborts the whole process (in VS Code, the extension host). These run real kernels in
// this very process, so an abort ends the test run itself: surviving is the assertion.
import * as assert from 'node:assert/strict';
import { KernelClient } from '../../../src/host/kernelClient';
import { KERNEL_WORKER, Sink, randomMs, until } from './kernelTesting';

const FIT_FOREVER = `(x, y), _ = datasets.adding(n_train=2000, n_test=1, T=100)
m = Sequential([LSTM(64, input_shape=(100, 2)), Dense(1)])
m.compile(loss='mse', optimizer='adam')
print('training')
m.fit(x, y, epochs=1000, batch_size=32, verbose=0)`;

const GENERATE_FOREVER = `vocab = ' abcdefgh'
m = Sequential([Embedding(len(vocab), 8), LSTM(32, return_sequences=True), Dense(len(vocab), activation='softmax')])
m.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
print('generating')
m.generate('abc', length=1000000, temperature=1.0, seed=1, vocab=vocab)`;

describe('kernel restarts never abort the host', function () {
  this.timeout(240_000);
  let interruptTimeoutMs = 300;
  let kernel: KernelClient;
  beforeEach(() => { kernel = new KernelClient({ workerPath: KERNEL_WORKER, interruptTimeoutMs: () => interruptTimeoutMs }); });
  afterEach(async () => kernel.dispose());

  it('Restart at random moments inside model.fit: 8 of 8 survived, and the next cell runs', async () => {
    for (let trial = 0; trial < 8; trial++) {
      const sink = new Sink();
      const run = kernel.execute(FIT_FOREVER, sink);
      await until(() => sink.stdout.includes('training'), 'the fit to start');
      await new Promise(r => setTimeout(r, randomMs(0, 600)));
      await kernel.restart();
      assert.equal((await run).status, 'restarted', `trial ${trial}`);
    }
    const after = new Sink();
    assert.equal((await kernel.execute("print('alive')", after)).status, 'ok');
    assert.equal(after.stdout, 'alive\n');
  });

  it('Interrupt inside model.generate stops the sampling loop at its next step: 5 of 5, no forced restart', async () => {
    // A generous timeout: what is asserted is that the loop stops by itself, on a loaded machine too.
    interruptTimeoutMs = 10_000;
    for (let trial = 0; trial < 5; trial++) {
      const sink = new Sink();
      const run = kernel.execute(GENERATE_FOREVER, sink);
      await until(() => sink.stdout.includes('generating'), 'generate to start');
      await new Promise(r => setTimeout(r, randomMs(50, 400)));
      assert.equal(await kernel.interrupt(), 'stopped', `trial ${trial}`);
      assert.equal((await run).status, 'interrupted');
      assert.equal(sink.errors[0]?.name, 'KeyboardInterrupt');
    }
    interruptTimeoutMs = 300;
  });

  it('Restart at random moments inside model.generate: 5 of 5 survived', async () => {
    for (let trial = 0; trial < 5; trial++) {
      const sink = new Sink();
      const run = kernel.execute(GENERATE_FOREVER, sink);
      await until(() => sink.stdout.includes('generating'), 'generate to start');
      await new Promise(r => setTimeout(r, randomMs(0, 400)));
      await kernel.restart();
      assert.equal((await run).status, 'restarted', `trial ${trial}`);
    }
  });

  it('a cell run right after Restart runs on the new kernel: no second worker, no cell left waiting', async () => {
    assert.equal((await kernel.execute('x = 1', new Sink())).status, 'ok');
    const restarted = kernel.restart();
    const sink = new Sink();
    const outcome = await kernel.execute("print('fresh')\nx", sink);
    await restarted;
    assert.equal(outcome.status, 'error', 'x is gone: the cell ran on the new kernel');
    assert.equal(sink.stdout, 'fresh\n');
    assert.equal(sink.errors[0]?.name, 'NameError');
    assert.equal(kernel.state, 'idle');
  });

  it('a cell queued while an Interrupt waits runs after the forced restart', async () => {
    interruptTimeoutMs = 200;
    const hanging = new Sink();
    const first = kernel.execute("print('hanging')\nunroll_test.hang()", hanging);
    await until(() => hanging.stdout.includes('hanging'), 'the cell to hang');
    const interrupted = kernel.interrupt();
    const next = new Sink();
    const second = kernel.execute("print('next')", next);
    assert.equal(await interrupted, 'restarted');
    assert.equal((await first).status, 'restarted');
    assert.equal((await second).status, 'ok');
    assert.equal(next.stdout, 'next\n');
    interruptTimeoutMs = 300;
  });
});

// The chaos run: Restarts and forced restarts (an Interrupt whose timeout has already passed)
// at random moments in every kind of work a cell does, including the first fit's session
// creation. The host process is this test process: reaching the end is the assertion.
const CHAOS_CELLS: Record<string, { code: string; marker: string }> = {
  fit: { code: FIT_FOREVER, marker: 'training' },
  generate: { code: GENERATE_FOREVER, marker: 'generating' },
  sessionCreation: {
    code: `(x, y), _ = datasets.adding(n_train=64, n_test=1, T=20)
m = Sequential([GRU(16, input_shape=(20, 2)), Dense(1)])
m.compile(loss='mse', optimizer='adam')
print('creating')
m.fit(x, y, epochs=1, batch_size=32, verbose=0)
m.evaluate(x, y, verbose=0)
m.predict(x, verbose=0)`,
    marker: 'creating',
  },
  builtins: { code: "print('sorting')\nfor i in range(1000):\n    s = sorted(list(range(200000)), reverse=True)", marker: 'sorting' },
  hang: { code: "print('hanging')\nunroll_test.hang()", marker: 'hanging' },
  // No marker: the restart comes while the fresh kernel (or its training thread) may still be loading.
  startup: { code: `(x, y), _ = datasets.adding(n_train=64, n_test=1, T=10)
m = Sequential([SimpleRNN(4, input_shape=(10, 2)), Dense(1)])
m.compile(loss='mse', optimizer='sgd')
m.fit(x, y, epochs=1, verbose=0)`, marker: '' },
};

describe('kernel chaos: Restarts and forced restarts (half each) at random moments', function () {
  this.timeout(900_000);
  const trials = Number(process.env.UNROLL_CHAOS_TRIALS ?? 200);

  it(`the host survives ${trials} of ${trials}, and every cell resolves`, async () => {
    let forcedTimeoutMs = 1;
    const kernel = new KernelClient({ workerPath: KERNEL_WORKER, interruptTimeoutMs: () => forcedTimeoutMs });
    const kinds = Object.keys(CHAOS_CELLS);
    const tally: Record<string, number> = {};
    try {
      for (let trial = 0; trial < trials; trial++) {
        const kind = kinds[trial % kinds.length];
        const { code, marker } = CHAOS_CELLS[kind];
        const sink = new Sink();
        const run = kernel.execute(code, sink);
        if (marker) await until(() => sink.stdout.includes(marker) || sink.errors.length > 0, `${kind} to start (trial ${trial})`);
        await new Promise(r => setTimeout(r, randomMs(0, marker === '' ? 60 : kind === 'sessionCreation' ? 150 : 400)));
        const forced = Math.floor(trial / kinds.length) % 2 === 1; // each kind meets both
        if (forced) {
          forcedTimeoutMs = 1;
          await kernel.interrupt();
        } else {
          await kernel.restart();
        }
        const outcome = await run;
        assert.ok(['restarted', 'interrupted', 'ok', 'error'].includes(outcome.status), `trial ${trial} (${kind}): ${outcome.status} ${JSON.stringify(sink.errors)}`);
        const key = `${forced ? 'forced' : 'Restart'} ${kind} → ${outcome.status}`;
        tally[key] = (tally[key] ?? 0) + 1;
      }
      // A last Restart (the last trial may have stopped by itself, keeping its kernel and that
      // kernel's training thread), then a cell that starts no training thread.
      await kernel.restart();
      const after = new Sink();
      assert.equal((await kernel.execute("print('alive')", after)).status, 'ok');
      assert.equal(after.stdout, 'alive\n');
      // No orphan: one kernel thread. An old training thread may still be finishing a native call
      // it was not cut short in.
      const waitStart = Date.now();
      await until(() => kernel.liveThreads === 1, `the replaced threads to exit (live: ${kernel.liveThreadKinds.join(', ')})`, 60_000)
        .catch(() => assert.fail(`threads left after 60 s: ${kernel.liveThreadKinds.join(', ')}`));
      console.log(`      every replaced thread had exited ${((Date.now() - waitStart) / 1000).toFixed(1)} s after the last cell`);
    } finally {
      await kernel.dispose();
      console.log(`      chaos: ${JSON.stringify(tally)}`);
    }
    await until(() => kernel.liveThreads === 0, 'every thread to exit after dispose', 15_000);
  });
});
