// onnxruntime-web implementation: wasm (and WebGPU in a browser). Runs in Node too, which is how
// the shared runtime tests exercise it. In Node, wasm threads need worker files, so use 1 thread.
import type * as OrtNs from 'onnxruntime-web';
import type { TensorData } from '../graph/types';
import { fromOrt, ORT_TYPE } from './tensor';
import { ProviderName, Runtime, Session, SessionOptions, SessionResult } from './types';

type Ort = typeof OrtNs;

class WebSession implements Session {
  constructor(
    private readonly ort: Ort,
    private readonly s: OrtNs.InferenceSession,
    readonly provider: ProviderName,
  ) {}
  get inputNames() {
    return this.s.inputNames;
  }
  get outputNames() {
    return this.s.outputNames;
  }
  async run(feeds: Record<string, TensorData>, fetches?: string[]): Promise<Record<string, TensorData>> {
    const f: Record<string, OrtNs.Tensor> = {};
    for (const [k, t] of Object.entries(feeds)) f[k] = new this.ort.Tensor(ORT_TYPE[t.dtype] as 'float32', t.data as Float32Array, t.dims);
    const out = fetches ? await this.s.run(f, fetches) : await this.s.run(f);
    const r: Record<string, TensorData> = {};
    for (const [k, t] of Object.entries(out)) r[k] = fromOrt(t);
    return r;
  }
  async dispose() {
    await this.s.release();
  }
}

export interface WebRuntimeOptions {
  /** The ort module (lets a bundle pass its own import); default require('onnxruntime-web'). */
  ort?: Ort;
  /** Where the .wasm/.mjs files are; default: node_modules/onnxruntime-web/dist when in Node. */
  wasmPaths?: string;
  numThreads?: number;
}

export class WebRuntime implements Runtime {
  readonly name = 'onnxruntime-web' as const;
  private readonly ort: Ort;

  constructor(opts: WebRuntimeOptions = {}) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.ort = opts.ort ?? (require('onnxruntime-web') as Ort);
    const inNode = typeof process !== 'undefined' && !!process.versions?.node;
    this.ort.env.wasm.numThreads = opts.numThreads ?? (inNode ? 1 : Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) >> 1));
    if (opts.wasmPaths) this.ort.env.wasm.wasmPaths = opts.wasmPaths;
    else if (inNode) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const path = require('path') as typeof import('path');
      this.ort.env.wasm.wasmPaths = path.dirname(require.resolve('onnxruntime-web')) + path.sep;
    }
  }

  availableProviders(): ProviderName[] {
    const hasGpu = typeof globalThis.navigator !== 'undefined' && 'gpu' in (globalThis.navigator as object);
    return hasGpu ? ['cpu', 'webgpu'] : ['cpu'];
  }

  async createSession(model: Uint8Array, opts: SessionOptions = {}): Promise<SessionResult> {
    const want = opts.provider === 'auto' || !opts.provider ? 'cpu' : opts.provider;
    const base: OrtNs.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all' };
    if (want !== 'cpu') {
      let reason: string;
      if (!this.availableProviders().includes(want)) reason = `${want} is not available in onnxruntime-web here`;
      else {
        try {
          const s = await this.ort.InferenceSession.create(model, { ...base, executionProviders: [want] });
          return { session: new WebSession(this.ort, s, want), provider: want };
        } catch (e) {
          reason = `${want} failed to load: ${(e as Error).message}`;
        }
      }
      const s = await this.ort.InferenceSession.create(model, { ...base, executionProviders: ['wasm'] });
      return { session: new WebSession(this.ort, s, 'cpu'), provider: 'cpu', fallbackReason: reason };
    }
    const s = await this.ort.InferenceSession.create(model, { ...base, executionProviders: ['wasm'] });
    return { session: new WebSession(this.ort, s, 'cpu'), provider: 'cpu' };
  }
}
