// The death of either kernel thread ends the running cell with a clear error within seconds,
// and the next cell runs on a fresh kernel; the memory ceiling turns runaway allocations into a
// MemoryError naming the call. All in real workers in this process: the host must survive.
import * as assert from 'node:assert/strict';
import { KernelClient } from '../../../src/host/kernelClient';
import { KERNEL_WORKER, Sink, until } from './kernelTesting';

const SMALL_FIT = `(x, y), _ = datasets.adding(n_train=512, n_test=1, T=30)
m = Sequential([LSTM(32, input_shape=(30, 2)), Dense(1)])
m.compile(loss='mse', optimizer='adam')`;

describe('kernel liveness and memory', function () {
  this.timeout(120_000);
  let kernel: KernelClient;
  const start = (memoryMB?: number) => {
    kernel = new KernelClient({ workerPath: KERNEL_WORKER, interruptTimeoutMs: () => 2000, workerSettings: () => ({ memoryMB }) });
  };
  afterEach(async () => kernel.dispose());

  for (const how of ['exit', 'throw'] as const) {
    it(`the training thread dying mid-fit (${how}) ends the cell within 5 s, and the next cell runs on a fresh kernel`, async () => {
      start();
      assert.equal((await kernel.execute(`${SMALL_FIT}\nm.fit(x, y, epochs=1, verbose=0)\nkept = 1`, new Sink())).status, 'ok');
      const sink = new Sink();
      const run = kernel.execute(`unroll_test.crash_training('${how}', after_steps=5)\nprint('fitting')\nm.fit(x, y, epochs=1000, verbose=0)`, sink);
      await until(() => sink.stdout.includes('fitting'), 'the fit to start');
      const t0 = Date.now();
      const outcome = await run;
      const seconds = (Date.now() - t0) / 1000;
      assert.ok(seconds < 5, `the cell ended ${seconds.toFixed(2)} s after the fit started`);
      assert.ok(['error', 'crashed'].includes(outcome.status), outcome.status);
      assert.equal(sink.errors.at(-1)?.name, 'KernelCrashed');
      assert.match(sink.errors.at(-1)!.message, /training thread crashed.*the next run starts a fresh kernel/);
      console.log(`      ${how}: the cell ended ${seconds.toFixed(2)} s after the fit started (the crash came 5 steps in)`);
      const next = new Sink();
      assert.equal((await kernel.execute('kept', next)).status, 'error', 'the lost kernel was replaced');
      assert.equal(next.errors[0]?.name, 'NameError');
      const fresh = new Sink();
      assert.equal((await kernel.execute(`${SMALL_FIT}\nh = m.fit(x, y, epochs=1, verbose=0)\nprint(len(h.history['loss']))`, fresh)).status, 'ok', JSON.stringify(fresh.errors));
      assert.equal(fresh.stdout, '1\n');
      assert.equal(kernel.liveThreads, 2, 'the new kernel and its training thread; the dead ones are gone');
    });
  }

  it('the training thread running out of its heap is reported as out of memory', async () => {
    start(256);
    const sink = new Sink();
    const outcome = await kernel.execute(`${SMALL_FIT}\nunroll_test.crash_training('oom', after_steps=3)\nm.fit(x, y, epochs=100, verbose=0)`, sink);
    assert.ok(['error', 'crashed'].includes(outcome.status), outcome.status);
    assert.equal(sink.errors.at(-1)?.name, 'MemoryError', JSON.stringify(sink.errors));
    assert.match(sink.errors.at(-1)!.message, /training thread ran out of memory/);
    const next = new Sink();
    assert.equal((await kernel.execute("print('alive')", next)).status, 'ok');
  });

  it('the kernel thread running out of its heap is a crash the host survives', async () => {
    start(256);
    const sink = new Sink();
    // Many lists of 10,000 (80 kB each): the shape Node ends a thread for. One allocation past the
    // limit by more than Node's 16 MB of grace would abort this whole process instead; the kernel
    // refuses those before they are made (the next test).
    const outcome = await kernel.execute('hog = []\nfor i in range(10**7):\n    hog.append([i] * 10000)', sink);
    assert.equal(outcome.status, 'crashed');
    assert.match(sink.errors.at(-1)!.message, /memory/i);
    const next = new Sink();
    assert.equal((await kernel.execute("print('alive')", next)).status, 'ok');
  });

  it('a list of millions that would not fit in the heap is a located MemoryError; the kernel keeps its state', async () => {
    start(256);
    const sink = new Sink();
    const outcome = await kernel.execute('keep = 7\nbig = []\nfor i in range(40):\n    big.append([0] * 2000000)', sink);
    assert.equal(outcome.status, 'error');
    const error = sink.errors.at(-1)!;
    assert.equal(error.name, 'MemoryError', JSON.stringify(sink.errors));
    assert.match(error.message, /a list of 2,000,000 elements would need about 23 MB of the kernel's heap, which has \d+ MB free of \d+ MB \(the unroll\.kernelMemoryMB setting\)/);
    assert.equal(error.line, 4);
    const next = new Sink();
    assert.equal((await kernel.execute('print(keep, len(big) > 3)', next)).status, 'ok');
    assert.equal(next.stdout, '7 True\n');
  });

  const memoryErrors: [string, string, RegExp][] = [
    ['pad_sequences', 'x = pad_sequences([[1, 2, 3]], maxlen=10**9)', /pad_sequences of 1 sequences to maxlen=1000000000 would need 3\.7 GB, over the kernel's memory limit of 512 MB/],
    ['to_categorical', 'from keras.utils import to_categorical\ny = to_categorical(list(range(1000000)))', /to_categorical of 1,000,000 labels into 1,000,000 classes would need 3\.6 TB/],
    ['a layer too large to build', `m = Sequential([LSTM(10**9, input_shape=(5, 1)), Dense(1)])
m.compile(loss='mse', optimizer='adam')
(x, y), _ = datasets.adding(n_train=8, n_test=1, T=5)
m.fit(x[:, :, :1], y, epochs=1, verbose=0)`, /the weight lstm\w*\.kernel of shape \[1, 4000000000\] would need 29\.8 GB/],
  ];
  for (const [what, code, message] of memoryErrors) {
    it(`${what} over the ceiling is a located MemoryError, and the kernel lives on`, async () => {
      start(512);
      assert.equal((await kernel.execute('kept = 1', new Sink())).status, 'ok');
      const sink = new Sink();
      assert.equal((await kernel.execute(code, sink)).status, 'error');
      const error = sink.errors.at(-1)!;
      assert.equal(error.name, 'MemoryError', JSON.stringify(error));
      assert.match(error.message, message);
      assert.ok(error.line !== undefined, 'located');
      const next = new Sink();
      assert.equal((await kernel.execute('print(kept)', next)).status, 'ok', 'the same kernel');
      assert.equal(next.stdout, '1\n');
    });
  }

  it('to_categorical of 300,000 labels works (no stack overflow); into 300,000 classes it is a MemoryError', async () => {
    start();
    const sink = new Sink();
    assert.equal((await kernel.execute('from keras.utils import to_categorical\ny = to_categorical(list(range(300000)), num_classes=300000)', sink)).status, 'error');
    assert.equal(sink.errors[0]?.name, 'MemoryError', '300,000 × 300,000 floats is 335 GB');
    const ok = new Sink();
    assert.equal((await kernel.execute('from keras.utils import to_categorical\ny = to_categorical(list(range(7)) * 42858)\nprint(y.shape)', ok)).status, 'ok', JSON.stringify(ok.errors));
    assert.equal(ok.stdout, '(300006, 7)\n');
  });
});
