// onnxruntime-node implementation: the kernel worker's runtime (CPU, WebGPU via Dawn, CUDA, DML, CoreML).
import type * as OrtNs from 'onnxruntime-node';
import type { TensorData } from '../graph/types';
import { physicalCores } from './cores';
import { fromOrt, ORT_TYPE } from './tensor';
import { ProviderName, Runtime, Session, SessionOptions, SessionResult } from './types';

type Ort = typeof OrtNs;

const EP_NAME: Record<ProviderName, string> = { cpu: 'cpu', webgpu: 'webgpu', cuda: 'cuda', dml: 'dml', coreml: 'coreml' };

class OrtSession implements Session {
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

export class NodeRuntime implements Runtime {
  readonly name = 'onnxruntime-node' as const;
  private readonly ort: Ort;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
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
    if (want !== 'cpu') {
      try {
        const s = await this.ort.InferenceSession.create(model, { ...base, logSeverityLevel: 3, executionProviders: [EP_NAME[want]] });
        return { session: new OrtSession(this.ort, s, want), provider: want };
      } catch (e) {
        const s = await this.ort.InferenceSession.create(model, { ...base, executionProviders: ['cpu'] });
        return { session: new OrtSession(this.ort, s, 'cpu'), provider: 'cpu', fallbackReason: `${want} failed to load: ${(e as Error).message}` };
      }
    }
    const s = await this.ort.InferenceSession.create(model, { ...base, executionProviders: ['cpu'] });
    return { session: new OrtSession(this.ort, s, 'cpu'), provider: 'cpu' };
  }
}

/** 'auto' = a bundled accelerator provider when there is one (CUDA, DML, CoreML), else cpu. */
function resolveAuto(p: string, avail: ProviderName[], ort: Ort): ProviderName {
  if (p !== 'auto') return p as ProviderName;
  const bundled = new Set((ort.listSupportedBackends?.() ?? []).filter((b) => b.bundled).map((b) => b.name));
  for (const c of ['cuda', 'dml', 'coreml'] as ProviderName[]) if (avail.includes(c) && bundled.has(c)) return c;
  return 'cpu';
}
