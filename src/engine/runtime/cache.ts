// Sessions built once per model and shape. The caller's key names the model and its shape
// signature; `forBytes` keys by a hash of the bytes instead, for callers without a stable key.
import type { Runtime, SessionOptions, SessionResult } from './types';

function hashBytes(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16) + ':' + bytes.length;
}

export class SessionCache {
  private readonly sessions = new Map<string, Promise<SessionResult>>();
  constructor(
    private readonly runtime: Runtime,
    private readonly opts: SessionOptions = {},
  ) {}

  /**
   * The session for `key`, building the model (only on a miss) with `build`; `intraOpThreads`
   * overrides the cache's own for this session (the key must tell such sessions apart).
   */
  get(key: string, build: () => Uint8Array, intraOpThreads?: number): Promise<SessionResult> {
    let p = this.sessions.get(key);
    if (!p) {
      p = this.runtime.createSession(build(), intraOpThreads === undefined ? this.opts : { ...this.opts, intraOpThreads });
      this.sessions.set(key, p);
    }
    return p;
  }

  forBytes(bytes: Uint8Array): Promise<SessionResult> {
    return this.get(hashBytes(bytes), () => bytes);
  }

  get size(): number {
    return this.sessions.size;
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const p of all) await (await p).session.dispose();
  }
}
