/**
 * What open panels cost a training run (DESIGN.md §7: "training throughput with all panels open
 * drops by less than 5%").
 *
 * The run is the real one: the bundled kernel worker (dist/kernelWorker.js) trains an LSTM on the adding
 * problem through `model.fit`, and the host side does what the extension does with its gradient
 * channel (telemetry messages into a GradientStream). With the panels "open", the stream's listeners send
 * the graph, heatmap and side-panel bundles (dist/webview, in headless Chromium, the same pages the
 * webview tests drive) exactly the messages the panels send (src/protocol/gradients/panelFeeds.ts,
 * coalesced as the host's panels coalesce them), through the same codec, so the pages parse, lay
 * out and draw on the same two cores the training uses. "Closed" windows run with no listeners;
 * the pages stay loaded but idle. Windows of about six seconds alternate closed/open so that both
 * see the same machine load, and the medians are compared. The CPU time of the host's main thread
 * and of the browser's processes, closed and open, says what the panels cost apart from the
 * machine's noise (this kind of machine's speed changes by up to 2× from minute to minute).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CDPSession, Page } from 'playwright-core';
import { GradientStream } from '../src/protocol/gradients';
import { ExecuteSink, KernelClient } from '../src/host/kernelClient';
import type { KernelErrorInfo } from '../src/protocol/kernel';
import { graphOnModel, graphOnUpdate, heatmapOnModel, heatmapOnUpdate, modelSummaries, SIDE_PANEL_UPDATES_PER_SECOND, statesOnModel, statesOnUpdate } from '../src/protocol/gradients/panelFeeds';
import { subscribeCoalesced, throttled } from '../src/protocol/gradients';
import type { HostToSidePanel } from '../src/protocol/webview';
import { Harness, send } from '../test/webview/harness';
import { descendantsCpuSeconds, threadCpuSeconds } from './procCpu';

export interface PanelsBenchOptions {
  /** Training sequences per epoch (a window trains whole epochs for about WINDOW_SECONDS). */
  nTrain: number;
  T: number;
  H: number;
  batch: number;
  /** Closed/open window pairs. */
  pairs: number;
  threads: number;
  /**
   * Which panels are open in the "open" windows (default: graph, heatmap, side panel). With
   * 'states', the open windows train a twin of the model on which show_states was called, so they
   * also pay for the state probes the fit takes (the closed windows' model takes none).
   */
  panels?: PanelName[];
  /**
   * A folder: the last pair's open window is also recorded by each page's V8 sampling profiler
   * (`<page>.cpuprofile`, for DevTools), and each page's heaviest functions by self time are logged.
   */
  profileDir?: string;
}

export type PanelName = 'graph' | 'heatmap' | 'sidePanel' | 'states';

export interface PanelsBenchResult {
  model: string;
  stepsPerWindow: number;
  closed: number[];
  open: number[];
  closedMedian: number;
  openMedian: number;
  /** 1 − open/closed, as a fraction (negative: open was faster, i.e. noise). */
  drop: number;
  /**
   * The median over pairs of each pair's own drop (1 − open_i/closed_i): the two windows of a pair
   * run back to back, so a slow minute of the machine weighs on both alike.
   */
  pairedDrop: number;
  /** Messages the pages received over all open windows. */
  messagesPosted: number;
  /**
   * Each page's renderer main-thread time over all windows (Chrome's Performance.getMetrics
   * TaskDuration), as a share of one core during the open windows: where the panels' cost is.
   */
  pageCpuShare: Record<string, number>;
  /**
   * CPU time (Linux /proc) as a share of one core, in closed and in open windows: the host's main
   * thread (stream, feeds, sends) and the browser's processes (every page and its compositor and
   * raster threads, which the pages' main-thread time leaves out). Zero where /proc is absent.
   */
  processCpuShare: { host: { closed: number; open: number }; browser: { closed: number; open: number } };
}

const ROOT = path.resolve(__dirname, '..', '..');

/** This process's main thread (the host's side of the channel: the stream, the feeds, the sends). */
const mainThreadCpuSeconds = () => threadCpuSeconds(process.pid);

/** One V8 node of a .cpuprofile, as the DevTools protocol gives it. */
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }

/** Starts every page's sampling profiler; stopInto writes each profile and logs its heaviest functions by self time. */
async function startProfiles(sessions: readonly (readonly [string, CDPSession])[]) {
  await Promise.all(sessions.map(async ([, cdp]) => {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }));
  return {
    stopInto: async (dir: string, log: (line: string) => void) => {
      fs.mkdirSync(dir, { recursive: true });
      for (const [name, cdp] of sessions) {
        const { profile } = await cdp.send('Profiler.stop');
        fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
        const samples = profile.samples?.length ?? 0;
        const self = new Map<string, number>();
        for (const n of profile.nodes as ProfileNode[]) {
          const f = n.callFrame;
          const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
          self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
        }
        const top = [...self.entries()].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 8);
        const idle = self.get('(idle)') ?? 0;
        log(`profile ${name}: ${samples} samples, ${(100 * (1 - idle / Math.max(1, samples))).toFixed(1)}% busy; self: ${top.map(([k, v]) => `${k} ${(100 * v / Math.max(1, samples)).toFixed(1)}%`).join(', ')}`);
      }
    },
  };
}

/** How long each closed or open window trains, about. */
const WINDOW_SECONDS = 6;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runPanelsBench(o: PanelsBenchOptions, log: (line: string) => void = () => {}): Promise<PanelsBenchResult> {
  const workerPath = path.join(ROOT, 'dist', 'kernelWorker.js');
  if (!fs.existsSync(workerPath)) throw new Error('the panels row runs the bundled kernel and webviews: run `npm run build` first');
  const stream = new GradientStream();
  const kernel = new KernelClient({
    workerPath,
    interruptTimeoutMs: () => 5000,
    workerSettings: () => ({ executionProvider: 'cpu', threads: o.threads, dataDir: path.join(ROOT, 'media', 'data') }),
    onTelemetry: message => stream.receive(message),
  });
  const harness = new Harness();
  try {
    const run = async (code: string): Promise<number> => {
      let failure: KernelErrorInfo | undefined;
      const sink: ExecuteSink = { started() {}, stream() {}, display() {}, result() {}, error(e) { failure = e; } };
      const t0 = performance.now();
      await kernel.execute(code, sink);
      if (failure) throw new Error(`bench cell failed: ${failure.name}: ${failure.message}`);
      return (performance.now() - t0) / 1000;
    };
    const openNames = new Set<PanelName>(o.panels ?? ['graph', 'heatmap', 'sidePanel']);
    const inspected = openNames.has('states');
    const build = (name: string) => [
      `${name} = Sequential([Input(shape=(${o.T}, 2)), LSTM(${o.H}), Dense(1)], name='${name}')`,
      `${name}.compile(loss='mse', optimizer='adam')`,
    ];
    await run([
      `(X, y), _ = datasets.adding(n_train=${o.nTrain}, n_test=1, T=${o.T})`,
      ...build('model'),
      ...(inspected ? [...build('inspected'), 'show_states(inspected, X[0])'] : []),
    ].join('\n'));
    const fitOf = (name: string, epochs: number) => `${name}.fit(X, y, epochs=${epochs}, batch_size=${o.batch})`;
    // The first fit creates the sessions and warms the caches, and says how long an epoch takes:
    // each window trains for about WINDOW_SECONDS whatever the machine's speed, so that what a
    // fit's start costs the panels (its model message) weighs as in a real run, not more on a
    // fast machine.
    const epochSeconds = await run(fitOf('model', 1));
    if (inspected) await run(fitOf('inspected', 1));
    const epochs = Math.max(1, Math.round(WINDOW_SECONDS / epochSeconds));
    const fit = fitOf('model', epochs);
    const fitOpen = inspected ? fitOf('inspected', epochs) : fit;

    await harness.start();
    const pages: Record<PanelName, Page> = {
      graph: await harness.open('graph', 'dark'),
      heatmap: await harness.open('heatmap', 'dark'),
      sidePanel: await harness.open('sidePanel', 'dark'),
      states: await harness.open('states', 'dark'),
    };
    let posted = 0;
    // Like webview.postMessage: the host does not wait for the page.
    const post = (page: Page, m: unknown) => { posted++; void send(page, m).catch(() => {}); };
    const sideState = (): HostToSidePanel => ({
      type: 'state',
      kernels: [{ notebookUri: 'untitled:bench.rnnb', notebookName: 'bench.rnnb', state: 'busy', executionCount: 3 }],
      executionProvider: 'cpu',
      models: modelSummaries(stream),
    });
    let shown: string | undefined;
    const sideUpdate = throttled(() => post(pages.sidePanel, sideState()), SIDE_PANEL_UPDATES_PER_SECOND);
    // As each model panel does (src/host/panels/modelPanel.ts): its news coalesced, then its messages.
    const openPanels = () => {
      return subscribeCoalesced(stream, {
        model: d => {
          shown = d.modelId;
          if (openNames.has('graph')) for (const m of graphOnModel(stream, d)) post(pages.graph, m);
          if (openNames.has('heatmap')) for (const m of heatmapOnModel(stream, d)) post(pages.heatmap, m);
          if (openNames.has('states')) for (const m of statesOnModel(stream, d)) post(pages.states, m);
          if (openNames.has('sidePanel')) post(pages.sidePanel, sideState());
        },
        update: batch => {
          if (openNames.has('graph')) for (const m of graphOnUpdate(batch, shown)) post(pages.graph, m);
          if (openNames.has('heatmap')) for (const m of heatmapOnUpdate(batch, shown)) post(pages.heatmap, m);
          if (openNames.has('states')) for (const m of statesOnUpdate(batch, shown)) post(pages.states, m);
          if (openNames.has('sidePanel')) sideUpdate();
        },
      });
    };

    const steps = epochs * Math.ceil(o.nTrain / o.batch);
    const closed: number[] = [];
    const open: number[] = [];
    // One DevTools session per page for the whole run: Performance.enable starts the counters.
    const sessions = await Promise.all(Object.entries(pages).map(async ([name, page]) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      return [name, cdp] as const;
    }));
    const taskSeconds = async () => Object.fromEntries(await Promise.all(sessions.map(async ([name, cdp]) => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return [name, metrics.find(m => m.name === 'TaskDuration')?.value ?? 0] as const;
    })));
    const tasksBefore = await taskSeconds();
    let openSeconds = 0;
    let closedSeconds = 0;
    const spent = { open: { host: 0, browser: 0 }, closed: { host: 0, browser: 0 } };
    const timedWindow = async (code: string, into: { host: number; browser: number }) => {
      const host0 = mainThreadCpuSeconds(), browser0 = descendantsCpuSeconds();
      const seconds = await run(code);
      into.host += mainThreadCpuSeconds() - host0;
      into.browser += descendantsCpuSeconds() - browser0;
      return seconds;
    };
    for (let i = 0; i < o.pairs; i++) {
      const closedWindow = await timedWindow(fit, spent.closed);
      closedSeconds += closedWindow;
      closed.push(steps / closedWindow);
      const subscription = openPanels();
      const profiling = o.profileDir && i === o.pairs - 1 ? await startProfiles(sessions) : undefined;
      try {
        const seconds = await timedWindow(fitOpen, spent.open);
        if (profiling) await profiling.stopInto(o.profileDir!, log);
        openSeconds += seconds;
        open.push(steps / seconds);
      } finally {
        subscription.dispose();
      }
      log(`panels pair ${i + 1}/${o.pairs}: closed ${closed[i].toFixed(2)}, open ${open[i].toFixed(2)} steps/s; host heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
    }
    for (const [name, page] of Object.entries(pages)) {
      const errors = (page as Page & { errors?: string[] }).errors ?? [];
      if (errors.length) throw new Error(`the ${name} page logged errors: ${errors.join('; ')}`);
    }
    const tasksAfter = await taskSeconds();
    const pageCpuShare = Object.fromEntries(Object.keys(pages).map(name => [name, (tasksAfter[name] - tasksBefore[name]) / openSeconds]));
    const closedMedian = median(closed);
    const openMedian = median(open);
    return {
      model: `LSTM T=${o.T} H=${o.H} batch ${o.batch}${inspected ? ', open windows with show_states' : ''}`,
      stepsPerWindow: steps, closed, open, closedMedian, openMedian,
      drop: 1 - openMedian / closedMedian,
      pairedDrop: median(open.map((x, i) => 1 - x / closed[i])),
      messagesPosted: posted,
      pageCpuShare,
      processCpuShare: {
        host: { closed: spent.closed.host / closedSeconds, open: spent.open.host / openSeconds },
        browser: { closed: spent.closed.browser / closedSeconds, open: spent.open.browser / openSeconds },
      },
    };
  } finally {
    await harness.stop();
    await kernel.dispose();
    stream.dispose();
  }
}
