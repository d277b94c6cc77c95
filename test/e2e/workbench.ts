// Helpers for the end-to-end specs: a code-server workbench with the extension loaded as a
// development extension, driven through Debian Chromium by playwright-core, the way a person
// would use it (keyboard, clicks), with screenshots under test-results/e2e/.
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, Frame, Locator, Page } from 'playwright-core';

/** Repository root (this file compiles to out/test/e2e/workbench.js). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const EXT_PATH = path.resolve(process.env.UNROLL_EXT_PATH || ROOT);
export const RESULTS_DIR = path.join(ROOT, 'test-results', 'e2e');

interface CodeServerHandle {
  port: number;
  pid: number;
  url: string;
  stop(): Promise<void>;
  output(): string;
}
interface CodeServerModule {
  makeWorkspace(src?: string, prefix?: string): string;
  startCodeServer(opts: Record<string, unknown>): Promise<CodeServerHandle>;
  workbenchUrl(opts: { port: number; folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
  launchChromium(opts?: { viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }>;
  cleanupAll(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script of the repo, shared with the runners
const cs = require(path.join(ROOT, 'scripts', 'code-server.js')) as CodeServerModule;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `condition` until it holds; fails naming `what` after `timeout` ms. */
export async function waitUntil(condition: () => Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export class Workbench {
  page!: Page;
  workspace!: string;
  private server?: CodeServerHandle;
  private browser?: { context: BrowserContext; page: Page; close(): Promise<void> };
  private shot = 0;
  readonly consoleLines: string[] = [];

  /** Start code-server on a temp copy of `samples/` (plus `files`, name → text), open it in Chromium, wait for the workbench. */
  async start(files: Record<string, string> = {}): Promise<void> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    this.workspace = cs.makeWorkspace(path.join(EXT_PATH, 'samples'), 'e2e-ws');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(this.workspace, name), text);
    this.server = await cs.startCodeServer({ workspace: this.workspace });
    this.browser = await cs.launchChromium({ viewport: { width: 1600, height: 1000 } });
    this.page = this.browser.page;
    this.page.on('console', (m) => this.consoleLines.push(`[${m.type()}] ${m.text()}`));
    this.page.on('pageerror', (e) => this.consoleLines.push(`[pageerror] ${e.message}`));
    const url = cs.workbenchUrl({ port: this.server.port, folder: this.workspace, extensionDevelopmentPath: EXT_PATH });
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
    // The explorer lists the workspace once the remote file system is connected.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 120_000 });
    // Let startup notifications and the extension host settle.
    await sleep(1500);
  }

  async stop(): Promise<void> {
    try {
      fs.writeFileSync(path.join(RESULTS_DIR, 'browser-console.log'), this.consoleLines.join('\n') + '\n');
      if (this.server) fs.writeFileSync(path.join(RESULTS_DIR, 'code-server.log'), this.server.output());
    } catch {
      /* best effort */
    }
    if (this.browser) await this.browser.close();
    if (this.server) await this.server.stop();
    if (this.workspace) fs.rmSync(path.dirname(this.workspace), { recursive: true, force: true });
  }

  /** Save a numbered full-window screenshot named after the step; returns its repo-relative path. */
  async screenshot(step: string): Promise<string> {
    this.shot++;
    const name = `${String(this.shot).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.png`;
    const file = path.join(RESULTS_DIR, name);
    await this.page.screenshot({ path: file, animations: 'disabled', timeout: 30_000 });
    return path.relative(ROOT, file);
  }

  /** Quick Open (Ctrl+P), type a file name, Enter. */
  async quickOpen(fileName: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(fileName);
    await this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: fileName })
      .first()
      .waitFor({ timeout: 30_000 });
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 30_000 });
  }

  /** Command palette (F1), type the command's title, check the top match, Enter. */
  async runCommand(title: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await input.waitFor({ state: 'hidden', timeout: 30_000 });
  }

  /**
   * Notebook: Run All on the notebook in front, then wait until one of its cells is queued, running
   * or done. The command can land before the notebook just opened has become the active editor, and
   * then it runs nothing: in that case it is given once more, after a click on the first cell, and
   * what was on screen goes to the log. A kernel picker, if VS Code offers one, gets its first
   * entry (Unroll's).
   */
  async runAllCells(): Promise<void> {
    // A cell's state shows only on the cells in view (the notebook renders no others), so the
    // toolbar's Interrupt, shown while any cell runs, is the sign for a notebook whose code is below.
    const states = '.codicon-notebook-state-executing, .codicon-notebook-state-pending, .codicon-notebook-state-success, .codicon-notebook-state-error, .codicon-sync.codicon-modifier-spin';
    const started = this.page.locator('.notebookOverlay:visible .code-cell-row').locator(states)
      .or(this.page.locator('.notebookOverlay:visible .notebook-toolbar-container a.action-label[aria-label^="Interrupt"]')).first();
    for (let attempt = 1; ; attempt++) {
      await this.runCommand('Notebook: Run All');
      const picker = this.page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row').first();
      if (await picker.waitFor({ timeout: 2000 }).then(() => true, () => false)) {
        console.log(`      kernel picker offered: ${(await picker.innerText()).replace(/\s+/g, ' ')}`);
        await this.page.keyboard.press('Enter');
      }
      if (await started.waitFor({ state: 'attached', timeout: 20_000 }).then(() => true, () => false)) return;
      const screen = await this.describeFailure();
      if (attempt === 2) throw new Error(`Notebook: Run All started no cell, twice; ${screen}`);
      console.log(`      Run All started no cell; once more. ${screen}`);
      await this.notebook().locator('.code-cell-row').first().click({ position: { x: 60, y: 10 } }).catch(() => undefined);
    }
  }

  /**
   * What is on screen, in words, for a failure's message (CI keeps the log, not the screenshots):
   * the active tab, an open quick pick, the notification toasts, each visible cell's state.
   */
  async describeScreen(): Promise<string> {
    const texts = (selector: string) => this.page.locator(selector).allInnerTexts().then(t => t.map(s => s.replace(/\s+/g, ' ').trim()).filter(Boolean), () => [] as string[]);
    const tab = await texts('.tabs-container .tab.active');
    const quickPick = await texts('.quick-input-widget:visible .quick-input-list .monaco-list-row');
    const toasts = await texts('.notifications-toasts .notification-list-item-message');
    const cells = await this.page.locator('.notebookOverlay:visible .code-cell-row').evaluateAll(rows => rows.map(r => {
      const state = r.querySelector('[class*="codicon-notebook-state-"], .codicon-modifier-spin');
      return state ? Array.from(state.classList, String).filter(c => c.startsWith('codicon-notebook-state-') || c === 'codicon-modifier-spin').join(' ') : 'not run';
    })).catch(() => [] as string[]);
    return `active tab ${JSON.stringify(tab)}; quick pick ${JSON.stringify(quickPick)}; toasts ${JSON.stringify(toasts)}; cells ${JSON.stringify(cells)}`;
  }

  /** describeScreen, with a screenshot of it saved (for a test about to fail, or to try again). */
  async describeFailure(): Promise<string> {
    const shot = await this.screenshot('failure').catch(e => `none (${String(e)})`);
    return `${await this.describeScreen()}; screenshot ${shot}`;
  }

  /** Wait for a notification toast whose message matches, return its text. */
  async waitForNotification(match: RegExp | string, timeout = 60_000): Promise<string> {
    const toasts = this.page.locator('.notifications-toasts .notification-list-item-message');
    const deadline = Date.now() + timeout;
    const seen = new Set<string>();
    while (Date.now() < deadline) {
      const texts = await toasts.allInnerTexts().catch(() => [] as string[]);
      for (const t of texts) {
        seen.add(t);
        if (typeof match === 'string' ? t.includes(match) : match.test(t)) return t;
      }
      await sleep(200);
    }
    throw new Error(`no notification matching ${match} within ${timeout} ms; saw: ${JSON.stringify([...seen])}`);
  }

  /** Current notification toasts' messages. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  }

  /** Dismiss every notification (so the next step's toast is unambiguous). */
  async clearNotifications(): Promise<void> {
    const n = await this.page.locator('.notifications-toasts .notification-toast').count();
    if (n === 0) return;
    await this.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  }

  /** The notebook editor that is currently visible. */
  notebook(): Locator {
    return this.page.locator('.notebookOverlay').first();
  }

  /** Wait until some webview's active frame shows text matching `match`; returns the frame's body text. */
  async waitForWebviewText(match: RegExp | string, timeout = 120_000): Promise<string> {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      for (const outer of await this.page.locator('iframe.webview.ready').elementHandles()) {
        // A webview opened or closed while this loop runs detaches its frames: skip it this round.
        const text = await (async () => {
          const outerFrame = await outer.contentFrame();
          const active = outerFrame ? await outerFrame.$('#active-frame') : null;
          const inner = active ? await active.contentFrame() : null;
          return inner ? await inner.evaluate(() => document.body?.innerText ?? '') : undefined;
        })().catch(() => undefined);
        if (text === undefined) continue;
        last = text;
        if (typeof match === 'string' ? text.includes(match) : match.test(text)) return text;
      }
      await sleep(250);
    }
    throw new Error(`no webview shows ${match} within ${timeout} ms; last webview text: ${JSON.stringify(last.slice(0, 500))}; ${await this.describeScreen()}`);
  }

  /** The first frame (any depth: notebook output webviews nest iframes) that shows `selector` (visible). */
  async frameWith(selector: string, timeout = 120_000): Promise<Frame> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const f of this.page.frames()) {
        if (await f.locator(`${selector}:visible`).count().catch(() => 0)) return f;
      }
      await sleep(250);
    }
    throw new Error(`no frame has ${selector} within ${timeout} ms; ${await this.describeFailure()}`);
  }

  /** Preferences: Color Theme → `name`; waits for the workbench's theme class (vs, vs-dark, hc-black) and the webviews to repaint. */
  async colorTheme(name: string, workbenchClass: string): Promise<void> {
    // Not runCommand: the theme picker is a second quick pick that stays open after the command.
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('>Preferences: Color Theme');
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
    await input.fill(name);
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first().click();
    await this.page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ timeout: 30_000 });
    await sleep(1500);
  }

  /** Click somewhere neutral so keyboard shortcuts go to the workbench, not a webview. */
  async focusWorkbench(): Promise<void> {
    await this.page.keyboard.press('Escape').catch(() => undefined);
  }
}
