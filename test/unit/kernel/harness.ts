// A kernel session with the Keras surface and a real engine thread, in plain Node: what the
// worker sets up, minus the message channel to the host, so tests read outputs directly.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeDataFiles } from '../../../src/engine/data/datasets/files';
import { KernelContext } from '../../../src/kernel/kernelContext';
import { TrainingClient } from '../../../src/kernel/trainingClient';
import { registerKeras } from '../../../src/kernel/keras/register';
import type { GradientFrame, ModelDiagram, TelemetryMessage } from '../../../src/protocol/gradients';
import { INTERRUPT_BUFFER_BYTES, INTERRUPT_SLOT } from '../../../src/protocol/kernel';
import { CellError, DisplayItem, KernelSession, runningRegistry } from '../../../src/language';

export const REPO = path.join(__dirname, '..', '..', '..', '..');
const TRAINING_WORKER = path.join(__dirname, '..', '..', '..', 'src', 'kernel', 'trainingWorker.js');

export interface Shown {
  id?: string;
  items: DisplayItem[];
  at: number;
  /** What the output's metadata gets (saved with the notebook). */
  metadata?: Record<string, unknown>;
}

/** What may differ between test kernels: the first model id, and whether the shipped data files are there. */
export interface TestKernelOptions {
  firstModelId?: number;
  withoutDataFiles?: boolean;
}

export class TestKernel {
  readonly workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'unroll-ws-'));
  readonly interrupt = new Int32Array(new SharedArrayBuffer(INTERRUPT_BUFFER_BYTES));
  readonly engine = new TrainingClient({ workerPath: TRAINING_WORKER, interruptBuffer: this.interrupt.buffer, provider: 'cpu', threads: 2 });
  stdout = '';
  shown: Shown[] = [];
  /** The gradient channel: what the host's GradientStream would receive. */
  telemetry: TelemetryMessage[] = [];
  /** Called on every display, inside the run (a test can press Interrupt from here). */
  onDisplay: (s: Shown) => void = () => {};
  readonly context: KernelContext;
  readonly session: KernelSession;

  /** The training thread starts on the first request only: a kernel that never trains costs no thread. */
  constructor(options: TestKernelOptions = {}) {
    this.context = new KernelContext({
      engine: this.engine,
      workspaceRoot: this.workspace,
      telemetry: m => { this.telemetry.push(m); },
      dataFiles: options.withoutDataFiles ? undefined : nodeDataFiles(path.join(REPO, 'media', 'data')),
      firstModelId: options.firstModelId,
    });
    this.session = new KernelSession({
      write: text => { this.stdout += text; },
      display: (items, id, metadata) => {
        const s = { id, items: [...items], at: performance.now(), metadata };
        this.shown.push(s);
        this.onDisplay(s);
      },
      interrupted: () => Atomics.load(this.interrupt, INTERRUPT_SLOT) !== 0,
    }, registerKeras(runningRegistry(), this.context));
  }

  /** Gradient frames sent so far, oldest first. */
  frames(): GradientFrame[] {
    return this.telemetry.flatMap(m => (m.kind === 'gradients' ? [m.frame] : []));
  }

  /** Diagrams sent so far (one per fit), oldest first. */
  diagrams(): ModelDiagram[] {
    return this.telemetry.flatMap(m => (m.kind === 'diagram' ? [m.diagram] : []));
  }

  /** Runs a cell; returns the repr of its value ('' for None). */
  run(source: string): string {
    return this.session.run(source).value ?? '';
  }

  /** Runs a cell that must fail; returns its CellError. */
  fails(source: string): CellError {
    try {
      this.session.run(source);
    } catch (e) {
      if (e instanceof CellError) return e;
      throw e;
    }
    throw new Error(`expected the cell to fail:\n${source}`);
  }

  async dispose(): Promise<void> {
    await this.engine.dispose();
    fs.rmSync(this.workspace, { recursive: true, force: true });
  }
}

export function plain(s: Shown): string {
  return s.items.find(i => i.mime === 'text/plain')?.data ?? '';
}
