// Fuzz: thousands of damaged .rnnb files through the reader. Every one either opens, and then
// saves and reopens to the same notebook with only values VS Code accepts, or is refused with
// an RnnbFormatError whose line and column lie inside the file; nothing else is ever thrown.
// Seeds are the shipped samples and a notebook with outputs of every kind.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_NESTING, MAX_NOTEBOOK_BYTES, RnnbFormatError, RnnbNotebook, deserializeRnnb, serializeRnnb, unreadablePreview } from '../../../src/host/notebook/rnnbFormat';
import { generator, mutateSome, preview } from '../fuzzing';

const SAMPLES = path.join(__dirname, '..', '..', '..', '..', 'samples');
const CASES = 3000;
const SEED = 20261206;
/** VS Code's normalizeMimeType (strict): NotebookCellOutputItem throws for a mime type it rejects. */
const VSCODE_MIME = /^(.+)\/(.+?)(;.+)?$/;

const WITH_OUTPUTS: RnnbNotebook = {
  metadata: { kernelspec: { name: 'unroll' }, tags: ['a', 'b'] },
  cells: [
    { kind: 'markdown', language: 'markdown', source: '# Title\nSome *text* é 🙂\n', metadata: {}, outputs: [] },
    {
      kind: 'code', language: 'rnn', source: 'model = Sequential()\nmodel.add(LSTM(8))\n', metadata: { collapsed: false },
      outputs: [
        { items: [{ mime: 'text/plain', data: new TextEncoder().encode('loss 0.25\nacc 0.9\n') }], metadata: { n: 1 } },
        { items: [{ mime: 'image/png', data: Uint8Array.from([137, 80, 78, 71, 0, 255, 1, 2]) }, { mime: 'application/json', data: new TextEncoder().encode('{"x": [1, 2]}') }], metadata: {} },
      ],
      execution: { order: 3, success: true, startTime: 1_700_000_000_000, endTime: 1_700_000_000_250 },
    },
  ],
};

/** The seed pool: every sample (or those `keep` picks), then a notebook with outputs. */
function seeds(keep: (file: string) => boolean = () => true): Uint8Array[] {
  const files = fs.readdirSync(SAMPLES).filter(f => f.endsWith('.rnnb') && keep(f)).map(f => new Uint8Array(fs.readFileSync(path.join(SAMPLES, f))));
  assert.ok(files.length >= 5, 'the samples are the fuzzer\'s seeds');
  return [...files, serializeRnnb(WITH_OUTPUTS)];
}

/** The error names a line and column inside the file (the size limit is the one error about the whole file). */
function assertLocated(error: RnnbFormatError, bytes: Uint8Array, what: string): void {
  if (bytes.length > MAX_NOTEBOOK_BYTES) return;
  assert.ok(error.line !== undefined && error.column !== undefined, `${what}: no line/column in "${error.message}"`);
  const lines = new TextDecoder().decode(bytes).split('\n');
  assert.ok(error.line >= 1 && error.line <= lines.length, `${what}: line ${error.line} of ${lines.length} in "${error.message}"`);
  assert.ok(error.column >= 1 && error.column <= lines[error.line - 1].length + 1, `${what}: column ${error.column} past line ${error.line} in "${error.message}"`);
  assert.match(error.message, /^line \d+, column \d+: \S/);
}

/** What must hold of any input: opened and saved faithfully, or refused with a located error. */
function check(bytes: Uint8Array, what: string): 'opened' | 'refused' {
  let notebook: RnnbNotebook;
  try {
    notebook = deserializeRnnb(bytes);
  } catch (error) {
    if (!(error instanceof RnnbFormatError)) assert.fail(`${what}: threw ${error instanceof Error ? error.stack : String(error)}\n--- file ---\n${preview(bytes)}`);
    assertLocated(error, bytes, what);
    assert.equal(typeof unreadablePreview(bytes), 'string');
    return 'refused';
  }
  for (const cell of notebook.cells) {
    assert.ok(cell.language !== '', `${what}: empty language id`);
    for (const output of cell.outputs) for (const item of output.items) assert.match(item.mime, VSCODE_MIME, `${what}: VS Code would refuse the mime type`);
    if (cell.execution?.order !== undefined) assert.ok(Number.isInteger(cell.execution.order) && cell.execution.order >= 0, what);
  }
  let saved: Uint8Array;
  try {
    saved = serializeRnnb(notebook);
  } catch (error) {
    assert.fail(`${what}: opened but did not save: ${error instanceof Error ? error.stack : String(error)}\n--- file ---\n${preview(bytes)}`);
  }
  // JSON writes -0 as 0, the one change a save may make.
  assert.deepEqual(zeroed(deserializeRnnb(saved)), zeroed(notebook), `${what}: saving changed the notebook`);
  return 'opened';
}

function zeroed(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(zeroed);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, zeroed(v)]));
  return value;
}

describe('.rnnb format: fuzz', function () {
  this.timeout(120_000);

  it(`opens or refuses, located, ${CASES} mutated files (seed ${SEED})`, () => {
    const g = generator(SEED);
    const pool = seeds();
    const counts = { opened: 0, refused: 0 };
    const started = Date.now();
    for (let n = 0; n < CASES; n++) {
      const bytes = mutateSome(g, g.pick(pool), pool);
      counts[check(bytes, `seed ${SEED}, case ${n}`)]++;
    }
    console.log(`      ${JSON.stringify(counts)} in ${Date.now() - started} ms`);
    assert.ok(counts.opened > 200 && counts.refused > 1000, JSON.stringify(counts));
  });

  describe('regressions found by the fuzzer and by hand', () => {
    /** The input of case `n` of the run with `seed`, replayed over the pool of then: samples 01–09 and hello, before sample 10 joined. */
    const replay = (seed: number, n: number) => {
      const g = generator(seed);
      const pool = seeds(f => !/^1\d-/.test(f));
      for (let k = 0; k < n; k++) mutateSome(g, g.pick(pool), pool);
      return mutateSome(g, g.pick(pool), pool);
    };

    it(`seed ${SEED}, cases 244 and 411: threw a RangeError (jsonc-parser's recursion on deep nesting)`, () => {
      for (const n of [244, 411]) assert.equal(check(replay(SEED, n), `case ${n}`), 'refused');
    });

    it(`seed ${SEED}, case 0: a structural error had no line and column`, () => {
      assert.equal(check(replay(SEED, 0), 'case 0'), 'refused');
    });

    const bytes = (text: string) => new TextEncoder().encode(text);
    const refusal = (input: Uint8Array) => {
      try {
        deserializeRnnb(input);
      } catch (error) {
        assert.ok(error instanceof RnnbFormatError, String(error));
        assertLocated(error, input, 'regression');
        return error;
      }
      assert.fail('the file opened');
    };

    it('deep nesting that JSON.parse rejects no longer overflows the error locator (was a RangeError from jsonc-parser)', () => {
      assert.match(refusal(bytes('['.repeat(100_000))).message, /line 1, column 100001: the file ends too early/);
      assert.match(refusal(bytes('{"cells": [' + '['.repeat(50_000) + '1}')).message, /line 1, column \d+: invalid JSON: expected ',' or ']'/);
    });

    it(`a valid notebook nested deeper than ${MAX_NESTING} levels is refused where the nesting passes the limit`, () => {
      const line2 = ' "metadata": {"a": ';
      const error = refusal(bytes('{"cells": [],\n' + line2 + '['.repeat(20_000) + ']'.repeat(20_000) + '}}'));
      assert.equal(error.line, 2);
      // The notebook and its metadata are levels 1 and 2, so level 513 is the 511th bracket.
      assert.equal(error.column, line2.length + MAX_NESTING - 1, 'where level 513 opens');
      assert.match(error.message, /nested deeper than 512 levels/);
    });

    it('deeply nested metadata within the limit opens and saves (sortKeys and JSON.stringify used to overflow near 5,000 levels)', () => {
      let deep: unknown = 'leaf';
      // A cell's metadata sits at level 4 (notebook, cells, cell, metadata), so it may hold 508 more.
      for (let d = 0; d < MAX_NESTING - 4; d++) deep = d % 2 ? [deep] : { b: deep, a: d };
      const notebook = { metadata: {}, cells: [{ kind: 'code' as const, language: 'rnn', source: 'x = 1', metadata: { deep } as RnnbNotebook['metadata'], outputs: [] }] };
      const saved = serializeRnnb(notebook);
      assert.deepEqual(deserializeRnnb(saved), notebook);
      assert.equal(check(saved, 'deep metadata'), 'opened');
    });

    it('metadata too deep to reopen is refused on save with the reason, not a RangeError', () => {
      let deep: unknown = 1;
      for (let d = 0; d < 10_000; d++) deep = { a: deep };
      let justOver: unknown = 1;
      for (let d = 0; d < MAX_NESTING - 1; d++) justOver = [justOver];
      assert.throws(() => serializeRnnb({ metadata: {}, cells: [{ kind: 'code', language: 'rnn', source: '', metadata: { deep } as RnnbNotebook['metadata'], outputs: [] }] }),
        (e: unknown) => e instanceof RnnbFormatError && /cell 1's metadata is nested deeper than 509 levels/.test(e.message));
      assert.throws(() => serializeRnnb({ metadata: { justOver } as RnnbNotebook['metadata'], cells: [] }), /the notebook's metadata is nested deeper than 511 levels/);
      assert.doesNotThrow(() => serializeRnnb({ metadata: { justOver: (justOver as unknown[])[0] } as RnnbNotebook['metadata'], cells: [] }));
    });

    it('a "__proto__" key in metadata survives a save (an assignment in sortKeys set the prototype and lost it)', () => {
      const input = bytes('{"cells": [], "metadata": {"__proto__": {"polluted": true}, "a": 1}}');
      assert.equal(check(input, '__proto__'), 'opened');
      assert.match(new TextDecoder().decode(serializeRnnb(deserializeRnnb(input))), /"__proto__": \{\n\s+"polluted": true/);
    });

    it('invalid UTF-8: the line and column of the first bad byte', () => {
      const input = Uint8Array.from([...bytes('{\n  "cells": [],\n  "metadata": {"x": "é'), 0xff, ...bytes('"}}')]);
      const error = refusal(input);
      assert.deepEqual([error.line, error.column], [3, 23]);
      assert.match(error.message, /not valid UTF-8 text \(byte 0xff\)/);
    });

    it('a NUL byte is named, where it is', () => {
      const error = refusal(bytes('{"cells": []}\n\u0000'));
      assert.deepEqual([error.line, error.column], [2, 1]);
      assert.match(error.message, /NUL byte/);
      assert.match(refusal(bytes('{"cells": [{"kind": "code", "source": "a\u0000b"}]}')).message, /column 41: invalid JSON: a NUL byte \(0x00\) inside a string/);
    });

    it('wrong types: the line and column of the field (structural errors had none)', () => {
      const error = refusal(bytes('{\n  "cells": [\n    {"kind": "code"},\n    {"kind": "code", "source": 5}\n  ]\n}'));
      assert.deepEqual([error.line, error.column], [4, 32]);
      assert.match(error.message, /cell 2: "source" must be a string or an array of strings/);
      assert.match(refusal(bytes('{"cells": [{"kind": "code", "source": ["a", 7]}]}')).message, /column 45: cell 1: "source" .* \(line 2 is 7\)/);
      assert.match(refusal(bytes('{"cells": {}}')).message, /^line 1, column 11: the notebook has no "cells" array/);
    });

    it('a huge number (JSON.parse reads 1e400 as Infinity, JSON.stringify writes null) is refused where it is', () => {
      assert.match(refusal(bytes('{"cells": [{"kind": "code", "execution": {"order": 1e400}}]}')).message, /column 52: a number too large to store/);
      assert.match(refusal(bytes('{"cells": [], "metadata": {"x": [1, -1e309]}}')).message, /column 37: a number too large to store/);
    });

    it('values VS Code would throw on are refused here', () => {
      assert.match(refusal(bytes('{"cells": [{"kind": "code", "outputs": [{"items": [{"mime": "x", "text": "a"}]}]}]}')).message, /column 61: cell 1, output 1, item 1: "mime" must be a mime type/);
      assert.match(refusal(bytes('{"cells": [{"kind": "code", "outputs": [{"items": [{"mime": "text/pl\\nain", "text": "a"}]}]}]}')).message, /"mime" must be a mime type/);
      assert.match(refusal(bytes('{"cells": [{"kind": "code", "execution": {"order": -1}}]}')).message, /"order" must be a whole number/);
      assert.match(refusal(bytes('{"cells": [{"kind": "code", "language": ""}]}')).message, /"language" must be a language id/);
      assert.match(refusal(bytes('{"cells": [{"kind": "code", "outputs": [{"items": [{"mime": "image/png", "base64": "%%%"}]}]}]}')).message, /"base64" is not base64 data/);
    });

    it(`a file over ${MAX_NOTEBOOK_BYTES / 1024 / 1024} MB is refused by its size, and its preview is cut to 1 MB`, () => {
      const big = new Uint8Array(MAX_NOTEBOOK_BYTES + 1).fill(0x20);
      assert.throws(() => deserializeRnnb(big), /the file is 100\.0 MB; Unroll opens notebooks of up to 100 MB/);
      const shown = unreadablePreview(big);
      assert.ok(shown.length < 1.1e6 && shown.endsWith('(the first 1 MB of 100.0 MB is shown)'));
    });
  });
});
