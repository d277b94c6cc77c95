// datasets.airline_passengers(): the Box & Jenkins airline series, the classic first
// forecasting exercise (trend plus a yearly season whose swing grows with the level).
import { CatalogEntry } from './params';
import { SERIES_RETURNS, seriesDataset, seriesParams } from './timeseries';

const AIRLINE_FILE = 'timeseries/airline.json';

const airlineEntry: CatalogEntry = {
  name: 'airline_passengers',
  doc:
    'International airline passengers, monthly totals in thousands, Jan 1949 – Dec 1960 (144 values; Box & Jenkins ' +
    'Series G, public domain). Windows of `window` months predict the month `horizon` steps later (many-to-one). ' +
    'The last test_split of the months are the test targets; scaling is fitted on the earlier months only.',
  params: seriesParams(12, 'Months of history per input window (12 = one full season).'),
  returns: SERIES_RETURNS,
};

export const airlineDataset = seriesDataset(airlineEntry, AIRLINE_FILE);
