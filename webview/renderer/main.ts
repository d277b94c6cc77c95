// The Unroll notebook renderer (contributes.notebookRenderer "unroll.renderer"), loaded by VS Code
// as an ES module into the notebook's output webview. One view per mime; every view is rebuilt
// from the output's JSON, so a replaced output (fit's live progress, ~8 a second) simply redraws.
import type { ActivationFunction, OutputItem, RendererContext } from 'vscode-notebook-renderer';
import { GRADIENT_MAP_MIME, MELODY_MIME, SUMMARY_MIME, TEXT_MIME, TRAINING_MIME } from '../../src/protocol/renderer';
import type { RendererToHost } from '../../src/protocol/renderer';
import { readRichOutput } from '../../src/protocol/rendererData';
import { el } from '../shared/dom';
import { renderGradientMap } from './gradientMap';
import { renderMelody } from './melody';
import { adoptRendererStyles } from './style';
import { renderSummary } from './summary';
import { renderText } from './text';
import { renderTraining } from './training';

export const activate: ActivationFunction = (context: RendererContext<unknown>) => {
  // requiresMessaging is "optional": where no extension host listens (a static viewer), no Stop and no link.
  const post = context.postMessage ? (m: RendererToHost) => context.postMessage!(m) : undefined;
  const cleanups = new Map<string, () => void>();

  function view(item: OutputItem, signal: AbortSignal): HTMLElement {
    // Every rich output is written by the gradient codec (NaN and ±Inf kept); older saves read the
    // same. The notebook file may have been written by anyone: damaged data is said, not thrown.
    const output = readRichOutput(item.mime, item.text());
    if ('error' in output) return el('div', { className: 'muted' }, `Unroll cannot draw this output: ${output.error}`);
    switch (output.mime) {
      case SUMMARY_MIME: return renderSummary(output.data);
      case TRAINING_MIME: return renderTraining(output.data, post);
      case GRADIENT_MAP_MIME: return renderGradientMap(output.data, post);
      case TEXT_MIME: return renderText(output.data);
      case MELODY_MIME: {
        const melody = renderMelody(output.data, signal);
        const stop = (melody as HTMLElement & { stopPlayback?: () => void }).stopPlayback;
        if (stop) cleanups.set(item.id, stop);
        return melody;
      }
    }
  }

  return {
    renderOutputItem(item, element, signal) {
      adoptRendererStyles(element);
      cleanups.get(item.id)?.();
      cleanups.delete(item.id);
      element.replaceChildren(view(item, signal));
    },
    disposeOutputItem(id) {
      if (id === undefined) {
        for (const stop of cleanups.values()) stop();
        cleanups.clear();
      } else {
        cleanups.get(id)?.();
        cleanups.delete(id);
      }
    },
  };
};
