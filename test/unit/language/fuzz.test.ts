// Fuzz: thousands of random and mutated cells through parse, checkCell and run. The
// worker must never see anything but a CellError whose range lies inside the cell, and
// no cell may run unbounded (the interrupt hook doubles as a step budget).
import * as assert from 'assert';
import { CellError, checkCell, parseCell, SourceRange } from '../../../src/language';
import { CORPUS } from './corpus';
import { newSession, testRegistry } from './fixtures';
import { generator } from '../fuzzing';

/** A seeded uniform [0, 1) stream (mulberry32, the fuzzers' generator), so every run sees the same values. */
const rng = (seed: number): (() => number) => generator(seed).next;

const TOKENS = [
  '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '==', '+', '-', '*', '**', '/', '//', '%', '<', '>=', 'not ', ' and ', ' or ',
  ' if ', ' else ', 'for ', ' in ', 'while ', 'def ', 'lambda ', 'import ', 'from ', ' as ', 'True', 'None', '...', '\n', '    ',
  '\t', '#', '"', "'", 'f"{', '}"', '\\', '0', '1e309', '10**9', 'range(', 'x', 'model', 'LSTM(', 'units=', '*', '**', ';', '@', '~',
  'print(', 'len(', 'break', 'continue', 'pass', '[0] * 10**8', 'sum(range(10**12))', '"a" * 10**6', 'a[:, -1]', '\u00e9', '\ud83d\ude00',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function tokenize(source: string): string[] {
  return source.match(/\s+|[A-Za-z_]\w*|\d[\d_.eE]*|"[^"\n]*"|'[^'\n]*'|\*\*|\/\/|[=!<>]=|./gs) ?? [];
}

function mutate(random: () => number, source: string): string {
  const times = 1 + Math.floor(random() * 4);
  let s = source;
  for (let k = 0; k < times; k++) {
    const at = Math.floor(random() * (s.length + 1));
    switch (Math.floor(random() * 9)) {
      case 0: s = s.slice(0, at) + s.slice(at + 1 + Math.floor(random() * 3)); break;
      case 1: s = s.slice(0, at) + pick(random, TOKENS) + s.slice(at); break;
      case 2: s = s.slice(0, at) + String.fromCharCode(Math.floor(random() * 128)) + s.slice(at); break;
      case 3: if (s.length > 1) { const b = Math.floor(random() * s.length); const c = [...s]; [c[at % c.length], c[b]] = [c[b], c[at % c.length]]; s = c.join(''); } break;
      case 4: s = s.slice(0, at); break;
      case 5: {
        const tokens = tokenize(s);
        if (tokens.length > 1) {
          const i = Math.floor(random() * tokens.length);
          const j = Math.floor(random() * tokens.length);
          [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
          s = tokens.join('');
        }
        break;
      }
      case 6: {
        const tokens = tokenize(s);
        tokens.splice(Math.floor(random() * tokens.length), 1);
        s = tokens.join('');
        break;
      }
      case 7: {
        const tokens = tokenize(s);
        const i = Math.floor(random() * tokens.length);
        tokens.splice(i, 0, tokens[Math.floor(random() * tokens.length)] ?? 'x');
        s = tokens.join('');
        break;
      }
      default: s = s + '\n' + pick(random, CORPUS).source; break;
    }
  }
  return s;
}

function randomCell(random: () => number): string {
  const n = Math.floor(random() * 40);
  let s = '';
  for (let i = 0; i < n; i++) s += random() < 0.7 ? pick(random, TOKENS) : String.fromCharCode(Math.floor(random() * 0x3000));
  return s;
}

function deepCell(random: () => number): string {
  const depth = 50 + Math.floor(random() * 1000);
  switch (Math.floor(random() * 8)) {
    case 0: return 'x = ' + '('.repeat(depth) + '1' + ')'.repeat(depth);
    case 1: return 'x = ' + '['.repeat(depth) + ']'.repeat(depth);
    case 2: return 'x = ' + 'not '.repeat(depth) + 'True';
    case 3: return 'x = ' + '-'.repeat(depth) + '1';
    case 4: return 'x = ' + Array(depth).fill('1').join(' + ');
    case 5: return 'x = ' + Array(depth).fill('True').join(' and ');
    case 6: return Array.from({ length: Math.min(depth, 200) }, (_, i) => '    '.repeat(i) + 'for i in range(2):').join('\n') + '\n' + '    '.repeat(Math.min(depth, 200)) + 'pass';
    default: return 'x = ' + 'f('.repeat(depth) + ')'.repeat(depth);
  }
}

function assertRangeInside(range: SourceRange, source: string, what: string): void {
  const lines = source.split('\n');
  const ok = Number.isInteger(range.from) && Number.isInteger(range.to) && range.from >= 0 && range.from <= range.to && range.to <= source.length &&
    range.line >= 1 && range.line <= lines.length && range.endLine >= range.line && range.endLine <= lines.length &&
    range.column >= 1 && range.column <= lines[range.line - 1].length + 1 && range.endColumn >= 1 && range.endColumn <= lines[range.endLine - 1].length + 1;
  assert.ok(ok, `${what}: range ${JSON.stringify(range)} is not inside ${JSON.stringify(source.slice(0, 300))}`);
}

const STEP_BUDGET = 3000;
const CELLS = 10_000;

describe('language: fuzz', function () {
  this.timeout(600_000);

  it(`survives ${CELLS} random, mutated and deeply nested cells`, () => {
    const random = rng(20240613);
    const registry = testRegistry();
    let sessionState = newSession({ interruptAfter: Infinity });
    const counts = { cells: 0, ran: 0, cellErrors: 0, interrupted: 0 };
    const slowest = { ms: 0, source: '' };
    for (let n = 0; n < CELLS; n++) {
      const roll = random();
      const source = roll < 0.7 ? mutate(random, pick(random, CORPUS).source) : roll < 0.85 ? randomCell(random) : deepCell(random);
      counts.cells++;
      const started = Date.now();

      const parsed = parseCell(source);
      for (const e of parsed.errors) assertRangeInside(e.range, source, 'parse error');
      for (const d of checkCell(source, sessionState.session.globalTypes(), registry)) assertRangeInside(d.range, source, 'diagnostic');

      if (n % 50 === 0) sessionState = newSession({ interruptAfter: Infinity });
      // A fresh step budget per cell: the interrupt hook stops any cell after STEP_BUDGET polls.
      const budget = sessionState.steps() + STEP_BUDGET;
      const limited = newSessionWithBudget(sessionState, budget);
      try {
        limited.run(source);
        counts.ran++;
      } catch (e) {
        if (!(e instanceof CellError)) {
          assert.fail(`cell threw ${e instanceof Error ? e.stack : String(e)}\n--- cell ---\n${source}`);
        }
        counts.cellErrors++;
        if (e.errorName === 'KeyboardInterrupt') counts.interrupted++;
        assertRangeInside(e.range, source, `${e.errorName}: ${e.message}`);
      }
      const elapsed = Date.now() - started;
      if (elapsed > slowest.ms) Object.assign(slowest, { ms: elapsed, source });
      assert.ok(elapsed < 5000, `cell took ${elapsed} ms:\n${source.slice(0, 500)}`);
    }
    console.log(`      ${JSON.stringify(counts)}; slowest ${slowest.ms} ms: ${JSON.stringify(slowest.source.slice(0, 120))}`);
    assert.strictEqual(counts.cells, CELLS);
    assert.ok(counts.ran > 100, `only ${counts.ran} cells ran cleanly`);
    assert.ok(counts.cellErrors > 1000);
  });
});

/** Runs cells of an existing session under a step budget through its interrupt hook. */
function newSessionWithBudget(state: ReturnType<typeof newSession>, budget: number): { run(source: string): void } {
  return {
    run(source: string) {
      state.setBudget(budget);
      state.session.run(source);
    },
  };
}
