// translateToKeras3: a notebook's rnn cells as Keras 3 code, a `.py` (cells as `# %%` blocks) and
// an `.ipynb`. It lives in the language layer because it reads the cells with the same lezer
// parser the interpreter uses (the engine may not import language); it is text to text and
// writes no files (the kernel's keras3Export adds the data and weight files).
// What it changes, and nothing else:
//   - the names a cell uses bare (Dense, LSTM, Adam, Sequential, …) get their Keras 3 imports,
//     from the surface table's canonical paths (keras.layers.Dense → from keras.layers import Dense);
//   - `tensorflow.keras` in import statements becomes `keras`;
//   - Unroll's own globals (datasets, load_text, load_csv, load_jsonl, compare) and model.generate come
//     from unroll_data.py, the portable loader written beside the script;
//   - Embedding's input_length (gone in Keras 3) is dropped;
//   - Unroll-only statements (show_graph and the other panels, export_pytorch, save/load of .onnx or
//     .unroll.json) are commented out with a note saying why;
//   - after `VAR.compile(...)` at the top level, for each model whose weights were exported,
//     a line loads Unroll's trained weights from its .unroll.json (when START_FROM_UNROLL_WEIGHTS).
import { parser } from '@lezer/python';
import type { SyntaxNode } from '@lezer/common';
import { KERAS_SURFACE } from '../../keras/surface';
import { PANELS } from '../../keras/unroll';
import { blockNames } from '../bindings';
import { parseCell } from '../parse';

export interface NotebookCellText {
  kind: 'code' | 'markdown';
  source: string;
}

export interface Keras3Options {
  /** Module name of the loader written beside the script (default 'unroll_data'). */
  loaderModule?: string;
  /** Model variable → the .unroll.json (relative to the script) holding its trained weights. */
  weights?: Readonly<Record<string, string>>;
  /** For the header: where the notebook came from. */
  notebookName?: string;
}

export interface Keras3Translation {
  /** The `.py`: the cells as `# %%` blocks (VS Code, Jupytext and Spyder run them one by one). */
  python: string;
  /** The `.ipynb` (nbformat 4) text: one import cell, then the notebook's cells. */
  notebook: string;
  /** What was changed or left out, one line each, with the cell number (1-based). */
  notes: string[];
}

/** Unroll's globals that the loader module provides under the same names. */
const LOADER_NAMES = new Set(['datasets', 'load_text', 'load_csv', 'load_jsonl', 'compare']);
/** Unroll panels (every show_* of PANELS): no Keras 3 counterpart, commented out. */
const PANEL_CALLS: ReadonlySet<string> = new Set(Object.keys(PANELS));
/**
 * Unroll's analyses of a model (the terms of BPTT, the chain of partials): no Keras 3 counterpart,
 * and their results are used by the statements around them, so the whole top statement that calls
 * one (a loop that prints the terms) is commented out.
 */
const ANALYSIS_CALLS: ReadonlySet<string> = new Set(['bptt_terms', 'chain_of_partials']);
/** Canonical surface paths that Keras 3 spells differently. */
const KERAS3_PATH: Readonly<Record<string, string>> = {
  'tensorflow.random.set_seed': 'keras.utils.set_random_seed',
  'keras.preprocessing.sequence.pad_sequences': 'keras.utils.pad_sequences',
};

/** Bare name → its Keras 3 module and name, for every keras.* entry of the surface. */
function bareKerasNames(): Map<string, { module: string; name: string }> {
  const names = new Map<string, { module: string; name: string }>();
  for (const e of KERAS_SURFACE) {
    if (e.path.startsWith('unroll.')) continue;
    const path = KERAS3_PATH[e.path] ?? e.path;
    const cut = path.lastIndexOf('.');
    const bare = e.path.slice(e.path.lastIndexOf('.') + 1);
    if (!names.has(bare)) names.set(bare, { module: path.slice(0, cut), name: path.slice(cut + 1) });
  }
  return names;
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

interface CellResult {
  code: string;
  bareUses: Set<string>;
}

class CellTranslator {
  readonly edits: Edit[] = [];
  readonly bareUses = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly cellNumber: number,
    private readonly assigned: ReadonlySet<string>,
    private readonly keras: ReadonlyMap<string, unknown>,
    private readonly options: Keras3Options,
    private readonly notes: string[],
  ) {}

  private slice(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  private note(n: SyntaxNode, why: string): void {
    const line = this.text.slice(0, n.from).split('\n').length;
    this.notes.push(`cell ${this.cellNumber}, line ${line}: ${why}`);
  }

  /** Replaces a whole statement by a comment (or `pass` with the comment inside a block). */
  private commentOut(stmt: SyntaxNode, why: string): void {
    const lineStart = this.text.lastIndexOf('\n', stmt.from - 1) + 1;
    const indent = this.text.slice(lineStart, stmt.from);
    const body = this.slice(stmt).split('\n').map((l, i) => `${i === 0 ? '' : indent}# ${l}`).join('\n');
    const inBlock = stmt.parent?.name === 'Body';
    this.edits.push({ from: stmt.from, to: stmt.to, text: `${inBlock ? `pass  # ${why}\n${indent}` : `# Unroll-only: ${why}\n${indent}`}${body}` });
    this.note(stmt, why);
  }

  walk(node: SyntaxNode): void {
    if (node.name.endsWith('Statement') && node.parent?.name === 'Script') {
      const analysis = this.analysisCall(node);
      if (analysis) {
        this.commentOut(node, `${analysis} is Unroll's analysis of the model (no Keras 3 counterpart)`);
        return;
      }
    }
    switch (node.name) {
      case 'ImportStatement':
        this.importStatement(node);
        return;
      case 'ExpressionStatement':
      case 'AssignStatement':
        if (this.unrollOnlyStatement(node)) return;
        break;
      case 'CallExpression':
        this.generateCall(node);
        this.embeddingInputLength(node);
        break;
      case 'VariableName':
        this.variable(node);
        break;
      default:
        break;
    }
    for (let c = node.firstChild; c; c = c.nextSibling) this.walk(c);
  }

  private importStatement(node: SyntaxNode): void {
    const text = this.slice(node);
    const fixed = text.replace(/\btensorflow\.keras\b/g, 'keras');
    if (fixed !== text) this.edits.push({ from: node.from, to: node.to, text: fixed });
  }

  private variable(node: SyntaxNode): void {
    const name = this.slice(node);
    // A keyword argument's name and a name the notebook assigns are not Keras's.
    if (node.parent?.name === 'ArgList' && node.nextSibling?.name === 'AssignOp') return;
    if (this.assigned.has(name)) return;
    if (this.keras.has(name) || LOADER_NAMES.has(name)) this.bareUses.add(name);
  }

  /** The name of an Unroll analysis this statement calls anywhere inside it, if any. */
  private analysisCall(node: SyntaxNode): string | undefined {
    if (node.name === 'CallExpression') {
      const callee = node.firstChild;
      const name = callee?.name === 'VariableName' ? this.slice(callee) : '';
      if (ANALYSIS_CALLS.has(name) && !this.assigned.has(name)) return name;
    }
    for (let c = node.firstChild; c; c = c.nextSibling) {
      const found = this.analysisCall(c);
      if (found) return found;
    }
    return undefined;
  }

  /** The call at the top of a statement, if the statement is only that call (or `x = call`). */
  private statementCall(stmt: SyntaxNode): SyntaxNode | null {
    const last = stmt.lastChild;
    return last?.name === 'CallExpression' ? last : null;
  }

  private unrollOnlyStatement(stmt: SyntaxNode): boolean {
    const call = this.statementCall(stmt);
    const callee = call?.firstChild;
    if (!call || !callee) return false;
    if (callee.name === 'VariableName' && PANEL_CALLS.has(this.slice(callee)) && !this.assigned.has(this.slice(callee))) {
      this.commentOut(stmt, `${this.slice(callee)} opens an Unroll panel (no Keras 3 counterpart)`);
      return true;
    }
    if (callee.name === 'MemberExpression') {
      const method = callee.lastChild?.name === 'PropertyName' ? this.slice(callee.lastChild) : '';
      if (method === 'export_pytorch') {
        this.commentOut(stmt, 'export_pytorch is Unroll\'s PyTorch export');
        return true;
      }
      const firstArg = call.getChild('ArgList')?.getChild('String');
      const file = firstArg ? this.slice(firstArg).replace(/^[rbuf]*['"]+|['"]+$/gi, '') : '';
      if (method === 'save' && /\.(onnx|json)$/i.test(file)) {
        this.commentOut(stmt, `saves Unroll's ${file.endsWith('.onnx') ? 'ONNX export' : '.unroll.json'}; in Keras 3 use model.save('name.keras')`);
        return true;
      }
    }
    if (callee.name === 'VariableName' && this.slice(callee) === 'load_model') {
      this.commentOut(stmt, 'load_model of an .unroll.json: build the model in Keras 3 and call load_unroll_weights(model, path) instead');
      return true;
    }
    return false;
  }

  /** Embedding(..., input_length=N): Keras 3 takes no input_length (the Input's shape says it). */
  private embeddingInputLength(call: SyntaxNode): void {
    const callee = call.firstChild;
    if (callee?.name !== 'VariableName' || this.slice(callee) !== 'Embedding' || this.assigned.has('Embedding')) return;
    for (let a = call.getChild('ArgList')?.firstChild; a; a = a.nextSibling) {
      const value = a.nextSibling?.nextSibling;
      if (a.name !== 'VariableName' || this.slice(a) !== 'input_length' || a.nextSibling?.name !== 'AssignOp' || !value) continue;
      // Take the comma before it, or the one after it when it comes first.
      const before = a.prevSibling?.name === ',' ? a.prevSibling : null;
      const after = !before && value.nextSibling?.name === ',' ? value.nextSibling : null;
      const to = after ? after.to + (/^\s*/.exec(this.text.slice(after.to))?.[0].length ?? 0) : value.to;
      this.edits.push({ from: before?.from ?? a.from, to, text: '' });
      this.note(a, 'Embedding(input_length=…) dropped: Keras 3 has no such argument');
    }
  }

  /** model.generate(args) → generate(model, args): Keras 3 models have no generate. */
  private generateCall(call: SyntaxNode): void {
    const callee = call.firstChild;
    if (callee?.name !== 'MemberExpression' || callee.lastChild?.name !== 'PropertyName' || this.slice(callee.lastChild) !== 'generate') return;
    const target = callee.firstChild;
    const args = call.getChild('ArgList');
    if (!target || !args) return;
    const inner = this.text.slice(args.from + 1, args.to - 1);
    // The target's own text stays in place (it may hold edits of its own): only the tail moves.
    this.edits.push({ from: callee.from, to: target.from, text: 'generate(' });
    this.edits.push({ from: target.to, to: args.to, text: inner.trim() ? `, ${inner})` : ')' });
    this.bareUses.add('generate');
    this.note(call, 'model.generate is Unroll\'s sampler: unroll_data.generate samples the same way (its own random stream)');
  }

  /** After `VAR.compile(...)` at the top level: load VAR's exported weights. */
  weightLoads(top: SyntaxNode): void {
    for (let s = top.firstChild; s; s = s.nextSibling) {
      const call = s.name === 'ExpressionStatement' ? this.statementCall(s) : null;
      const callee = call?.firstChild;
      if (callee?.name !== 'MemberExpression' || callee.lastChild?.name !== 'PropertyName' || this.slice(callee.lastChild) !== 'compile') continue;
      const target = callee.firstChild;
      const file = target?.name === 'VariableName' ? this.options.weights?.[this.slice(target)] : undefined;
      if (!target || !file) continue;
      this.edits.push({ from: s.to, to: s.to, text: `\nif START_FROM_UNROLL_WEIGHTS:\n    load_unroll_weights(${this.slice(target)}, ${JSON.stringify(file)})` });
      this.bareUses.add('load_unroll_weights');
    }
  }
}

function applyEdits(text: string, edits: Edit[]): string {
  // Edits never overlap except an insertion at the end of a replaced range; apply from the back.
  const sorted = [...edits].sort((a, b) => b.from - a.from || b.to - a.to);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

function translateCell(source: string, cellNumber: number, assigned: ReadonlySet<string>, keras: ReadonlyMap<string, unknown>, options: Keras3Options, notes: string[]): CellResult {
  const tree = parser.parse(source);
  const t = new CellTranslator(source, cellNumber, assigned, keras, options, notes);
  t.walk(tree.topNode);
  t.weightLoads(tree.topNode);
  return { code: applyEdits(source, t.edits), bareUses: t.bareUses };
}

/** Surface names Keras 3 dropped: not imported; the header says what replaces them. */
const NOT_IN_KERAS3: Readonly<Record<string, string>> = {
  Tokenizer: 'Keras 3 has no keras.preprocessing.text.Tokenizer (keras.layers.TextVectorization replaces it): the cells that use it are not translated',
};

function importLines(uses: ReadonlySet<string>, keras: ReadonlyMap<string, { module: string; name: string }>, loader: string): string[] {
  const byModule = new Map<string, string[]>();
  const dropped: string[] = [];
  for (const name of [...uses].sort()) {
    if (NOT_IN_KERAS3[name]) {
      dropped.push(`# ${name}: ${NOT_IN_KERAS3[name]}.`);
      continue;
    }
    const k = keras.get(name);
    const module = LOADER_NAMES.has(name) || name === 'generate' || name === 'load_unroll_weights' ? loader : k?.module;
    if (!module) continue;
    const spelled = k && k.name !== name ? `${k.name} as ${name}` : name;
    byModule.set(module, [...(byModule.get(module) ?? []), spelled]);
  }
  const lines = [...byModule.keys()].filter(m => m !== loader).sort().map(m => `from ${m} import ${byModule.get(m)!.join(', ')}`);
  if (byModule.has(loader)) lines.push(`from ${loader} import ${byModule.get(loader)!.join(', ')}  # Unroll's data, written beside this file`);
  return [...lines, ...dropped];
}

/** Translates a notebook's cells (code cells in the rnn language) to Keras 3. */
export function translateToKeras3(cells: readonly NotebookCellText[], options: Keras3Options = {}): Keras3Translation {
  const loader = options.loaderModule ?? 'unroll_data';
  const keras = bareKerasNames();
  const assigned = new Set<string>();
  for (const c of cells) if (c.kind === 'code') for (const n of blockNames(parseCell(c.source).module.body).assigned) assigned.add(n);
  const notes: string[] = [];
  const uses = new Set<string>();
  const translated = cells.map((c, i) => {
    if (c.kind === 'markdown') return c;
    const r = translateCell(c.source, i + 1, assigned, keras, options, notes);
    r.bareUses.forEach(u => uses.add(u));
    return { kind: 'code' as const, source: r.code };
  });
  const imports = importLines(uses, keras, loader);
  for (const name of Object.keys(NOT_IN_KERAS3)) if (uses.has(name)) notes.push(`${name}: ${NOT_IN_KERAS3[name]}`);
  if (options.weights && Object.keys(options.weights).length) imports.push('', '# Start from the weights Unroll trained (False: from Keras\'s own initial weights).', 'START_FROM_UNROLL_WEIGHTS = True');
  const header = [
    `# Keras 3 version of ${options.notebookName ?? 'an Unroll notebook'}, written by Unroll's export.`,
    `# Runs with any Keras 3 backend (pip install keras tensorflow, or jax, or torch); ${loader}.py`,
    '# beside it reads the exported data files, so the data is the same as in Unroll.',
  ];
  const python = [
    ...header,
    '',
    '# %%',
    ...imports,
    ...translated.flatMap(c => ['', '', c.kind === 'code' ? '# %%' : '# %% [markdown]', c.kind === 'code' ? c.source.replace(/\s+$/, '') : c.source.replace(/\s+$/, '').split('\n').map(l => `# ${l}`.trimEnd()).join('\n')]),
    '',
  ].join('\n');
  const nbCell = (kind: 'code' | 'markdown', text: string) => ({
    cell_type: kind,
    metadata: {},
    source: text.replace(/\s+$/, '').split(/(?<=\n)/),
    ...(kind === 'code' ? { execution_count: null, outputs: [] } : {}),
  });
  const notebook = {
    nbformat: 4,
    nbformat_minor: 4,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
    cells: [nbCell('markdown', header.map(l => l.replace(/^# /, '')).join('\n')), nbCell('code', imports.join('\n')), ...translated.map(c => nbCell(c.kind, c.source))],
  };
  return { python, notebook: JSON.stringify(notebook, null, 1) + '\n', notes };
}
