// The declaration of datasets.moby_dick(): its doc, parameters and returns (the loader is in src/engine/data/datasets/mobyDick.ts).
import { CatalogEntry, SEED_PARAM } from './params';

export const mobyDickEntry: CatalogEntry = {
  name: 'moby_dick',
  doc:
    'Character-level text: Herman Melville\'s Moby-Dick, chapters 1–38 (351,776 characters, public domain), lowercased ' +
    'to a 49-character alphabet, one paragraph per line. The last `test_split` of the text is the test set (unseen ' +
    'chapters, no overlap with training windows); both parts are cut into windows of `seq_len` characters every `step` ' +
    'characters, and the training windows are shuffled with `seed`. y is x shifted one character ahead. Ids are 0–48 ' +
    'with no padding: use Embedding(vocab_size, …) without mask_zero, an RNN with return_sequences=True and ' +
    'TimeDistributed(Dense(vocab_size, activation="softmax")) with sparse_categorical_crossentropy, then ' +
    'model.generate("call me ", length=300, temperature=0.5, vocab=data.chars).',
  params: [
    { name: 'seq_len', type: 'int', default: 100, min: 1, doc: 'Characters per window: the number of time steps of x and y.' },
    { name: 'step', type: 'int', default: 100, min: 1, doc: 'Characters between the starts of two windows: seq_len gives disjoint windows, less gives overlapping ones (more, correlated samples).' },
    { name: 'max_chars', type: 'int', default: 0, min: 0, doc: 'Use only the first max_chars characters of the text (0 = all 351,776), for quick runs.' },
    { name: 'test_split', type: 'float', default: 0.1, min: 0, max: 0.9, doc: 'Fraction of the text, taken from its end, held out as the test set.' },
    SEED_PARAM,
  ],
  returns:
    '(x_train [N_train, seq_len] int32 char ids, y_train [N_train, seq_len] int32 next char ids), (x_test [N_test, seq_len] int32, ' +
    'y_test [N_test, seq_len] int32); with the defaults N_train = 3,165, N_test = 351. Also .chars (the 49 characters in id order, ' +
    'for model.generate(vocab=...)), .word_index (char → id), .vocab_size (49), .info.',
};
