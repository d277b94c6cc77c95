// The names a cell sees at a cursor, each with what it is, as the analyser resolved them:
// what hover, completion and signature help read. Members are looked up in the registry
// and the host classes, so `tf.keras.layers.LSTM` and `model.fit` resolve through a chain.
import type { KerasRegistry } from '../host/registry';
import { EditorSymbol, symbolOf } from './staticValue';

const UNKNOWN: EditorSymbol = { kind: 'unknown' };

export class Scope {
  constructor(
    readonly registry: KerasRegistry,
    private readonly names: ReadonlyMap<string, EditorSymbol>,
    /** Whether `name` is a builtin or prelude name rather than one a cell defined. */
    readonly isPredefined: (name: string) => boolean,
  ) {}

  entries(): IterableIterator<[string, EditorSymbol]> {
    return this.names.entries();
  }

  /** `tf.keras.layers.LSTM`, `model.fit`, `datasets.sentiment` → what it is. */
  resolveChain(chain: readonly string[]): EditorSymbol {
    if (chain.length === 0) return UNKNOWN;
    // The cursor's words are as typed; the analyser's names are NFKC, as Python reads them.
    const [first, ...rest] = chain.map(name => name.normalize('NFKC'));
    let symbol = this.names.get(first) ?? UNKNOWN;
    for (const name of rest) symbol = this.member(symbol, name);
    return symbol;
  }

  member(owner: EditorSymbol, name: string): EditorSymbol {
    if (owner.kind === 'module') {
      const value = this.registry.resolve(`${owner.path}.${name}`);
      return value === undefined ? UNKNOWN : symbolOf({ kind: 'py', value });
    }
    if (owner.kind === 'instance') {
      const cls = owner.hostClass;
      return cls.method(name) || cls.attribute(name) ? symbolOf({ kind: 'member', owner: cls, name }) : UNKNOWN;
    }
    return UNKNOWN;
  }

  /** Member names of a symbol, for completion after a dot. */
  memberNames(owner: EditorSymbol): string[] {
    if (owner.kind === 'module') return this.registry.memberNames(owner.path);
    if (owner.kind === 'instance') return [...new Set(owner.hostClass.memberNames())];
    return [];
  }
}
