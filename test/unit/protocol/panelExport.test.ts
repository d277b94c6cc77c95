// Panel exports, the pure half: the CSV and JSON a panel's data becomes (read back by an
// independent RFC 4180 reader written here), the file names offered, the message guard, and the
// print theme's colours judged by WCAG contrast against white paper.
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { exportBytes, exportFileName, isPanelExportMessage, isPanelExportRequest, printTheme, printThemeColor, PRINT_BACKGROUND, toCsv, toExportJson } from '../../../src/protocol/panelExport';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** RFC 4180, the reference: fields split on commas outside quotes, "" inside quotes is one quote, records end at CRLF. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '', record: string[] = [], quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { record.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { record.push(field); records.push(record); record = []; field = ''; i++; } else field += c;
  }
  assert.equal(field + record.join(''), '', 'the text ends with a complete record');
  return records;
}

/** WCAG 2 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(v => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

/** Every --vscode-* variable the webview code reads (styles and themeColor calls). */
function variablesUsed(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/--vscode-[\w-]+/g)) names.add(m[0]);
    }
  };
  walk(path.join(ROOT, 'webview'));
  return [...names];
}

describe('panel export: data, names, messages, print theme', () => {
  it('CSV: a reader gets every cell back, commas, quotes, line breaks, spaces and non-finite numbers included', () => {
    const rows = [
      ['lstm.forward', 1, 0.000123456789012345, 'plain'],
      ['a,b', 2, NaN, 'say "hi"'],
      ['line\nbreak', 3, Infinity, ' padded '],
      ['', 4, -Infinity, null],
      ['ünïcødé ‖dL/dh‖', 5, -0.5e-300, true],
    ];
    const text = toCsv({ columns: ['recurrence', 't', 'value', 'note'], rows });
    assert.ok(text.endsWith('\r\n'));
    const back = readCsv(text);
    assert.deepEqual(back[0], ['recurrence', 't', 'value', 'note']);
    assert.equal(back.length, rows.length + 1);
    rows.forEach((r, i) => {
      const got = back[i + 1];
      assert.equal(got[0], r[0]);
      assert.equal(Number(got[1]), r[1]);
      const v = r[2] as number;
      const read = got[2] === 'inf' ? Infinity : got[2] === '-inf' ? -Infinity : Number(got[2]);
      assert.ok(Object.is(read, v) || (Number.isNaN(v) && Number.isNaN(read)), `row ${i + 1}: ${got[2]} for ${v}`);
      assert.equal(got[3], r[3] === null ? '' : String(r[3]));
    });
  });

  it('CSV: a row of the wrong width is an error naming the row', () => {
    assert.throws(() => toCsv({ columns: ['a', 'b'], rows: [[1, 2], [3]] }), /row 2 has 1 cells for 2 columns/);
  });

  it('JSON: standard JSON, typed arrays as arrays, NaN and ±Infinity as named strings', () => {
    const text = toExportJson({ series: new Float32Array([0.5, NaN]), norms: [Infinity, -Infinity, 1e-9], name: 'm' });
    const back = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual(back, { series: [0.5, 'NaN'], norms: ['Infinity', '-Infinity', 1e-9], name: 'm' });
  });

  it('file names: panel, model, step and print theme, with nothing that names a folder', () => {
    assert.equal(exportFileName({ panel: 'heatmap', model: 'SimpleRNN', step: 120, theme: 'print', format: 'png' }), 'heatmap-SimpleRNN-step120-print.png');
    assert.equal(exportFileName({ panel: 'graph', model: 'my model/../x', format: 'svg', theme: 'current' }), 'graph-my-model-x.svg');
    assert.equal(exportFileName({ panel: 'states', model: '..', step: 3, theme: 'print', format: 'csv' }), 'states-step3.csv', 'data has no theme');
    for (const name of [exportFileName({ panel: '../..', model: '\\\\server\\share', format: 'json' })]) {
      assert.ok(isPanelExportMessage({ type: 'export', format: 'json', fileName: name, data: '{}' }), name);
    }
  });

  it('the guard: only well-formed exports with the format\'s extension and no folder; PNG as base64', () => {
    const ok = { type: 'export', format: 'png', fileName: 'a.png', data: 'iVBORw0KGgo=' };
    assert.ok(isPanelExportMessage(ok));
    assert.equal(isPanelExportMessage({ ...ok, fileName: 'a.svg' }), false);
    assert.equal(isPanelExportMessage({ ...ok, fileName: 'sub/a.png' }), false);
    assert.equal(isPanelExportMessage({ ...ok, fileName: 'a\n.png' }), false);
    assert.equal(isPanelExportMessage({ ...ok, data: 'data:image/png;base64,iVBORw0KGgo=' }), false);
    assert.equal(isPanelExportMessage({ ...ok, format: 'exe', fileName: 'a.exe' }), false);
    assert.equal(isPanelExportMessage({ ...ok, data: 42 }), false);
    assert.ok(isPanelExportRequest({ type: 'exportAs', format: 'csv', theme: 'current' }));
    assert.equal(isPanelExportRequest({ type: 'exportAs', format: 'csv', theme: 'dark' }), false);
  });

  it('bytes: text as UTF-8, PNG decoded from base64', () => {
    assert.deepEqual(Buffer.from(exportBytes({ type: 'export', format: 'csv', fileName: 'a.csv', data: 'é,1\r\n' })), Buffer.from('é,1\r\n', 'utf8'));
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 7]);
    assert.deepEqual(Buffer.from(exportBytes({ type: 'export', format: 'png', fileName: 'a.png', data: png.toString('base64') })), png);
  });

  describe('print theme', () => {
    const used = variablesUsed();
    const theme = printTheme(used);

    it('covers the colours the panels use (and leaves fonts alone)', () => {
      assert.ok(used.length > 30, `found ${used.length} variables`);
      for (const v of used) {
        const isFont = /font/i.test(v);
        assert.equal(v in theme, !isFont, `${v}: ${theme[v]}`);
      }
    });

    it('paper is white; every background is light', () => {
      assert.equal(theme['--vscode-editor-background'], PRINT_BACKGROUND);
      for (const [v, c] of Object.entries(theme)) {
        if (/background/i.test(v) && c.startsWith('#')) assert.ok(luminance(c) > 0.8, `${v} = ${c} is dark`);
      }
    });

    it('ink reads on paper: text at least 7:1 (WCAG AAA), muted text 4.5:1, chart colours and borders of marks 3:1', () => {
      for (const [v, c] of Object.entries(theme)) {
        if (!c.startsWith('#') || /background/i.test(v)) continue;
        const ratio = contrast(c, PRINT_BACKGROUND);
        if (/description/i.test(v)) assert.ok(ratio >= 4.5, `${v} ${c}: ${ratio.toFixed(2)}`);
        else if (/charts-|focusBorder/.test(v)) assert.ok(ratio >= 3, `${v} ${c}: ${ratio.toFixed(2)}`);
        else if (/foreground/i.test(v)) assert.ok(ratio >= 7, `${v} ${c}: ${ratio.toFixed(2)}`);
      }
    });

    it('each chart colour stays its own hue (a blue line stays blue)', () => {
      const hue = (hex: string) => {
        const n = parseInt(hex.slice(1), 16);
        const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
        return r >= g && r >= b ? 'r' : g >= b ? 'g' : 'b';
      };
      assert.equal(hue(printThemeColor('--vscode-charts-blue')!), 'b');
      assert.equal(hue(printThemeColor('--vscode-charts-green')!), 'g');
      assert.equal(hue(printThemeColor('--vscode-charts-red')!), 'r');
      assert.equal(printThemeColor('--vscode-editor-font-family'), undefined);
    });
  });
});
