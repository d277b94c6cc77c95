// The kernel lifecycle against a real worker thread (the compiled worker script).
import * as assert from 'node:assert/strict';
import { KernelClient } from '../../../src/host/kernelClient';
import { KERNEL_WORKER, Sink, until } from './kernelTesting';

// Each prints a marker first, so the test interrupts once the cell is really inside the loop.
const LOOP_FOREVER = "print('looping')\nfor i in range(10 ** 15):\n    n = i";

const sink = () => new Sink();

describe('kernel client and worker', function () {
  this.timeout(30_000);
  let kernel: KernelClient;
  let timeoutMs = 1500;

  beforeEach(() => { kernel = new KernelClient({ workerPath: KERNEL_WORKER, interruptTimeoutMs: () => timeoutMs }); });
  afterEach(async () => { await kernel.dispose(); });

  it('runs cells in order, keeps state between them, and reports results', async () => {
    const a = sink(), b = sink(), c = sink();
    const outcomes = await Promise.all([
      kernel.execute("x = 20\nprint('first')", a),
      kernel.execute("print('second', x)", b),
      kernel.execute('x * 2 + 2', c),
    ]);
    assert.deepEqual(outcomes.map(o => o.status), ['ok', 'ok', 'ok']);
    assert.equal(a.stdout, 'first\n');
    assert.equal(b.stdout, 'second 20\n');
    assert.deepEqual(c.results, [[{ mime: 'text/plain', data: '42' }]]);
    assert.equal(kernel.state, 'idle');
  });

  it('reports an error with its place and skips the cells queued after it', async () => {
    const bad = sink(), after = sink();
    const [first, second] = await Promise.all([kernel.execute('y = 1\ny + nope', bad), kernel.execute("print('never')", after)]);
    assert.equal(first.status, 'error');
    assert.deepEqual(bad.errors, [{ name: 'NameError', message: "name 'nope' is not defined", line: 2, column: 5 }]);
    assert.equal(second.status, 'cancelled');
    assert.equal(after.didStart, false);
  });

  it('interrupts a cell that loops forever cooperatively, keeping the state', async () => {
    await kernel.execute('kept = 7', sink());
    const looping = sink();
    const run = kernel.execute(LOOP_FOREVER, looping);
    await until(() => looping.stdout === 'looping\n', 'the state');
    assert.equal(await kernel.interrupt(), 'stopped');
    const outcome = await run;
    assert.equal(outcome.status, 'interrupted');
    assert.equal(looping.errors[0].name, 'KeyboardInterrupt');
    assert.equal(looping.errors[0].line, 2, 'the error points at the running loop');
    const after = sink();
    await kernel.execute('kept', after);
    assert.deepEqual(after.results, [[{ mime: 'text/plain', data: '7' }]]);
  });

  it('wakes a sleeping cell at once on interrupt', async () => {
    const sleeping = sink();
    const run = kernel.execute("print('sleeping')\nunroll_test.sleep(60)", sleeping);
    await until(() => sleeping.stdout === 'sleeping\n', 'the state');
    const started = Date.now();
    assert.equal(await kernel.interrupt(), 'stopped');
    assert.equal((await run).status, 'interrupted');
    assert.ok(Date.now() - started < 1000, 'a sleeping cell should wake on Atomics.notify, not at its next poll');
  });

  it('restarts a kernel whose cell never yields after the interrupt timeout, losing the state', async () => {
    timeoutMs = 500;
    await kernel.execute('lost = 1', sink());
    const hanging = sink();
    const run = kernel.execute("print('hanging')\nunroll_test.hang()", hanging);
    await until(() => hanging.stdout === 'hanging\n', 'the state');
    // The marker comes from the statement before the spin: on a loaded machine the kernel thread can
    // still be between the two, where it polls Interrupt and would stop (seen once in CI). Give it a
    // moment to be inside the spin, which only a restart ends.
    await new Promise(resolve => setTimeout(resolve, 250));
    assert.equal(await kernel.interrupt(), 'restarted');
    assert.equal((await run).status, 'restarted');
    assert.match(hanging.errors[0].message, /did not stop within 0.5 s of Interrupt, so the kernel was restarted/);
    const after = sink();
    assert.equal((await kernel.execute('lost', after)).status, 'error');
    assert.equal(after.errors[0].name, 'NameError');
    timeoutMs = 1500;
  });

  it('restart clears state', async () => {
    await kernel.execute('v = 3', sink());
    await kernel.restart();
    const after = sink();
    await kernel.execute('v', after);
    assert.equal(after.errors[0]?.name, 'NameError');
  });

  it('turns a worker crash into a clear error, and the next run starts a fresh kernel', async () => {
    await kernel.execute('before = 1', sink());
    const crashing = sink();
    const outcome = await kernel.execute("unroll_test.crash('native code fell over')\nunroll_test.sleep(5)", crashing);
    assert.equal(outcome.status, 'crashed');
    assert.match(crashing.errors.at(-1)!.message, /The kernel crashed: native code fell over\. Its state is lost; the next run starts a fresh kernel\./);
    assert.equal(kernel.state, 'dead');
    const next = sink();
    assert.equal((await kernel.execute("print('alive')", next)).status, 'ok');
    assert.equal(next.stdout, 'alive\n');
  });

  it('reports state changes', async () => {
    const states: string[] = [];
    kernel.onStateChange(s => states.push(s));
    await kernel.execute('1', sink());
    assert.deepEqual(states.filter((s, i) => s !== states[i - 1]).slice(0, 1), ['starting']);
    assert.ok(states.includes('busy'));
    await until(() => kernel.state === 'idle', 'the state');
  });

  it('goes through interrupting and restarting, and ends idle', async () => {
    await kernel.execute('1', sink());
    await until(() => kernel.state === 'idle', 'idle');
    const states: string[] = [];
    kernel.onStateChange(s => states.push(s));
    const sleeper = sink();
    const sleeping = kernel.execute("print('sleeping')\nunroll_test.sleep(30)", sleeper);
    await until(() => sleeper.stdout.includes('sleeping'), 'the sleep');
    assert.equal(await kernel.interrupt(), 'stopped');
    await sleeping;
    await kernel.restart();
    await until(() => kernel.state === 'idle', 'idle after the restart');
    assert.deepEqual(states, ['busy', 'interrupting', 'idle', 'restarting', 'starting', 'idle']);
  });
});
