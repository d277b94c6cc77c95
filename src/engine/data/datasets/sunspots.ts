// datasets.sunspots(): yearly sunspot numbers 1700–2008, a long, quasi-periodic (~11-year)
// series whose cycles vary in length and height, a harder forecasting task than the airline data.
import { CatalogEntry } from './params';
import { SERIES_RETURNS, seriesDataset, seriesParams } from './timeseries';

const SUNSPOTS_FILE = 'timeseries/sunspots.json';

const sunspotsEntry: CatalogEntry = {
  name: 'sunspots',
  doc:
    'Yearly mean sunspot numbers 1700–2008 (309 values; NOAA NGDC via statsmodels, public domain). Windows of `window` ' +
    'years predict the year `horizon` steps later (many-to-one). The last test_split of the years are the test targets.',
  params: seriesParams(11, 'Years of history per input window (11 ≈ one solar cycle).'),
  returns: SERIES_RETURNS,
};

export const sunspotsDataset = seriesDataset(sunspotsEntry, SUNSPOTS_FILE);
