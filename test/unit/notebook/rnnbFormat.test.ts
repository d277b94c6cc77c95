import * as assert from 'node:assert/strict';
import { JsonValue, Metadata, RnnbCell, RnnbFormatError, RnnbNotebook, deserializeRnnb, serializeRnnb, splitLines } from '../../../src/host/notebook/rnnbFormat';

/** mulberry32: a tiny seeded generator so a failing case can be replayed from its seed. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]) => items[int(items.length)];
  return { next, int, pick };
}

type Gen = ReturnType<typeof generator>;
const PIECES = ['x', 'LSTM(64)', '\n', '\r\n', ' ', '"', '\\', 'é', '🙂', '\t', '{', '}', 'model.fit(X, y)', '#', '\u2028', ''];

function randomText(g: Gen, maxPieces = 12): string {
  return Array.from({ length: g.int(maxPieces) }, () => g.pick(PIECES)).join('');
}

function randomJson(g: Gen, depth = 0): JsonValue {
  switch (g.int(depth > 2 ? 4 : 6)) {
    case 0: return null;
    case 1: return g.next() < 0.5;
    case 2: return g.pick([0, -1, 3.25, 1e-7, 123456789, -0.5]);
    case 3: return randomText(g, 4);
    case 4: return Array.from({ length: g.int(4) }, () => randomJson(g, depth + 1));
    default: return randomMetadata(g, depth + 1);
  }
}

function randomMetadata(g: Gen, depth = 0): Metadata {
  const metadata: Metadata = {};
  for (let i = g.int(4); i > 0; i--) metadata[g.pick(['b', 'a', 'z', 'tags', 'collapsed', 'ü'])] = randomJson(g, depth);
  return metadata;
}

function randomCell(g: Gen): RnnbCell {
  if (g.next() < 0.3) return { kind: 'markdown', language: 'markdown', source: randomText(g), metadata: randomMetadata(g), outputs: [] };
  const cell: RnnbCell = {
    kind: 'code', language: g.pick(['rnn', 'python', 'json']), source: randomText(g), metadata: randomMetadata(g),
    outputs: Array.from({ length: g.int(3) }, () => ({
      metadata: randomMetadata(g),
      items: Array.from({ length: 1 + g.int(2) }, () => {
        const mime = g.pick(['text/plain', 'application/vnd.code.notebook.stdout', 'image/png', 'application/json', 'text/html']);
        const data = mime === 'image/png' || g.next() < 0.1
          ? Uint8Array.from({ length: g.int(40) }, () => g.int(256)) // binary, possibly invalid UTF-8 even under a text mime
          : new TextEncoder().encode(randomText(g));
        return { mime, data };
      }),
    })),
  };
  if (g.next() < 0.6) {
    cell.execution = { order: 1 + g.int(50), success: g.next() < 0.7, startTime: 1_700_000_000_000 + g.int(1e6) };
    cell.execution.endTime = cell.execution.startTime! + g.int(5000);
  }
  return cell;
}

function randomNotebook(g: Gen): RnnbNotebook {
  return { metadata: randomMetadata(g), cells: Array.from({ length: g.int(6) }, () => randomCell(g)) };
}

/** Metadata key order is not part of a notebook's meaning, so compare with sorted keys. */
function canonical(value: unknown): unknown {
  if (value instanceof Uint8Array) return Array.from(value);
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map(k => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

describe('.rnnb format', () => {
  it('round-trips: deserialize(serialize(n)) equals n for 2,000 random notebooks', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const notebook = randomNotebook(generator(seed));
      const back = deserializeRnnb(serializeRnnb(notebook));
      assert.deepEqual(canonical(back), canonical(notebook), `seed ${seed}`);
    }
  });

  it('is stable: the same notebook gives the same bytes whatever its metadata key order', () => {
    const a = { metadata: { z: 1, a: { y: 2, b: 3 } }, cells: [] };
    const b = { metadata: { a: { b: 3, y: 2 }, z: 1 }, cells: [] };
    assert.deepEqual(serializeRnnb(a), serializeRnnb(b));
    const once = serializeRnnb(randomNotebook(generator(7)));
    assert.deepEqual(serializeRnnb(deserializeRnnb(once)), once);
  });

  it('writes indented JSON with sources as lines and a final newline', () => {
    const text = new TextDecoder().decode(serializeRnnb({ metadata: {}, cells: [{ kind: 'code', language: 'rnn', source: 'a = 1\nb = 2', metadata: {}, outputs: [] }] }));
    assert.ok(text.endsWith('}\n'));
    assert.match(text, /\n {6}"source": \[\n {8}"a = 1\\n",\n {8}"b = 2"\n {6}\]/);
    assert.deepEqual(Object.keys(JSON.parse(text) as object), ['format', 'version', 'metadata', 'cells']);
  });

  it('drops outputs and execution data when asked to', () => {
    const notebook = randomNotebook(generator(11));
    const back = deserializeRnnb(serializeRnnb(notebook, { includeOutputs: false }));
    for (const cell of back.cells) {
      assert.deepEqual(cell.outputs, []);
      assert.equal(cell.execution, undefined);
    }
    assert.deepEqual(back.cells.map(c => c.source), notebook.cells.map(c => c.source));
  });

  it('reads an empty file as an empty notebook', () => {
    assert.deepEqual(deserializeRnnb(new Uint8Array()), { metadata: {}, cells: [] });
    assert.deepEqual(deserializeRnnb(new TextEncoder().encode('  \n')), { metadata: {}, cells: [] });
  });

  it('splits lines so that joining them gives the text back', () => {
    for (const text of ['', 'a', 'a\n', 'a\nb', '\n\n', 'a\r\nb\r\n']) assert.equal(splitLines(text).join(''), text);
  });

  describe('names the problem in a file it cannot read', () => {
    const errorFor = (text: string) => {
      try {
        deserializeRnnb(new TextEncoder().encode(text));
      } catch (error) {
        assert.ok(error instanceof RnnbFormatError, String(error));
        return error;
      }
      assert.fail(`no error for ${JSON.stringify(text)}`);
    };

    it('a truncated file: where it ends', () => {
      const full = new TextDecoder().decode(serializeRnnb(randomNotebook(generator(3))));
      const error = errorFor(full.slice(0, Math.floor(full.length / 2)));
      assert.match(error.message, /ends too early \(truncated\?\)/);
      assert.equal(error.line, full.slice(0, Math.floor(full.length / 2)).split('\n').length);
    });

    it('a syntax error: line and column', () => {
      const error = errorFor('{\n  "cells": [\n    }\n');
      assert.equal(error.line, 3);
      assert.equal(error.column, 5);
      assert.match(error.message, /^line 3, column 5: invalid JSON/);
    });

    it('a wrong structure: which cell and which field', () => {
      assert.match(errorFor('{"cells": [{"kind": "code"}, {"kind": "picture"}]}').message, /cell 2: "kind" must be "code" or "markdown", not "picture"/);
      assert.match(errorFor('{"cells": {}}').message, /no "cells" array/);
      assert.match(errorFor('[]').message, /the notebook must be a JSON object/);
      assert.match(errorFor('{"cells": [{"kind": "code", "outputs": [{"items": [{"mime": "text/plain"}]}]}]}').message, /cell 1, output 1, item 1: needs "text" or "base64"/);
      assert.match(errorFor('{"format": "jupyter", "cells": []}').message, /"format" is "jupyter"/);
      assert.match(errorFor('{"version": 99, "cells": []}').message, /newer than this Unroll reads/);
    });

    it('bytes that are not UTF-8', () => {
      assert.throws(() => deserializeRnnb(Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d])), /not valid UTF-8/);
    });
  });
});
