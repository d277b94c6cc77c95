// Shared by the time-series loaders: read a shipped series, scale it, window it.
import { DatasetDefinition, LoadContext, LoaderArgs, requireFiles } from './definition';
import { CatalogEntry, ParamSpec, resolveParams } from './params';
import { SCALE_KINDS, ScaleKind, applyScaler, fitScaler } from './scaler';
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

export function seriesParams(window: number, windowDoc: string): ParamSpec[] {
  return [
    { name: 'window', type: 'int', default: window, min: 1, doc: windowDoc },
    { name: 'horizon', type: 'int', default: 1, min: 1, doc: 'How many steps after the window the target lies (1 = the next value).' },
    { name: 'test_split', type: 'float', default: 0.2, min: 0.05, max: 0.9, doc: 'Fraction of the series at its end whose values are the test targets (chronological split, no shuffling).' },
    { name: 'scale', type: 'str', default: 'minmax', choices: SCALE_KINDS, doc: "'minmax' maps the training period to [0, 1] (test values may exceed 1 if the series grows), 'standard' to mean 0 and std 1, 'none' keeps the original units. Invert with value * scaler.scale + scaler.offset." },
  ];
}

export const SERIES_RETURNS =
  '(x_train [N_train, window, 1] float32, y_train [N_train] float32), (x_test [N_test, window, 1] float32, y_test [N_test] float32), scaled; ' +
  'also .scaler (kind, offset, scale: original = scaled * scale + offset), .series (the raw values) and .info (test_start).';

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
