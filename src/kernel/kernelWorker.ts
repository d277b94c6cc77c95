// Kernel worker entry: one per notebook, in a worker_threads Worker. It owns the notebook's
// KernelSession (the rnn language with the Keras surface), runs cells one at a time and
// streams what they print and show. Training runs on a thread of its own, started from
// trainingWorker.js beside this script (where ONNX Runtime lives).
// The host never runs user code or ONNX Runtime on its own thread.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { MessagePort, parentPort, resourceLimits, threadId, workerData } from 'node:worker_threads';
import { setKernelMemoryMB } from '../keras/allocation';
import { nodeDataFiles } from '../engine/data/datasets/files';
import { CellError, DisplayItem, KernelSession, PyException, runningRegistry, setHeapProbe } from '../language';
import { KernelContext } from './kernelContext';
import { TrainingClient, TrainingThreadDied } from './trainingClient';
import { registerKeras } from './keras/register';
import { releaseAfterCell } from './keras/engineCalls';
import { WorkerCrash } from './keras/testHooks';
import { writeKeras3Export } from './keras/keras3Export';
import { HostToKernel, INTERRUPT_SLOT, KernelErrorInfo, KernelToHost, KernelWorkerData } from '../protocol/kernel';

const KERNEL_VERSION = '0.2.0';

function main(): void {
  if (!parentPort) throw new Error('the kernel must run in a worker thread');
  const port = parentPort;
  const data = workerData as KernelWorkerData;
  const interruptFlag = new Int32Array(data.interruptBuffer);
  const send = (message: KernelToHost, transfer: MessagePort[] = []) => port.postMessage(message, transfer);
  const interrupted = () => Atomics.load(interruptFlag, INTERRUPT_SLOT) !== 0;

  const engine = new TrainingClient({
    workerPath: path.join(__dirname, 'trainingWorker.js'),
    interruptBuffer: data.interruptBuffer,
    provider: data.executionProvider ?? 'auto',
    threads: data.threads ?? 0,
    memoryMB: data.memoryMB,
    // The host starts the training thread and watches it (see TrainingClient).
    launch: workerData => send({ type: 'startTraining', workerData }, [workerData.port]),
  });
  if (data.memoryMB) setKernelMemoryMB(data.memoryMB);
  // Lists of millions are checked against this thread's heap before they grow (see limits.ts).
  // Their backing stores live in the old generation, whose limit is the thread's resourceLimits
  // (V8's heap_size_limit adds the young generation's room, which they can never use).
  const oldGenerationMB = resourceLimits.maxOldGenerationSizeMb;
  setHeapProbe(() => {
    const heap = v8.getHeapStatistics();
    return { limitBytes: oldGenerationMB ? oldGenerationMB * 2 ** 20 : heap.heap_size_limit, usedBytes: heap.used_heap_size };
  });
  let requestId = 0;
  const dataDir = data.dataDir ?? findDataDir();
  const context = new KernelContext({
    engine,
    workspaceRoot: data.workspaceRoot,
    telemetry: message => send({ type: 'telemetry', requestId, message }),
    dataFiles: dataDir ? nodeDataFiles(dataDir) : undefined,
    // Model ids name models to the panels, which hear from every notebook's kernel at once: each
    // kernel (a worker thread; thread ids are unique in the extension host, and a restart makes
    // a new one) numbers its models in a range of its own, so two notebooks' models never share frames.
    firstModelId: threadId * 1_000_000 + 1,
  });

  const registry = registerKeras(runningRegistry(), context, {
    // Atomics.wait on the interrupt slot: the host's Atomics.notify wakes a sleeping cell at once.
    testHooks: process.env.UNROLL_TEST_HOOKS === '1' ? {
      wait: ms => void Atomics.wait(interruptFlag, INTERRUPT_SLOT, 0, ms),
      crashTraining: (how, afterSteps) => void engine.request({ op: 'crashForTest', how, afterSteps }),
    } : undefined,
  });

  let shown = new Set<string>();
  const session = new KernelSession({
    write: text => send({ type: 'stream', requestId, name: 'stdout', text }),
    display: (items: DisplayItem[], id?: string, metadata?: Record<string, unknown>) => {
      if (id === undefined) return send({ type: 'display', requestId, items: [...items], ...(metadata ? { metadata } : {}) });
      // Ids are per cell run; the first show creates the output, later ones replace it in place.
      const update = shown.has(id);
      shown.add(id);
      send({ type: 'display', requestId, items: [...items], displayId: `${requestId}:${id}`, update });
    },
    interrupted,
  }, registry);

  const execute = (message: Extract<HostToKernel, { type: 'execute' }>) => {
    requestId = message.requestId;
    shown = new Set();
    try {
      const { value } = session.run(message.code);
      if (value !== undefined) send({ type: 'result', requestId, items: [{ mime: 'text/plain', data: value }] });
      send({ type: 'done', requestId, status: 'ok' });
    } catch (error) {
      if (error instanceof WorkerCrash) throw error;
      const info = toErrorInfo(error);
      send({ type: 'error', requestId, error: info });
      send({ type: 'done', requestId, status: info.name === 'KeyboardInterrupt' ? 'interrupted' : 'error' });
    }
    setImmediate(() => releaseAfterCell(context));
  };

  const exportKeras3 = (message: Extract<HostToKernel, { type: 'exportKeras3' }>) => {
    requestId = message.requestId;
    try {
      const written = writeKeras3Export(session, context.workspaceRoot, message.file, message.cells, message.notebookName);
      send({ type: 'stream', requestId, name: 'stdout', text: written });
      send({ type: 'done', requestId, status: 'ok' });
    } catch (error) {
      const info = error instanceof PyException ? { name: error.errorName, message: error.message } : toErrorInfo(error);
      send({ type: 'error', requestId, error: info });
      send({ type: 'done', requestId, status: 'error' });
    }
  };

  port.on('message', (message: HostToKernel) => {
    switch (message.type) {
      case 'exportKeras3':
        setImmediate(() => exportKeras3(message));
        break;
      case 'execute':
        // On the next turn of the event loop, not inside the port's callback: Node drains every
        // message that arrives while it is in that callback, so a host that answers each 'done'
        // with the next cell would keep this thread there for a whole Run All, where timers,
        // finalizers and the end of the job (which lets weak references go) never come.
        setImmediate(() => execute(message));
        break;
      case 'shutdown':
        void engine.dispose();
        port.close();
        break;
    }
  });
  send({ type: 'ready', kernelVersion: KERNEL_VERSION, language: 'rnn' });
}

/** media/data beside the bundle (dist/kernelWorker.js) or the compiled tests (out/src/kernel/kernelWorker.js). */
function findDataDir(): string | undefined {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'media', 'data');
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function toErrorInfo(error: unknown): KernelErrorInfo {
  if (error instanceof CellError) {
    return { name: error.errorName, message: error.message, line: error.line, column: error.column };
  }
  if (error instanceof TrainingThreadDied) return { name: error.outOfMemory ? 'MemoryError' : 'KernelCrashed', message: error.message };
  // A bug in the kernel itself, not in the user's cell: keep the stack for the report.
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: 'InternalError', message: e.message, stack: e.stack };
}

main();
