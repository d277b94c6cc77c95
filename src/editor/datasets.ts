// Documentation of `datasets.*` loaders for completion and hover. The data layer's catalog
// (src/engine/data/datasets) is the truth once it exists; until then the editor knows the
// loader the seed's snippet calls, so the seed reads well while it is being typed.
import type { Param } from '../language';

export interface DatasetDoc {
  readonly name: string;
  readonly doc: string;
  readonly params: readonly Param[];
  /** What the loader returns, with shapes: '(X_train [N, max_len] int, y_train [N] 0/1), …'. */
  readonly returns: string;
}

export const FALLBACK_DATASETS: readonly DatasetDoc[] = [
  {
    name: 'sentiment',
    doc: 'UCI Sentiment Labelled Sentences (Kotzias et al., 2015; CC BY 4.0): 3,000 review sentences from IMDB, Amazon and Yelp labelled positive (1) or negative (0), as padded word ids.',
    params: [
      { name: 'max_vocab', default: null, types: ['int', 'None'], doc: 'Keep the max_vocab most frequent words; rarer words map to the out-of-vocabulary id.' },
      { name: 'max_len', default: null, types: ['int', 'None'], doc: 'Pad or truncate every sentence to this many tokens.' },
    ],
    returns: '(X_train, y_train), (X_test, y_test): X [N, max_len] word ids (0 = padding), y [N] 0/1 labels',
  },
];
