// Every loader, in the order hover and completion list them. The kernel registers each as
// datasets.<name>(...) from DATASET_CATALOG and calls loadDataset.
import { addingDataset } from './adding';
import { airlineDataset } from './airline';
import { babiDataset } from './babi';
import { cmudictDataset } from './cmudict';
import { copyTaskDataset } from './copyTask';
import { datesDataset } from './dates';
import { DatasetDefinition, LoadContext, LoaderArgs } from './definition';
import { noisySinesDataset } from './noisySines';
import { melodiesDataset } from './melodies';
import { mobyDickDataset } from './mobyDick';
import { CatalogEntry } from './params';
import { parityDataset } from './parity';
import { posTagsDataset } from './posTags';
import { sentimentDataset } from './sentiment';
import { sunspotsDataset } from './sunspots';
import { Dataset } from './types';

const DATASETS: readonly DatasetDefinition[] = [
  sentimentDataset,
  airlineDataset,
  sunspotsDataset,
  posTagsDataset,
  mobyDickDataset,
  datesDataset,
  cmudictDataset,
  addingDataset,
  copyTaskDataset,
  parityDataset,
  noisySinesDataset,
  melodiesDataset,
  babiDataset,
];

export const DATASET_CATALOG: readonly CatalogEntry[] = DATASETS.map((d) => d.entry);

export function loadDataset(name: string, args: LoaderArgs = {}, ctx: LoadContext = {}): Dataset {
  const def = DATASETS.find((d) => d.entry.name === name);
  if (!def) throw new Error(`datasets has no loader '${name}' (available: ${DATASETS.map((d) => d.entry.name).join(', ')})`);
  return def.load(args, ctx);
}
