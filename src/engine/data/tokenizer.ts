/**
 * keras.preprocessing.text.Tokenizer (legacy Keras, still what RNN tutorials use),
 * reproduced rule for rule:
 * - word_index is ranked by count, ties in first-seen order (Python's stable sort),
 *   starting at 1 (0 is padding); the oov_token, if any, takes index 1.
 * - num_words only limits texts_to_sequences / sequences_to_texts (indices ≥ num_words
 *   are dropped, or mapped to the oov index); word_index always holds every word.
 * - char_level ignores `filters` and `split` (each character is a token; lower still applies).
 */
const DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

export interface TokenizerOptions {
  numWords?: number | null;
  filters?: string;
  lower?: boolean;
  split?: string;
  charLevel?: boolean;
  oovToken?: string | null;
}

/** keras.preprocessing.text.text_to_word_sequence. */
export function textToWordSequence(text: string, filters = DEFAULT_FILTERS, lower = true, split = ' '): string[] {
  let t = lower ? text.toLowerCase() : text;
  const drop = new Set(filters);
  let mapped = '';
  for (const ch of t) mapped += drop.has(ch) ? split : ch;
  t = mapped;
  return t.split(split).filter((w) => w.length > 0);
}

export class Tokenizer {
  readonly numWords: number | null;
  readonly filters: string;
  readonly lower: boolean;
  readonly split: string;
  readonly charLevel: boolean;
  readonly oovToken: string | null;
  /** Counts in first-seen order. */
  wordCounts = new Map<string, number>();
  /** Number of documents each word appears in. */
  wordDocs = new Map<string, number>();
  wordIndex = new Map<string, number>();
  indexWord = new Map<number, string>();
  indexDocs = new Map<number, number>();
  documentCount = 0;

  constructor(opts: TokenizerOptions = {}) {
    this.numWords = opts.numWords ?? null;
    this.filters = opts.filters ?? DEFAULT_FILTERS;
    this.lower = opts.lower ?? true;
    this.split = opts.split ?? ' ';
    this.charLevel = opts.charLevel ?? false;
    this.oovToken = opts.oovToken ?? null;
    if (this.numWords !== null && (!Number.isInteger(this.numWords) || this.numWords < 0)) {
      throw new Error(`Tokenizer: num_words must be a non-negative integer, got ${this.numWords}`);
    }
  }

  /** Tokens of one text (a string, or a list of tokens which is taken as is). */
  private tokens(text: string | readonly string[]): string[] {
    if (typeof text !== 'string') return text.map((w) => (this.lower ? w.toLowerCase() : w));
    if (this.charLevel) return [...(this.lower ? text.toLowerCase() : text)];
    return textToWordSequence(text, this.filters, this.lower, this.split);
  }

  fitOnTexts(texts: ReadonlyArray<string | readonly string[]>): void {
    for (const text of texts) {
      this.documentCount++;
      const seq = this.tokens(text);
      for (const w of seq) this.wordCounts.set(w, (this.wordCounts.get(w) ?? 0) + 1);
      for (const w of new Set(seq)) this.wordDocs.set(w, (this.wordDocs.get(w) ?? 0) + 1);
    }
    // Array.prototype.sort is stable (ES2019), like Python's sort.
    const ranked = [...this.wordCounts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
    const vocab = this.oovToken === null ? ranked : [this.oovToken, ...ranked];
    this.wordIndex = new Map();
    // A later duplicate (the oov token also used as a word) overwrites the index, as a Python dict does.
    vocab.forEach((w, i) => this.wordIndex.set(w, i + 1));
    this.indexWord = new Map();
    for (const [w, i] of this.wordIndex) this.indexWord.set(i, w);
    this.indexDocs = new Map();
    for (const [w, c] of this.wordDocs) this.indexDocs.set(this.wordIndex.get(w)!, c);
  }

  private oovIndex(): number | undefined {
    return this.oovToken === null ? undefined : this.wordIndex.get(this.oovToken);
  }

  textsToSequences(texts: ReadonlyArray<string | readonly string[]>): number[][] {
    const oov = this.oovIndex();
    return texts.map((text) => {
      const out: number[] = [];
      for (const w of this.tokens(text)) {
        const i = this.wordIndex.get(w);
        if (i !== undefined) {
          if (this.numWords && i >= this.numWords) {
            if (oov !== undefined) out.push(oov);
          } else out.push(i);
        } else if (this.oovToken !== null && oov !== undefined) {
          out.push(oov);
        }
      }
      return out;
    });
  }

  /** Inverse mapping, words joined by a single space (also for char_level, as Keras does). */
  sequencesToTexts(sequences: ReadonlyArray<ReadonlyArray<number>>): string[] {
    const oov = this.oovIndex();
    return sequences.map((seq) => {
      const words: string[] = [];
      for (const n of seq) {
        const w = this.indexWord.get(n);
        if (w !== undefined) {
          if (this.numWords && n >= this.numWords) {
            if (oov !== undefined) words.push(this.indexWord.get(oov)!);
          } else words.push(w);
        } else if (this.oovToken !== null && oov !== undefined) {
          words.push(this.indexWord.get(oov)!);
        }
      }
      return words.join(' ');
    });
  }

  /** word_index as a plain object, for display and JSON. */
  wordIndexObject(): Record<string, number> {
    return Object.fromEntries(this.wordIndex);
  }

  /** The size an Embedding needs: num_words if set, else the largest index + 1. */
  vocabularySize(): number {
    return this.numWords ?? this.wordIndex.size + 1;
  }
}
