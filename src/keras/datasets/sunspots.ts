// The declaration of datasets.sunspots(): its doc, parameters and returns (the loader is in src/engine/data/datasets/sunspots.ts).
import { CatalogEntry, SERIES_RETURNS, seriesParams } from './params';

export const sunspotsEntry: CatalogEntry = {
  name: 'sunspots',
  doc:
    'Yearly mean sunspot numbers 1700–2008 (309 values; NOAA NGDC via statsmodels, public domain). Windows of `window` ' +
    'years predict the year `horizon` steps later (many-to-one). The last test_split of the years are the test targets.',
  params: seriesParams(11, 'Years of history per input window (11 ≈ one solar cycle).'),
  returns: SERIES_RETURNS,
};
