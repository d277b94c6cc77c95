// The webview side of VS Code's messaging, typed by each panel's protocol module.
interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}
declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

export function connect<ToHost, FromHost, State>(onMessage: (message: FromHost) => void) {
  const api = acquireVsCodeApi<State>();
  window.addEventListener('message', event => onMessage(event.data as FromHost));
  return {
    post: (message: ToHost) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state: State) => api.setState(state),
  };
}
