// The declaration of datasets.airline_passengers(): its doc, parameters and returns (the loader is in src/engine/data/datasets/airline.ts).
import { CatalogEntry, SERIES_RETURNS, seriesParams } from './params';

export const airlineEntry: CatalogEntry = {
  name: 'airline_passengers',
  doc:
    'International airline passengers, monthly totals in thousands, Jan 1949 – Dec 1960 (144 values; Box & Jenkins ' +
    'Series G, public domain). Windows of `window` months predict the month `horizon` steps later (many-to-one). ' +
    'The last test_split of the months are the test targets; scaling is fitted on the earlier months only.',
  params: seriesParams(12, 'Months of history per input window (12 = one full season).'),
  returns: SERIES_RETURNS,
};
