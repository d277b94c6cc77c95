// Which execution provider to try, which lowering suits it, and what to tell a user when one fails.
// Pure functions over what the caller found (files, environment): the Node runtime gathers the
// facts, the tests feed their own.
import type { NodePlacement, ProviderName } from './types';

/** How a user reads each provider's name. */
const PROVIDER_LABEL: Record<ProviderName, string> = { cpu: 'CPU', webgpu: 'WebGPU', cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML' };

/** What the Node runtime found on this machine for `auto`. */
export interface MachineFacts {
  /** onnxruntime-node's CUDA provider library is installed (ONNXRUNTIME_NODE_INSTALL=cuda12). */
  cudaInstalled: boolean;
  /** This build lists WebGPU. */
  webgpuListed: boolean;
  /** WebGPU would find a hardware adapter, not a software one (SwiftShader, lavapipe). */
  hardwareAdapter: boolean;
}

/**
 * The providers `auto` tries, best first: CUDA, then WebGPU on a hardware adapter, then CPU. A
 * software adapter runs every shader on the CPU, far slower than our CPU provider, so it is only
 * used when asked for by name.
 */
export function autoCandidates(facts: MachineFacts): ProviderName[] {
  const out: ProviderName[] = [];
  if (facts.cudaInstalled) out.push('cuda');
  if (facts.webgpuListed && facts.hardwareAdapter) out.push('webgpu');
  out.push('cpu');
  return out;
}

/**
 * The recurrence lowering for a provider. CPU and CUDA run ONNX Scan with its body on their own
 * device. WebGPU (and DirectML, CoreML) have no Scan kernel: ONNX Runtime runs the loop on the CPU
 * and its body on the device, copying state across at every step, so they get the unrolled graph,
 * whose Splits and Concats respect WebGPU's storage-buffer limit (MAX_PARTS_PER_NODE).
 */
export function preferredLowering(provider: ProviderName): 'scan' | 'unrolled' {
  return provider === 'cpu' || provider === 'cuda' ? 'scan' : 'unrolled';
}

/**
 * Whether onnxruntime-node's CUDA provider library (which only ONNXRUNTIME_NODE_INSTALL=cuda12
 * installs) is in the first node_modules/onnxruntime-node above `fromDir`, as Node resolves the
 * package. require.resolve cannot say: in the kernel bundle webpack replaces it with a module id.
 */
export function cudaProviderInstalled(fromDir: string, exists: (file: string) => boolean, platform: string, arch: string): boolean {
  const lib = platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  for (let dir = fromDir; ; ) {
    const root = `${dir}/node_modules/onnxruntime-node`;
    if (exists(root)) return exists(`${root}/bin/napi-v6/${platform}/${arch}/${lib}`);
    const parent = dir.replace(/[\\/][^\\/]*$/, '');
    if (parent === dir || parent === '') return false;
    dir = parent;
  }
}

/** A Vulkan driver manifest: the library it loads. */
export interface VulkanIcd {
  file: string;
  libraryPath: string;
}

const SOFTWARE_VULKAN = /swiftshader|lvp|lavapipe|llvmpipe|mock/i;

/**
 * Whether WebGPU would run on a hardware adapter. Windows (D3D12) and macOS (Metal) give Dawn the
 * system's GPU; on Linux Dawn uses Vulkan, whose drivers are the ICD manifests in effect
 * (VK_ICD_FILENAMES / VK_DRIVER_FILES when set, else the system's): hardware when any of them
 * loads something other than a software rasterizer.
 */
export function hasHardwareAdapter(platform: string, icds: VulkanIcd[]): boolean {
  if (platform === 'win32' || platform === 'darwin') return true;
  return icds.some((icd) => !SOFTWARE_VULKAN.test(icd.libraryPath) && !SOFTWARE_VULKAN.test(icd.file));
}

/** The ICD manifest files in effect: the environment's list when set, else every .json in the system folders. */
export function vulkanIcdFiles(env: Record<string, string | undefined>, listDir: (dir: string) => string[]): string[] {
  const named = env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES;
  if (named) return named.split(':').filter(Boolean);
  const dirs = ['/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];
  return dirs.flatMap((d) => listDir(d).filter((f) => f.endsWith('.json')).map((f) => `${d}/${f}`));
}

/**
 * Plain words for a provider that failed to start or to run, from ONNX Runtime's own message
 * (which names source files and C++ lambdas). The last clause names what to do about it.
 */
export function plainFailure(provider: ProviderName, stage: 'load' | 'run', raw: string): string {
  const name = PROVIDER_LABEL[provider];
  // "Failed to load library <provider lib> with error: <the library that is missing>: cannot open shared object file".
  const missingLib = /([\w.+-]+\.(?:so(?:\.\d+)*|dll|dylib)): cannot open shared object/i.exec(raw);
  if (stage === 'load') {
    if (/No supported adapters|Failed to get a WebGPU adapter/i.test(raw))
      return `${name} found no GPU adapter (no GPU here, or no Vulkan, Direct3D 12 or Metal driver for it)`;
    if (provider === 'cuda' || provider === 'dml')
      if (missingLib || /Failed to load shared library|cannot open shared object|LoadLibrary/i.test(raw))
        return `${name} could not load its libraries${missingLib ? ` (${missingLib[1]} is missing)` : ''}: ${provider === 'cuda' ? 'install onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12 and the CUDA 12 and cuDNN 9 libraries' : 'DirectML needs Windows 10 or later with a DirectX 12 GPU'}`;
    if (missingLib) return `${name} could not load a library it needs (${missingLib[1]} is missing)`;
    return `${name} could not start on this machine`;
  }
  if (/storage buffers/i.test(raw)) return `${name} could not run this model: it needs more buffers per shader than this GPU allows`;
  if (/out of memory|OOM|allocat/i.test(raw)) return `${name} ran out of GPU memory on this model`;
  const node = /running (\w+) node/.exec(raw);
  return `${name} failed while running this model${node ? ` (in a ${node[1]} step)` : ''}`;
}

/** One event of ONNX Runtime's profile (a Chrome trace): node events name their provider. */
interface ProfileEvent {
  cat?: string;
  name?: string;
  args?: { provider?: string };
}

/**
 * Distinct nodes by the provider that ran them, from the profile of a run. A Scan body's nodes
 * appear once per step; each counts once.
 */
export function placementFromProfile(events: ProfileEvent[]): NodePlacement {
  const byNode = new Map<string, string>();
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name || !e.args?.provider) continue;
    byNode.set(e.name.replace(/_kernel_time$/, ''), e.args.provider);
  }
  let onCpu = 0;
  for (const p of byNode.values()) if (p === 'CPUExecutionProvider') onCpu++;
  return { nodes: byNode.size, onCpu };
}
