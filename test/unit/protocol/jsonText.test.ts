// The located JSON scanner against JSON.parse, its independent reference: on thousands of
// mutated texts it accepts exactly what JSON.parse accepts, never recurses (deep input is
// only a loop), and finds the value at a path where a reader's error says it is.
import * as assert from 'node:assert/strict';
import { findUnsafeJson, positionAt, scanJson } from '../../../src/protocol/jsonText';
import { generator, mutateSome, preview } from '../fuzzing';

const SEED = 7_2026;
const enc = new TextEncoder();
const dec = new TextDecoder();
const SAMPLES = [
  '{"format": "unroll-notebook", "cells": [{"kind": "code", "source": ["x = 1\\n", "y"], "outputs": []}], "metadata": {"a": [1, 2.5e-3, -0, true, null]}}',
  '[1, "two", {"three": [3, {"four": "\\u0034\\n\\"q\\""}]}, [], {}]',
  '{"weights": {"dense.kernel": {"shape": [2, 3], "dtype": "float32", "data": "AAAAAA=="}}}',
  '"just a string"', '42', 'null',
];

describe('jsonText: the located JSON scanner', () => {
  it('accepts exactly what JSON.parse accepts, on 3,000 mutated texts', () => {
    const g = generator(SEED);
    const pool = SAMPLES.map(s => enc.encode(s));
    let rejected = 0;
    for (let n = 0; n < 3000; n++) {
      const text = dec.decode(mutateSome(g, g.pick(pool), pool));
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      const scan = scanJson(text);
      assert.equal(scan.syntax === undefined, parses, `seed ${SEED}, case ${n}: scanner ${scan.syntax ? `rejects (${scan.syntax.message})` : 'accepts'}, JSON.parse ${parses ? 'accepts' : 'rejects'} ${preview(text)}`);
      if (scan.syntax) {
        rejected++;
        assert.ok(scan.syntax.offset >= 0 && scan.syntax.offset <= text.length);
      }
    }
    assert.ok(rejected > 1000 && rejected < 2900, `${rejected} rejected`);
  });

  it('names the offset and reason of a syntax error', () => {
    assert.deepEqual(scanJson('{"a": [1, 2}').syntax, { offset: 11, message: 'expected \',\' or \']\' but found "}"' });
    assert.deepEqual(scanJson('{"a": 01}').syntax, { offset: 7, message: 'found "1" inside a value' });
    assert.equal(scanJson('{"a": "x').syntax?.message, 'the text ends too early (truncated?)');
    assert.equal(scanJson('[1]\u0000').syntax?.message, 'found a NUL byte (0x00) after the end of the JSON value');
  });

  it('walks 200,000 levels without recursion', () => {
    const depth = 200_000;
    assert.equal(scanJson('['.repeat(depth) + ']'.repeat(depth)).syntax, undefined);
    assert.equal(scanJson('['.repeat(depth)).syntax?.offset, depth);
    assert.equal(scanJson('['.repeat(depth) + ']'.repeat(depth), { maxDepth: 100 }).tooDeep, 100);
    assert.equal(findUnsafeJson(JSON.parse('['.repeat(depth) + ']'.repeat(depth)), 1000)?.path.length, 1000);
  });

  it('finds the value at a path (the last of duplicate keys, as JSON.parse keeps), or its deepest ancestor', () => {
    const text = '{\n  "a": {"b": [10, {"c": 1}]},\n  "a": {"b": [20, 30]}\n}';
    assert.deepEqual(positionAt(text, scanJson(text, { path: ['a', 'b', 1] }).found!.offset), { line: 3, column: 19 });
    assert.deepEqual(scanJson(text, { path: ['a', 'x', 'y'] }).found, { offset: text.lastIndexOf('{"b"'), depth: 1 });
    assert.deepEqual(scanJson(text, { path: [] }).found, { offset: 0, depth: 0 });
  });

  it('finds numbers JSON.parse made infinite, by path', () => {
    assert.deepEqual(findUnsafeJson(JSON.parse('{"a": [1, {"b": 1e400}]}'), 10), { path: ['a', 1, 'b'], problem: 'not finite' });
    assert.equal(findUnsafeJson(JSON.parse('{"a": [1e308, -0]}'), 10), undefined);
  });
});
