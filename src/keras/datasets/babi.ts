// The declaration of datasets.babi_qa(): its doc, parameters and returns (the loader is in src/engine/data/datasets/babi.ts).
import { CatalogEntry, SEED_PARAM, testSplitParam } from './params';

export const babiEntry: CatalogEntry = {
  name: 'babi_qa',
  doc:
    'Question answering in the style of bAbI (Weston et al. 2015), generated from a seeded simulation of a small world: ' +
    'Mary, John, Sandra and Daniel move between six rooms (task 2: and pick up and drop the apple, football and milk). ' +
    "Each sample is a story of `story_len` sentences and one question: task 1 'Where is Mary?' (one supporting fact), " +
    "task 2 'Where is the football?' (two: who has it, or where it was dropped, and where that person is). " +
    'Answers are one word (a room). Stories are unique, so train and test never share one. Words are lowercased and ' +
    "punctuation dropped; ids are the sorted vocabulary (from 1, 0 pads) and x is padded at the front. By default x is " +
    '[story, question] for a two-input functional model (Keras babi_rnn: Embedding + LSTM per input, concatenate, ' +
    "Dense(vocab_size, softmax)); single_input=True gives one array story + 'sep' + question for a Sequential model. " +
    'Always answering the most common training room scores about 1/6 (info.extra.majority_baseline_accuracy).',
  params: [
    { name: 'task', type: 'int', default: 1, min: 1, max: 2, doc: '1: where is a person (single supporting fact); 2: where is an object (two supporting facts).' },
    { name: 'samples', type: 'int', default: 2000, min: 2, doc: 'Stories in all, train and test together, each with one question.' },
    { name: 'story_len', type: 'int', default: 6, min: 1, max: 40, doc: 'Sentences per story.' },
    { name: 'single_input', type: 'bool', default: false, doc: "False: x is [story_ids, question_ids] (two inputs); True: x is one array, story + 'sep' + question, for a Sequential model." },
    testSplitParam('the stories'),
    SEED_PARAM,
  ],
  returns:
    'two inputs: ([story_train [N_train, 6·story_len] int32, question_train [N_train, Q] int32], y_train [N_train] int32), (likewise for test); ' +
    'single_input=True: (x_train [N_train, 6·story_len + 1 + Q] int32, y_train [N_train] int32), (x_test, y_test). Q = 3 (task 1) or 4 (task 2); ' +
    'y is the answer word id. Also .vocab_size (Embedding input_dim and Dense units), .word_index, .tokenizer, .info (majority baseline, an example).',
};
