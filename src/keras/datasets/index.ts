// Every dataset loader's declaration, in the order hover and completion list them
// (datasets.<name>(...)). The engine's catalog pairs each with its loader, in the same order.
import { addingEntry } from './adding';
import { airlineEntry } from './airline';
import { babiEntry } from './babi';
import { cmudictEntry } from './cmudict';
import { copyTaskEntry } from './copyTask';
import { datesEntry } from './dates';
import { melodiesEntry } from './melodies';
import { mobyDickEntry } from './mobyDick';
import { noisySinesEntry } from './noisySines';
import type { CatalogEntry } from './params';
import { parityEntry } from './parity';
import { posTagsEntry } from './posTags';
import { sentimentEntry } from './sentiment';
import { sunspotsEntry } from './sunspots';

export type { CatalogEntry, ParamSpec } from './params';

export const DATASET_ENTRIES: readonly CatalogEntry[] = [
  sentimentEntry,
  airlineEntry,
  sunspotsEntry,
  posTagsEntry,
  mobyDickEntry,
  datesEntry,
  cmudictEntry,
  addingEntry,
  copyTaskEntry,
  parityEntry,
  noisySinesEntry,
  melodiesEntry,
  babiEntry,
];
