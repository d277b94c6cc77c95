// datasets.airline_passengers(): the Box & Jenkins airline series, the classic first
// forecasting exercise (trend plus a yearly season whose swing grows with the level).
import { seriesDataset } from './timeseries';
import { airlineEntry } from '../../../keras/datasets/airline';

const AIRLINE_FILE = 'timeseries/airline.json';

export const airlineDataset = seriesDataset(airlineEntry, AIRLINE_FILE);
