// The declaration of datasets.sentiment(): its doc, parameters and returns (the loader is in src/engine/data/datasets/sentiment.ts).
import { CatalogEntry, SEED_PARAM, testSplitParam } from './params';

const SENTIMENT_SOURCES = ['imdb', 'amazon', 'yelp'] as const;

export const sentimentEntry: CatalogEntry = {
  name: 'sentiment',
  doc:
    'Sentiment Labelled Sentences (Kotzias et al. 2015, UCI, CC BY 4.0): 3,000 review sentences from IMDB, ' +
    'Amazon and Yelp, half positive. Shuffled with `seed`, split, then a Keras Tokenizer is fit on the ' +
    'training sentences only (lowercased, punctuation filtered) and every sentence is padded/truncated at the ' +
    "front to `max_len` (padding='pre', truncating='pre'). Index 0 is padding, so Embedding(..., mask_zero=True) works.",
  params: [
    { name: 'max_vocab', type: 'int', default: 10000, min: 2, doc: 'Tokenizer num_words: only the max_vocab − 1 most frequent training words are kept, so every index is < max_vocab and Embedding(max_vocab, …) fits.' },
    { name: 'max_len', type: 'int', default: 100, min: 1, doc: 'Length of every row of x: shorter sentences get zeros in front, longer ones lose their first words.' },
    testSplitParam('sentences'),
    SEED_PARAM,
    { name: 'sources', type: 'list[str]', default: SENTIMENT_SOURCES, choices: SENTIMENT_SOURCES, doc: "Which sites' sentences to use: any of 'imdb', 'amazon', 'yelp' (1,000 each)." },
  ],
  returns:
    '(x_train [N_train, max_len] int32, y_train [N_train] float32 0/1), (x_test [N_test, max_len] int32, y_test [N_test] float32 0/1); ' +
    'also .vocabulary (word_index, size = Embedding input_dim), .tokenizer, .info. N = 1,000 per source.',
};
