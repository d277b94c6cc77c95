// What the onnxruntime-node and onnxruntime-web runtimes share: both packages re-export
// onnxruntime-common, so one Session wrapper and one provider-fallback policy serve both.
import type * as OrtNode from 'onnxruntime-node';
import type * as OrtWeb from 'onnxruntime-web';
import type { TensorData } from '../graph/types';
import { fromOrt, ORT_TYPE } from './tensor';
import { plainFailure } from './providers';
import type { NodePlacement, ProviderName, Session, SessionResult } from './types';

type Ort = typeof OrtNode | typeof OrtWeb;
// Both packages re-export onnxruntime-common's InferenceSession, so the node type covers the web one.
type OrtInferenceSession = OrtNode.InferenceSession;

export class OrtSession implements Session {
  placement?: NodePlacement;
  constructor(
    private readonly ort: Ort,
    private readonly s: OrtInferenceSession,
    readonly provider: ProviderName,
    /** Read once after the first run (the Node runtime's profile of where nodes ran). */
    private readPlacement?: (s: OrtInferenceSession) => NodePlacement | undefined,
  ) {}
  get inputNames() {
    return this.s.inputNames;
  }
  get outputNames() {
    return this.s.outputNames;
  }
  async run(feeds: Record<string, TensorData>, fetches?: string[]): Promise<Record<string, TensorData>> {
    const f: Record<string, OrtNode.Tensor> = {};
    for (const [k, t] of Object.entries(feeds)) f[k] = new this.ort.Tensor(ORT_TYPE[t.dtype] as 'float32', t.data as Float32Array, t.dims);
    const out = fetches ? await this.s.run(f, fetches) : await this.s.run(f);
    if (this.readPlacement) {
      const read = this.readPlacement;
      this.readPlacement = undefined;
      this.placement = read(this.s);
    }
    const r: Record<string, TensorData> = {};
    for (const [k, t] of Object.entries(out)) r[k] = fromOrt(t);
    return r;
  }
  async dispose() {
    await this.s.release();
  }
}

/**
 * A session on an accelerator that moves to a CPU session of the same model when a run fails
 * there (a kernel the device cannot run, a device limit, lost memory). The failed run is run again
 * on the CPU with the same feeds: parameters change only after a run returns, so nothing is lost.
 */
class CpuFallbackSession implements Session {
  fallbackReason?: string;
  constructor(
    private current: Session,
    private readonly openCpu: () => Promise<Session>,
  ) {}
  get inputNames() {
    return this.current.inputNames;
  }
  get outputNames() {
    return this.current.outputNames;
  }
  get provider() {
    return this.current.provider;
  }
  get placement() {
    return this.current.placement;
  }
  async run(feeds: Record<string, TensorData>, fetches?: string[]): Promise<Record<string, TensorData>> {
    try {
      return await this.current.run(feeds, fetches);
    } catch (e) {
      if (this.current.provider === 'cpu') throw e;
      const failed = this.current;
      this.fallbackReason = plainFailure(failed.provider, 'run', (e as Error).message);
      this.current = await this.openCpu();
      await failed.dispose().catch(() => undefined); // a device that failed may fail to release too; the CPU session goes on
      return this.current.run(feeds, fetches);
    }
  }
  async dispose() {
    await this.current.dispose();
  }
}

/**
 * Opens a session on the first of `candidates` that loads, ending with CPU, so a missing
 * accelerator costs speed, never the run; a run that fails on the accelerator later moves to CPU
 * too (CpuFallbackSession). `unavailableReason` skips a provider this build cannot try. The
 * reasons, in plain words, are returned as fallbackReason for the caller to show.
 */
export async function openWithFallback(
  candidates: ProviderName[],
  open: (provider: ProviderName) => Promise<Session>,
  unavailableReason?: (provider: ProviderName) => string | undefined,
): Promise<SessionResult> {
  const reasons: string[] = [];
  for (const provider of candidates) {
    if (provider === 'cpu') break;
    const unavailable = unavailableReason?.(provider);
    if (unavailable !== undefined) {
      reasons.push(unavailable);
      continue;
    }
    try {
      const session = new CpuFallbackSession(await open(provider), () => open('cpu'));
      return { session, provider, fallbackReason: reasons.length ? reasons.join('; ') : undefined };
    } catch (e) {
      reasons.push(plainFailure(provider, 'load', (e as Error).message));
    }
  }
  return { session: await open('cpu'), provider: 'cpu', fallbackReason: reasons.length ? reasons.join('; ') : undefined };
}
