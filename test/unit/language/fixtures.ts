// A small fake Keras surface for the language tests: the engine's real classes plug in
// the same way (HostClass + KerasRegistry.register), so these exercise the interface itself.
import { CallContext, HostClass, HostObject, KerasRegistry, runningRegistry, KernelSession, NdArray, PyFunction, Value, str } from '../../../src/language';

class FakeObject extends HostObject {
  readonly layers: HostObject[] = [];
  constructor(readonly hostClass: HostClass, readonly config: Record<string, Value>) {
    super();
  }
  override getAttribute(name: string): Value | undefined {
    if (name === 'units' && 'units' in this.config) return this.config.units;
    return undefined;
  }
  override repr(): string {
    return `<${this.typeName} units=${str(this.config.units ?? '-')}>`;
  }
}

export const layerClass = new HostClass({ name: 'Layer', module: 'keras.layers' });

export const lstmClass: HostClass = new HostClass({
  name: 'LSTM',
  module: 'keras.layers',
  base: layerClass,
  constructorSignature: {
    name: 'LSTM',
    params: [
      { name: 'units', types: ['int'], doc: 'Size of the hidden state.' },
      { name: 'activation', default: 'tanh', types: ['str', 'None'], choices: ['tanh', 'relu', 'sigmoid', 'linear'] },
      { name: 'return_sequences', default: false, types: ['bool'] },
      { name: 'dropout', default: 0, types: ['float'] },
    ],
  },
  construct: (args: Record<string, Value>) => new FakeObject(lstmClass, { ...args }),
  attributes: { units: { type: 'int' } },
});

export const denseClass: HostClass = new HostClass({
  name: 'Dense',
  module: 'keras.layers',
  base: layerClass,
  constructorSignature: { name: 'Dense', params: [{ name: 'units', types: ['int'] }, { name: 'activation', default: null, types: ['str', 'None'] }] },
  construct: (args: Record<string, Value>) => new FakeObject(denseClass, { ...args }),
});

export const sequentialClass: HostClass = new HostClass({
  name: 'Sequential',
  module: 'keras.models',
  constructorSignature: { name: 'Sequential', params: [{ name: 'layers', default: null, types: ['list', 'None'] }, { name: 'name', default: null, types: ['str', 'None'] }] },
  construct: (args: Record<string, Value>) => new FakeObject(sequentialClass, { ...args }),
  methods: {
    add: {
      signature: { name: 'Sequential.add', params: [{ name: 'layer', types: ['Layer'] }] },
      call: (self: FakeObject, args: Record<string, Value>) => {
        self.layers.push(args.layer as HostObject);
        return null;
      },
    },
    fit: {
      signature: {
        name: 'Sequential.fit',
        params: [{ name: 'x' }, { name: 'y', default: null }, { name: 'epochs', default: 1n, types: ['int'] }, { name: 'batch_size', default: 32n, types: ['int'] }],
      },
      call: (_self: FakeObject, args: Record<string, Value>, ctx: CallContext) => {
        for (let epoch = 1n; epoch <= (args.epochs as bigint); epoch++) {
          ctx.checkInterrupt();
          ctx.write(`epoch ${epoch}\n`);
        }
        return null;
      },
    },
  },
});

export function testRegistry(): KerasRegistry {
  const registry = runningRegistry();
  registry.register('keras.layers.LSTM', lstmClass);
  registry.register('keras.layers.Dense', denseClass);
  registry.register('keras.models.Sequential', sequentialClass);
  registry.register('unroll.datasets', new PyFunction({ name: 'datasets', params: [] }, () => null));
  registry.register('unroll.load_text', new PyFunction(
    { name: 'load_text', params: [{ name: 'path', types: ['str'] }] },
    () => new NdArray(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]),
  ));
  return registry;
}

/** A session that records what the cell printed; `interruptAfter` simulates Interrupt. */
export function newSession(options: { interruptAfter?: number } = {}): {
  session: KernelSession;
  output: () => string;
  steps: () => number;
  /** Interrupts once the step count passes `limit` (a step is one poll of the hook). */
  setBudget: (limit: number) => void;
} {
  let text = '';
  let steps = 0;
  let limit = options.interruptAfter ?? Infinity;
  const session = new KernelSession({
    write: t => {
      // Keep only the tail: a fuzzed cell may print a lot.
      text = (text + t).slice(-100_000);
    },
    interrupted: () => ++steps > limit,
  }, testRegistry());
  return { session, output: () => text, steps: () => steps, setBudget: l => { limit = l; } };
}

/** Runs cells in one session; returns the last cell's Out value. */
export function run(...cells: string[]): string | undefined {
  const { session } = newSession();
  let value: string | undefined;
  for (const cell of cells) value = session.run(cell).value;
  return value;
}

/** Runs one cell in a fresh session; returns what it printed. */
export function printed(cell: string): string {
  const s = newSession();
  s.session.run(cell);
  return s.output();
}
