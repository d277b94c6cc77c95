// onnxruntime-node implementation: the kernel worker's runtime (CPU, WebGPU via Dawn, CUDA, DML, CoreML).
import type * as OrtNs from 'onnxruntime-node';
import { physicalCores } from './cores';
import { openWithCpuFallback, OrtSession } from './session';
import { ProviderName, Runtime, SessionOptions, SessionResult } from './types';

type Ort = typeof OrtNs;

const EP_NAME: Record<ProviderName, string> = { cpu: 'cpu', webgpu: 'webgpu', cuda: 'cuda', dml: 'dml', coreml: 'coreml' };

export class NodeRuntime implements Runtime {
  readonly name = 'onnxruntime-node' as const;
  private readonly ort: Ort;

  get version(): string {
    return this.ort.env.versions.node ?? this.ort.env.versions.common;
  }

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load of ONNX Runtime: the native addon loads only when a NodeRuntime is made, not when the runtime barrel is imported
    this.ort = require('onnxruntime-node') as Ort;
  }

  availableProviders(): ProviderName[] {
    const listed = this.ort.listSupportedBackends?.() ?? [{ name: 'cpu', bundled: true }];
    const names = new Set(listed.map((b) => b.name));
    const out: ProviderName[] = ['cpu'];
    for (const p of ['webgpu', 'cuda', 'dml', 'coreml'] as ProviderName[]) if (names.has(p)) out.push(p);
    return out;
  }

  async createSession(model: Uint8Array, opts: SessionOptions = {}): Promise<SessionResult> {
    const threads = opts.intraOpThreads ?? physicalCores();
    const want = resolveAuto(opts.provider ?? 'cpu', this.availableProviders(), this.ort);
    const base: OrtNs.InferenceSession.SessionOptions = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    };
    return openWithCpuFallback(want, async (provider) => {
      const s =
        provider === 'cpu'
          ? await this.ort.InferenceSession.create(model, { ...base, executionProviders: ['cpu'] })
          : await this.ort.InferenceSession.create(model, { ...base, logSeverityLevel: 3, executionProviders: [EP_NAME[provider]] });
      return new OrtSession(this.ort, s, provider);
    });
  }
}

/** 'auto' = a bundled accelerator provider when there is one (CUDA, DML, CoreML), else cpu. */
function resolveAuto(p: string, avail: ProviderName[], ort: Ort): ProviderName {
  if (p !== 'auto') return p as ProviderName;
  const bundled = new Set((ort.listSupportedBackends?.() ?? []).filter((b) => b.bundled).map((b) => b.name));
  for (const c of ['cuda', 'dml', 'coreml'] as ProviderName[]) if (avail.includes(c) && bundled.has(c)) return c;
  return 'cpu';
}
