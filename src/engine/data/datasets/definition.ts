// What one loader module exports: its declaration plus the function that loads it.
import type { DataFiles } from './files';
import type { CatalogEntry } from './params';
import type { Dataset } from './types';

export interface LoadContext {
  /** Reader for media/data; only loaders of shipped files use it. */
  readonly files?: DataFiles;
}

/** Arguments by parameter name, as bound from a cell call (missing ones take their defaults). */
export type LoaderArgs = Readonly<Record<string, unknown>>;

type Loader = (args: LoaderArgs, ctx: LoadContext) => Dataset;

export interface DatasetDefinition {
  readonly entry: CatalogEntry;
  readonly load: Loader;
}

/** The reader a file-backed loader needs, with an error that says what is missing. */
export function requireFiles(ctx: LoadContext, loader: string): DataFiles {
  if (!ctx.files) throw new Error(`datasets.${loader}() reads shipped data files, but no data directory was given`);
  return ctx.files;
}
