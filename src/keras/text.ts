// Keras text preprocessing: the Tokenizer class, pad_sequences and to_categorical.
import type { ClassDecl, DeclaredSignature } from './declarations';
import { opt, req } from './signature';

export const TOKENIZER: ClassDecl = {
  name: 'Tokenizer',
  module: 'keras.preprocessing.text',
  doc: 'Turns texts into sequences of word (or character) ids, ranked by frequency from 1.',
  constructorSignature: {
    name: 'Tokenizer',
    params: [
      opt('num_words', null, ['int', 'None'], 'Keep only the num_words − 1 most frequent words in texts_to_sequences.'),
      opt('filters', '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n', ['str'], 'Characters removed from the texts.'),
      opt('lower', true, ['bool'], 'Lower-case the texts.'),
      opt('split', ' ', ['str'], 'Word separator.'),
      opt('char_level', false, ['bool'], 'Every character is a token.'),
      opt('oov_token', null, ['str', 'None'], 'Token for out-of-vocabulary words (gets id 1).'),
    ],
    doc: 'A Keras text tokenizer.',
  },
  attributes: {
    word_index: { doc: 'word → id, most frequent first (from 1).', type: 'dict' },
    index_word: { doc: 'id → word.', type: 'dict' },
    word_counts: { doc: 'word → count.', type: 'dict' },
    document_count: { doc: 'Number of texts seen.', type: 'int' },
  },
  methods: {
    fit_on_texts: { name: 'Tokenizer.fit_on_texts', params: [req('texts', ['list', 'tuple', 'ndarray'], 'The texts (strings, or lists of tokens).')], doc: 'Builds the vocabulary from the texts.' },
    texts_to_sequences: { name: 'Tokenizer.texts_to_sequences', params: [req('texts', ['list', 'tuple'], 'The texts.')], doc: 'Each text as a list of word ids.' },
    sequences_to_texts: { name: 'Tokenizer.sequences_to_texts', params: [req('sequences', ['list', 'ndarray'], 'Lists of word ids.')], doc: 'Each sequence of ids as text.' },
  },
};

export const PAD_SEQUENCES: DeclaredSignature = {
  name: 'pad_sequences',
  params: [
    req('sequences', ['list', 'ndarray'], 'Lists of token ids.'),
    opt('maxlen', null, ['int', 'None'], 'Length of every row (default: the longest sequence).'),
    opt('dtype', 'int32', ['str'], "'int32' or 'float32'.", ['int32', 'float32']),
    opt('padding', 'pre', ['str'], "Pad at the start ('pre') or the end ('post').", ['pre', 'post']),
    opt('truncating', 'pre', ['str'], "Cut long sequences at the start ('pre') or the end ('post').", ['pre', 'post']),
    opt('value', 0.0, ['float'], 'Padding value.'),
  ],
  doc: 'Pads (or truncates) sequences to one length: a [samples, maxlen] array.',
};

export const TO_CATEGORICAL: DeclaredSignature = {
  name: 'to_categorical',
  params: [req('y', ['list', 'ndarray'], 'Class ids.'), opt('num_classes', null, ['int', 'None'], 'Number of classes (default: max id + 1).')],
  doc: 'One-hot encodes class ids: [..., num_classes] float32.',
};
