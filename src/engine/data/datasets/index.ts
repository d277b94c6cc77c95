// datasets.*: loaders for the shipped corpora (media/data) and seeded synthetic tasks.
export * from './types';
export * from './params';
export * from './definition';
export * from './files';
export * from './catalog';
export { invertScaler, applyScaler, fitScaler } from './scaler';
export { readSentences, SENTIMENT_SOURCES } from './sentiment';
export { ADDING_BASELINE_MSE } from './adding';
export { MelodyVocabulary, MIDI_LOW, MIDI_HIGH, keyShifts, noteName, readMelodies } from './melodies';
export { BABI_PEOPLE, BABI_PLACES, BABI_OBJECTS, babiWords } from './babi';
export { readTaggedSentences, mostFrequentTagAccuracy, UNIVERSAL_TAGS } from './posTags';
export { readMobyDick } from './mobyDick';
export { readDatePairs, DATE_LOCALES, DATE_STYLES } from './dates';
export { readPronunciations } from './cmudict';
export { START_ID, END_ID } from './seq2seq';
