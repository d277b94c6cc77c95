// Export for every panel: the picture as a standalone SVG or a PNG (in the current theme or the
// print theme: white paper, dark ink) and the panel's data as CSV or JSON, saved by the host
// (src/host/panels/panelExport.ts; the message is PanelExportMessage in src/protocol/panelExport.ts).
//
// A panel adopts it in a few lines:
//
//     const exporter = panelExport({
//       panel: 'saliency',                                   // first word of the file name
//       root: () => main,                                    // what the picture shows
//       naming: () => ({ model: diagram?.name, step }),      // the rest of the file name
//       data: () => ({ table: { columns, rows }, json }),    // for CSV and JSON (undefined: nothing yet)
//       post: m => channel.post(m),                          // add PanelExportMessage to the panel's ToHost union
//     });
//     toolbar.append(exporter.button());                     // "Export…": SVG, PNG, CSV, JSON × current/print
//
// The `Unroll: Export Panel…` command reaches the panel without more code (vscodeApi.ts passes its
// request here). The picture is made from what the root shows: each <svg> is copied with its
// computed styles written in (so it reads the same outside VS Code), each <canvas> becomes an
// <image>, and the HTML around them (text, backgrounds, borders, CSS gradients) becomes SVG
// text and rectangles at the places the browser laid them out. Toolbars, buttons and inputs are
// left out; mark anything else to leave out with `data-export="skip"`.
import type { ExportFormat, ExportTheme, PanelData, PanelExportMessage } from '../../src/protocol/panelExport';
import { exportFileName, isPanelExportRequest, printTheme, toCsv, toExportJson } from '../../src/protocol/panelExport';
import { el } from './dom';

export interface ExportablePanel {
  /** The panel's short name, the file name's first word ("graph", "heatmap"). */
  panel: string;
  /** The element whose drawing is exported. */
  root: () => Element;
  naming: () => { model?: string; step?: number };
  /** The data behind the picture; undefined while there is none. */
  data: () => PanelData | undefined;
  /** Runs before a picture is taken (the graph fits the whole drawing); returns what undoes it. */
  prepare?: () => (() => void) | void;
  /** Resolves when a drawing in progress is done (the graph's layout is asynchronous): a picture taken before would be blank. */
  settled?: () => Promise<unknown>;
  post: (m: PanelExportMessage) => void;
}

/** Resolution of PNG exports: twice the CSS pixels (or the screen's ratio, where it is higher). */
const pngScale = () => Math.max(2, window.devicePixelRatio || 1);

// ------------------------------------------------------------------ the picture

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The computed properties written into an exported SVG element (what the panels' CSS sets). */
const SVG_STYLE_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'stroke-linecap', 'stroke-linejoin',
  'opacity', 'font-family', 'font-size', 'font-style', 'font-weight', 'text-anchor', 'dominant-baseline', 'baseline-shift', 'visibility', 'rx', 'ry'];
const STYLE_PLACEHOLDER = 'data-unroll-export-style';
const SKIP = 'button, input, select, textarea, script, style, .toolbar, .tooltip, [data-export="skip"], [hidden]';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v: number) => String(Math.round(v * 100) / 100);
const visibleColor = (c: string) => c !== '' && c !== 'transparent' && !/rgba\([^)]*,\s*0\)$/.test(c);

class SvgWriter {
  readonly parts: string[] = [];
  private ids = 0;
  /** What was drawn, in page coordinates (the picture is cropped to it), within the clips open now. */
  readonly drawn = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
  readonly clips: DOMRect[] = [];
  constructor(readonly origin: DOMRect) {}
  include(r: { left: number; top: number; right: number; bottom: number }) {
    let { left, top, right, bottom } = r;
    for (const c of [this.origin, ...this.clips]) {
      left = Math.max(left, c.left);
      top = Math.max(top, c.top);
      right = Math.min(right, c.right);
      bottom = Math.min(bottom, c.bottom);
    }
    if (right <= left || bottom <= top) return;
    const d = this.drawn;
    d.left = Math.min(d.left, left);
    d.top = Math.min(d.top, top);
    d.right = Math.max(d.right, right);
    d.bottom = Math.max(d.bottom, bottom);
  }
  id(prefix: string) {
    return `${prefix}${++this.ids}`;
  }
  x(v: number) {
    return num(v - this.origin.left);
  }
  y(v: number) {
    return num(v - this.origin.top);
  }
}

/** An <svg> of the panel, its computed styles written into each element. */
function copySvg(w: SvgWriter, source: SVGSVGElement) {
  const r = source.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return;
  for (const part of Array.from(source.children)) {
    if (part instanceof SVGGraphicsElement && part.tagName !== 'defs') {
      const b = part.getBoundingClientRect();
      if (b.width || b.height) w.include({ left: Math.max(b.left, r.left), top: Math.max(b.top, r.top), right: Math.min(b.right, r.right), bottom: Math.min(b.bottom, r.bottom) });
    }
  }
  const clone = source.cloneNode(true) as SVGSVGElement;
  const from = [source, ...Array.from(source.querySelectorAll('*'))];
  const to = [clone, ...Array.from(clone.querySelectorAll('*'))];
  from.forEach((s, i) => {
    const d = to[i];
    const cs = getComputedStyle(s);
    const style = SVG_STYLE_PROPS.map(p => [p, cs.getPropertyValue(p)]).filter(([p, v]) => v !== '' && !((p === 'rx' || p === 'ry') && v === 'auto'));
    if (cs.display === 'none') style.push(['display', 'none']);
    // a style attribute set in this page would break its CSP: written under another name, renamed in the text
    d.setAttribute(STYLE_PLACEHOLDER, style.map(([p, v]) => `${p}: ${v}`).join('; '));
    d.removeAttribute('class');
  });
  // ids inside (markers, gradients) must stay unique when several SVGs share one file
  const prefix = w.id('s');
  for (const e of Array.from(clone.querySelectorAll('[id]'))) e.id = `${prefix}-${e.id}`;
  for (const e of Array.from(clone.querySelectorAll('*'))) {
    for (const a of Array.from(e.attributes)) if (a.value.includes('url(#')) e.setAttribute(a.name, a.value.replace(/url\(#/g, `url(#${prefix}-`));
    const style = e.getAttribute(STYLE_PLACEHOLDER);
    if (style?.includes('url(#')) e.setAttribute(STYLE_PLACEHOLDER, style.replace(/url\("?#/g, m => `${m}${prefix}-`));
  }
  clone.setAttribute('x', w.x(r.left));
  clone.setAttribute('y', w.y(r.top));
  clone.setAttribute('width', num(r.width));
  clone.setAttribute('height', num(r.height));
  clone.removeAttribute('role');
  if (!clone.hasAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${num(r.width)} ${num(r.height)}`);
  w.parts.push(new XMLSerializer().serializeToString(clone).replace(/ xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, '').replaceAll(` ${STYLE_PLACEHOLDER}="`, ' style="'));
}

function copyCanvas(w: SvgWriter, c: HTMLCanvasElement) {
  const r = c.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || c.width === 0 || c.height === 0) return;
  w.include(r);
  const pixelated = getComputedStyle(c).imageRendering === 'pixelated' ? ' style="image-rendering: pixelated" image-rendering="optimizeSpeed"' : '';
  w.parts.push(`<image x="${w.x(r.left)}" y="${w.y(r.top)}" width="${num(r.width)}" height="${num(r.height)}" preserveAspectRatio="none"${pixelated} href="${c.toDataURL('image/png')}"/>`);
}

/** A CSS `linear-gradient(to right, …)` as an SVG gradient (the legends); other images are left out. */
function gradientFill(w: SvgWriter, image: string): string | undefined {
  if (!image.startsWith('linear-gradient(')) return undefined;
  const stops = image.match(/rgba?\([^)]*\)|#[0-9a-f]{3,8}/gi) ?? [];
  if (stops.length < 2) return undefined;
  const vertical = !/to right|90deg/.test(image);
  const id = w.id('g');
  w.parts.push(`<defs><linearGradient id="${id}" x1="0" y1="0" x2="${vertical ? 0 : 1}" y2="${vertical ? 1 : 0}">${stops.map((s, i) => `<stop offset="${num(i / (stops.length - 1))}" stop-color="${s}"/>`).join('')}</linearGradient></defs>`);
  return `url(#${id})`;
}

/** An HTML element's background and borders. */
function copyBox(w: SvgWriter, e: HTMLElement, cs: CSSStyleDeclaration) {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return;
  const at = `x="${w.x(r.left)}" y="${w.y(r.top)}" width="${num(r.width)}" height="${num(r.height)}"`;
  const radius = parseFloat(cs.borderTopLeftRadius) || 0;
  const rx = radius ? ` rx="${num(Math.min(radius, r.height / 2))}"` : '';
  const fill = gradientFill(w, cs.backgroundImage) ?? (visibleColor(cs.backgroundColor) ? cs.backgroundColor : undefined);
  if (fill) {
    w.parts.push(`<rect ${at}${rx} fill="${fill}"/>`);
    w.include(r);
  }
  const sides = (['Top', 'Right', 'Bottom', 'Left'] as const).map(s => ({
    side: s,
    width: parseFloat(cs.getPropertyValue(`border-${s.toLowerCase()}-width`)) || 0,
    color: cs.getPropertyValue(`border-${s.toLowerCase()}-color`),
    style: cs.getPropertyValue(`border-${s.toLowerCase()}-style`),
  })).filter(s => s.width > 0 && s.style !== 'none' && s.style !== 'hidden' && visibleColor(s.color));
  if (sides.length) w.include(r);
  if (sides.length === 4 && sides.every(s => s.width === sides[0].width && s.color === sides[0].color)) {
    const bw = sides[0].width;
    const dash = sides[0].style === 'dashed' ? ` stroke-dasharray="${num(bw * 3)} ${num(bw * 2)}"` : '';
    w.parts.push(`<rect x="${w.x(r.left + bw / 2)}" y="${w.y(r.top + bw / 2)}" width="${num(r.width - bw)}" height="${num(r.height - bw)}"${rx} fill="none" stroke="${sides[0].color}" stroke-width="${num(bw)}"${dash}/>`);
    return;
  }
  for (const s of sides) {
    const [x, y, width, height] = s.side === 'Top' ? [r.left, r.top, r.width, s.width] : s.side === 'Bottom' ? [r.left, r.bottom - s.width, r.width, s.width]
      : s.side === 'Left' ? [r.left, r.top, s.width, r.height] : [r.right - s.width, r.top, s.width, r.height];
    w.parts.push(`<rect x="${w.x(x)}" y="${w.y(y)}" width="${num(width)}" height="${num(height)}" fill="${s.color}"/>`);
  }
}

/** A text node as one SVG <text> per line the browser broke it into. */
function copyText(w: SvgWriter, node: Text, cs: CSSStyleDeclaration) {
  const text = node.data;
  if (!text.trim()) return;
  const range = document.createRange();
  const lines: { top: number; left: number; right: number; bottom: number; words: string[] }[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    const r = range.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const line = lines.find(l => Math.abs(l.top - r.top) < r.height / 2);
    if (line) {
      line.words.push(m[0]);
      line.right = Math.max(line.right, r.right);
    } else lines.push({ top: r.top, left: r.left, right: r.right, bottom: r.bottom, words: [m[0]] });
  }
  const transform = cs.textTransform === 'uppercase' ? (s: string) => s.toUpperCase() : (s: string) => s;
  const font = `font-family="${esc(cs.fontFamily)}" font-size="${cs.fontSize}"${cs.fontWeight !== '400' ? ` font-weight="${cs.fontWeight}"` : ''}${cs.fontStyle !== 'normal' ? ` font-style="${cs.fontStyle}"` : ''}`;
  const opacity = parseFloat(cs.opacity) < 1 ? ` opacity="${cs.opacity}"` : '';
  for (const l of lines) {
    // the alphabetic baseline sits about four fifths down the glyph box
    const baseline = l.top + (l.bottom - l.top) * 0.8;
    w.include({ left: l.left, top: l.top, right: l.right, bottom: l.bottom });
    w.parts.push(`<text x="${w.x(l.left)}" y="${w.y(baseline)}" fill="${cs.color}" ${font}${opacity} xml:space="preserve">${esc(transform(l.words.join(' ')))}</text>`);
  }
}

function walk(w: SvgWriter, e: Element) {
  if (e.matches(SKIP)) return;
  if (e instanceof SVGSVGElement) return copySvg(w, e);
  if (e instanceof HTMLCanvasElement) return copyCanvas(w, e);
  if (!(e instanceof HTMLElement)) return;
  const cs = getComputedStyle(e);
  if (cs.display === 'none' || cs.visibility === 'hidden') return;
  copyBox(w, e, cs);
  // a scrolled or clipped container clips what it holds
  const clips = cs.overflow !== 'visible' && (e.scrollHeight > e.clientHeight || e.scrollWidth > e.clientWidth);
  if (clips) {
    const r = e.getBoundingClientRect();
    const id = w.id('c');
    w.parts.push(`<clipPath id="${id}"><rect x="${w.x(r.left)}" y="${w.y(r.top)}" width="${num(r.width)}" height="${num(r.height)}"/></clipPath><g clip-path="url(#${id})">`);
    w.clips.push(r);
  }
  for (const child of Array.from(e.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) copyText(w, child as Text, cs);
    else if (child instanceof Element) walk(w, child);
  }
  if (clips) {
    w.parts.push('</g>');
    w.clips.pop();
  }
}

/** Room left around the drawing, in CSS pixels. */
const MARGIN = 10;

/** The root's drawing as a standalone SVG document on the page's background, cropped to what is drawn. */
function panelSvg(root: Element): { svg: string; width: number; height: number } {
  const box = root.getBoundingClientRect();
  const w = new SvgWriter(box);
  const background = getComputedStyle(document.body).backgroundColor;
  for (const child of Array.from(root.children)) walk(w, child);
  const d = Number.isFinite(w.drawn.left) ? w.drawn : { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
  const x = Math.floor(Math.max(box.left, d.left - MARGIN) - box.left), y = Math.floor(Math.max(box.top, d.top - MARGIN) - box.top);
  const width = Math.max(1, Math.ceil(Math.min(box.right, d.right + MARGIN) - box.left) - x);
  const height = Math.max(1, Math.ceil(Math.min(box.bottom, d.bottom + MARGIN) - box.top) - y);
  const svg = `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="${x} ${y} ${width} ${height}">`
    + `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${visibleColor(background) ? background : '#ffffff'}"/>${w.parts.join('')}</svg>`;
  return { svg, width, height };
}

function utf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The SVG rasterised at `scale` pixels per CSS pixel: PNG bytes as base64. */
async function svgToPng(svg: string, width: number, height: number, scale = pngScale()): Promise<string> {
  const image = new Image();
  image.src = `data:image/svg+xml;base64,${utf8Base64(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length);
}

// ------------------------------------------------------------------ the print theme

const nextFrame = () => new Promise<void>(r => requestAnimationFrame(() => r()));

/** The --vscode-* variables the page has (VS Code sets them on <html>). */
function themeVariables(): string[] {
  const names = new Set<string>();
  for (const style of [getComputedStyle(document.documentElement), document.documentElement.style]) {
    for (let i = 0; i < style.length; i++) if (style[i].startsWith('--vscode-')) names.add(style[i]);
  }
  return [...names];
}

/**
 * Runs `take` with the page in the print theme: the --vscode-* colours overridden (a constructed
 * sheet: the CSP allows no inline style) and the light theme's body class, so that class rules and
 * canvases (which redraw on a theme change, shared/dom.ts onThemeChange) take print colours.
 */
async function inPrintTheme<T>(take: () => T | Promise<T>): Promise<T> {
  const body = document.body;
  const classes = Array.from(body.classList).filter(c => c.startsWith('vscode-'));
  const kind = body.dataset.vscodeThemeKind;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`html.unroll-print { ${Object.entries(printTheme(themeVariables())).map(([k, v]) => `${k}: ${v} !important;`).join(' ')} }`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  body.classList.remove(...classes);
  body.classList.add('vscode-light');
  body.dataset.vscodeThemeKind = 'vscode-light';
  document.documentElement.classList.add('unroll-print');
  await nextFrame();
  await nextFrame();
  try {
    return await take();
  } finally {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter(s => s !== sheet);
    document.documentElement.classList.remove('unroll-print');
    body.classList.remove('vscode-light');
    body.classList.add(...classes);
    if (kind === undefined) delete body.dataset.vscodeThemeKind;
    else body.dataset.vscodeThemeKind = kind;
  }
}

// ------------------------------------------------------------------ the control

const CSS = `
.export-menu { position: fixed; z-index: 20; display: flex; flex-direction: column; min-width: 180px; padding: 4px 0; background: var(--vscode-menu-background, var(--vscode-editorWidget-background)); color: var(--vscode-menu-foreground, var(--vscode-foreground)); border: 1px solid var(--vscode-menu-border, var(--vscode-widget-border, var(--vscode-contrastBorder, var(--vscode-panel-border)))); box-shadow: 0 2px 8px var(--vscode-widget-shadow, transparent); }
.export-menu button { all: unset; padding: 3px 14px; cursor: pointer; font: inherit; display: flex; justify-content: space-between; gap: 12px; }
.export-menu button:hover, .export-menu button:focus { background: var(--vscode-menu-selectionBackground, var(--vscode-list-hoverBackground)); color: var(--vscode-menu-selectionForeground, inherit); outline: 1px solid var(--vscode-focusBorder); }
.export-menu .hint { color: var(--vscode-descriptionForeground); font-size: 11px; }
.export-menu hr { border: none; border-top: 1px solid var(--vscode-menu-separatorBackground, var(--vscode-panel-border)); margin: 4px 0; width: 100%; }
`;
let styled = false;

const MENU: { label: string; hint: string; format: ExportFormat; theme: ExportTheme }[] = [
  { label: 'SVG', hint: 'current theme', format: 'svg', theme: 'current' },
  { label: 'SVG', hint: 'print', format: 'svg', theme: 'print' },
  { label: 'PNG', hint: 'current theme', format: 'png', theme: 'current' },
  { label: 'PNG', hint: 'print', format: 'png', theme: 'print' },
  { label: 'CSV', hint: 'data', format: 'csv', theme: 'current' },
  { label: 'JSON', hint: 'data', format: 'json', theme: 'current' },
];

export interface PanelExporter {
  /** The toolbar's "Export…" button (make one per toolbar rebuild). */
  button(): HTMLButtonElement;
  /** Makes the export and posts it; false when there is nothing to export yet. */
  run(format: ExportFormat, theme: ExportTheme): Promise<boolean>;
}

/**
 * For `prepare` of a panel whose body scrolls: `root` grows to hold all of `scroller`'s content
 * (the picture is cropped to the root, so what is scrolled away would be cut off); undone after.
 */
export function showWholeScroller(root: HTMLElement, scroller: HTMLElement): () => void {
  const saved = [root.style.height, scroller.style.overflow, scroller.style.flex];
  root.style.height = 'auto';
  scroller.style.overflow = 'visible';
  scroller.style.flex = 'none';
  return () => {
    [root.style.height, scroller.style.overflow, scroller.style.flex] = saved;
  };
}

export function panelExport(p: ExportablePanel): PanelExporter {
  if (!styled) {
    styled = true;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  let busy = false;

  async function picture(format: 'svg' | 'png'): Promise<string> {
    await p.settled?.();
    const undo = p.prepare?.();
    if (undo) await nextFrame();
    try {
      const { svg, width, height } = panelSvg(p.root());
      return format === 'svg' ? svg : await svgToPng(svg, width, height);
    } finally {
      undo?.();
    }
  }

  async function run(format: ExportFormat, theme: ExportTheme): Promise<boolean> {
    if (busy) return false;
    busy = true;
    try {
      let data: string;
      if (format === 'csv' || format === 'json') {
        const d = p.data();
        if (!d) return false;
        data = format === 'csv' ? toCsv(d.table) : toExportJson(d.json);
      } else {
        data = theme === 'print' ? await inPrintTheme(() => picture(format)) : await picture(format);
      }
      p.post({ type: 'export', format, fileName: exportFileName({ panel: p.panel, ...p.naming(), theme, format }), data });
      return true;
    } finally {
      busy = false;
    }
  }

  window.addEventListener('message', event => {
    if (isPanelExportRequest(event.data)) void run(event.data.format, event.data.theme);
  });

  let menu: HTMLElement | undefined;
  const close = () => {
    menu?.remove();
    menu = undefined;
  };
  // a press outside the menu closes it (not one on its own button, whose click toggles it)
  document.addEventListener('pointerdown', e => {
    const target = e.target as Element;
    if (menu && !menu.contains(target) && !target.closest?.('#export')) close();
  });
  document.addEventListener('keydown', e => { if (e.key === 'Escape') close(); });

  function open(anchor: HTMLElement) {
    close();
    const items = MENU.map(m => el('button', { type: 'button', onclick: () => { close(); void run(m.format, m.theme); } }, m.label, el('span', { className: 'hint' }, m.hint)));
    menu = el('div', { className: 'export-menu', role: 'menu' }, ...items.slice(0, 4), el('hr'), ...items.slice(4));
    for (const [i, b] of items.entries()) {
      b.setAttribute('role', 'menuitem');
      b.dataset.export = `${MENU[i].format}-${MENU[i].theme}`;
    }
    document.body.append(menu);
    const r = anchor.getBoundingClientRect();
    menu.style.top = `${r.bottom + 2}px`;
    menu.style.left = `${Math.max(4, Math.min(r.left, window.innerWidth - menu.offsetWidth - 4))}px`;
    items[0].focus();
  }

  return {
    button() {
      const b = el('button', { className: 'secondary', type: 'button', title: 'Save the panel as SVG or PNG (current or print theme), or its data as CSV or JSON' }, 'Export…');
      b.id = 'export';
      b.setAttribute('aria-haspopup', 'menu');
      b.onclick = () => (menu ? close() : open(b));
      return b;
    },
    run,
  };
}
