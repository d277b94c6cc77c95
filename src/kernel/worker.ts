// Kernel worker entry: one per notebook, in a worker_threads Worker. It owns the cell
// language's state, runs cells one at a time and streams what they print and show.
// The host never runs user code or ONNX Runtime on its own thread.
import { parentPort, workerData } from 'node:worker_threads';
import { CellError, PlaceholderInterpreter } from '../language/placeholder';
import { HostToKernel, INTERRUPT_SLOT, KernelErrorInfo, KernelToHost, KernelWorkerData } from './protocol';

const KERNEL_VERSION = '0.1.0';

/** Escapes the cell's error handling so the thread dies the way native code failing would. */
class WorkerCrash extends Error {}

class KeyboardInterrupt extends CellError {
  constructor(line: number, column: number) {
    super('KeyboardInterrupt', 'interrupted by the user', line, column);
  }
}

function main(): void {
  if (!parentPort) throw new Error('the kernel must run in a worker thread');
  const port = parentPort;
  const { interruptBuffer } = workerData as KernelWorkerData;
  const interruptFlag = new Int32Array(interruptBuffer);
  const send = (message: KernelToHost) => port.postMessage(message);

  let requestId = 0;
  const interpreter = new PlaceholderInterpreter({
    print: text => send({ type: 'stream', requestId, name: 'stdout', text: text + '\n' }),
    checkInterrupt: (line, column) => {
      if (Atomics.load(interruptFlag, INTERRUPT_SLOT) !== 0) throw new KeyboardInterrupt(line, column);
    },
    // Atomics.wait on the interrupt slot: the host's Atomics.notify wakes a sleeping cell at once.
    wait: ms => { Atomics.wait(interruptFlag, INTERRUPT_SLOT, 0, ms); },
    crash: message => { throw new WorkerCrash(message); },
  });

  port.on('message', (message: HostToKernel) => {
    switch (message.type) {
      case 'execute': {
        requestId = message.requestId;
        try {
          const { value } = interpreter.run(message.code);
          if (value !== undefined) send({ type: 'result', requestId, items: [{ mime: 'text/plain', data: value }] });
          send({ type: 'done', requestId, status: 'ok' });
        } catch (error) {
          if (error instanceof WorkerCrash) throw error;
          send({ type: 'error', requestId, error: toErrorInfo(error) });
          send({ type: 'done', requestId, status: error instanceof KeyboardInterrupt ? 'interrupted' : 'error' });
        }
        break;
      }
      case 'shutdown':
        port.close();
        break;
    }
  });
  send({ type: 'ready', kernelVersion: KERNEL_VERSION, language: 'rnn (placeholder)' });
}

function toErrorInfo(error: unknown): KernelErrorInfo {
  if (error instanceof CellError) {
    return { name: error.errorName, message: error.message, line: error.line, column: error.column };
  }
  // A bug in the kernel itself, not in the user's cell: keep the stack for the report.
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: 'InternalError', message: e.message, stack: e.stack };
}

main();
