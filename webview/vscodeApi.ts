// The webview side of VS Code's messaging, typed by each panel's protocol module. VS Code carries
// messages and saved state as JSON, so both pass through the gradient codec (NaN and ±Inf kept).
// Each message is checked by the panel's guard; one that does not fit is dropped with a warning
// in the webview's console, never handed to the page.
import { fromWire, toWire } from '../src/protocol/gradients/codec';
import { receiveMessage } from '../src/protocol/guards';
import { isPanelExportRequest } from '../src/protocol/panelExport';

interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}
declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export function connect<ToHost, FromHost, State>(onMessage: (message: FromHost) => void, guard: (m: unknown) => m is FromHost) {
  const api = acquireVsCodeApi<State>();
  window.addEventListener('message', event => {
    if (isPanelExportRequest(event.data)) return; // the Export Panel command: answered by shared/export.ts
    const received = receiveMessage(event.data, guard);
    if ('message' in received) onMessage(received.message);
    else console.warn(`Unroll: ${received.dropped} dropped`);
  });
  return {
    post: (message: ToHost) => api.postMessage(message),
    getState: (): State | undefined => {
      const saved = api.getState();
      try {
        return saved === undefined ? undefined : fromWire<State>(saved);
      } catch {
        return undefined; // saved by another version, or damaged: start afresh
      }
    },
    setState: (state: State) => api.setState(toWire(state)),
  };
}
