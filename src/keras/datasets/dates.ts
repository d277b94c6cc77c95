// The declaration of datasets.dates(): its doc, parameters and returns (the loader is in src/engine/data/datasets/dates.ts).
import { CatalogEntry, SEED_PARAM, seq2seqReturns, testSplitParam } from './params';

export const DATE_LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'it-IT'] as const;
export const DATE_STYLES = ['full', 'long', 'medium', 'short'] as const;

export const datesEntry: CatalogEntry = {
  name: 'dates',
  doc:
    'Date translation, character by character: 12,000 dates from 1950–2049 as Intl.DateTimeFormat writes them in ' +
    'en-US, en-GB, de-DE, fr-FR, es-ES and it-IT with dateStyle full, long, medium or short ("Dienstag, 3. März 1998", ' +
    '"3 mar 1998", "03/03/98"; en-US short is left out: its month-first "3/4/98" reads like es-ES\'s day-first one) → the ' +
    'ISO date "1998-03-03". Generated once and pinned, so the strings do not ' +
    'depend on the ICU data of the running Node. An encoder reads the text, a decoder writes the 10 ISO characters ' +
    'with teacher forcing; greedy decoding starts from <start> (id 1) and stops at <end> (id 2).',
  params: [
    testSplitParam('the pairs'),
    SEED_PARAM,
    { name: 'locales', type: 'list[str]', default: DATE_LOCALES, choices: DATE_LOCALES, doc: "Which locales' spellings to use: any of 'en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'it-IT'." },
    { name: 'styles', type: 'list[str]', default: DATE_STYLES, choices: DATE_STYLES, doc: "Which dateStyle values to use: any of 'full' (with the weekday), 'long', 'medium', 'short' (numeric)." },
    { name: 'max_samples', type: 'int', default: 0, min: 0, doc: 'Use only the first max_samples matching pairs (0 = all), for quick runs.' },
  ],
  returns: seq2seqReturns('source_len', '11') + ' source_len is the longest selected text (35 with every locale and style); N = 12,000 pairs with every locale and style.',
};
