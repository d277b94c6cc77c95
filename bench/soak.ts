/**
 * `npm run soak` — memory of one kernel over many model rebuilds, the way a learner re-runs a
 * cell while trying things: 50 cycles of rebuild + compile + fit of an Embedding → LSTM(128) →
 * Dense model in one real kernel (the host's KernelClient, its kernel worker and training
 * thread, all in this process), then `del` of the model. Prints the process RSS after warm-up,
 * after the cycles and after `del`, the growth per cycle, and what the training thread still holds.
 *
 *   node out/bench/soak.js [--cycles N] [--warmup N]
 */
import * as path from 'path';
import { ExecuteSink, KernelClient } from '../src/host/kernelClient';
import type { KernelErrorInfo } from '../src/protocol/kernel';

const MB = 1024 * 1024;

const SETUP = '(x, y), _ = datasets.adding(n_train=256, n_test=1, T=40)';

const REBUILD = `m = Sequential([LSTM(128, input_shape=(40, 2), return_sequences=True), LSTM(128), Dense(64, activation='relu'), Dense(1)])
m.compile(loss='mse', optimizer='adam')
m.fit(x, y, epochs=1, batch_size=64, verbose=0)`;

class Collect implements ExecuteSink {
  stdout = '';
  errors: KernelErrorInfo[] = [];
  started() {}
  stream(_name: string, text: string) { this.stdout += text; }
  display() {}
  result() {}
  error(e: KernelErrorInfo) { this.errors.push(e); }
}

async function run(kernel: KernelClient, code: string): Promise<string> {
  const sink = new Collect();
  const outcome = await kernel.execute(code, sink);
  if (outcome.status !== 'ok') throw new Error(`cell failed (${outcome.status}): ${JSON.stringify(sink.errors)}\n${code}`);
  return sink.stdout;
}

function rssMB(): number {
  return process.memoryUsage().rss / MB;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const cycles = flag('--cycles', 50), warmup = flag('--warmup', 5);
  const kernel = new KernelClient({
    workerPath: path.join(__dirname, '..', 'src', 'kernel', 'kernelWorker.js'),
    interruptTimeoutMs: () => 5000,
  });
  try {
    await run(kernel, SETUP);
    for (let i = 0; i < warmup; i++) await run(kernel, REBUILD);
    const afterWarmup = rssMB();
    const samples: number[] = [];
    const started = Date.now();
    for (let i = 0; i < cycles; i++) {
      await run(kernel, REBUILD);
      samples.push(rssMB());
      if ((i + 1) % 10 === 0) console.log(`  cycle ${i + 1}: RSS ${rssMB().toFixed(0)} MB`);
    }
    const afterCycles = rssMB();
    const deleted = await run(kernel, 'del m').then(() => true, () => false);
    await run(kernel, 'x[:1]');
    const afterDel = rssMB();
    const growth = afterCycles - afterWarmup;
    console.log('');
    console.log(`soak: ${cycles} rebuild + fit cycles after ${warmup} warm-up cycles (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    console.log(`  RSS after warm-up      ${afterWarmup.toFixed(0)} MB`);
    console.log(`  RSS after ${cycles} cycles     ${afterCycles.toFixed(0)} MB  (growth ${growth.toFixed(0)} MB, ${(growth / cycles).toFixed(2)} MB per cycle; target < 150 MB)`);
    console.log(deleted ? `  RSS after del m        ${afterDel.toFixed(0)} MB` : '  del m: not supported by this kernel');
    console.log(`  highest RSS in the cycles ${Math.max(...samples).toFixed(0)} MB`);
    console.log(growth < 150 ? '  held: growth < 150 MB' : '  NOT held: growth ≥ 150 MB');
  } finally {
    await kernel.dispose();
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
