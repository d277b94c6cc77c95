// The declaration of datasets.pos_tags(): its doc, parameters and returns (the loader is in src/engine/data/datasets/posTags.ts).
import { CatalogEntry, SEED_PARAM, testSplitParam } from './params';

export const posTagsEntry: CatalogEntry = {
  name: 'pos_tags',
  doc:
    'Part-of-speech tagging: the 4,623 sentences (100,554 tokens) of the Brown corpus news category, each word ' +
    'tagged with one of the 12 universal tags (NOUN VERB ADJ ADV PRON DET ADP NUM CONJ PRT . X). Sentences are ' +
    'shuffled with `seed` and split; words are lowercased and numbered by a Tokenizer fit on the training sentences ' +
    '(0 = padding, 1 = out-of-vocabulary, then by frequency). Tags are numbered 1–12 in the order above (0 = padding). ' +
    'Rows are padded/truncated to `max_len`. Use Embedding(vocab_size, …, mask_zero=True), a (Bidirectional) RNN with ' +
    'return_sequences=True and TimeDistributed(Dense(13, activation="softmax")) with sparse_categorical_crossentropy. ' +
    '.info.extra.most_frequent_tag_accuracy is the baseline to beat: each word gets its most frequent training tag.',
  params: [
    { name: 'max_len', type: 'int', default: 50, min: 1, doc: 'Length of every row: shorter sentences are padded with 0, longer ones cut (the news sentences average 22 words; 50 keeps 98% whole).' },
    { name: 'max_vocab', type: 'int', default: 10000, min: 3, doc: 'Word ids are < max_vocab: only the max_vocab − 2 most frequent training words keep their own id, the rest become 1 (out of vocabulary).' },
    testSplitParam('sentences'),
    SEED_PARAM,
    { name: 'padding', type: 'str', default: 'post', choices: ['pre', 'post'], doc: "Where padding and truncation happen: 'post' (after the sentence, the usual choice for tagging) or 'pre'." },
  ],
  returns:
    '(x_train [N_train, max_len] int32 word ids, y_train [N_train, max_len] int32 tag ids 0–12), (x_test [N_test, max_len] int32, ' +
    'y_test [N_test, max_len] int32); N = 4,623 sentences. Also .word_index, .vocab_size (Embedding input_dim), .tokenizer, ' +
    ".target_tokens (tag name of each tag id: ['<pad>', 'NOUN', …]), .target_vocab_size (13), .info.",
};
