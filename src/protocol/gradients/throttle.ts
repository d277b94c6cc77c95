// The one throttle of the gradient channel. The training thread offers every step's frame and
// progress; at most PANEL_UPDATES_PER_SECOND of each leave it (the latest wins, none is held back
// at the end), so everything downstream (kernel, host store, panels, cell outputs) forwards as it
// receives, without timers of its own.

/** DESIGN.md §4: panels update at most ~8 times a second. */
const PANEL_UPDATES_PER_SECOND = 8;

/** Per channel, keeps the latest item and sends it at most `perSecond` times a second (plus on flush). */
export class LatestThrottle<T> {
  private readonly pending = new Map<string, T>();
  private readonly last = new Map<string, number>();
  private readonly intervalMs: number;

  constructor(private readonly send: (item: T) => void, perSecond = PANEL_UPDATES_PER_SECOND, private readonly now: () => number = () => performance.now()) {
    this.intervalMs = 1000 / perSecond;
  }

  offer(channel: string, item: T): void {
    const now = this.now();
    if (now - (this.last.get(channel) ?? -Infinity) >= this.intervalMs) {
      this.last.set(channel, now);
      this.pending.delete(channel);
      this.send(item);
    } else {
      this.pending.set(channel, item);
    }
  }

  /** Sends every held item now (an epoch's end, the run's end). */
  flush(): void {
    for (const [channel, item] of this.pending) {
      this.last.set(channel, this.now());
      this.send(item);
    }
    this.pending.clear();
  }
}

/**
 * How often a page that replays snapshots (state inspector, saliency, attention alignment) redraws
 * for a live one while the model trains: a fit may send 20 a second, each a full repaint of every
 * map, and the page's time is taken from the run it shows. Every snapshot is kept for the scrubber;
 * only the drawing waits.
 */
export const LIVE_SNAPSHOT_REDRAWS_PER_SECOND = 4;

/**
 * `fn` at most `perSecond` times a second; a call in between is deferred, never lost. The side
 * panel redraws its whole list on each update, so it asks for fewer than the channel delivers.
 */
export function throttled(fn: () => void, perSecond: number): { (): void; dispose(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => { timer = undefined; last = Date.now(); fn(); };
  const call = () => {
    if (timer) return;
    const wait = last + 1000 / perSecond - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  return Object.assign(call, { dispose: () => { if (timer) clearTimeout(timer); timer = undefined; } });
}
