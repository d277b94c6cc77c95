// The webview side of VS Code's messaging, typed by each panel's protocol module. VS Code carries
// messages and saved state as JSON, so both pass through the gradient codec (NaN and ±Inf kept).
import { fromWire, toWire } from '../src/protocol/gradients/codec';

interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}
declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export function connect<ToHost, FromHost, State>(onMessage: (message: FromHost) => void) {
  const api = acquireVsCodeApi<State>();
  window.addEventListener('message', event => onMessage(fromWire<FromHost>(event.data)));
  return {
    post: (message: ToHost) => api.postMessage(message),
    getState: (): State | undefined => { const saved = api.getState(); return saved === undefined ? undefined : fromWire<State>(saved); },
    setState: (state: State) => api.setState(toWire(state)),
  };
}
