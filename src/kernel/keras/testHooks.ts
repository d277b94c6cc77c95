// unroll_test: hooks the kernel lifecycle tests need and no notebook should have (a cell that
// never polls the interrupt flag, one that kills the worker, a sleep that Interrupt wakes).
// Registered only when UNROLL_TEST_HOOKS=1 in the kernel's environment.
import { HostClass, HostObject, PyException } from '../../language';
import type { TrainingCrash } from '../../protocol/training';
import { toStr } from './convert';
import { opt } from '../../keras/signature';

/** Thrown to kill the kernel thread the way a native crash would; the worker rethrows it. */
export class WorkerCrash extends Error {}

export interface TestHookHost {
  /** Blocks up to `ms`, returning early when Interrupt is pressed. */
  wait(ms: number): void;
  /** Arms the training thread to die `how` after `afterSteps` training steps (0: now). */
  crashTraining(how: TrainingCrash, afterSteps: number): void;
}

const CRASHES: readonly TrainingCrash[] = ['exit', 'throw', 'oom'];

export function makeTestHooks(host: TestHookHost): HostObject {
  const cls: HostClass<HostObject> = new HostClass<HostObject>({
    name: 'unroll_test',
    module: 'unroll',
    doc: 'Kernel lifecycle test hooks.',
    methods: {
      hang: {
        signature: { name: 'unroll_test.hang', params: [], doc: 'Spins forever without polling Interrupt (only a restart stops it).' },
        call: () => {
          for (;;) { /* never polls */ }
        },
      },
      crash: {
        signature: { name: 'unroll_test.crash', params: [opt('message', 'crash() was called', ['str'], 'The crash reason.')], doc: 'Kills the kernel thread.' },
        call: (_self, a) => { throw new WorkerCrash(toStr(a.message, 'message')); },
      },
      crash_training: {
        signature: {
          name: 'unroll_test.crash_training',
          params: [opt('how', 'exit', ['str'], "'exit', 'throw' or 'oom'."), opt('after_steps', 0, ['int'], 'Training steps before it dies (0: now).')],
          doc: 'Kills the training thread, now or in the middle of the next fit.',
        },
        call: (_self, a) => {
          const how = toStr(a.how, 'how') as TrainingCrash;
          if (!CRASHES.includes(how)) throw new PyException('ValueError', `how must be one of ${CRASHES.join(', ')}`);
          host.crashTraining(how, Number(a.after_steps));
          return null;
        },
      },
      sleep: {
        signature: { name: 'unroll_test.sleep', params: [opt('seconds', 1.0, ['float'], 'How long.')], doc: 'Sleeps; Interrupt wakes it at once.' },
        call: (_self, a, ctx) => {
          const deadline = Date.now() + Number(a.seconds) * 1000;
          for (let left = deadline - Date.now(); left > 0; left = deadline - Date.now()) {
            ctx.checkInterrupt();
            host.wait(Math.min(left, 100));
          }
          ctx.checkInterrupt();
          return null;
        },
      },
    },
  });
  return new (class extends HostObject {
    readonly hostClass = cls;
    override repr(): string {
      return '<unroll_test hooks>';
    }
  })();
}

