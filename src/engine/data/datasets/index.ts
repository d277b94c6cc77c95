// datasets.*: loaders for the shipped corpora (media/data) and seeded synthetic tasks.
export * from './types';
export * from './params';
export * from './definition';
export * from './files';
export * from './catalog';
export { invertScaler } from './scaler';
export { readSentences } from './sentiment';
export { ADDING_BASELINE_MSE } from './adding';
export { MelodyVocabulary, MIDI_LOW, MIDI_HIGH, keyShifts, readMelodies } from './melodies';
export { BABI_PEOPLE, BABI_PLACES, BABI_OBJECTS } from './babi';
export { readTaggedSentences, UNIVERSAL_TAGS } from './posTags';
export { readMobyDick } from './mobyDick';
export { readDatePairs } from './dates';
export { DATE_LOCALES, DATE_STYLES } from '../../../keras/datasets/dates';
export { readPronunciations } from './cmudict';
export { START_ID, END_ID } from './seq2seq';
