// The registry the editor reads: every name the host registry really has, and for names it
// does not have yet (PyUnavailable), the spec-only reference from kerasReference.ts, so
// that keyword checks, completion and hover know Keras's parameters either way.
import { HostClass, HostObject, KerasRegistry, PyUnavailable, defaultRegistry } from '../language';
import type { MethodSpec, Value } from '../language';
import { KERAS_MODULES, UNROLL_NAMES } from '../language/host/kerasCatalog';
import { DatasetDoc, FALLBACK_DATASETS } from './datasets';
import { KERAS_REFERENCE } from './kerasReference';

/** A snapshot: host registrations happen at import time, before the editor asks. */
export function buildEditorRegistry(host: KerasRegistry = defaultRegistry, datasets: readonly DatasetDoc[] = FALLBACK_DATASETS): KerasRegistry {
  const registry = new KerasRegistry();
  for (const path of knownPaths(host)) {
    const value = host.resolve(path);
    if (value !== undefined && !(value instanceof PyUnavailable)) registry.register(path, value);
    else if (path === 'unroll.datasets') registry.register(path, datasetsObject(datasets));
    else {
      const reference = KERAS_REFERENCE.get(path);
      if (reference !== undefined) registry.register(path, reference);
    }
  }
  return registry;
}

/** Every canonical name path the host knows: the catalog, Unroll's names, and registrations. */
function knownPaths(host: KerasRegistry): string[] {
  const paths = new Set<string>();
  for (const module of [...Object.keys(KERAS_MODULES), 'unroll']) {
    for (const name of host.memberNames(module)) {
      const path = `${module}.${name}`;
      if (!host.isModule(path)) paths.add(path);
    }
  }
  for (const name of UNROLL_NAMES) paths.add(`unroll.${name}`);
  for (const path of KERAS_REFERENCE.keys()) paths.add(path);
  return [...paths];
}

/** `datasets` as the editor sees it: an object whose methods are the loaders. */
class DatasetsDoc extends HostObject {
  constructor(readonly hostClass: HostClass) {
    super();
  }
}

export function datasetsObject(datasets: readonly DatasetDoc[]): Value {
  const methods: Record<string, MethodSpec<HostObject>> = {};
  for (const d of datasets) {
    methods[d.name] = {
      signature: { name: `datasets.${d.name}`, params: d.params, doc: `${d.doc}\n\nReturns ${d.returns}.` },
      call: () => {
        throw new Error('datasets documentation is not runnable');
      },
    };
  }
  return new DatasetsDoc(new HostClass({ name: 'datasets', module: 'unroll', doc: 'Unroll\'s shipped corpora and synthetic tasks, split as Keras would: (X_train, y_train), (X_test, y_test).', methods }));
}
