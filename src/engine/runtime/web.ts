// onnxruntime-web implementation: wasm (and WebGPU in a browser). Runs in Node too, which is how
// the shared runtime tests exercise it. In Node, wasm threads need worker files, so use 1 thread.
import type * as OrtNs from 'onnxruntime-web';
import { openWithFallback, OrtSession } from './session';
import { ProviderChoice, ProviderName, Runtime, SessionOptions, SessionResult } from './types';

type Ort = typeof OrtNs;

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

  get version(): string {
    return this.ort.env.versions.web ?? this.ort.env.versions.common;
  }

  constructor(opts: WebRuntimeOptions = {}) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of ONNX Runtime (web): only when the caller (a bundle) did not pass its own import
    this.ort = opts.ort ?? (require('onnxruntime-web') as Ort);
    const inNode = typeof process !== 'undefined' && !!process.versions?.node;
    this.ort.env.wasm.numThreads = opts.numThreads ?? (inNode ? 1 : Math.max(1, (globalThis.navigator?.hardwareConcurrency ?? 2) >> 1));
    if (opts.wasmPaths) this.ort.env.wasm.wasmPaths = opts.wasmPaths;
    else if (inNode) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- Node only: this module also runs in a browser, where there is no 'path' to import
      const path = require('path') as typeof import('path');
      this.ort.env.wasm.wasmPaths = path.dirname(require.resolve('onnxruntime-web')) + path.sep;
    }
  }

  availableProviders(): ProviderName[] {
    const hasGpu = typeof globalThis.navigator !== 'undefined' && 'gpu' in (globalThis.navigator as object);
    return hasGpu ? ['cpu', 'webgpu'] : ['cpu'];
  }

  /** 'auto' is wasm here: a browser's WebGPU is only tried when asked for. */
  plannedProvider(choice: ProviderChoice = 'cpu'): ProviderName {
    return choice === 'auto' ? 'cpu' : choice;
  }

  async createSession(model: Uint8Array, opts: SessionOptions = {}): Promise<SessionResult> {
    const want = this.plannedProvider(opts.provider);
    const base: OrtNs.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all' };
    return openWithFallback(
      [want],
      async (provider) => {
        // onnxruntime-web's CPU provider is called 'wasm'.
        const s = await this.ort.InferenceSession.create(model, { ...base, executionProviders: [provider === 'cpu' ? 'wasm' : provider] });
        return new OrtSession(this.ort, s, provider);
      },
      (p) => (this.availableProviders().includes(p) ? undefined : `${p} is not available in onnxruntime-web here`),
    );
  }
}
