// Serves a built panel bundle the way VS Code does (the same CSP with a nonce, media/webview.css,
// theme variables on <html>, a vscode-light/dark body class) with a stub acquireVsCodeApi that
// records what the webview posts; and drives it in Debian's headless Chromium.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { contentSecurityPolicy, webviewPage } from '../../src/host/panels/contentSecurityPolicy';
import { toWire } from '../../src/protocol/gradients/codec';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const RESULTS = path.join(ROOT, 'test-results', 'webview');

export type Theme = 'light' | 'dark' | 'high-contrast';

// Values of VS Code's Default Light Modern / Dark Modern / High Contrast themes for the variables the panels use.
const THEMES: Record<Theme, Record<string, string>> = {
  light: {
    'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
    foreground: '#3b3b3b', 'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', 'sideBar-background': '#f8f8f8',
    descriptionForeground: '#717171', focusBorder: '#005fb8', 'panel-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8',
    'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8',
    'button-secondaryBackground': '#e5e5e5', 'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc',
    'input-background': '#ffffff', 'input-foreground': '#3b3b3b', 'input-border': '#cecece', 'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b', 'dropdown-border': '#cecece',
    'charts-blue': '#1a85ff', 'charts-green': '#388a34', 'charts-orange': '#d18616', 'charts-red': '#e51400', 'charts-purple': '#652d90', 'charts-yellow': '#bf8803',
    'editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)', 'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-border': '#c8c8c8',
    'inputValidation-warningBackground': '#f6f5d2', 'inputValidation-errorBackground': '#f2dede', 'textCodeBlock-background': '#f2f2f2',
    'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'widget-shadow': 'rgba(0,0,0,0.16)',
  },
  dark: {
    'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
    foreground: '#cccccc', 'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', 'sideBar-background': '#181818',
    descriptionForeground: '#9d9d9d', focusBorder: '#0078d4', 'panel-border': '#2b2b2b', 'editorWidget-background': '#202020',
    'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1',
    'button-secondaryBackground': '#313131', 'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c',
    'input-background': '#313131', 'input-foreground': '#cccccc', 'input-border': '#3c3c3c', 'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc', 'dropdown-border': '#3c3c3c',
    'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-orange': '#d18616', 'charts-red': '#f14c4c', 'charts-purple': '#b180d7', 'charts-yellow': '#cca700',
    'editor-findMatchHighlightBackground': 'rgba(234, 92, 0, 0.33)', 'editorHoverWidget-background': '#202020', 'editorHoverWidget-border': '#454545',
    'inputValidation-warningBackground': '#352a05', 'inputValidation-errorBackground': '#5a1d1d', 'textCodeBlock-background': '#2b2b2b',
    'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'widget-shadow': 'rgba(0,0,0,0.36)',
  },
  'high-contrast': {
    'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace',
    foreground: '#ffffff', 'editor-background': '#000000', 'editor-foreground': '#ffffff', 'sideBar-background': '#000000',
    descriptionForeground: '#ffffff', focusBorder: '#f38518', 'contrastActiveBorder': '#f38518', 'panel-border': '#6fc3df', 'contrastBorder': '#6fc3df', 'editorWidget-background': '#0c141f',
    'button-background': '#000000', 'button-foreground': '#ffffff', 'button-border': '#6fc3df', 'button-secondaryBackground': '#000000', 'button-secondaryForeground': '#ffffff',
    'input-background': '#000000', 'input-foreground': '#ffffff', 'input-border': '#6fc3df', 'dropdown-background': '#000000', 'dropdown-foreground': '#ffffff', 'dropdown-border': '#6fc3df',
    'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-orange': '#d18616', 'charts-red': '#f48771', 'charts-purple': '#b180d7', 'charts-yellow': '#ffd700',
    'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-border': '#6fc3df', 'widget-shadow': 'transparent',
  },
};

export function themeCss(theme: Theme): string {
  return `html {\n${Object.entries(THEMES[theme]).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n')}\n}\n`;
}

function page(bundle: string, theme: Theme, origin: string): string {
  const nonce = 'dGVzdG5vbmNlMTIzNDU2Nzg=';
  const csp = contentSecurityPolicy(origin, nonce);
  const bodyClass = theme === 'high-contrast' ? 'vscode-high-contrast' : `vscode-${theme}`;
  return webviewPage({
    csp, nonce, title: bundle,
    styles: [`${origin}/theme/${theme}.css`, `${origin}/media/webview.css`],
    bodyAttributes: `class="${bodyClass}" data-vscode-theme-kind="${bodyClass}"`,
    scripts: [{ inline: STUB_VSCODE_API }, { src: `${origin}/dist/webview/${bundle}.js` }],
  });
}

/** acquireVsCodeApi as a page sees it, recording what the page posts and saves; __send plays the host. */
const STUB_VSCODE_API = `
  window.__posted = []; window.__state = undefined; window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({ postMessage: m => window.__posted.push(m), getState: () => window.__state, setState: s => { window.__state = s; } });
  window.__send = m => window.dispatchEvent(new MessageEvent('message', { data: m }));
`;

export interface HarnessOptions {
  /** More pages by path (the panels are under /panel/<bundle>): their HTML for a theme. */
  pages?: Record<string, (theme: Theme, origin: string) => string>;
  /** Appended to every theme stylesheet. */
  themeCss?: string;
  /** More Chromium switches. */
  chromiumArgs?: string[];
  viewport?: { width: number; height: number };
}

export type TestPage = Page & { errors: string[] };

export class Harness {
  private server!: http.Server;
  private browser!: Browser;
  origin = '';

  constructor(private readonly options: HarnessOptions = {}) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (type: string, body: string | Buffer) => { res.writeHead(200, { 'content-type': type }); res.end(body); };
      const theme = (url.searchParams.get('theme') ?? 'light') as Theme;
      if (url.pathname === '/favicon.ico') { res.writeHead(204); return res.end(); }
      const m = url.pathname.match(/^\/panel\/(\w+)$/);
      if (m) return send('text/html', page(m[1], theme, this.origin));
      const extra = this.options.pages?.[url.pathname];
      if (extra) return send('text/html', extra(theme, this.origin));
      const t = url.pathname.match(/^\/theme\/([\w-]+)\.css$/);
      if (t) return send('text/css', themeCss(t[1] as Theme) + (this.options.themeCss ?? ''));
      const file = path.join(ROOT, url.pathname);
      if ((url.pathname.startsWith('/dist/') || url.pathname.startsWith('/media/')) && fs.existsSync(file)) {
        return send(file.endsWith('.css') ? 'text/css' : 'text/javascript', fs.readFileSync(file));
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>(r => this.server.listen(0, '127.0.0.1', r));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', ...(this.options.chromiumArgs ?? [])],
    });
    fs.mkdirSync(RESULTS, { recursive: true });
  }

  /** A page of this server, recording page errors and console errors in `errors`. */
  async openPage(pathname: string, theme: Theme, size = this.options.viewport ?? { width: 1280, height: 760 }): Promise<TestPage> {
    const p = await this.browser.newPage({ viewport: size }) as TestPage;
    p.errors = [];
    p.on('pageerror', e => p.errors.push(String(e)));
    p.on('console', m => { if (m.type() === 'error') p.errors.push(m.text()); });
    await p.goto(`${this.origin}${pathname}?theme=${theme}`);
    return p;
  }

  /** A panel bundle, once it has posted 'ready'. */
  async open(bundle: 'graph' | 'heatmap' | 'sidePanel' | 'states' | 'compare' | 'saliency' | 'attention' | 'bpttStep', theme: Theme = 'light', size?: { width: number; height: number }): Promise<TestPage> {
    const p = await this.openPage(`/panel/${bundle}`, theme, size);
    await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'ready'));
    return p;
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await new Promise<void>(r => this.server?.close(() => r()));
  }
}

/** Posts a host message to the page as the extension does: through the gradient codec (VS Code carries JSON). */
export async function send(p: Page, message: unknown): Promise<void> {
  await sendTogether(p, message);
}
/**
 * Delivers the messages in one task, with no turn of the page's event loop between them (as a
 * burst from the host). They cross as one JSON text that the page parses, as VS Code carries a
 * webview message: an object argument would go through Playwright's own serialisation, which
 * tags every number and costs the page many times what the message itself does (the panels bench
 * measures the pages' time).
 */
export async function sendTogether(p: Page, ...messages: unknown[]): Promise<void> {
  await p.evaluate(text => (JSON.parse(text) as unknown[]).forEach(m => (window as unknown as { __send(m: unknown): void }).__send(m)), JSON.stringify(messages.map(toWire)));
}
export function errorsOf(p: Page): string[] {
  return (p as TestPage).errors;
}
export async function cspViolations(p: Page): Promise<string[]> {
  return p.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}
