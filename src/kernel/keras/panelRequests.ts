// show_graph(model) and show_heatmap(model): a cell opens the Unrolled Graph or Gradient Heatmap
// panel at the moment its narrative needs it (a sample right after training), instead of asking
// the reader to find the command. The kernel cannot reach VS Code, so the request travels as a
// display item; the host turns it into the panel's command (notebook/kernels.ts).
import { PyException, PyFunction, implementFunction } from '../../language';
import { PANEL_REQUEST_MIME, PanelRequest } from '../../protocol/gradients/outputs';
import { KerasModel } from './model';
import { PANELS, panelSignature, SHOW_SALIENCY, SHOW_STATES } from '../../keras/unroll';
import { showSaliency, showStates } from './modelRuns';

function panelFunction(name: 'show_graph' | 'show_heatmap'): PyFunction {
  const panel = PANELS[name];
  return implementFunction(panelSignature(name), (a, ctx) => {
    const model = a.model;
    if (!(model instanceof KerasModel)) throw new PyException('TypeError', `${name}() takes a Keras model (Sequential or Model)`);
    const request: PanelRequest = { command: panel.command, modelId: String(model.id) };
    ctx.display([
      { mime: PANEL_REQUEST_MIME, data: JSON.stringify(request) },
      { mime: 'text/plain', data: `Opened the ${panel.title} of ${model.name} (${panel.commandTitle} brings it back).` },
    ]);
    return null;
  });
}

export const showGraphFunction = panelFunction('show_graph');
export const showHeatmapFunction = panelFunction('show_heatmap');

export const showStatesFunction = implementFunction(SHOW_STATES, (a, ctx) => {
  if (!(a.model instanceof KerasModel)) throw new PyException('TypeError', 'show_states() takes a Keras model (Sequential or Model)');
  return showStates(a.model, a, ctx);
});

export const showSaliencyFunction = implementFunction(SHOW_SALIENCY, (a, ctx) => {
  if (!(a.model instanceof KerasModel)) throw new PyException('TypeError', 'show_saliency() takes a Keras model (Sequential or Model)');
  return showSaliency(a.model, a, ctx);
});
