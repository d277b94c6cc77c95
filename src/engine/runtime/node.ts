// onnxruntime-node implementation: the kernel worker's runtime (CPU, WebGPU via Dawn, CUDA, DML, CoreML).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as OrtNs from 'onnxruntime-node';
import { physicalCores } from './cores';
import { autoCandidates, cudaProviderInstalled, hasHardwareAdapter, MachineFacts, placementFromProfile, vulkanIcdFiles, type VulkanIcd } from './providers';
import { openWithFallback, OrtSession } from './session';
import { NodePlacement, ProviderChoice, ProviderName, Runtime, SessionOptions, SessionResult } from './types';

type Ort = typeof OrtNs;

const EP_NAME: Record<ProviderName, string> = { cpu: 'cpu', webgpu: 'webgpu', cuda: 'cuda', dml: 'dml', coreml: 'coreml' };

let profileCount = 0;

export class NodeRuntime implements Runtime {
  readonly name = 'onnxruntime-node' as const;
  private readonly ort: Ort;
  private facts?: MachineFacts;

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

  /** What `auto` looks at, gathered once: CUDA's library beside the binding, WebGPU's Vulkan drivers. */
  machineFacts(): MachineFacts {
    if (!this.facts) {
      const avail = this.availableProviders();
      this.facts = {
        cudaInstalled: avail.includes('cuda') && cudaProviderInstalled(__dirname, fs.existsSync, process.platform, process.arch),
        webgpuListed: avail.includes('webgpu'),
        hardwareAdapter: hasHardwareAdapter(process.platform, process.platform === 'linux' ? readVulkanIcds() : []),
      };
    }
    return this.facts;
  }

  private candidates(choice: ProviderChoice): ProviderName[] {
    return choice === 'auto' ? autoCandidates(this.machineFacts()) : [choice];
  }

  plannedProvider(choice: ProviderChoice = 'cpu'): ProviderName {
    return this.candidates(choice)[0];
  }

  async createSession(model: Uint8Array, opts: SessionOptions = {}): Promise<SessionResult> {
    const threads = opts.intraOpThreads ?? physicalCores();
    const base: OrtNs.InferenceSession.SessionOptions = {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
    };
    return openWithFallback(this.candidates(opts.provider ?? 'cpu'), async (provider) => {
      if (provider === 'cpu') return new OrtSession(this.ort, await this.ort.InferenceSession.create(model, { ...base, executionProviders: ['cpu'] }), 'cpu');
      // On an accelerator the first run is profiled, to count the nodes it had no kernel for.
      const profileFilePrefix = path.join(os.tmpdir(), `unroll-placement-${process.pid}-${++profileCount}`);
      const s = await this.ort.InferenceSession.create(model, { ...base, logSeverityLevel: 3, enableProfiling: true, profileFilePrefix, executionProviders: [EP_NAME[provider]] });
      return new OrtSession(this.ort, s, provider, (session) => readPlacement(session, profileFilePrefix));
    });
  }
}

/** Ends profiling and reads the node placement from the profile file, which it then removes. */
function readPlacement(session: OrtNs.InferenceSession, prefix: string): NodePlacement | undefined {
  try {
    session.endProfiling();
    const dir = path.dirname(prefix);
    const files = fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(prefix) + '_') && f.endsWith('.json'));
    let placement: NodePlacement | undefined;
    for (const f of files) {
      const file = path.join(dir, f);
      placement = placementFromProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as []);
      fs.rmSync(file, { force: true });
    }
    return placement;
  } catch {
    return undefined; // the placement is a report; a profile that cannot be read leaves it unknown
  }
}

function readVulkanIcds(): VulkanIcd[] {
  const listDir = (d: string) => {
    try {
      return fs.readdirSync(d);
    } catch {
      return [];
    }
  };
  return vulkanIcdFiles(process.env, listDir).flatMap((file) => {
    try {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { ICD?: { library_path?: string } };
      return [{ file, libraryPath: manifest.ICD?.library_path ?? '' }];
    } catch {
      return [];
    }
  });
}
