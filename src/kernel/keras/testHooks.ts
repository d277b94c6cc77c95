// unroll_test: hooks the kernel lifecycle tests need and no notebook should have (a cell that
// never polls the interrupt flag, one that kills the worker, a sleep that Interrupt wakes).
// Registered only when UNROLL_TEST_HOOKS=1 in the kernel's environment.
import { HostClass, HostObject } from '../../language';
import { toStr } from './convert';
import { opt } from '../../keras/signature';

/** Thrown to kill the kernel thread the way a native crash would; the worker rethrows it. */
export class WorkerCrash extends Error {}

export interface TestHookHost {
  /** Blocks up to `ms`, returning early when Interrupt is pressed. */
  wait(ms: number): void;
}

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

