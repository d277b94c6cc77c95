// Shared by the time-series loaders: read a shipped series, scale it, window it.
import { DatasetDefinition, LoadContext, LoaderArgs, requireFiles } from './definition';
import { CatalogEntry, resolveParams } from './params';
import { ScaleKind, applyScaler, fitScaler } from './scaler';
import { Dataset } from './types';
import { seriesArray, splitWindows } from './windows';

interface SeriesFile {
  readonly name: string;
  readonly description: string;
  readonly start: string;
  readonly frequency: string;
  readonly units: string;
  readonly source: string;
  readonly license: string;
  readonly values: number[];
}

function readSeries(ctx: LoadContext, loader: string, file: string): SeriesFile {
  const s = JSON.parse(requireFiles(ctx, loader)(file)) as SeriesFile;
  if (!Array.isArray(s.values) || s.values.some((v) => typeof v !== 'number')) throw new Error(`${file}: values must be numbers`);
  return s;
}

/** A loader for one shipped series file, with its own catalog entry. */
export function seriesDataset(entry: CatalogEntry, file: string): DatasetDefinition {
  const load = (args: LoaderArgs, ctx: LoadContext): Dataset => {
    const p = resolveParams(entry, args);
    const s = readSeries(ctx, entry.name, file);
    const window = p.window as number, horizon = p.horizon as number;
    const testStart = s.values.length - Math.floor(s.values.length * (p.test_split as number));
    // Fit on the training period only: the test period's level must not leak into the scaling.
    const scaler = fitScaler(p.scale as ScaleKind, s.values.slice(0, testStart));
    const scaled = s.values.map((v) => applyScaler(scaler, v));
    const split = splitWindows(scaled, window, horizon, p.test_split as number);
    return {
      train: split.train,
      test: split.test,
      scaler,
      series: seriesArray(s.values),
      info: {
        name: entry.name,
        description: `${s.description} (${s.units})`,
        source: s.source,
        license: s.license,
        params: p,
        extra: { series_length: s.values.length, test_start: split.testStart, start: s.start, frequency: s.frequency },
      },
    };
  };
  return { entry, load };
}
