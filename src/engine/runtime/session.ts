// What the onnxruntime-node and onnxruntime-web runtimes share: both packages re-export
// onnxruntime-common, so one Session wrapper and one provider-fallback policy serve both.
import type * as OrtNode from 'onnxruntime-node';
import type * as OrtWeb from 'onnxruntime-web';
import type { TensorData } from '../graph/types';
import { fromOrt, ORT_TYPE } from './tensor';
import { ProviderName, Session, SessionResult } from './types';

type Ort = typeof OrtNode | typeof OrtWeb;
// Both packages re-export onnxruntime-common's InferenceSession, so the node type covers the web one.
type OrtInferenceSession = OrtNode.InferenceSession;

export class OrtSession implements Session {
  constructor(
    private readonly ort: Ort,
    private readonly s: OrtInferenceSession,
    readonly provider: ProviderName,
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
    const r: Record<string, TensorData> = {};
    for (const [k, t] of Object.entries(out)) r[k] = fromOrt(t);
    return r;
  }
  async dispose() {
    await this.s.release();
  }
}

/**
 * Opens a session on `want`, falling back to CPU when the provider is unavailable (`unavailableReason`
 * given) or fails to load, so a missing accelerator costs speed, never the run. The reason is returned
 * as fallbackReason for the caller to show.
 */
export async function openWithCpuFallback(
  want: ProviderName,
  open: (provider: ProviderName) => Promise<Session>,
  unavailableReason?: () => string | undefined,
): Promise<SessionResult> {
  if (want !== 'cpu') {
    let reason = unavailableReason?.();
    if (reason === undefined) {
      try {
        return { session: await open(want), provider: want };
      } catch (e) {
        reason = `${want} failed to load: ${(e as Error).message}`;
      }
    }
    return { session: await open('cpu'), provider: 'cpu', fallbackReason: reason };
  }
  return { session: await open('cpu'), provider: 'cpu' };
}
