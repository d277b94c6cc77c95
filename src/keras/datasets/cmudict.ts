// The declaration of datasets.cmudict(): its doc, parameters and returns (the loader is in src/engine/data/datasets/cmudict.ts).
import { CatalogEntry, SEED_PARAM, seq2seqReturns, testSplitParam } from './params';

export const cmudictEntry: CatalogEntry = {
  name: 'cmudict',
  doc:
    'Grapheme-to-phoneme translation: the 5,000 most frequent Brown corpus words that the CMU Pronouncing Dictionary ' +
    '(BSD-2-Clause) lists, each spelled letter by letter (a–z) → its first pronunciation as ARPAbet phonemes without ' +
    'stress digits (39 phonemes, e.g. "through" → TH R UW). An encoder reads the letters, a decoder writes the phonemes ' +
    'with teacher forcing; greedy decoding starts from <start> (id 1) and stops at <end> (id 2).',
  params: [
    { name: 'max_words', type: 'int', default: 5000, min: 2, max: 5000, doc: 'How many words, most frequent first: fewer words make a quicker run.' },
    testSplitParam('the words'),
    SEED_PARAM,
  ],
  returns: seq2seqReturns('source_len', 'target_len') + ' source_len is the longest selected word and target_len its longest pronunciation + 1 (16 and 16 for 5,000 words); N = max_words.',
};
