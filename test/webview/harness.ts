// Serves a built panel bundle the way VS Code does (the same CSP with a nonce, media/webview.css,
// theme variables on <html>, a vscode-light/dark body class) with a stub acquireVsCodeApi that
// records what the webview posts; and drives it in Debian's headless Chromium.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { WebSocket, WebSocketServer } from 'ws';
import { contentSecurityPolicy, webviewPage } from '../../src/host/panels/contentSecurityPolicy';
import { toMessage } from '../../src/protocol/gradients/codec';

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

/**
 * acquireVsCodeApi as a page sees it, recording what the page posts and saves. __send plays the
 * host; the host's messages arrive as VS Code delivers them to a webview, as a message event from
 * outside the page whose typed arrays are bytes (see Harness.deliver), on the page's own channel.
 */
const STUB_VSCODE_API = `
  window.__posted = []; window.__state = undefined; window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({ postMessage: m => window.__posted.push(m), getState: () => window.__state, setState: s => { window.__state = s; } });
  window.__send = m => window.dispatchEvent(new MessageEvent('message', { data: m }));
  (() => {
    const name = new URLSearchParams(location.search).get('channel');
    if (!name) return;
    const channel = new BroadcastChannel(name);
    channel.onmessage = e => {
      let error;
      try { e.data.messages.forEach(m => window.__send(m)); } catch (x) { error = String(x && x.stack || x); }
      channel.postMessage({ ack: e.data.seq, error });
    };
  })();
`;

/** The key that stands for a typed array in a batch's JSON: its index among the batch's buffers. */
const BUFFER_REF = '$$harness_buffer$$';

/**
 * The harness's stand-in for VS Code's workbench (a page of its own, without the panels' CSP): it
 * holds a WebSocket to the harness, on which each batch of messages that carries float arrays
 * (state, saliency and attention snapshots) arrives as VS Code's ext host sends a webview message
 * (its JSON in a text frame, then its typed arrays' bytes in binary frames), revives the typed
 * arrays, and posts the batch on the target page's BroadcastChannel;
 * the page's acknowledgement goes back on the socket. So a page pays what a webview pays for a
 * message (a structured clone from another renderer), not what DevTools' protocol costs for a long
 * string argument (12 ms for 200 KB in the page; VS Code's postMessage costs a fraction of that).
 */
const RELAY_PAGE = `<!DOCTYPE html><html><body><script>
  const TYPES = { Float32Array, Float64Array };
  const socket = new WebSocket(location.origin.replace('http', 'ws') + '/harness/socket' + location.search);
  socket.binaryType = 'arraybuffer';
  const channels = new Map();
  const channelOf = name => {
    let c = channels.get(name);
    if (!c) {
      c = new BroadcastChannel(name);
      c.onmessage = e => socket.send(JSON.stringify(e.data));
      channels.set(name, c);
    }
    return c;
  };
  let batch;
  const deliver = () => {
    const { seq, to, text, bytes } = batch;
    batch = undefined;
    try {
      const messages = JSON.parse(text, (_k, v) => v && typeof v === 'object' && '${BUFFER_REF}' in v ? new TYPES[v.type](bytes[v['${BUFFER_REF}']]) : v);
      channelOf(to).postMessage({ seq, messages });
    } catch (e) {
      socket.send(JSON.stringify({ ack: seq, error: 'the relay could not deliver: ' + e }));
    }
  };
  socket.onmessage = e => {
    if (typeof e.data === 'string') {
      const [seq, to, count] = e.data.slice(0, e.data.indexOf('\\n')).split(' ');
      batch = { seq: Number(seq), to, count: Number(count), text: e.data.slice(e.data.indexOf('\\n') + 1), bytes: [] };
    } else batch.bytes.push(e.data);
    if (batch.bytes.length === batch.count) deliver();
  };
  socket.onopen = () => { document.title = 'open'; };
</script></body></html>`;

/** How long a page may take to dispatch a batch before send fails (a closed or hung page). */
const ACK_TIMEOUT_MS = 60_000;

export interface HarnessOptions {
  /** More pages by path (the panels are under /panel/<bundle>): their HTML for a theme. */
  pages?: Record<string, (theme: Theme, origin: string) => string>;
  /** Appended to every theme stylesheet. */
  themeCss?: string;
  /** More Chromium switches. */
  chromiumArgs?: string[];
  viewport?: { width: number; height: number };
}

export type TestPage = Page & {
  errors: string[];
  /** Delivers host messages to the page (send, sendTogether). */
  deliver(messages: unknown[]): Promise<void>;
};

export class Harness {
  private server!: http.Server;
  private browser!: Browser;
  private sockets!: WebSocketServer;
  /** Each page's relay socket, by the page's channel. */
  private readonly relays = new Map<string, WebSocket>();
  private readonly relayConnected = new Map<string, (socket: WebSocket) => void>();
  /** Batches sent and not yet dispatched by their page, by sequence number. */
  private readonly unacknowledged = new Map<number, { resolve(): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private batchCount = 0;
  private pageCount = 0;
  origin = '';

  constructor(private readonly options: HarnessOptions = {}) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (type: string, body: string | Buffer) => { res.writeHead(200, { 'content-type': type }); res.end(body); };
      const theme = (url.searchParams.get('theme') ?? 'light') as Theme;
      if (url.pathname === '/favicon.ico') { res.writeHead(204); return res.end(); }
      if (url.pathname === '/harness/relay') return send('text/html', RELAY_PAGE);
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
    this.sockets = new WebSocketServer({ server: this.server, path: '/harness/socket' });
    this.sockets.on('connection', (socket, request) => {
      const channel = new URL(request.url ?? '/', 'http://x').searchParams.get('channel') ?? '';
      socket.on('message', (data: Buffer) => this.acknowledged(JSON.parse(data.toString()) as { ack: number; error?: string }));
      this.relayConnected.get(channel)?.(socket);
    });
    fs.mkdirSync(RESULTS, { recursive: true });
  }

  /**
   * Sends messages to the page listening on `channel` as VS Code sends a webview message: JSON,
   * with its Float32Array and Float64Array lifted out and carried as bytes (VS Code's
   * serializeWebviewMessage does the same), through the relay page.
   */
  private acknowledged({ ack, error }: { ack: number; error?: string }) {
    const waiting = this.unacknowledged.get(ack);
    if (!waiting) return;
    this.unacknowledged.delete(ack);
    clearTimeout(waiting.timer);
    if (error) waiting.reject(new Error(error));
    else waiting.resolve();
  }

  private deliver(p: Page, channel: string, messages: unknown[]): Promise<void> {
    const socket = this.relays.get(channel);
    if (!socket) return Promise.reject(new Error(`no page listens on ${channel}`));
    const buffers: Uint8Array[] = [];
    const text = JSON.stringify(messages.map(toMessage), (_key, v: unknown) => {
      if (!(v instanceof Float32Array || v instanceof Float64Array)) return v;
      buffers.push(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      return { [BUFFER_REF]: buffers.length - 1, type: v instanceof Float32Array ? 'Float32Array' : 'Float64Array' };
    });
    // A batch without float arrays crosses as one JSON text that the page parses, through
    // DevTools' protocol: for a message of a few KB that costs the page about what VS Code's
    // delivery does, and the relay's hops (a socket, another renderer, the channel and the
    // acknowledgement back) would cost the browser's processes more than the message itself.
    if (!buffers.length) return p.evaluate(json => (JSON.parse(json) as unknown[]).forEach(m => (window as unknown as { __send(m: unknown): void }).__send(m)), text);
    const seq = ++this.batchCount;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.unacknowledged.delete(seq);
        reject(new Error(`the page on ${channel} did not take the message within ${ACK_TIMEOUT_MS / 1000} s`));
      }, ACK_TIMEOUT_MS);
      this.unacknowledged.set(seq, { resolve, reject, timer });
      socket.send(`${seq} ${channel} ${buffers.length}\n${text}`);
      for (const b of buffers) socket.send(b);
    });
  }

  /** A page of this server, recording page errors and console errors in `errors`. */
  async openPage(pathname: string, theme: Theme, size = this.options.viewport ?? { width: 1280, height: 760 }): Promise<TestPage> {
    // A context of its own (its own renderer, as each webview has), with the page's relay in it:
    // a BroadcastChannel reaches only pages of its own context.
    const context = await this.browser.newContext({ viewport: size });
    const channel = `unroll-harness-${++this.pageCount}`;
    const connected = new Promise<WebSocket>(resolve => this.relayConnected.set(channel, resolve));
    const relay = await context.newPage();
    await relay.goto(`${this.origin}/harness/relay?channel=${channel}`);
    this.relays.set(channel, await connected);
    this.relayConnected.delete(channel);
    const p = await context.newPage() as TestPage;
    p.on('close', () => {
      this.relays.delete(channel);
      void context.close().catch(() => {});
    });
    p.errors = [];
    p.on('pageerror', e => p.errors.push(String(e)));
    p.on('console', m => { if (m.type() === 'error') p.errors.push(m.text()); });
    // One batch after another, whichever way each goes: a page gets the host's messages in order.
    let delivered = Promise.resolve();
    p.deliver = messages => {
      const next = delivered.then(() => this.deliver(p, channel, messages));
      delivered = next.catch(() => {});
      return next;
    };
    await p.goto(`${this.origin}${pathname}?theme=${theme}&channel=${channel}`);
    return p;
  }

  /** A panel bundle, once it has posted 'ready'. */
  async open(bundle: 'graph' | 'heatmap' | 'sidePanel' | 'states' | 'compare' | 'saliency' | 'attention' | 'bpttStep', theme: Theme = 'light', size?: { width: number; height: number }): Promise<TestPage> {
    const p = await this.openPage(`/panel/${bundle}`, theme, size);
    await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'ready'));
    return p;
  }

  async stop(): Promise<void> {
    for (const [seq, waiting] of this.unacknowledged) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error('the harness stopped'));
      this.unacknowledged.delete(seq);
    }
    this.sockets?.close();
    await this.browser?.close();
    await new Promise<void>(r => this.server?.close(() => r()));
  }
}

/** Posts a host message to the page as the extension does: through the gradient codec, as VS Code carries it. */
export async function send(p: Page, message: unknown): Promise<void> {
  await sendTogether(p, message);
}
/** Delivers the messages in one task, with no turn of the page's event loop between them (as a burst from the host). */
export async function sendTogether(p: Page, ...messages: unknown[]): Promise<void> {
  await (p as TestPage).deliver(messages);
}
export function errorsOf(p: Page): string[] {
  return (p as TestPage).errors;
}
export async function cspViolations(p: Page): Promise<string[]> {
  return p.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}
