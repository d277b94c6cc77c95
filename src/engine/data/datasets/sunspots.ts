// datasets.sunspots(): yearly sunspot numbers 1700–2008, a long, quasi-periodic (~11-year)
// series whose cycles vary in length and height, a harder forecasting task than the airline data.
import { seriesDataset } from './timeseries';
import { sunspotsEntry } from '../../../keras/datasets/sunspots';

const SUNSPOTS_FILE = 'timeseries/sunspots.json';

export const sunspotsDataset = seriesDataset(sunspotsEntry, SUNSPOTS_FILE);
