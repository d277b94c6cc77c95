// Fuzz: damaged data files through the real load_text, load_csv and load_jsonl in a kernel
// session. Each either reads, or fails with a ValueError (UnicodeDecodeError for bytes that are
// not UTF-8) that names the file and the row or line; never an internal error.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CellError } from '../../../src/language';
import { generator, mutateSome, preview } from '../fuzzing';
import { TestKernel } from './harness';

const SEED = 8675309;
const CASES = 2000;
const enc = new TextEncoder();

interface Loader {
  file: string;
  /** Calls that read the file, one per case, picked at random. */
  calls: string[];
  seeds: string[];
}

const LOADERS: Loader[] = [
  {
    file: 'fuzzed.csv',
    calls: ["load_csv('fuzzed.csv')", "load_csv('fuzzed.csv', header=False)", "load_csv('fuzzed.csv', numeric=True, header=False)", "load_csv('fuzzed.csv', numeric=True)", "load_csv('fuzzed.csv', delimiter=';')"],
    seeds: [
      'a,b,c\n1,2,3\n4,5.5,-6e2\n7,8,9\n',
      'name,text,score\r\nann,"hello, world",1\r\nbob,"she said ""hi""\nand left",2.5\r\n',
      '0.1,0.2\n0.3,0.4\n\n0.5,0.6',
      'x;y\n1;2\n"3;4";5\n',
    ],
  },
  {
    file: 'fuzzed.jsonl',
    calls: ["load_jsonl('fuzzed.jsonl')"],
    seeds: [
      '{"t": "hi", "n": 2}\n[1, 2.5, null, true]\n"text"\n',
      '{"x": [1, 2, 3], "y": {"z": [{"a": 1e-3}]}}\r\n\r\n{"x": [], "y": {}}\n',
      '1\n-0\n123456789012345678901234567890\n{"deep": [[[[[]]]]]}\n',
    ],
  },
  {
    file: 'fuzzed.txt',
    calls: ["load_text('fuzzed.txt')", "load_text('fuzzed.txt', lines=True)"],
    seeds: ['one\ntwo\r\nthree é 🙂\n', 'The quick brown fox.\n\nJumps.', ''],
  },
];

describe('load_text, load_csv, load_jsonl: fuzz', function () {
  this.timeout(300_000);
  let k: TestKernel;

  before(() => { k = new TestKernel(); });
  after(() => k.dispose());

  /** Reads `bytes` through `call`: 'read', or the located error's message. */
  function read(loader: Loader, call: string, bytes: Uint8Array, what: string): string {
    fs.writeFileSync(path.join(k.workspace, loader.file), bytes);
    try {
      k.session.run(`rows = ${call}\nlen(rows)`);
      return 'read';
    } catch (e) {
      const context = `${what}: ${call}\n--- file ---\n${preview(bytes)}`;
      if (!(e instanceof CellError)) assert.fail(`${context}\nthrew ${e instanceof Error ? e.stack : String(e)}`);
      assert.ok(e.errorName === 'ValueError' || e.errorName === 'UnicodeDecodeError', `${context}\n${e.errorName}: ${e.message}`);
      assert.ok(e.message.includes(`'${loader.file}'`) || e.message.startsWith('load_csv: delimiter'), `${context}\nthe message does not name the file: ${e.message}`);
      assert.match(e.message, /line \d+|row \d+|delimiter/, `${context}\nthe message does not say where: ${e.message}`);
      return e.message;
    }
  }

  for (const [index, loader] of LOADERS.entries()) {
    it(`${loader.calls[0].split('(')[0]}: reads or refuses, located, ${CASES} mutated files (seed ${SEED + index})`, () => {
      const g = generator(SEED + index);
      const pool = loader.seeds.map(s => enc.encode(s));
      const counts = { read: 0, refused: 0 };
      const started = Date.now();
      for (let n = 0; n < CASES; n++) {
        const bytes = mutateSome(g, g.pick(pool), pool);
        counts[read(loader, g.pick(loader.calls), bytes, `seed ${SEED + index}, case ${n}`) === 'read' ? 'read' : 'refused']++;
      }
      console.log(`      ${JSON.stringify(counts)} in ${Date.now() - started} ms`);
      assert.ok(counts.read > 100 && counts.refused > 100, JSON.stringify(counts));
    });
  }

  describe('names the file and the row', () => {
    const [csv, jsonl, text] = LOADERS;
    const bytes = (s: string) => enc.encode(s);

    it('load_csv: a short row, a field that is not a number, a row longer than its header, a quote never closed', () => {
      assert.equal(read(csv, "load_csv('fuzzed.csv', numeric=True)", bytes('a,b\n1,2\n"3\n",4\n6\n'), 'short'), "load_csv: 'fuzzed.csv' row 3 (line 5) has 1 fields, expected 2");
      assert.equal(read(csv, "load_csv('fuzzed.csv', numeric=True)", bytes('a,b\n1,2\n3,x\n'), 'nan'), "load_csv: 'fuzzed.csv' row 2 (line 3), column 2 is not a number: \"x\"");
      assert.equal(read(csv, "load_csv('fuzzed.csv')", bytes('a,b\n1,2\n3,4,5\n'), 'long'), "load_csv: 'fuzzed.csv' row 2 (line 3) has 3 fields, but the header names 2");
      assert.equal(read(csv, "load_csv('fuzzed.csv')", bytes('a,b\n1,2\n3,"4\n5,6\n'), 'quote'), "load_csv: 'fuzzed.csv' line 3: a quoted field opens here and is never closed");
      assert.match(read(csv, "load_csv('fuzzed.csv', delimiter='::')", bytes('a::b\n'), 'delimiter'), /delimiter must be one character/);
    });

    it('load_jsonl: the line and column of bad JSON, and of nesting too deep', () => {
      assert.equal(read(jsonl, "load_jsonl('fuzzed.jsonl')", bytes('{"a": 1}\n{"a": 1,, "b": 2}\n'), 'syntax'), "load_jsonl: 'fuzzed.jsonl' line 2, column 9: invalid JSON: expected a \"quoted\" property name but found \",\"");
      assert.equal(read(jsonl, "load_jsonl('fuzzed.jsonl')", bytes('[1, 2\n'), 'cut'), "load_jsonl: 'fuzzed.jsonl' line 1, column 6: invalid JSON: the line ends before its JSON value does");
      assert.equal(read(jsonl, "load_jsonl('fuzzed.jsonl')", bytes('1\n' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n'), 'deep'), "load_jsonl: 'fuzzed.jsonl' line 2, column 101: nested deeper than 100 levels");
    });

    it('bytes that are not UTF-8: UnicodeDecodeError with the line and column', () => {
      const bad = Uint8Array.from([...bytes('ok\nab'), 0xc3, 0x28, ...bytes('\n')]);
      for (const [loader, call] of [[text, "load_text('fuzzed.txt')"], [csv, "load_csv('fuzzed.csv')"], [jsonl, "load_jsonl('fuzzed.jsonl')"]] as const) {
        assert.equal(read(loader, call, bad, 'utf-8'), `'${loader.file}' is not UTF-8 text: line 2, column 3 (byte 0xc3)`);
      }
    });
  });
});
