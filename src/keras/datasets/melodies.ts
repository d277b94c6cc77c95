// The declaration of datasets.melodies(): its doc, parameters and returns (the loader is in src/engine/data/datasets/melodies.ts).
import { CatalogEntry, SEED_PARAM } from './params';

export const melodiesEntry: CatalogEntry = {
  name: 'melodies',
  doc:
    '33 public-domain tunes (folk songs, nursery tunes, carols, hymns, themes by Beethoven, Bach/Petzold, Grieg, Dvořák…) ' +
    'transcribed by the Unroll project, as next-note prediction windows. Each token is one note: a (pitch, duration) ' +
    "pair on a fixed grid (MIDI 48–84 or rest × the durations used); word_index maps names like 'C4:1' or 'F#4:0.5' " +
    '(pitch:beats) to ids and notes[id] gives (midi, beats) back, midi None for a rest, so model.generate(start=...) output ' +
    'draws as a piano roll. Tunes are split between train and test whole (a test tune is never seen in training, in any key). ' +
    'Windows run over each tune from its first note, padded with 0 in front, so a model learns how tunes begin. ' +
    'Model: Embedding(vocab_size, …, mask_zero=True), LSTM(…, return_sequences=True), Dense(vocab_size, activation="softmax"), ' +
    'sparse_categorical_crossentropy.',
  params: [
    { name: 'seq_len', type: 'int', default: 16, min: 1, max: 256, doc: 'Notes per window (the time steps T of x).' },
    { name: 'step', type: 'int', default: 1, min: 1, doc: 'Notes between the ends of consecutive windows of a tune.' },
    { name: 'transpose', type: 'bool', default: true, doc: 'True: every tune in all 12 keys (12× the windows, pitch-invariant training); False: as written.' },
    {
      name: 'targets', type: 'str', default: 'sequence', choices: ['sequence', 'next'],
      doc: "'sequence': y is x shifted one note ([N, seq_len], for return_sequences=True); 'next': y is only the note after the window ([N]).",
    },
    { name: 'test_split', type: 'float', default: 0.2, min: 0, max: 0.9, doc: 'Fraction of tunes (not windows) held out for the test set (rounded down).' },
    SEED_PARAM,
  ],
  returns:
    "(x_train [N_train, seq_len] int32, y_train [N_train, seq_len] int32 — or [N_train] with targets='next'), " +
    '(x_test [N_test, seq_len] int32, y_test likewise); ids are note tokens, 0 padding. Also .vocab_size (Embedding input_dim ' +
    'and Dense units), .word_index (note name → id), .notes (id → (midi, beats)), .info (titles, counts).',
};
